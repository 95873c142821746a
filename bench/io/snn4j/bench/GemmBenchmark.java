package io.snn4j.bench;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The input projection of a sequence: {@code (T*B = 6400, 1024) x W_in^T} with {@code W_in} (1024, 1024),
 * one thread. snn4j's exact kernel (sequential-order sums, no FMA: Norse's numbers), its fast numeric mode
 * ({@code gemmFma}: fused multiply-adds in the same order) and EJML's {@code multTransB} on the same
 * matrices. Time per product; GFLOP/s = 2 * 6400 * 1024 * 1024 / time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
@State(Scope.Benchmark)
public class GemmBenchmark {
    static final int M = 6400, N = 1024, K = 1024;

    FMatrixRMaj x, w, wt, out;
    Kernels kernels;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(3);
        x = new FMatrixRMaj(M, K);
        w = new FMatrixRMaj(N, K);
        for (int k = 0; k < x.data.length; k++) {
            x.data[k] = r.nextDouble() < 0.5 ? 0f : (float) r.nextDouble();
        }
        for (int k = 0; k < w.data.length; k++) {
            w.data[k] = (float) r.nextGaussian() * 0.05f;
        }
        wt = CommonOps_FDRM.transpose(w, null);
        out = new FMatrixRMaj(M, N);
        kernels = KernelProvider.kernels();
    }

    @Benchmark
    public FMatrixRMaj snn4jGemm() {
        kernels.gemm(x.data, 0, K, wt.data, 0, N, out.data, 0, N, M, N, K);
        return out;
    }

    /** The fast numeric mode's product (FMA, same sequential order per output). */
    @Benchmark
    public FMatrixRMaj snn4jGemmFma() {
        kernels.gemmFma(x.data, 0, K, wt.data, 0, N, out.data, 0, N, M, N, K);
        return out;
    }

    @Benchmark
    public FMatrixRMaj ejmlMultTransB() {
        CommonOps_FDRM.multTransB(x, w, out);
        return out;
    }
}
