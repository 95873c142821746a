package io.snn4j.bench;

import io.snn4j.internal.SeededRandom;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.internal.vectorization.ScalarKernels;
import java.util.Arrays;
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
 * The sparse propagation kernel ({@code Kernels.scatterColumns}) of one step of a sparse network: 
 * {@code events} spiking sources of {@code neurons}, each adding its column of {@code fanOut} random
 * targets to the step's input; the SIMD kernel (gather, add, scatter per vector of a column) against its
 * scalar twin. Time per step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Benchmark)
public class SparseScatterBenchmark {
    @Param({"10000", "100000"})
    public int neurons;

    @Param({"100", "1000"})
    public int fanOut;

    @Param({"simd", "scalar"})
    public String kernels;

    static final int EVENTS = 400;

    Kernels k;
    int[] colStart;
    int[] rows;
    float[] w;
    int[] idx;
    float[] out;

    @Setup
    public void setup() {
        k = kernels.equals("simd") ? KernelProvider.kernels() : ScalarKernels.INSTANCE;
        SeededRandom r = new SeededRandom(1);
        int cols = neurons;
        colStart = new int[cols + 1];
        rows = new int[cols * fanOut];
        w = new float[rows.length];
        boolean[] seen = new boolean[neurons];
        for (int c = 0; c < cols; c++) {
            int[] t = new int[fanOut];
            for (int q = 0; q < fanOut; q++) {
                int j;
                do {
                    j = r.nextInt(neurons);
                } while (seen[j]);
                seen[j] = true;
                t[q] = j;
            }
            Arrays.sort(t);
            for (int q = 0; q < fanOut; q++) {
                seen[t[q]] = false;
                rows[c * fanOut + q] = t[q];
                w[c * fanOut + q] = (float) r.nextGaussian();
            }
            colStart[c + 1] = (c + 1) * fanOut;
        }
        idx = new int[EVENTS];
        for (int e = 0; e < EVENTS; e++) {
            idx[e] = (int) ((long) e * neurons / EVENTS);
        }
        out = new float[neurons];
    }

    @Benchmark
    public float[] step() {
        Arrays.fill(out, 0f);
        k.scatterColumns(idx, null, 0, EVENTS, colStart, rows, w, out, 0);
        return out;
    }
}
