package io.snn4j.bench;

import io.snn4j.functional.LIFParameters;
import io.snn4j.internal.SeededRandom;
import io.snn4j.module.LIF;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.SequentialState;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
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
 * Norse's own benchmark ({@code norse/benchmark/norse_lif.py}): Poisson input at 3 % (its
 * {@code PoissonEncoder} at 0.3 of f_max = 100 Hz, dt = 1 ms), {@code Linear(n, n, bias=False)} then a feed-forward LIF
 * ({@code lif_feed_forward_step}) for T = 1000 steps, batch 32; Norse stacks the spikes of every step.
 * snn4j runs it from {@link SparseSpikes} input (event-driven: only the rows of {@code W^T} of active
 * inputs are added).
 * <ul>
 * <li>{@code chunked}: {@link SequentialState#forwardSequence(SparseSpikes, java.util.List, Tensor)} into
 * a reused output tensor: the Linear's blocked event product in time chunks that the LIF reads from
 * cache.</li>
 * <li>{@code onePass}: {@link SequentialState#forward(SparseSpikes, java.util.List)}: the Linear over the
 * whole sequence, then the LIF over the whole sequence (the only way before; run on the old code for
 * the "before" figure).</li>
 * </ul>
 * Time per sequence; {@code threads} as given to every layer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
@State(Scope.Benchmark)
public class NorseWorkloadBenchmark {
    static final int T = 1000, B = 32;

    @Param({"1000", "2000", "5000"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    SequentialState net;
    SparseSpikes x;
    Tensor out;

    @Setup
    public void setup() {
        net = new SequentialState(Linear.initialized(n, n, false, 1), Layer.of(new LIF(LIFParameters.DEFAULT, 0.001)));
        net.setThreads(threads);
        x = poisson(n, 3);
        out = Tensor.zeros(T, B, n);
    }

    /** Poisson spikes at 3 % per step, (T, B, n), seeded. */
    static SparseSpikes poisson(int n, long seed) {
        SeededRandom r = new SeededRandom(seed);
        int[] start = new int[T * B + 1];
        int[] buf = new int[(int) (T * B * (long) n * 0.04)];
        int q = 0;
        for (int row = 0; row < T * B; row++) {
            start[row] = q;
            for (int j = 0; j < n; j++) {
                if (r.nextDouble() < 0.03) {
                    buf[q++] = j;
                }
            }
        }
        start[T * B] = q;
        return SparseSpikes.fromCompressed(new int[] {T, B, n}, start, java.util.Arrays.copyOf(buf, q));
    }

    @Benchmark
    public Tensor chunked() {
        return net.forwardSequence(x, null, out).output();
    }

    @Benchmark
    public Tensor onePass() {
        return net.forward(x, null).output();
    }
}
