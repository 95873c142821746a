package io.snn4j.flink;

import io.snn4j.functional.NeuronState;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.SequentialState;
import io.snn4j.module.RecurrentModule;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Steps the keys of one batch through the network together, without Flink: the keys' one-row states
 * ({@link KeyState}) are gathered into B-row states ({@link NeuronState#copyRowFrom}), the network steps
 * once, and the rows are scattered back ({@link NeuronState#copyRowTo(int, float[][])}). Keys seen for the
 * first time (no state) step from the network's default states in a batch of their own. The numbers equal
 * stepping each key alone, bit for bit. Also checks an element's input and a restored state against the
 * network before anything is stepped. Not thread-safe: one per task.
 */
final class BatchStepper {
    private final SequentialState net;
    private final int inputs;
    private final int outputs;
    private final Readout readout;
    private final int readLayer;
    /** Per layer: a one-row state of the layer's class and shape (null for stateless layers). */
    private final NeuronState[] template;
    /**
     * Per layer: the slots of its state's delay line (synaptic delays of more than one step), 0 without
     * one. A key's state then holds one array more for the layer: the input on its way, in arrival order.
     */
    private final int[] delaySlots;
    /** The dense input of a batch, reused from batch to batch (grown when a batch needs more). */
    private float[] inBuf;

    /**
     * Checks the network with one step of zero input (a dry run on throwaway states) and learns its state
     * layout and output size.
     *
     * @param inputs the input size, or 0 to take it from the first layer (a Linear or a recurrent cell)
     * @throws IllegalArgumentException if the network does not take one step of {@code (1, inputs)}
     */
    BatchStepper(SequentialState net, int inputs, Readout readout) {
        this.net = net;
        this.readout = readout;
        net.setThreads(1);
        int n = inputs > 0 ? inputs : inputSizeOf(net.layers().get(0));
        if (n <= 0) {
            throw new IllegalArgumentException("the network's input size cannot be read off its first layer ("
                    + net.layers().get(0) + "); set it with SnnInference.Builder.inputSize");
        }
        this.inputs = n;
        SequentialState.Result r;
        try {
            r = net.forward(Tensor.zeros(1, n), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the network does not take an input of size " + n + ": " + e.getMessage(), e);
        }
        if (r.output().rank() != 2 || r.output().dim(0) != 1) {
            throw new IllegalArgumentException("the network's output for one key must have shape (1, N), got "
                    + Arrays.toString(r.output().shape()));
        }
        this.outputs = r.output().dim(1);
        template = new NeuronState[net.layers().size()];
        delaySlots = new int[template.length];
        for (int k = 0; k < template.length; k++) {
            NeuronState s = r.states().get(k);
            delaySlots[k] = s != null && s.delayLine() != null ? s.delayLine().slots() : 0;
            if (s != null && s.rows() != 1) {
                throw new IllegalArgumentException("layer " + k + "'s state for one key has shape "
                        + Arrays.toString(s.shape()) + ", expected a leading (batch) dimension of 1");
            }
            template[k] = s;
        }
        int last = net.layers().size() - 1;
        this.readLayer = readout.kind() == Readout.Kind.SPIKES && readout.layer() >= 0 ? readout.layer() : last;
        if (readLayer > last) {
            throw new IllegalArgumentException("the readout reads layer " + readLayer + ", the network has layers 0.."
                    + last);
        }
    }

    private static int inputSizeOf(Layer first) {
        if (first instanceof Linear l) {
            return l.inFeatures();
        }
        if (first instanceof Layer.Adapter<?> a && a.module() instanceof RecurrentModule<?, ?> m) {
            return m.inputSize();
        }
        return 0;
    }

    /** The input size. */
    int inputs() {
        return inputs;
    }

    /** The output size. */
    int outputs() {
        return outputs;
    }

    /** What is wrong with {@code in} for this network (naming nothing but the problem), or null. */
    String checkInput(StepInput in) {
        if (in == null) {
            return "the element is null";
        }
        if ((in.values == null) == (in.spikes == null)) {
            return in.values == null ? "the element has neither values nor spikes"
                    : "the element has both values and spikes (set one)";
        }
        if (in.values != null && in.values.length != inputs) {
            return "the input has " + in.values.length + " values, the model takes " + inputs;
        }
        if (in.spikes != null) {
            for (int i : in.spikes) {
                if (i < 0 || i >= inputs) {
                    return "spike index " + i + " is outside the model's " + inputs + " inputs [0, " + inputs + ")";
                }
            }
        }
        return null;
    }

    /** What is wrong with a restored state for this network (the model changed between runs?), or null. */
    String checkState(KeyState s) {
        boolean fits = s.layers != null && s.layers.length == template.length
                && (readout.kind() == Readout.Kind.CLASS_MAX_OVER_TIME) == (s.readout != null)
                && (s.readout == null || s.readout.length == outputs);
        for (int k = 0; fits && k < template.length; k++) {
            NeuronState t = template[k];
            if (t == null ? s.layers[k] != null : s.layers[k] == null || s.layers[k].length != arraysOf(k)) {
                fits = false;
                break;
            }
            for (int f = 0; t != null && f < s.layers[k].length; f++) {
                fits &= s.layers[k][f] != null && s.layers[k][f].length == lengthOf(k, f);
            }
        }
        if (fits) {
            return null;
        }
        return "the restored neuron state does not fit the model (did the model change between runs?): it holds arrays "
                + (s.layers == null ? "null" : s.layout()) + (s.readout != null ? " and a readout of " + s.readout.length : "")
                + "; the model needs " + layout();
    }

    /** The layout the model needs, as {@link KeyState#layout()} prints it, with the field names. */
    String layout() {
        StringBuilder b = new StringBuilder("[");
        for (int k = 0; k < template.length; k++) {
            if (k > 0) {
                b.append(", ");
            }
            NeuronState t = template[k];
            if (t == null) {
                b.append("-");
            } else {
                int[] n = new int[arraysOf(k)];
                for (int f = 0; f < n.length; f++) {
                    n[f] = lengthOf(k, f);
                }
                b.append(Arrays.toString(n)).append(' ').append(t.getClass().getSimpleName()).append(t.names());
                if (delaySlots[k] > 0) {
                    b.append(" and a delay line of ").append(delaySlots[k]).append(" steps");
                }
            }
        }
        b.append(']');
        if (readout.kind() == Readout.Kind.CLASS_MAX_OVER_TIME) {
            b.append(" and a readout of ").append(outputs);
        }
        return b.toString();
    }

    /**
     * Steps keys {@code 0..n-1} together: {@code states[j]} is key j's state (null: a new key; a new
     * {@link KeyState} is stored there), {@code in[j]} its input, checked beforehand; {@code out[j]}
     * receives its output. Every state is updated in place.
     */
    void step(KeyState[] states, StepInput[] in, int n, StepOutput[] out) {
        int[] fresh = new int[n], old = new int[n];
        int nf = 0, no = 0;
        for (int j = 0; j < n; j++) {
            if (states[j] == null) {
                fresh[nf++] = j;
            } else {
                old[no++] = j;
            }
        }
        if (no > 0) {
            stepGroup(old, no, false, states, in, out);
        }
        if (nf > 0) {
            stepGroup(fresh, nf, true, states, in, out);
        }
    }

    private void stepGroup(int[] idx, int m, boolean fresh, KeyState[] states, StepInput[] in, StepOutput[] out) {
        List<NeuronState> batch = null;
        if (!fresh) {
            batch = new ArrayList<>(template.length);
            for (int k = 0; k < template.length; k++) {
                if (template[k] == null) {
                    batch.add(null);
                    continue;
                }
                int[] shape = template[k].shape();
                shape[0] = m;
                NeuronState b = template[k].newLike(shape);
                for (int j = 0; j < m; j++) {
                    b.copyRowFrom(states[idx[j]].layers[k], j);
                }
                batch.add(b);
            }
        }
        boolean allSpikes = true;
        for (int j = 0; j < m; j++) {
            allSpikes &= in[idx[j]].spikes != null;
        }
        Tensor[] read = new Tensor[1];
        SequentialState.Observer observer = readout.kind() == Readout.Kind.SPIKES
                ? (t, layer, output, state) -> {
                    if (layer == readLayer) {
                        read[0] = output;
                    }
                }
                : null;
        SequentialState.Result r;
        if (allSpikes) {
            int[][] rows = new int[m][];
            for (int j = 0; j < m; j++) {
                rows[j] = in[idx[j]].spikes;
            }
            r = net.forward(SparseSpikes.fromIndices(new int[] {m, inputs}, rows), batch, 0, observer);
        } else {
            // one input buffer, kept: a batch of large inputs (64 x 4096 floats) is a 1 MB array, which the
            // G1 collector allocates outside the young generation at every batch
            int need = m * inputs;
            if (inBuf == null || inBuf.length < need) {
                inBuf = new float[need];
            }
            float[] d = inBuf;
            Arrays.fill(d, 0, need, 0f);
            Tensor x = Tensor.wrap(d, m, inputs);
            for (int j = 0; j < m; j++) {
                StepInput e = in[idx[j]];
                if (e.values != null) {
                    System.arraycopy(e.values, 0, d, j * inputs, inputs);
                } else {
                    for (int i : e.spikes) {
                        d[j * inputs + i] = 1f;
                    }
                }
            }
            r = net.forward(x, batch, 0, observer);
        }
        float[] y = r.output().data();
        for (int j = 0; j < m; j++) {
            int key = idx[j];
            KeyState s = states[key];
            if (s == null) {
                s = newKeyState();
                states[key] = s;
            }
            for (int k = 0; k < template.length; k++) {
                if (template[k] != null) {
                    r.states().get(k).copyRowTo(j, s.layers[k]);
                }
            }
            s.steps++;
            StepOutput o = new StepOutput();
            o.key = in[key].key;
            o.step = in[key].step;
            o.keySteps = s.steps;
            readOut(j, y, read[0], s, o);
            out[key] = o;
        }
    }

    /** How many arrays a key's state holds for layer {@code k} (a stateful one): its fields, and its delay line. */
    private int arraysOf(int k) {
        return template[k].buffers().length + (delaySlots[k] > 0 ? 1 : 0);
    }

    /** The length of array {@code f} of layer {@code k} in a key's state. */
    private int lengthOf(int k, int f) {
        return f < template[k].buffers().length ? template[k].rowSize() : delaySlots[k] * template[k].rowSize();
    }

    private KeyState newKeyState() {
        float[][][] layers = new float[template.length][][];
        for (int k = 0; k < template.length; k++) {
            if (template[k] != null) {
                layers[k] = new float[arraysOf(k)][];
                for (int f = 0; f < layers[k].length; f++) {
                    layers[k][f] = new float[lengthOf(k, f)];
                }
            }
        }
        float[] max = null;
        if (readout.kind() == Readout.Kind.CLASS_MAX_OVER_TIME) {
            max = new float[outputs];
            Arrays.fill(max, Float.NEGATIVE_INFINITY);
        }
        KeyState s = new KeyState(0, layers, max);
        s.fits = true;
        return s;
    }

    private void readOut(int row, float[] y, Tensor layerOut, KeyState s, StepOutput o) {
        int off = row * outputs;
        switch (readout.kind()) {
            case VALUES -> o.values = Arrays.copyOfRange(y, off, off + outputs);
            case SPIKES -> {
                float[] a = layerOut.data();
                int width = layerOut.size() / layerOut.dim(0);
                int count = 0;
                for (int i = 0; i < width; i++) {
                    count += a[row * width + i] != 0f ? 1 : 0;
                }
                int[] idx = new int[count];
                for (int i = 0, q = 0; i < width; i++) {
                    if (a[row * width + i] != 0f) {
                        idx[q++] = i;
                    }
                }
                o.spikes = idx;
            }
            case CLASS_OF_STEP -> argmax(y, off, o);
            case CLASS_MAX_OVER_TIME -> {
                for (int c = 0; c < outputs; c++) {
                    s.readout[c] = Math.max(s.readout[c], y[off + c]);
                }
                argmax(s.readout, 0, o);
            }
            default -> throw new IllegalStateException("unknown readout " + readout);
        }
    }

    /** The first index of the largest of {@code outputs} values at {@code off}, and that value. */
    private void argmax(float[] a, int off, StepOutput o) {
        int best = 0;
        for (int c = 1; c < outputs; c++) {
            if (a[off + c] > a[off + best]) {
                best = c;
            }
        }
        o.label = best;
        o.score = a[off + best];
    }
}
