package io.snn4j.flink.bench;

import io.snn4j.flink.ModelSource;
import io.snn4j.flink.SnnInference;
import io.snn4j.flink.StepInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
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
 * The operator in a running Flink job, in steady state, on the same keys and steps as
 * {@link LibraryBenchmark}: {@code keys} sensors, element {@code i} of the stream is step
 * {@code i / keys} of key {@code i mod keys}; the networks and inputs are {@link Workload}'s.
 *
 * <p>What is measured: one job per trial runs on a local MiniCluster (one task manager, one task slot,
 * parallelism 1) from {@link #setUp} to {@link #tearDown}: an endless source, {@code keyBy(key)}, the
 * operator, and a chained sink that counts the outputs. <b>One operation is the time until
 * {@code keys * steps} more outputs (65,536 by default) have left the operator</b>, so job submission,
 * task deployment and the model's loading are outside the measured time, and the JIT has warmed up in
 * JMH's warm-up iterations. The source is cheap (key names and images made beforehand; each element is
 * a small object pointing at them) but it runs in its own task thread and serializes every element
 * into the keyBy's network buffers, as any Flink source before a keyBy does; {@link PipelineBenchmark}
 * measures exactly that part (source, keyBy, counting sink, no operator): Flink's floor per element.
 * <ul>
 * <li>{@code flink}: with the operator, {@code maxBatch} 1 (no micro-batching: each element is stepped
 * as it arrives) or 64 (micro-batches of up to 64 distinct keys); readout: the output values (10 floats
 * per element).</li>
 * </ul>
 * {@link PipelineBenchmark} runs the same job without the operator.
 * {@code model}: see {@link Workload} ({@code digits}, {@code wide}, {@code large}; run {@code large} with
 * fewer keys and steps, e.g. {@code -p model=large -p keys=128 -p steps=8}: one key's step takes
 * milliseconds). Run with {@code scripts/flink-bench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 1)
@State(Scope.Benchmark)
public class OperatorBenchmark {
    /** Outputs counted by the running job's sink (one job per JVM at a time: JMH runs trials one after another). */
    static final AtomicLong OUTPUTS = new AtomicLong();

    @Param({"digits", "wide", "large"})
    public String model;

    @Param({"1", "64"})
    public int maxBatch;

    /** {@code exact} (Norse's numbers, the default) or {@code fast} (products with fused multiply-adds). */
    @Param({"exact"})
    public String numerics;

    @Param({"512"})
    public int keys;

    @Param({"128"})
    public int steps;

    private MiniCluster cluster;
    private JobClient job;

    static Path digitsDir() {
        return Path.of(System.getProperty("snn4j.digits.dir", "src/test/resources/digits"));
    }

    /** Starts a one-slot MiniCluster. */
    static MiniCluster startCluster() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        MiniCluster c = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build());
        c.start();
        TestStreamEnvironment.setAsContext(c, 1);
        return c;
    }

    /**
     * The endless stream of sensors: element i is step i / keys of key "sensor-(i mod keys)", whose input
     * is {@code inputs[i mod keys]}.
     */
    static DataStream<StepInput> endlessSource(StreamExecutionEnvironment env, float[][] inputs) {
        int keys = inputs.length;
        String[] names = new String[keys];
        for (int k = 0; k < keys; k++) {
            names[k] = "sensor-" + k;
        }
        DataGeneratorSource<StepInput> src = new DataGeneratorSource<>(i -> {
            int k = (int) (i % keys);
            return StepInput.dense(names[k], i / keys, inputs[k]);
        }, Long.MAX_VALUE, RateLimiterStrategy.noOp(), TypeInformation.of(StepInput.class));
        return env.fromSource(src, WatermarkStrategy.noWatermarks(), "digit sensors").setParallelism(1);
    }

    /** Counts what reaches it (chained to the operator before it) and discards it. */
    static <T> void countingSink(DataStream<T> s) {
        s.filter(o -> {
            OUTPUTS.lazySet(OUTPUTS.get() + 1);         // one writer: the sink's task thread
            return false;
        }).sinkTo(new DiscardingSink<>());
    }

    /** Submits the job built by {@code graph} and waits until its first output. */
    static JobClient start(java.util.function.Consumer<StreamExecutionEnvironment> graph) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        graph.accept(env);
        OUTPUTS.set(0);
        JobClient j = env.executeAsync("bench");
        awaitOutputs(1);
        return j;
    }

    /** Cancels the job and waits until it has ended (so that closing the cluster does not race its clean-up). */
    static void stop(JobClient j) throws Exception {
        j.cancel().get();
        try {
            j.getJobExecutionResult().get();
        } catch (java.util.concurrent.ExecutionException expected) {
            // a cancelled job ends with an exception
        }
    }

    /** Waits until {@code n} more outputs have been counted; returns the count. */
    static long awaitOutputs(long n) {
        long target = OUTPUTS.get() + n;
        long c;
        while ((c = OUTPUTS.get()) < target) {
            LockSupport.parkNanos(100_000);
        }
        return c;
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        float[][] inputs = Workload.inputs(model, keys);
        ModelSource source = Workload.source(model);
        cluster = startCluster();
        job = start(env -> countingSink(SnnInference.builder(source).maxBatch(maxBatch).flushInterval(Duration.ofMillis(50))
                .numerics(Workload.numerics(numerics))
                .apply(endlessSource(env, inputs).keyBy(s -> s.key))));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        OperatorBenchmark.stop(job);
        TestStreamEnvironment.unsetAsContext();
        cluster.close();
    }

    @Benchmark
    public long flink() {
        return awaitOutputs((long) keys * steps);
    }
}
