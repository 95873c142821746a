package io.snn4j.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator in real jobs on Flink's MiniCluster (one task manager, two slots): its outputs equal
 * the plain library stepping each key alone, bit for bit, at parallelism 1 and 2, with and without
 * micro-batching, and with object reuse on behind an operator that reuses its output; a failure injected in the middle of a checkpointed stream makes Flink restore the
 * last checkpoint, and the outputs are exactly those of a run without the failure; a missing weights
 * file fails the job with a message naming the file.
 */
class SnnJobTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final int KEYS = 24, STEPS = 12;

    static StreamExecutionEnvironment env(int parallelism, Configuration conf) {
        conf.set(PipelineOptions.GENERIC_TYPES, false);   // no Kryo anywhere: every type has a serializer of its own
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    static DataStream<StepInput> source(StreamExecutionEnvironment env, int keys, int steps, double perSecond) {
        int k = keys;
        DataGeneratorSource<StepInput> src = new DataGeneratorSource<>(i -> Streams.element(i, k), (long) keys * steps,
                perSecond > 0 ? RateLimiterStrategy.perSecond(perSecond) : RateLimiterStrategy.noOp(),
                TypeInformation.of(StepInput.class));
        // one source task: a key's steps stay in order
        return env.fromSource(src, WatermarkStrategy.noWatermarks(), "steps").setParallelism(1);
    }

    static Map<String, List<StepOutput>> collect(DataStream<StepOutput> out) throws Exception {
        Map<String, List<StepOutput>> m = new TreeMap<>();
        CloseableIterator<StepOutput> it = out.executeAndCollect();
        try {
            while (it.hasNext()) {
                StepOutput o = it.next();
                m.computeIfAbsent(o.key, x -> new ArrayList<>()).add(o);
            }
        } finally {
            it.close();
        }
        return m;
    }

    static void assertEqualsDirect(Map<String, List<StepOutput>> got, int keys, int steps, String what) {
        Map<String, List<float[]>> want = Streams.direct(keys, steps);
        assertEquals(keys, got.size(), what + ": keys");
        for (var e : want.entrySet()) {
            List<StepOutput> g = got.get(e.getKey());
            assertEquals(steps, g.size(), what + ": outputs of " + e.getKey());
            for (int t = 0; t < steps; t++) {
                StepOutput o = g.get(t);
                assertEquals(t, o.step, what + ": step order of " + e.getKey());
                assertEquals(t + 1, o.keySteps, what + ": steps taken by " + e.getKey());
                assertArrayEquals(e.getValue().get(t), o.values, what + ": " + e.getKey() + " step " + t);
            }
        }
    }

    Map<String, List<StepOutput>> run(int parallelism, int maxBatch) throws Exception {
        StreamExecutionEnvironment env = env(parallelism, new Configuration());
        return collect(SnnInference.builder(Streams.digits()).readout(Readout.values()).maxBatch(maxBatch)
                .flushInterval(Duration.ofMillis(5)).apply(source(env, KEYS, STEPS, 0).keyBy(s -> s.key)));
    }

    @Test
    void outputsEqualThePlainLibraryPerKeyAtParallelismOneAndTwo() throws Exception {
        Map<String, List<StepOutput>> p1 = run(1, 1);
        assertEqualsDirect(p1, KEYS, STEPS, "parallelism 1, no batching");
        Map<String, List<StepOutput>> p1b = run(1, 16);
        assertEqualsDirect(p1b, KEYS, STEPS, "parallelism 1, batches of 16");
        Map<String, List<StepOutput>> p2b = run(2, 16);
        assertEqualsDirect(p2b, KEYS, STEPS, "parallelism 2, batches of 16");
        assertEquals(p1, p2b);
        // the network did something: the outputs change over the steps
        assertTrue(p1.get("k0").get(0).values[0] != p1.get("k0").get(STEPS - 1).values[0]);
    }

    /**
     * Hands on every input in one reused object (and one reused values array), as an operator may when
     * object reuse is on: an operator chained after it that keeps a reference sees the next element's data.
     */
    static final class ReusingCopy extends RichMapFunction<StepInput, StepInput> {
        private transient StepInput reuse;

        @Override
        public StepInput map(StepInput in) {
            if (reuse == null) {
                reuse = new StepInput();
            }
            reuse.key = in.key;
            reuse.step = in.step;
            reuse.spikes = in.spikes;
            if (in.values == null) {
                reuse.values = null;
            } else {
                float[] v = reuse.values != null && reuse.values.length == in.values.length ? reuse.values
                        : new float[in.values.length];
                System.arraycopy(in.values, 0, v, 0, v.length);
                reuse.values = v;
            }
            return reuse;
        }
    }

    @Test
    void withObjectReuseABatchKeepsCopiesOfTheElementsItBuffers() throws Exception {
        StreamExecutionEnvironment env = env(1, new Configuration());
        env.getConfig().enableObjectReuse();
        // the reusing map is chained to the operator (same parallelism, no shuffle in between)
        DataStream<StepInput> reused = source(env, KEYS, STEPS, 0).map(new ReusingCopy());
        Map<String, List<StepOutput>> got = collect(SnnInference.builder(Streams.digits()).readout(Readout.values())
                .maxBatch(16).flushInterval(Duration.ofMillis(5))
                .apply(DataStreamUtils.reinterpretAsKeyedStream(reused, s -> s.key)));
        assertEqualsDirect(got, KEYS, STEPS, "object reuse, batches of 16");
    }

    /** Throws once, in the middle of the stream, after a checkpoint has completed; records restores. */
    static final class FailOnce extends RichMapFunction<StepOutput, StepOutput> implements CheckpointListener, CheckpointedFunction {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
        static final AtomicBoolean RESTORED = new AtomicBoolean();
        static final AtomicInteger SEEN = new AtomicInteger();
        private final int failAfter;

        FailOnce(int failAfter) {
            this.failAfter = failAfter;
        }

        @Override
        public StepOutput map(StepOutput o) {
            if (SEEN.incrementAndGet() >= failAfter && CHECKPOINTED.get() && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at output " + SEEN.get());
            }
            return o;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            if (context.isRestored()) {
                RESTORED.set(true);
            }
        }
    }

    @Test
    void aFailureInTheMiddleRestoresTheLastCheckpointWithNoStepLostOrRepeated() throws Exception {
        int keys = 16, steps = 40;
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        StreamExecutionEnvironment env = env(2, conf);
        env.enableCheckpointing(50);
        DataStream<StepOutput> out = SnnInference.builder(Streams.digits()).readout(Readout.values()).maxBatch(8)
                .flushInterval(Duration.ofMillis(5)).apply(source(env, keys, steps, 200).keyBy(s -> s.key))
                .map(new FailOnce(keys * steps / 4));   // per subtask, about half way through its share
        Map<String, List<StepOutput>> got = collect(out);
        assertTrue(FailOnce.FAILED.get(), "the failure was injected");
        assertTrue(FailOnce.RESTORED.get(), "the job restarted from a checkpoint, not from scratch");
        assertTrue(FailOnce.SEEN.get() > keys * steps, "steps after the checkpoint were replayed: " + FailOnce.SEEN.get());
        assertEqualsDirect(got, keys, steps, "after a failure and restore");
    }

    @Test
    void aMissingWeightsFileFailsTheJobNamingTheFile() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = env(1, conf);
        String missing = Streams.DIGITS.resolve("no-such-weights.safetensors").toString();
        DataStream<StepOutput> out = SnnInference.builder(ModelSource.files(Streams.DESCRIPTION, missing))
                .apply(source(env, 2, 2, 0).keyBy(s -> s.key));
        Exception e = assertThrows(Exception.class, () -> collect(out));
        String chain = messages(e);
        assertTrue(chain.contains("no-such-weights.safetensors") && chain.contains("does not exist"), chain);
        assertTrue(chain.contains("cannot load the model"), chain);
    }

    static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        Map<Throwable, Boolean> seen = new HashMap<>();
        for (Throwable c = e; c != null && seen.put(c, true) == null; c = c.getCause()) {
            b.append(c).append('\n');
        }
        return b.toString();
    }
}
