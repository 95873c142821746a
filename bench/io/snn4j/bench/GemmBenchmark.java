package io.snn4j.bench;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.internal.vectorization.PackedMatrix;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The input projection of a sequence: {@code (T*B = 6400, 1024) x W_in^T} with {@code W_in} (1024, 1024),
 * one thread (other shapes by the parameters {@code m}, {@code k}, {@code n}: {@code (m, k) x (k, n)}; e.g.
 * {@code -p m=64,128 -p k=4096 -p n=2048} is one step of a micro-batch through the Flink benchmark's large
 * network). snn4j's exact kernel (sequential-order sums, no FMA: Norse's numbers), its fast numeric mode
 * ({@code gemmFma}: fused multiply-adds in the same order) and EJML's {@code multTransB} on the same
 * matrices. Time per product; GFLOP/s = 2 * m * k * n / time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
@State(Scope.Benchmark)
public class GemmBenchmark {
    /** Rows of the input (T * B); a micro-batch of keys is a few dozen (the Flink benchmark's 64, 128). */
    @Param({"6400"})
    public int m;
    /** Inputs (the depth of the product). */
    @Param({"1024"})
    public int k;
    /** Outputs. */
    @Param({"1024"})
    public int n;

    FMatrixRMaj x, w, wt, out;
    Kernels kernels;
    PackedMatrix packed;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(3);
        x = new FMatrixRMaj(m, k);
        w = new FMatrixRMaj(n, k);
        for (int q = 0; q < x.data.length; q++) {
            x.data[q] = r.nextDouble() < 0.5 ? 0f : (float) r.nextDouble();
        }
        for (int q = 0; q < w.data.length; q++) {
            w.data[q] = (float) r.nextGaussian() * 0.05f;
        }
        wt = CommonOps_FDRM.transpose(w, null);
        out = new FMatrixRMaj(m, n);
        kernels = KernelProvider.kernels();
        packed = kernels.pack(wt.data, 0, n, k, n);
    }

    @Benchmark
    public FMatrixRMaj snn4jGemm() {
        kernels.gemm(x.data, 0, k, wt.data, 0, n, out.data, 0, n, m, n, k);
        return out;
    }

    /** The fast numeric mode's product (FMA, same sequential order per output). */
    @Benchmark
    public FMatrixRMaj snn4jGemmFma() {
        kernels.gemmFma(x.data, 0, k, wt.data, 0, n, out.data, 0, n, m, n, k);
        return out;
    }

    /** The exact product reading W^T from its packed layout (what Linear does for a batch in evaluation mode). */
    @Benchmark
    public FMatrixRMaj snn4jGemmPacked() {
        kernels.gemm(false, x.data, 0, k, wt.data, 0, n, packed, out.data, 0, n, m, n, k);
        return out;
    }

    @Benchmark
    public FMatrixRMaj ejmlMultTransB() {
        CommonOps_FDRM.multTransB(x, w, out);
        return out;
    }
}
