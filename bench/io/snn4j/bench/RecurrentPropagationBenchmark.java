package io.snn4j.bench;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import java.util.SplittableRandom;
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
 * One step of recurrent input, hidden 1024, batch 32: event-driven (one row of W_rec^T added per spike)
 * against the dense product of the spike matrix with W_rec^T, at several spike rates. The rate where
 * they cross is the modules' default switch-over ({@code RecurrentModule.DEFAULT_DENSE_ABOVE}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class RecurrentPropagationBenchmark {
    static final int H = 1024, B = 32;

    @Param({"0.01", "0.05", "0.1", "0.2", "0.3", "0.5"})
    public double rate;

    Kernels k;
    float[] wt = new float[H * H], z = new float[B * H], out = new float[B * H];
    int[][] active = new int[B][];

    @Setup
    public void setup() {
        k = KernelProvider.kernels();
        SplittableRandom r = new SplittableRandom(11);
        for (int q = 0; q < wt.length; q++) {
            wt[q] = (float) r.nextGaussian() * 0.04f;
        }
        for (int b = 0; b < B; b++) {
            active[b] = r.ints(0, H).distinct().limit(Math.round(rate * H)).sorted().toArray();
            for (int j : active[b]) {
                z[b * H + j] = 1f;
            }
        }
    }

    @Benchmark
    public float[] eventDriven() {
        for (int b = 0; b < B; b++) {
            k.sumRows(active[b], active[b].length, wt, 0, H, out, b * H, H);
        }
        return out;
    }

    @Benchmark
    public float[] dense() {
        k.gemm(z, 0, H, wt, 0, H, out, 0, H, B, H, H);
        return out;
    }
}
