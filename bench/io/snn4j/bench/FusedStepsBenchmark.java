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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fused multi-step kernels of LIF, refractory LIF and Izhikevich alone (no module around them), one
 * thread, shared coefficients, in blocks of four steps as {@code NeuronModule} hands them over. Two shapes
 * with the same number of neuron-steps per call, 6,553,600:
 * <ul>
 * <li>{@code cached}: 2,048 neurons for 8 steps, 400 times: input, output and state (64 + 64 + 24 KB) stay
 * in L2, so the kernel's arithmetic is what is timed;</li>
 * <li>{@code streamed}: 32,768 neurons for 200 steps, once: {@code ModelZooBenchmark}'s shape (T = 200,
 * B x N = 32 x 1024), input and output streamed from memory.</li>
 * </ul>
 * Throughput in neuron-steps per second; the ratio of a model to LIF in the same shape is the zoo target's
 * measure. The state carries over from call to call (the neurons keep spiking).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class FusedStepsBenchmark {
    static final int NEURON_STEPS = 32768 * 200;

    @Param({"LIF", "LIFRefrac", "Izhikevich"})
    public String model;

    @Param({"cached", "streamed"})
    public String shape;

    Kernels k;
    int n, steps, reps;
    float[] x, z, v, i, rho;
    float[][] c;

    @Setup
    public void setup() {
        k = KernelProvider.kernels();
        boolean cached = shape.equals("cached");
        n = cached ? 2048 : 32768;
        steps = cached ? 8 : 200;
        reps = NEURON_STEPS / (n * steps);
        x = new float[n * steps];
        z = new float[n * steps];
        v = new float[n];
        i = new float[n];
        rho = new float[n];
        SplittableRandom r = new SplittableRandom(5);
        boolean izhikevich = model.equals("Izhikevich");
        for (int q = 0; q < x.length; q++) {
            x[q] = (float) r.nextDouble() * (izhikevich ? 20f : 1f); // as ModelZooBenchmark
        }
        if (izhikevich) {
            // tonic spiking at dt = 0.25 ms: kv = dt, ku = a * dt, 0.04 v^2 + 5 v + 140, b, v_th, c, d
            c = new float[][] {{0.25f}, {0.02f * 0.25f}, {0.04f}, {5f}, {140f}, {0.2f}, {30f}, {-65f}, {6f}};
            java.util.Arrays.fill(v, -65f);
            java.util.Arrays.fill(i, -13f); // u
        } else {
            // dt = 1 ms, tau_mem_inv = 100, tau_syn_inv = 200, v_leak = 0, v_th = 1, v_reset = 0, rho_reset = 5
            c = new float[][] {{0.1f}, {-0.2f}, {0f}, {1f}, {0f}, {5f}};
        }
    }

    @Benchmark
    @OperationsPerInvocation(NEURON_STEPS)
    public float[] steps() {
        // One static method per model, the arrays as arguments: with the model's switch and the state's fields
        // inside the loop, refractory LIF in the cached shape ran at less than half the speed (4.1e8 against
        // 8.8e8 neuron-steps/s, three forks each, AVX2); the other models did not move.
        return switch (model) {
            case "LIF" -> lif(k, x, z, v, i, c, n, steps, reps);
            case "LIFRefrac" -> lifRefrac(k, x, z, v, i, rho, c, n, steps, reps);
            default -> izhikevich(k, x, z, v, i, c, n, steps, reps);
        };
    }

    static float[] lif(Kernels k, float[] x, float[] z, float[] v, float[] i, float[][] c, int n, int steps, int reps) {
        for (int rep = 0; rep < reps; rep++) {
            for (int t = 0; t < steps; t += 4) {
                k.lifSteps(x, t * n, n, v, i, 0, z, t * n, n, n, Math.min(4, steps - t), c, 0);
            }
        }
        return z;
    }

    static float[] lifRefrac(Kernels k, float[] x, float[] z, float[] v, float[] i, float[] rho, float[][] c, int n,
            int steps, int reps) {
        for (int rep = 0; rep < reps; rep++) {
            for (int t = 0; t < steps; t += 4) {
                k.lifRefracSteps(x, t * n, n, v, i, rho, 0, z, t * n, n, n, Math.min(4, steps - t), c, 0);
            }
        }
        return z;
    }

    static float[] izhikevich(Kernels k, float[] x, float[] z, float[] v, float[] u, float[][] c, int n, int steps,
            int reps) {
        for (int rep = 0; rep < reps; rep++) {
            for (int t = 0; t < steps; t += 4) {
                k.izhikevichSteps(x, t * n, n, v, u, 0, z, t * n, n, n, Math.min(4, steps - t), c, 0);
            }
        }
        return z;
    }
}
