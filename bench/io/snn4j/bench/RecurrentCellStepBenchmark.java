package io.snn4j.bench;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.internal.SeededRandom;
import io.snn4j.module.LIFRecurrentCell;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One LIFRecurrentCell step, B = 1, 1024 inputs -> 1024 neurons, one thread: 5 % of the inputs spike and
 * 5 % of the neurons spiked on the previous step (the state's z is restored before every step, a 4 KB
 * copy, so that every step sees the same spike count). Sampled, so JMH reports the median and p99.
 * <ul>
 * <li>{@code sparseInput}: the input as {@link SparseSpikes}, output into a reused tensor;</li>
 * <li>{@code dense01Input}: the same input as a dense 0/1 tensor (the cell finds the events itself);</li>
 * <li>{@code denseInput}: a dense input with every element nonzero (the product), for comparison;</li>
 * <li>{@code sparseInputSteps}: {@value #STEPS} consecutive {@code sparseInput} steps per sample, reported
 * per step ({@code @OperationsPerInvocation});</li>
 * <li>{@code control}: a fixed integer recurrence about as long as a step, with no memory traffic and no
 * allocation: its spread is what the machine and the harness add to any call of that length.</li>
 * </ul>
 * Why both: a sample of one step (a few microseconds) is timed alone, so its distribution holds everything
 * that lands on that step: the timer's two reads, and on a shared machine every interrupt, preemption or
 * cache refill by another process (the step reads about 400 KB of weight rows, which it finds in L2 only
 * when nothing else ran on the core since the last step). The per-step figures of {@code sparseInputSteps}
 * spread such events over {@value #STEPS} steps: its median is the step's cost with the timer amortised,
 * and when {@code control}'s p99 is as far above its median as the step's, the tail is the machine, not
 * the step (a step does the same work every time and allocates nothing).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class RecurrentCellStepBenchmark {
    static final int N = 1024;
    /** Steps per sample of {@link #sparseInputSteps}. */
    static final int STEPS = 100;

    LIFRecurrentCell cell;
    LIFState state;
    float[] z0;
    SparseSpikes sparse;
    Tensor dense01;
    Tensor dense;
    Tensor out = Tensor.zeros(1, N);

    @Setup
    public void setup() {
        cell = new LIFRecurrentCell(N, N, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT.withSeed(1));
        cell.setThreads(1);
        SeededRandom r = new SeededRandom(2);
        dense01 = Tensor.zeros(1, N);
        dense = Tensor.zeros(1, N);
        for (int k = 0; k < N; k++) {
            dense01.data()[k] = r.nextDouble() < 0.05 ? 1f : 0f;
            dense.data()[k] = (float) r.nextDouble() * 0.1f + 0.01f;
        }
        sparse = SparseSpikes.fromDense(dense01);
        state = cell.forward(dense01, null).state();
        z0 = new float[N];
        for (int k = 0; k < N; k++) {
            z0[k] = r.nextDouble() < 0.05 ? 1f : 0f;
        }
    }

    @Benchmark
    public LIFState sparseInput() {
        System.arraycopy(z0, 0, state.z, 0, N);
        return cell.forward(sparse, state, out).state();
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public LIFState sparseInputSteps() {
        LIFState s = state;
        for (int t = 0; t < STEPS; t++) {
            System.arraycopy(z0, 0, s.z, 0, N);
            s = cell.forward(sparse, s, out).state();
        }
        return s;
    }

    /** Iterations of {@link #control}: about 4.5 us on the 2-core AMD EPYC of the README's figures. */
    static final int CONTROL = 4_000;

    long seed = 1;

    @Benchmark
    public long control() {
        long h = seed;
        for (int q = 0; q < CONTROL; q++) {
            h = h * 0x9E3779B97F4A7C15L + q; // a dependent chain: no two iterations overlap
        }
        return h;
    }

    @Benchmark
    public LIFState dense01Input() {
        System.arraycopy(z0, 0, state.z, 0, N);
        return cell.forward(dense01, state, out).state();
    }

    @Benchmark
    public LIFState denseInput() {
        System.arraycopy(z0, 0, state.z, 0, N);
        return cell.forward(dense, state, out).state();
    }
}
