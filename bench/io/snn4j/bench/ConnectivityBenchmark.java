package io.snn4j.bench;

import io.snn4j.module.Connectivity;
import io.snn4j.module.Connectivity.Range;
import io.snn4j.module.Connectivity.Weights;
import io.snn4j.module.Synapses;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixSparseCSC;
import org.ejml.data.FMatrixSparseTriplet;
import org.ejml.ops.FConvertMatrixStruct;
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
 * Building the recurrent synapses of 100,000 neurons (80 % excitatory), 10 million synapses:
 * <ul>
 * <li>{@code fixedIndegree}: in-degree 80 from the excitatory and 20 from the inhibitory neurons (NEST's
 * {@code fixed_indegree}, as in Brunel's network), with {@code threads} = 1 or 2 (same result);
 * <li>{@code fixedProbability}: each pair with p = 0.001 (the same expected count), geometric skipping;
 * <li>{@code ejmlTripletsToSynapses}: the baseline of the usual way, the same 10 million synapses already
 * drawn as an EJML {@code FMatrixSparseTriplet} (not timed), converted to {@code FMatrixSparseCSC} by
 * EJML and checked into a {@code Synapses};
 * <li>{@code copyResult}: a plain copy of the result's arrays (80 MB), the memory-bandwidth floor.
 * </ul>
 * No per-synapse delays (the projection's delay), so every variant moves the same 8 bytes per synapse.
 * Time per build; the 1,000,000-neuron build is measured by hand (see the README).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx3g"})
@State(Scope.Benchmark)
public class ConnectivityBenchmark {
    static final int N = 100_000, EXC = 80_000, K_E = 80, K_I = 20;

    /** The thread count of the builds. */
    @State(Scope.Benchmark)
    public static class Threads {
        @Param({"1", "2"})
        public int threads;
    }

    FMatrixSparseTriplet triplets;
    Synapses built;

    static Connectivity.Builder fixedIndegreeBuilder() {
        return Connectivity.recurrent(N, 42)
                .fixedIndegree(Range.of(0, EXC), Range.of(0, N), K_E, Weights.constant(0.1f))
                .fixedIndegree(Range.of(EXC, N), Range.of(0, N), K_I, Weights.constant(-0.5f));
    }

    @Setup
    public void setup() {
        built = fixedIndegreeBuilder().build();
        FMatrixSparseCSC w = built.weights();
        triplets = new FMatrixSparseTriplet(N, N, built.count());
        for (int k = 0; k < N; k++) {
            for (int p = w.col_idx[k]; p < w.col_idx[k + 1]; p++) {
                triplets.addItem(w.nz_rows[p], k, w.nz_values[p]);
            }
        }
    }

    @Benchmark
    public Synapses fixedIndegree(Threads t) {
        return fixedIndegreeBuilder().threads(t.threads).build();
    }

    @Benchmark
    public Synapses fixedProbability(Threads t) {
        return Connectivity.recurrent(N, 42).threads(t.threads)
                .fixedProbability(Range.of(0, EXC), Range.of(0, N), 0.001, Weights.constant(0.1f))
                .fixedProbability(Range.of(EXC, N), Range.of(0, N), 0.001, Weights.constant(-0.5f))
                .build();
    }

    @Benchmark
    public Synapses ejmlTripletsToSynapses() {
        FMatrixSparseCSC csc = FConvertMatrixStruct.convert(triplets, (FMatrixSparseCSC) null);
        return Synapses.of(csc);
    }

    @Benchmark
    public Object copyResult() {
        return built.weights();
    }
}
