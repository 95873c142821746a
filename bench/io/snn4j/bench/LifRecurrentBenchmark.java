package io.snn4j.bench;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.module.LIFRecurrent;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import io.snn4j.internal.SeededRandom;
import io.snn4j.internal.vectorization.KernelProvider;
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
 * Whole recurrent layers, one thread.
 * <ul>
 * <li>{@code dense}: LIFRecurrent 1024 -> 1024, T = 200, B = 32, dense random input uniform in [0, 1)
 * (about 10 % of the neurons spike per step); and
 * {@code denseProjectionOnly}, the input projection of the same sequence, to give the GEMM's share.</li>
 * <li>{@code sparse}: Norse's benchmark workload: Poisson spike input at 3 %, batch 32, T = 1000,
 * LIFRecurrent n -> n for n = 1000 and 2000, event-driven input projection.</li>
 * </ul>
 * Reported as time per sequence; neuron-steps/s = T * B * hidden / time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class LifRecurrentBenchmark {

    @State(Scope.Benchmark)
    public static class Dense {
        static final int T = 200, B = 32, N = 1024;
        LIFRecurrent layer;
        Tensor x;
        float[] u = new float[T * B * N];
        float[] winT;

        @Setup
        public void setup() {
            layer = new LIFRecurrent(N, N, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withSeed(1));
            layer.setThreads(1);
            x = Tensor.zeros(T, B, N);
            SeededRandom r = new SeededRandom(2);
            for (int k = 0; k < x.size(); k++) {
                x.data()[k] = (float) r.nextDouble();
            }
            winT = org.ejml.dense.row.CommonOps_FDRM.transpose(layer.inputWeights(), null).data;
        }
    }

    @State(Scope.Benchmark)
    public static class Sparse {
        static final int T = 1000, B = 32;
        @Param({"1000", "2000"})
        public int n;
        LIFRecurrent layer;
        SparseSpikes x;

        @Setup
        public void setup() {
            layer = new LIFRecurrent(n, n, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withSeed(1));
            layer.setThreads(1);
            SeededRandom r = new SeededRandom(3);
            int[][] rows = new int[T * B][];
            for (int q = 0; q < rows.length; q++) {
                int[] buf = new int[n];
                int c = 0;
                for (int j = 0; j < n; j++) {
                    if (r.nextDouble() < 0.03) {
                        buf[c++] = j;
                    }
                }
                rows[q] = java.util.Arrays.copyOf(buf, c);
            }
            x = SparseSpikes.fromIndices(new int[] {T, B, n}, rows);
        }
    }

    @Benchmark
    public LIFState dense(Dense d) {
        return d.layer.forward(d.x).state();
    }

    @Benchmark
    public float[] denseProjectionOnly(Dense d) {
        KernelProvider.kernels().gemm(d.x.data(), 0, Dense.N, d.winT, 0, Dense.N, d.u, 0, Dense.N, Dense.T * Dense.B, Dense.N,
                Dense.N);
        return d.u;
    }

    @Benchmark
    public LIFState sparse(Sparse s) {
        return s.layer.forward(s.x, null).state();
    }
}
