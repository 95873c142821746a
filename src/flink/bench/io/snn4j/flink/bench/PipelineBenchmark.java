package io.snn4j.flink.bench;

import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Flink's own per-element cost in {@link OperatorBenchmark}'s job: the same endless source of
 * {@link io.snn4j.flink.StepInput}s, the same {@code keyBy(key)} (every element serialized into a network
 * buffer and deserialized by the keyed task) and the same counting sink, with no operator (a
 * pass-through filter in its place). One operation is the time until {@code keys * steps} more elements
 * have reached the sink, in steady state (job submission outside the measured time). The difference to
 * {@link OperatorBenchmark} is what the operator costs in the job.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 1)
@State(Scope.Benchmark)
public class PipelineBenchmark {
    /** Whose inputs the elements carry ({@link Workload}): 64 floats for digits, 4096 for large. */
    @Param({"digits"})
    public String model;

    @Param({"512"})
    public int keys;

    @Param({"128"})
    public int steps;

    private MiniCluster cluster;
    private JobClient job;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        float[][] inputs = Workload.inputs(model, keys);
        cluster = OperatorBenchmark.startCluster();
        job = OperatorBenchmark.start(env -> OperatorBenchmark.countingSink(
                OperatorBenchmark.endlessSource(env, inputs).keyBy(s -> s.key).filter(s -> true).name("keyed")));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        OperatorBenchmark.stop(job);
        TestStreamEnvironment.unsetAsContext();
        cluster.close();
    }

    @Benchmark
    public long pipeline() {
        return OperatorBenchmark.awaitOutputs((long) keys * steps);
    }
}
