package io.snn4j.bench;

import io.snn4j.functional.LIFModel;
import io.snn4j.functional.LIFParameters;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One LIF step over B*N = 4096 neurons (all arrays in L1/L2): the SIMD kernel against its scalar twin.
 * Throughput in neuron-steps per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Thread)
public class LifStepBenchmark {
    static final int N = 4096;

    @Param({"panama", "scalar"})
    public String kernel;

    Kernels k;
    float[] x = new float[N], v = new float[N], i = new float[N], z = new float[N];
    float[][] c;

    @Setup
    public void setup() {
        k = kernel.equals("panama") ? KernelProvider.panama() : KernelProvider.scalar();
        c = LIFModel.FEED_FORWARD.coefficients(LIFParameters.DEFAULT, 0.001, N).arrays();
        SplittableRandom r = new SplittableRandom(1);
        for (int j = 0; j < N; j++) {
            x[j] = (float) r.nextDouble() * 0.5f;
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void lifStep(Blackhole bh) {
        k.lif(x, 0, null, 0, v, i, 0, z, 0, N, c, 0);
        bh.consume(z);
    }
}
