package io.snn4j.nn;

import io.snn4j.functional.NeuronState;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Norse's {@code Lift}: applies a per-step layer at every step of a time-first sequence {@code (T, ...)},
 * so that per-step layers (such as {@link Linear} or a cell) can be mixed with sequence modules. A
 * stateful layer's state is threaded through the steps; the returned state is the last one. Thread-safety
 * as the wrapped layer's.
 */
public final class Lift implements Layer {
    private final Layer layer;

    /** Lifts {@code layer}. */
    public Lift(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("layer is null");
        }
        this.layer = layer;
    }

    @Override
    public Step forward(Tensor x, NeuronState state) {
        return stepThrough(layer, x, state, "Lift needs a time-first input with T > 0");
    }

    /**
     * {@code layer} applied at every step of {@code x (T, ...)}, its state threaded through, the outputs
     * stacked: the loop of {@link Lift} and of {@link Layer#forwardSequence}'s default.
     */
    static Step stepThrough(Layer layer, Tensor x, NeuronState state, String need) {
        if (x == null || x.rank() == 0 || x.dim(0) == 0) {
            throw new IllegalArgumentException(need + ", got " + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        Tensor out = null;
        NeuronState s = state;
        for (int t = 0; t < x.dim(0); t++) {
            Step r = layer.forward(x.step(t), s);
            if (out == null) {
                out = Tensor.zeros(Shapes.prepend(x.dim(0), r.output().shape()));
            }
            out.step(t).copyFrom(r.output());
            s = r.state();
        }
        return new Step(out, s);
    }

    @Override
    public boolean stateful() {
        return layer.stateful();
    }

    /** Training mode of the lifted layer (its per-step calls are recorded). */
    @Override
    public void train(boolean mode) {
        layer.train(mode);
    }

    /**
     * The lifted layer's backward pass over its recorded steps: {@code gradOutput} is {@code (T, ...)} as
     * the output of the recorded call(s).
     */
    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradient) {
        return layer.backward(gradOutput, inputGradient);
    }

    @Override
    public java.util.List<io.snn4j.tensor.Parameter> parameters() {
        return layer.parameters();
    }

    @Override
    public void setThreads(int threads) {
        layer.setThreads(threads);
    }

    @Override
    public String toString() {
        return "Lift(" + layer + ")";
    }
}
