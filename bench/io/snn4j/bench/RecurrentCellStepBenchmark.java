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
 * <li>{@code denseInput}: a dense input with every element nonzero (the product), for comparison.</li>
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class RecurrentCellStepBenchmark {
    static final int N = 1024;

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
