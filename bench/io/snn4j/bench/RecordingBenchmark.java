package io.snn4j.bench;

import io.snn4j.cli.BalancedNetwork;
import io.snn4j.functional.LIFState;
import io.snn4j.io.SpikeEventWriter;
import io.snn4j.io.StateMonitor;
import io.snn4j.tensor.SparseSpikes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * What recording costs the demo's balanced network (one thread), per 100 steps: {@code plain} advances
 * 100 steps in one call (what the demo does without recording); {@code events} adds streaming every spike
 * to a {@link SpikeEventWriter}; {@code traces} advances one step per call and records 10 neurons' voltage
 * with a {@link StateMonitor} after each (what {@code --record-v} does). Files go to a temporary folder and
 * are discarded.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Benchmark)
public class RecordingBenchmark {
    static final int T = 100;

    @Param({"1000", "4000"})
    public int neurons;

    BalancedNetwork net;
    LIFState state;
    Path dir;
    SpikeEventWriter events;
    StateMonitor traces;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        net = new BalancedNetwork(neurons, 0.001, 42, 1);
        state = net.initialState();
        net.advance(state, 200); // past the start-up transient
        dir = Files.createTempDirectory("snn4j-recording-bench");
        events = SpikeEventWriter.create(dir.resolve("e.npy"), neurons);
        traces = StateMonitor.create(dir.resolve("v.npy"), "v", new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, neurons);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        events.discard();
        traces.discard();
        Files.deleteIfExists(dir);
    }

    int step;

    @Benchmark
    public SparseSpikes plain() {
        step += T;
        return net.advance(state, T);
    }

    @Benchmark
    public long events() throws IOException {
        SparseSpikes sp = net.advance(state, T);
        events.write(step, sp);
        step += T;
        return events.events();
    }

    @Benchmark
    public long traces() throws IOException {
        for (int k = 0; k < T; k++) {
            net.advance(state, 1);
            traces.record(state);
        }
        step += T;
        return traces.steps();
    }
}
