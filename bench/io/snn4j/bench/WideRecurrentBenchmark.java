package io.snn4j.bench;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.internal.SeededRandom;
import io.snn4j.module.LIFRecurrent;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.tensor.SparseSpikes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One batch row of a wide recurrent layer: LIFRecurrent 1000 -> 10,000 neurons, B = 1, T = 100, Poisson
 * input at 3 % as SparseSpikes, default weights (N(0, 2/H)). With two threads the neurons are split, with
 * a barrier per step; {@code threads} = 1 is the same run on one thread. Time per sequence.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Benchmark)
public class WideRecurrentBenchmark {
    static final int IN = 1000, H = 10_000, T = 100;

    @Param({"1", "2"})
    public int threads;

    LIFRecurrent layer;
    SparseSpikes x;

    @Setup
    public void setup() {
        layer = new LIFRecurrent(IN, H, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withSeed(1));
        layer.setThreads(threads);
        layer.setSplitNeurons(true);
        SeededRandom r = new SeededRandom(2);
        int[][] rows = new int[T][];
        for (int t = 0; t < T; t++) {
            int[] buf = new int[IN];
            int c = 0;
            for (int k = 0; k < IN; k++) {
                if (r.nextDouble() < 0.03) {
                    buf[c++] = k;
                }
            }
            rows[t] = java.util.Arrays.copyOf(buf, c);
        }
        x = SparseSpikes.fromIndices(new int[] {T, 1, IN}, rows);
    }

    @Benchmark
    public LIFState sequence() {
        return layer.forward(x, null).state();
    }
}
