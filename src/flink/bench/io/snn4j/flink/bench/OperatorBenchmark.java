package io.snn4j.flink.bench;

import io.snn4j.flink.ModelSource;
import io.snn4j.flink.SnnInference;
import io.snn4j.flink.example.DigitsStream;
import io.snn4j.module.LICell;
import io.snn4j.module.LIFCell;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.SequentialState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
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
 * The operator against the plain library on the same keys and steps: {@code keys} digit sensors (the
 * example's stream) for {@code steps} steps each, one element per key and step, in the same order.
 * One operation is the whole stream.
 * <ul>
 * <li>{@code flink}: a Flink job on a local MiniCluster (one task slot, parallelism 1) with the operator,
 * {@code maxBatch} 1 (no micro-batching) or 64; job submission included, outputs discarded.</li>
 * </ul>
 * {@code model}: {@code digits} (64-128-10, the Norse-trained network) or {@code wide}
 * (64-512-512-10 with two LIF layers, seeded weights), where a step costs more than the per-element
 * work around it. {@link LibraryBenchmark} runs the plain library on the same stream. Run with
 * {@code scripts/flink-bench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1)
@State(Scope.Benchmark)
public class OperatorBenchmark {
    @Param({"digits", "wide"})
    public String model;

    @Param({"1", "64"})
    public int maxBatch;

    @Param({"512"})
    public int keys;

    @Param({"128"})
    public int steps;

    private MiniCluster cluster;
    private float[][] images;
    private ModelSource source;

    static Path digitsDir() {
        return Path.of(System.getProperty("snn4j.digits.dir", "src/test/resources/digits"));
    }

    /** The wide network: 64-512 LIF-512 LIF-10 LI, PyTorch's Linear initialisation, seeded. */
    static SequentialState wide() {
        return new SequentialState(Linear.initialized(64, 512, true, 1), Layer.of(new LIFCell()),
                Linear.initialized(512, 512, true, 2), Layer.of(new LIFCell()),
                Linear.initialized(512, 10, true, 3), Layer.of(new LICell()));
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        images = DigitsStream.images(digitsDir());
        source = model.equals("wide") ? ModelSource.network(OperatorBenchmark::wide) : DigitsStream.model(digitsDir());
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build());
        cluster.start();
        TestStreamEnvironment.setAsContext(cluster, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        TestStreamEnvironment.unsetAsContext();
        cluster.close();
    }

    @Benchmark
    public long flink() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        SnnInference.builder(source).maxBatch(maxBatch).flushInterval(Duration.ofMillis(50))
                .apply(DigitsStream.source(env, images, keys, steps, 0).keyBy(s -> s.key))
                .sinkTo(new DiscardingSink<>());
        return env.execute("bench").getNetRuntime();
    }

}
