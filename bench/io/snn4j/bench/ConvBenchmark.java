package io.snn4j.bench;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.nn.Conv2d;
import io.snn4j.tensor.Tensor;
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
 * Conv2d's forward pass (im2col plus the GEMM kernel, one thread) against the GEMM kernel alone on the product the
 * convolution amounts to: {@code (C_out, C_in*kH*kW) x (C_in*kH*kW, B*H_out*W_out)}. Both do
 * {@code 2 * C_out * C_in*kH*kW * B*H_out*W_out} flops, so GFLOP/s = that / time and the ratio of the times is
 * the convolution's overhead (im2col, copying the result to (B, C_out, H_out, W_out)).
 *
 * <ul>
 *   <li>{@code nmnist5x5}: B = 32, 2 x 34 x 34 -> 16 channels, 5x5, no padding (30 x 30 out): (16, 50) x (50, 28800)</li>
 *   <li>{@code conv3x3}: B = 32, 16 x 15 x 15 -> 32 channels, 3x3, padding 1 (15 x 15 out): (32, 144) x (144, 7200)</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Benchmark)
public class ConvBenchmark {
    @Param({"nmnist5x5", "conv3x3"})
    public String shape;

    Conv2d conv;
    Tensor x;
    Kernels kernels;
    float[] a;
    float[] b;
    float[] c;
    int m;
    int n;
    int k;

    @Setup
    public void setup() {
        int batch = 32;
        int cin;
        int cout;
        int h;
        int kernel;
        int pad;
        if (shape.equals("nmnist5x5")) {
            cin = 2;
            cout = 16;
            h = 34;
            kernel = 5;
            pad = 0;
        } else {
            cin = 16;
            cout = 32;
            h = 15;
            kernel = 3;
            pad = 1;
        }
        conv = Conv2d.builder(cin, cout, kernel).padding(pad).seed(1).build();
        conv.setThreads(1);
        SplittableRandom r = new SplittableRandom(2);
        x = Tensor.zeros(batch, cin, h, h);
        for (int q = 0; q < x.size(); q++) {
            x.data()[q] = r.nextInt(4) == 0 ? 1f : 0f;
        }
        int ho = h + 2 * pad - kernel + 1;
        m = cout;
        k = cin * kernel * kernel;
        n = batch * ho * ho;
        a = conv.weight().toArray();
        b = new float[k * n];
        for (int q = 0; q < b.length; q++) {
            b[q] = r.nextInt(4) == 0 ? 1f : 0f;
        }
        c = new float[m * n];
        kernels = KernelProvider.kernels();
        System.out.println("\n" + shape + ": GEMM (" + m + ", " + k + ") x (" + k + ", " + n + "), " + 2.0 * m * k * n / 1e6
                + " MFLOP per call");
    }

    @Benchmark
    public Tensor conv2d() {
        return conv.apply(x);
    }

    @Benchmark
    public float[] gemm() {
        kernels.gemm(a, 0, k, b, 0, n, c, 0, n, m, n, k);
        return c;
    }
}
