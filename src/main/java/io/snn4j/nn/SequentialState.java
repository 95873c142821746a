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
     * Runs a time-first sequence of spikes or scaled events {@code x (T, ..., in_features)} layer by layer
     * ({@link #forwardSequence(Tensor, List)} for sparse input), from {@code states} (null: defaults). The
     * numbers equal {@link #forwardSequence(Tensor, List)} of {@code x.toDense()}, bit for bit.
     *
     * <p>When the first layer is a {@link Linear} in evaluation mode the sequence goes through the layers
     * in chunks of time steps: the Linear's event-driven product of a chunk (its threads, its blocked
     * kernel) fills a buffer that the next layers consume while it is still in cache, their states
     * carried from chunk to chunk; the dense {@code (T, ..., out_features)} projection is never made. When the
     * network is exactly that Linear and one feed-forward neuron layer ({@code Layer.of} an {@code SNN} or
     * {@code SNNCell} in evaluation mode, not recording states), the two are fused per block of 64 output
     * columns: each of the Linear's threads takes its blocks through the whole sequence, a block's currents
     * of a chunk go from the event kernel to the neuron kernel through an L2-sized buffer, and the spikes go
     * straight into the output.
     * Otherwise the first layer sees the whole sequence ({@link SparseSpikes#toDense()} unless it has an
     * event-driven path).
     *
     * @param out null (a new output tensor), or the tensor to write the network's output into, of shape
     *            {@code (T, ...)} as the last layer's output (repeated runs then allocate no output)
     * @throws IllegalArgumentException if x is not a sequence with T > 0, the states list has the wrong
     *                                  length, a layer rejects its input or {@code out} has the wrong shape
     */
    public Result forwardSequence(SparseSpikes x, List<NeuronState> states, Tensor out) {
        if (x == null || x.shape().length < 2 || x.shape()[0] == 0) {
            throw new IllegalArgumentException("the input must be a time-first sequence (T, ..., in) with T > 0, got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        if (states != null && states.size() != layers.size()) {
            throw new IllegalArgumentException("states has " + states.size() + " entries, expected one per layer ("
                    + layers.size() + ")");
        }
        if (!(layers.get(0) instanceof Linear first) || first.isTraining()) {
            Result r = forwardSequence(x.toDense(), states);
            if (out == null) {
                return r;
            }
            Shapes.requireShape("out", out.shape(), r.output().shape());
            out.copyFrom(r.output());
            return new Result(out, r.states());
        }
        int[] shape = x.shape();
        if (shape[shape.length - 1] != first.inFeatures()) {
            throw new IllegalArgumentException("layer 0 (" + first + "): input x has shape " + Arrays.toString(shape)
                    + "; its last dimension must be in_features = " + first.inFeatures());
        }
        List<NeuronState> given = states == null ? Collections.nCopies(layers.size(), null) : states;
        if (layers.size() == 2 && !first.isSparse() && EventNeuronRun.neurons(layers.get(1)) != null) {
            // Linear -> neurons: the product and the neurons fused per column block
            Layer.Step r = EventNeuronRun.run(first, (Layer.Adapter<?>) layers.get(1), x, given.get(1), out);
            List<NeuronState> st = new ArrayList<>(given);
            st.set(1, r.state());
            return new Result(r.output(), st);
        }
        first.prepareEvents();
        int steps = shape[0];
        int rowsPerStep = x.rows() / steps;
        int width = first.outFeatures();
        int chunk = chunkSteps(rowsPerStep, first.inFeatures(), steps);
        int[] stepShape = Shapes.withLast(Shapes.dropFirst(shape), width);
        float[] buf = new float[Math.multiplyExact(chunk * rowsPerStep, width)];
        float[][] scratch = first.eventScratch(first.threadCount());
        int[] rowStart = x.rowStarts(), idx = x.indices();
        float[] val = x.values();
        List<NeuronState> st = new ArrayList<>(given);
        if (out != null) {
            int[] want = outputStepShape(stepShape);
            if (out.rank() < 1 || out.dim(0) != steps || (want != null && !Arrays.equals(Shapes.dropFirst(out.shape()), want))) {
                throw new IllegalArgumentException("out has shape " + Arrays.toString(out.shape()) + ", expected "
                        + (want == null ? "(T = " + steps + ", ...)" : Arrays.toString(Shapes.prepend(steps, want))));
            }
        }
        Tensor result = out;
        for (int t0 = 0; t0 < steps; t0 += chunk) {
            boolean direct = result != null && layers.size() > 1;
            int tc = Math.min(chunk, steps - t0);
            first.eventProduct(rowStart, idx, val, t0 * rowsPerStep, tc * rowsPerStep, buf, 0, scratch);
            Tensor h = Tensor.view(buf, 0, Shapes.prepend(tc, stepShape));
            for (int k = 1; k < layers.size(); k++) {
                Layer layer = layers.get(k);
                boolean last = k == layers.size() - 1;
                try {
                    Layer.Step r;
                    if (last && direct) {
                        r = layer.forwardSequence(h, st.get(k), chunkOf(result, t0, tc, steps));
                    } else {
                        r = layer.forwardSequence(h, st.get(k));
                    }
                    h = r.output();
                    st.set(k, r.state());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("layer " + k + " (" + layer + "): " + e.getMessage(), e);
                }
            }
            if (result == null) {
                result = Tensor.zeros(Shapes.prepend(steps, Shapes.dropFirst(h.shape())));
            }
            if (!direct) {
                Tensor part = chunkOf(result, t0, tc, steps);
                Shapes.requireShape("out (steps " + t0 + ".." + (t0 + tc) + ")", part.shape(), h.shape());
                part.copyFrom(h);
            }
        }
        return new Result(result, st);
    }

    /**
     * The shape of one step of the network's output for a first-layer output step of {@code stepShape},
     * when every later layer's is known (Linear: the last dimension becomes out_features; elementwise
     * neuron layers keep it; recurrent ones make it hidden_size); null otherwise.
     */
    private int[] outputStepShape(int[] stepShape) {
        int[] s = stepShape;
        for (int k = 1; k < layers.size(); k++) {
            Layer l = layers.get(k);
            if (l instanceof Linear lin) {
                s = Shapes.withLast(s, lin.outFeatures());
            } else if (l instanceof Layer.Adapter<?> a && a.module() instanceof io.snn4j.module.RecurrentModule<?, ?> rm) {
                s = Shapes.withLast(s, rm.hiddenSize());
            } else if (!(l instanceof Layer.Adapter<?> a) || a.module() instanceof io.snn4j.module.LILinearCell) {
                return null;
            }
        }
        return s;
    }

    /** Steps {@code [t0, t0 + tc)} of a {@code (T, ...)} tensor, as a view. */
    private static Tensor chunkOf(Tensor t, int t0, int tc, int steps) {
        if (t.rank() < 1 || t.dim(0) != steps) {
            throw new IllegalArgumentException("out has shape " + Arrays.toString(t.shape()) + "; it must be (T = " + steps
                    + ", ...) like the network's output");
        }
        int per = t.size() / steps;
        return Tensor.view(t.data(), t.offset() + t0 * per, Shapes.prepend(tc, Shapes.dropFirst(t.shape())));
    }

    /**
     * Time steps per chunk of {@link #forwardSequence(SparseSpikes, List, Tensor)}: about
     * {@link #CHUNK_ROWS} rows (or in_features rows for wide inputs, so that a panel of the weights copied
     * for a chunk serves at least as many rows as it has), at least one step.
     */
    static int chunkSteps(int rowsPerStep, int inFeatures, int steps) {
        int rows = Math.max(CHUNK_ROWS, inFeatures);
        return Math.max(1, Math.min(steps, rows / Math.max(1, rowsPerStep)));
    }

    /** Rows of the first layer's output per chunk (measured with NorseWorkloadBenchmark). */
    static final int CHUNK_ROWS = 1024;

    /** {@link #forwardSequence(SparseSpikes, List, Tensor)} into a new output tensor. */
    public Result forwardSequence(SparseSpikes x, List<NeuronState> states) {
        return forwardSequence(x, states, null);
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
