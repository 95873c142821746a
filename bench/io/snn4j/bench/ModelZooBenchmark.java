package io.snn4j.bench;

import io.snn4j.functional.IzhikevichSpikingBehavior;
import io.snn4j.functional.NeuronState;
import io.snn4j.internal.SeededRandom;
import io.snn4j.module.Izhikevich;
import io.snn4j.module.NeuronModels;
import io.snn4j.module.SNN;
import io.snn4j.tensor.Tensor;
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
 * Every feed-forward model over T = 200, B = 32, N = 1024 (input and output streamed from memory), one
 * thread. Throughput in neuron-steps per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Benchmark)
public class ModelZooBenchmark {
    static final int T = 200, B = 32, N = 1024;

    /** The registry's sequence models and Izhikevich (a test checks this list against the registry). */
    @Param({"LIF", "LI", "LIFBox", "LIBox", "IAF", "LSNN", "LIFEx", "LIFAdEx", "LIFRefrac", "LIFAdExRefrac", "CobaLIF",
        "Izhikevich"})
    public String model;

    SNN<?, ?> module;
    Tensor x, out;
    NeuronState state;

    @Setup
    public void setup() {
        // every registered sequence model, plus Izhikevich (built from a behaviour, not in the registry)
        module = model.equals("Izhikevich") ? new Izhikevich(IzhikevichSpikingBehavior.TONIC_SPIKING)
                : (SNN<?, ?>) NeuronModels.get(model).create(null, NeuronModels.Spec.feedForward(0.001));
        module.setThreads(1);
        x = Tensor.zeros(T, B, N);
        out = Tensor.zeros(T, B, N);
        SeededRandom r = new SeededRandom(5);
        float scale = model.equals("Izhikevich") ? 20f : model.equals("IAF") ? 0.1f : 1f;
        for (int k = 0; k < x.size(); k++) {
            x.data()[k] = (float) r.nextDouble() * scale;
        }
        state = module.defaultState(new int[] {B, N});
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Benchmark
    @OperationsPerInvocation(T * B * N)
    public Tensor sequence() {
        return ((SNN) module).forward(x, state, out).output();
    }
}
