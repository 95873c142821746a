package io.snn4j.flink.bench;

import io.snn4j.flink.StepInput;
import io.snn4j.functional.NeuronState;
import io.snn4j.nn.SequentialState;
import io.snn4j.tensor.Tensor;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The plain library on {@link OperatorBenchmark}'s stream (same keys, steps, inputs and order), one
 * thread, the network loaded once:
 * <ul>
 * <li>{@code library}: each key stepped alone (B = 1, its states kept in an array), what a hand-written
 * loop per element costs;</li>
 * <li>{@code libraryBatched}: all keys of a step as one batch (B = keys);</li>
 * <li>{@code libraryBatched64}: the keys of a step in batches of 64 (B = 64, the operator's
 * {@code maxBatch} in {@link OperatorBenchmark}), each batch's state kept: what the operator's micro-batching
 * could at best be.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 1)
@State(Scope.Benchmark)
public class LibraryBenchmark {
    @Param({"digits", "wide", "large"})
    public String model;

    @Param({"512"})
    public int keys;

    @Param({"128"})
    public int steps;

    /** {@code exact} or {@code fast}, as {@link OperatorBenchmark#numerics}. */
    @Param({"exact"})
    public String numerics;

    private float[][] inputs;
    private int width;
    private SequentialState net;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        inputs = Workload.inputs(model, keys);
        width = inputs[0].length;
        net = Workload.network(model);
        net.setNumerics(Workload.numerics(numerics));
        net.setThreads(1);
    }

    @Benchmark
    public float library() throws Exception {
        @SuppressWarnings("unchecked")
        List<NeuronState>[] states = new List[keys];
        float sum = 0;
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < keys; k++) {
                StepInput e = StepInput.dense("sensor-" + k, t, inputs[k]);
                Tensor x = Tensor.wrap(e.values.clone(), 1, e.values.length);
                SequentialState.Result r = net.forward(x, states[k]);
                states[k] = r.states();
                sum += r.output().data()[0];
            }
        }
        return sum;
    }

    @Benchmark
    public float libraryBatched() throws Exception {
        List<NeuronState> states = null;
        float sum = 0;
        Tensor x = Tensor.zeros(keys, width);
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < keys; k++) {
                System.arraycopy(inputs[k], 0, x.data(), k * width, width);
            }
            SequentialState.Result r = net.forward(x, states);
            states = r.states();
            sum += r.output().data()[0];
        }
        return sum;
    }

    @Benchmark
    public float libraryBatched64() throws Exception {
        int b = 64;
        int groups = (keys + b - 1) / b;
        @SuppressWarnings("unchecked")
        List<NeuronState>[] states = new List[groups];
        Tensor[] x = new Tensor[groups];
        for (int g = 0; g < groups; g++) {
            x[g] = Tensor.zeros(Math.min(b, keys - g * b), width);
        }
        float sum = 0;
        for (int t = 0; t < steps; t++) {
            for (int g = 0; g < groups; g++) {
                int rows = x[g].dim(0);
                for (int j = 0; j < rows; j++) {
                    int k = g * b + j;
                    System.arraycopy(inputs[k], 0, x[g].data(), j * width, width);
                }
                SequentialState.Result r = net.forward(x[g], states[g]);
                states[g] = r.states();
                sum += r.output().data()[0];
            }
        }
        return sum;
    }
}
