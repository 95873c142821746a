package io.snn4j.bench;

import io.snn4j.cli.BalancedNetwork;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.module.LIFRecurrent;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.module.Synapses;
import io.snn4j.tensor.SparseSpikes;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The demo's balanced network ({@code snn demo}): one second of biological time (1,000 steps of 1 ms),
 * after the network has settled, per operation. {@code inDegree} 0 is the demo's default (10 % of each
 * population), a positive value a fixed in-degree; {@code weights} "dense" runs the same synapses as dense
 * N x N matrices (the demo before sparse weights; sizes up to about 20,000 neurons), "sparse" as the demo
 * runs them. {@code threads} is what the network may use (from 20,000 neurons on the demo splits one
 * step's neurons across them). The drive is drawn outside the timed part.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx6g"})
@State(Scope.Benchmark)
public class DemoBenchmark {
    static final int STEPS = 1000;

    @Param({"1000", "10000"})
    public int neurons;

    @Param({"0"})
    public int inDegree;

    @Param({"sparse"})
    public String weights;

    @Param({"1"})
    public int threads;

    LIFRecurrent network;
    LIFState state;
    SparseSpikes drive;

    @Setup(Level.Trial)
    public void setup() {
        BalancedNetwork net = new BalancedNetwork(neurons, 0.001, 42, threads, inDegree);
        network = net.network();
        if (weights.equals("dense")) {
            LIFRecurrent sparse = network;
            RecurrentOptions o = RecurrentOptions.DEFAULT.withInputWeights(dense(sparse.inputSynapses()))
                    .withRecurrentWeights(dense(sparse.recurrentSynapses()));
            network = new LIFRecurrent(sparse.inputSize(), sparse.hiddenSize(), LIFParameters.DEFAULT, o);
            network.setThreads(threads);
        } else if (!weights.equals("sparse")) {
            throw new IllegalArgumentException("weights must be sparse or dense, got " + weights);
        }
        state = network.defaultState(new int[] {1, neurons});
        drive = net.drive(STEPS);
        network.forwardSparse(drive, state); // settle: the first 100 ms are the network's transient
    }

    static FMatrixRMaj dense(Synapses s) {
        FMatrixRMaj w = new FMatrixRMaj(s.targets(), s.sources());
        org.ejml.data.FMatrixSparseCSC c = s.weights();
        for (int k = 0; k < c.numCols; k++) {
            for (int p = c.col_idx[k]; p < c.col_idx[k + 1]; p++) {
                w.set(c.nz_rows[p], k, c.nz_values[p]);
            }
        }
        return w;
    }

    @Benchmark
    public Object oneSecond() {
        return network.forwardSparse(drive, state).output();
    }
}
