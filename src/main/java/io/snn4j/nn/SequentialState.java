package io.snn4j.nn;

import io.snn4j.functional.NeuronState;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Norse's {@code SequentialState}: layers applied in order, the states of the stateful ones threaded
 * through: {@code forward(x, states)} returns the output and the list of per-layer states (null for
 * stateless layers). With per-step layers (cells) one call is one time step; {@link #run} loops over
 * the time dimension of a sequence. Immutable; thread-safe to the extent its layers are (each call uses
 * the states it is given).
 */
public final class SequentialState {
    private final List<Layer> layers;

    /** The layers, in order. */
    public SequentialState(List<Layer> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("a SequentialState needs at least one layer");
        }
        for (int k = 0; k < layers.size(); k++) {
            if (layers.get(k) == null) {
                throw new IllegalArgumentException("layer " + k + " is null");
            }
        }
        this.layers = List.copyOf(layers);
    }

    /** The layers, in order. */
    public SequentialState(Layer... layers) {
        this(Arrays.asList(layers));
    }

    /** The layers (unmodifiable). */
    public List<Layer> layers() {
        return layers;
    }

    /** Output and per-layer states. */
    public record Result(Tensor output, List<NeuronState> states) {
    }

    /** Receives every layer's output and state after each step of {@link #run}. */
    @FunctionalInterface
    public interface Observer {
        /** Layer {@code layer}'s output and state (null for stateless layers) at step {@code t}. */
        void step(int t, int layer, Tensor output, NeuronState state);
    }

    /** One pass from default states. */
    public Result forward(Tensor x) {
        return forward(x, null);
    }

    /**
     * One pass through all layers; {@code states} holds one entry per layer (null entries and a null list
     * mean default states). The given state objects are updated in place.
     *
     * @throws IllegalArgumentException if the list has the wrong length or a layer rejects its input
     */
    public Result forward(Tensor x, List<NeuronState> states) {
        return forward(x, null, states, -1, null);
    }

    /**
     * One pass with spike input given as active indices: the first layer takes its event-driven path
     * (same numbers as the dense input), the rest see dense tensors.
     */
    public Result forward(SparseSpikes x, List<NeuronState> states) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        return forward(null, x, states, -1, null);
    }

    /** One pass as {@link #forward(SparseSpikes, List)}, reporting every layer to {@code observer} as step {@code t}. */
    public Result forward(SparseSpikes x, List<NeuronState> states, int t, Observer observer) {
        return forward(null, x, states, t, observer);
    }

    /** One pass as {@link #forward(Tensor, List)}, reporting every layer to {@code observer} as step {@code t}. */
    public Result forward(Tensor x, List<NeuronState> states, int t, Observer observer) {
        return forward(x, null, states, t, observer);
    }

    private Result forward(Tensor x, SparseSpikes sparse, List<NeuronState> states, int t, Observer observer) {
        if (states != null && states.size() != layers.size()) {
            throw new IllegalArgumentException("states has " + states.size() + " entries, expected one per layer ("
                    + layers.size() + ")");
        }
        List<NeuronState> out = new ArrayList<>(Collections.nCopies(layers.size(), null));
        Tensor h = x;
        for (int k = 0; k < layers.size(); k++) {
            Layer layer = layers.get(k);
            Layer.Step r;
            try {
                NeuronState s = states == null ? null : states.get(k);
                r = k == 0 && sparse != null ? layer.forward(sparse, s) : layer.forward(h, s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + k + " (" + layer + "): " + e.getMessage(), e);
            }
            h = r.output();
            out.set(k, r.state());
            if (observer != null) {
                observer.step(t, k, h, r.state());
            }
        }
        return new Result(h, out);
    }

    /**
     * Runs a time-first sequence {@code (T, ...)} step by step (for networks of cells), from
     * {@code states} (null: defaults); returns the stacked outputs {@code (T, ...)} and the final states.
     */
    public Result run(Tensor sequence, List<NeuronState> states) {
        return run(sequence, states, null);
    }

    /** As {@link #run(Tensor, List)}, reporting every layer's output and state to {@code observer}. */
    public Result run(Tensor sequence, List<NeuronState> states, Observer observer) {
        if (sequence == null || sequence.rank() == 0 || sequence.dim(0) == 0) {
            throw new IllegalArgumentException("the input must be a time-first sequence with T > 0, got "
                    + (sequence == null ? "null" : Arrays.toString(sequence.shape())));
        }
        int steps = sequence.dim(0);
        Tensor out = null;
        List<NeuronState> s = states;
        for (int t = 0; t < steps; t++) {
            Result r = forward(sequence.step(t), s, t, observer);
            if (out == null) {
                out = Tensor.zeros(Shapes.prepend(steps, r.output().shape()));
            }
            out.step(t).copyFrom(r.output());
            s = r.states();
        }
        return new Result(out, s);
    }

    /**
     * Runs a time-first sequence {@code (T, ...)} layer by layer: each layer takes the whole sequence
     * ({@link Layer#forwardSequence}: a Linear multiplies all steps at once, a cell steps through them).
     * For these feed-forward chains the numbers equal {@link #run}'s step-by-step evaluation; this order
     * is faster and is the one training uses.
     */
    public Result forwardSequence(Tensor sequence, List<NeuronState> states) {
        if (sequence == null || sequence.rank() == 0 || sequence.dim(0) == 0) {
            throw new IllegalArgumentException("the input must be a time-first sequence with T > 0, got "
                    + (sequence == null ? "null" : Arrays.toString(sequence.shape())));
        }
        if (states != null && states.size() != layers.size()) {
            throw new IllegalArgumentException("states has " + states.size() + " entries, expected one per layer ("
                    + layers.size() + ")");
        }
        List<NeuronState> out = new ArrayList<>(Collections.nCopies(layers.size(), null));
        return new Result(pass(sequence, 0, states, out), out);
    }

    /**
     * Layers {@code [from, size)} of {@link #forwardSequence} on the sequence {@code h}, their states
     * into {@code out}; returns the last output.
     */
    private Tensor pass(Tensor h, int from, List<NeuronState> states, List<NeuronState> out) {
        for (int k = from; k < layers.size(); k++) {
            Layer layer = layers.get(k);
            Layer.Step r;
            try {
                // a Linear may keep its input in its training record when that input is a fresh tensor the
                // previous layer made for this call (a neuron module's or a Linear's output), not a view of
                // something the caller holds (Flatten of the input, say)
                Layer prev = k > 0 ? layers.get(k - 1) : null;
                boolean fresh = prev != null && (prev.stateful() || prev instanceof Linear);
                r = fresh && layer instanceof Linear l ? l.forwardOwned(h)
                        : layer.forwardSequence(h, states == null ? null : states.get(k));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + k + " (" + layer + "): " + e.getMessage(), e);
            }
            h = r.output();
            out.set(k, r.state());
        }
        return h;
    }

    /**
     * Runs {@code steps} time steps whose input is {@code x} at every step (a constant input current, as
     * Norse's tutorials feed static data such as the digits): the numbers of {@link #forwardSequence} on
     * {@code x} repeated {@code steps} times, with output {@code (steps, ...)}. Leading {@link Linear} layers
     * multiply the one step once, and a feed-forward neuron layer ({@code Layer.of} an {@code SNNCell} or
     * {@code SNN}) steps through the constant input without the repeated sequence being built. In training
     * mode {@link #backward} takes the gradient of the {@code (steps, ...)} output; the gradient it returns
     * for the input is that of {@code x} (the steps' summed) when the constant reached a neuron layer, else
     * that of the repeated sequence {@code (steps, x.shape)}.
     *
     * @throws IllegalArgumentException if x is null, steps &lt; 1, the states list has the wrong length or a
     *                                  layer rejects its input
     */
    public Result forwardConstant(Tensor x, int steps, List<NeuronState> states) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (states != null && states.size() != layers.size()) {
            throw new IllegalArgumentException("states has " + states.size() + " entries, expected one per layer ("
                    + layers.size() + ")");
        }
        List<NeuronState> out = new ArrayList<>(Collections.nCopies(layers.size(), null));
        Tensor h = x;
        boolean expanded = false;
        int k = 0;
        // while the value is still one step: Linear layers keep it one step, a neuron layer expands it
        for (; k < layers.size(); k++) {
            Layer layer = layers.get(k);
            try {
                if (layer instanceof Linear l) {
                    h = l.applyConstant(h, steps);
                    continue;
                }
                Layer.Step r = layer instanceof Layer.Adapter<?> a
                        ? a.forwardConstant(h, steps, states == null ? null : states.get(k)) : null;
                if (r != null) {
                    h = r.output();
                    out.set(k, r.state());
                    expanded = true;
                    k++;
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + k + " (" + layer + "): " + e.getMessage(), e);
            }
            break;
        }
        if (!expanded) {
            h = repeat(h, steps); // the layers from k on (or the caller) see the whole sequence
        }
        return new Result(pass(h, k, states, out), out);
    }

    /** {@code (steps, x.shape)}: {@code x} at every step. */
    private static Tensor repeat(Tensor x, int steps) {
        Tensor r = Tensor.zeros(Shapes.prepend(steps, x.shape()));
        for (int t = 0; t < steps; t++) {
            r.step(t).copyFrom(x);
        }
        return r;
    }

    /**
     * Training mode for every layer (Norse's {@code model.train(mode)}): forward calls record what
     * {@link #backward} needs.
     *
     * @throws IllegalArgumentException naming the layer if one cannot be trained (nothing is switched)
     */
    public void train(boolean mode) {
        if (mode) {
            for (int k = 0; k < layers.size(); k++) {
                try {
                    layers.get(k).train(true);
                } catch (IllegalArgumentException e) {
                    for (Layer l : layers) {
                        l.train(false);
                    }
                    throw new IllegalArgumentException("layer " + k + " (" + layers.get(k) + "): " + e.getMessage(), e);
                }
            }
        } else {
            for (Layer l : layers) {
                l.train(false);
            }
        }
    }

    /**
     * The backward pass through every layer in reverse, for the forward calls recorded in training mode:
     * {@code gradOutput} is the gradient of the network's recorded outputs (for {@link #run} or
     * {@link #forwardSequence} of T steps: {@code (T, ...)}). Adds each layer's parameter gradients to
     * {@link #parameters()}; returns the gradient of the network's input, or null if
     * {@code inputGradient} is false (the first layer then skips that product).
     *
     * @throws IllegalStateException    if nothing was recorded
     * @throws IllegalArgumentException if {@code gradOutput} does not fit the recorded outputs
     */
    public Tensor backward(Tensor gradOutput, boolean inputGradient) {
        Tensor g = gradOutput;
        for (int k = layers.size() - 1; k >= 0; k--) {
            Layer layer = layers.get(k);
            try {
                g = layer.backward(g, k > 0 || inputGradient);
            } catch (IllegalArgumentException | IllegalStateException e) {
                String msg = "layer " + k + " (" + layer + "): " + e.getMessage();
                throw e instanceof IllegalStateException ? new IllegalStateException(msg, e)
                        : new IllegalArgumentException(msg, e);
            }
        }
        return g;
    }

    /** Sets every layer's thread count (results do not depend on it). */
    public void setThreads(int threads) {
        for (Layer l : layers) {
            l.setThreads(threads);
        }
    }

    /**
     * Sets every layer's product arithmetic ({@link io.snn4j.functional.Numerics#EXACT}, the default, or
     * {@code FAST}); layers without matrix products ignore it.
     */
    public void setNumerics(io.snn4j.functional.Numerics numerics) {
        if (numerics == null) {
            throw new IllegalArgumentException("numerics is null; use Numerics.EXACT or Numerics.FAST");
        }
        for (Layer l : layers) {
            l.setNumerics(numerics);
        }
    }

    /** Every layer's trainable parameters, in layer order. */
    public List<io.snn4j.tensor.Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * The trainable parameters by PyTorch's {@code state_dict} names for a sequential model:
     * {@code "<layer index>.<name>"}, e.g. {@code 0.weight}, {@code 2.bias}.
     */
    public java.util.Map<String, io.snn4j.tensor.Parameter> namedParameters() {
        java.util.Map<String, io.snn4j.tensor.Parameter> m = new java.util.LinkedHashMap<>();
        for (int k = 0; k < layers.size(); k++) {
            for (io.snn4j.tensor.Parameter p : layers.get(k).parameters()) {
                m.put(k + "." + p.name(), p);
            }
        }
        return m;
    }

    /** As Norse prints it: {@code SequentialState(\n  (0): Linear(...)\n ...)}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("SequentialState(\n");
        for (int k = 0; k < layers.size(); k++) {
            b.append("  (").append(k).append("): ").append(layers.get(k)).append('\n');
        }
        return b.append(')').toString();
    }
}
