package io.snn4j.bench;

import io.snn4j.nn.Linear;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.FMatrixSparseCSC;
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
 * {@code Linear(10000, 10000)} with 1 % of its weights stored (every input has a fan-out of 100 random
 * targets: 10^6 weights) against the dense layer with the same weights (10^8 floats, 99 % zeros), on
 * spike input at 2 % (200 of 10,000 inputs per row, Poisson-like, seeded), {@code rows} rows at once
 * (1: one step of one batch row; 100: e.g. 100 steps), one thread. Both compute the same numbers bit for
 * bit ({@code SparseLinearTest}).
 * <ul>
 * <li>{@code sparseEvents} / {@code denseEvents}: the input as {@link SparseSpikes} (the event-driven
 * paths: the sparse layer adds each spike's stored column, the dense one its whole row of {@code W^T}).</li>
 * <li>{@code sparseTensor}: the same spikes as a dense 0/1 tensor (the sparse layer finds the events
 * itself).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
@State(Scope.Benchmark)
public class SparseLinearBenchmark {
    static final int N = 10_000, FAN_OUT = 100;
    static final double RATE = 0.02;

    @Param({"1", "100"})
    public int rows;

    Linear sparse, dense;
    SparseSpikes spikes;
    Tensor spikeTensor;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(14);
        FMatrixSparseCSC w = new FMatrixSparseCSC(N, N, N * FAN_OUT);
        FMatrixRMaj d = new FMatrixRMaj(N, N);
        int p = 0;
        for (int k = 0; k < N; k++) {
            w.col_idx[k] = p;
            int[] targets = r.ints(0, N).distinct().limit(FAN_OUT).sorted().toArray();
            for (int j : targets) {
                float v = (float) (r.nextGaussian() * 0.01);
                w.nz_rows[p] = j;
                w.nz_values[p++] = v;
                d.data[j * N + k] = v;
            }
        }
        w.col_idx[N] = p;
        w.nz_length = p;
        w.indicesSorted = true;
        sparse = Linear.sparse(w, null);
        dense = new Linear(d, null);
        sparse.setThreads(1);
        dense.setThreads(1);
        spikeTensor = Tensor.zeros(rows, N);
        for (int q = 0; q < rows * N; q++) {
            if (r.nextDouble() < RATE) {
                spikeTensor.data()[q] = 1f;
            }
        }
        spikes = SparseSpikes.fromDense(spikeTensor);
    }

    @Benchmark
    public Tensor sparseEvents() {
        return sparse.apply(spikes);
    }

    @Benchmark
    public Tensor denseEvents() {
        return dense.apply(spikes);
    }

    @Benchmark
    public Tensor sparseTensor() {
        return sparse.apply(spikeTensor);
    }
}
