package io.snn4j.functional;

import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The state of a population of neurons: named flat {@code float[]} buffers (Norse's state fields, such
 * as {@code v} and {@code i}), each holding one value per neuron in row-major order of {@link #shape()}
 * (for example {@code (B, N)}). Nested Norse states are flattened with dotted names ({@code lif.v}).
 *
 * <p>A state is allocated once and updated in place by the step functions; a module returns the state it
 * updated. A recorded sequence of states ({@code recordStates}) is a state of the same class whose shape
 * has a leading time dimension. Not thread-safe: one state belongs to one simulation at a time.
 */
public abstract class NeuronState {
    private final int[] shape;
    private final int size;
    private final String[] names;
    private final float[][] buffers;
    private final float[] spikes;

    /** A zero state of the given shape with one buffer per name. */
    protected NeuronState(int[] shape, String... names) {
        this.shape = Shapes.checked(shape, "state shape");
        this.size = Shapes.size(this.shape);
        this.names = names.clone();
        this.buffers = new float[names.length][size];
        float[] z = null;
        for (int k = 0; k < names.length; k++) {
            if (names[k].equals("z") || names[k].endsWith(".z")) {
                z = buffers[k];
            }
        }
        this.spikes = z;
    }

    /** The buffer of last step's spikes ({@code z}, or {@code lif.z} in a nested state), or null. */
    public final float[] spikes() {
        return spikes;
    }

    /** A new zero state of the same class with another shape. */
    public abstract NeuronState newLike(int[] shape);

    /** The buffer at position {@code k} of the constructor's names. */
    protected final float[] buffer(int k) {
        return buffers[k];
    }

    /** The shape shared by all buffers (a copy). */
    public final int[] shape() {
        return shape.clone();
    }

    /** The number of neurons (elements per buffer). */
    public final int size() {
        return size;
    }

    /** The buffer names, in order. */
    public final List<String> names() {
        return List.of(names);
    }

    /** The raw buffers in {@link #names()} order (not copies). */
    public final float[][] buffers() {
        return buffers;
    }

    /** The buffer called {@code name}. @throws IllegalArgumentException if there is none */
    public final float[] buffer(String name) {
        for (int k = 0; k < names.length; k++) {
            if (names[k].equals(name)) {
                return buffers[k];
            }
        }
        throw new IllegalArgumentException(getClass().getSimpleName() + " has no field '" + name + "'; fields: "
                + Arrays.toString(names));
    }

    /** A tensor view of the buffer called {@code name} (shares the array). */
    public final Tensor tensor(String name) {
        return Tensor.wrap(buffer(name), shape);
    }

    /**
     * Copies every buffer of {@code other}, which must be of the same class and shape, and its
     * {@link #delayLine()} (or drops this state's line when {@code other} has none).
     */
    public final void copyFrom(NeuronState other) {
        requireCompatible("state", other);
        for (int k = 0; k < buffers.length; k++) {
            System.arraycopy(other.buffers[k], 0, buffers[k], 0, size);
        }
        delayLine = other.delayLine == null ? null : other.delayLine.copy();
    }

    private DelayLine delayLine;

    /**
     * The synaptic input on its way to these neurons when a recurrent module with synaptic delays of more
     * than one step advanced this state; null otherwise (nothing on its way: a fresh state).
     */
    public final DelayLine delayLine() {
        return delayLine;
    }

    /**
     * Attaches a delay line (the modules do this on the first step with delays; a checkpoint restores
     * one). {@code null} removes it.
     *
     * @throws IllegalArgumentException if its slots are not one value per neuron of this state
     */
    public final void setDelayLine(DelayLine line) {
        if (line != null && line.size() != size) {
            throw new IllegalArgumentException("delay line has " + line.size() + " values per slot, the state has " + size
                    + " neurons");
        }
        this.delayLine = line;
    }

    /** A deep copy. */
    public NeuronState copy() {
        NeuronState c = newLike(shape);
        c.copyFrom(this);
        return c;
    }

    /** Throws {@link IllegalArgumentException} naming {@code what} unless {@code shape()} equals {@code expected}. */
    public final void requireShape(String what, int[] expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException(what + " (" + getClass().getSimpleName() + ") has shape "
                    + Arrays.toString(shape) + ", expected " + Arrays.toString(expected));
        }
    }

    private void requireCompatible(String what, NeuronState other) {
        if (other == null || other.getClass() != getClass()) {
            throw new IllegalArgumentException(what + " must be a " + getClass().getSimpleName() + ", got "
                    + (other == null ? "null" : other.getClass().getSimpleName()));
        }
        other.requireShape(what, shape);
    }

    /**
     * The number of rows: the leading dimension of {@link #shape()} (the batch {@code B} of a
     * {@code (B, ...)} state).
     */
    public final int rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** The number of elements of one row of every buffer: {@code size() / rows()} (0 if there are no rows). */
    public final int rowSize() {
        int rows = rows();
        return rows == 0 ? 0 : size / rows;
    }

    /**
     * Copies row {@code row} of every buffer into row {@code targetRow} of {@code target}: the gather and
     * scatter of batching, where the states of independent streams (each a one-row state) are stacked
     * into one {@code B}-row state, stepped together, and copied back. {@code target} must be of the same
     * class, with the same shape except for the leading dimension. Bits are copied as they are. A
     * {@link #delayLine()} goes with the row: the row's input on its way is copied slot by slot in arrival
     * order into the target's line (attached, empty, if the target has none yet).
     *
     * @throws IllegalArgumentException naming what is wrong (nothing is copied) if {@code target} is of
     *                                  another class or shape, the state has no leading dimension, a
     *                                  row index is out of range, or the target's delay line has another
     *                                  number of slots
     */
    public final void copyRowTo(int row, NeuronState target, int targetRow) {
        if (target == null || target.getClass() != getClass()) {
            throw new IllegalArgumentException("the target state must be a " + getClass().getSimpleName() + ", got "
                    + (target == null ? "null" : target.getClass().getSimpleName()));
        }
        if (shape.length == 0 || target.shape.length != shape.length
                || !Arrays.equals(shape, 1, shape.length, target.shape, 1, shape.length)) {
            throw new IllegalArgumentException("rows of a " + getClass().getSimpleName() + " of shape "
                    + Arrays.toString(shape) + " do not fit a state of shape " + Arrays.toString(target.shape)
                    + " (the shapes must differ in the leading dimension only)");
        }
        if (row < 0 || row >= rows()) {
            throw new IllegalArgumentException("row " + row + " is out of range for " + rows() + " rows");
        }
        if (targetRow < 0 || targetRow >= target.rows()) {
            throw new IllegalArgumentException("target row " + targetRow + " is out of range for " + target.rows()
                    + " rows");
        }
        if (delayLine != null && target.delayLine != null && target.delayLine.slots() != delayLine.slots()) {
            throw new IllegalArgumentException("the target state's delay line holds " + target.delayLine.slots()
                    + " steps, this state's " + delayLine.slots());
        }
        int n = rowSize();
        for (int k = 0; k < buffers.length; k++) {
            System.arraycopy(buffers[k], row * n, target.buffers[k], targetRow * n, n);
        }
        if (delayLine != null) {
            DelayLine to = target.delayLine != null ? target.delayLine : new DelayLine(delayLine.slots(), target.size);
            target.delayLine = to;
            for (int q = 0; q < delayLine.slots(); q++) {
                System.arraycopy(delayLine.data(), slotAt(delayLine, q) + row * n, to.data(), slotAt(to, q) + targetRow * n, n);
            }
        }
    }

    /** Where the slot {@code q} steps after the head of {@code line} starts in its data. */
    private static int slotAt(DelayLine line, int q) {
        return ((line.head() + q) % line.slots()) * line.size();
    }

    /**
     * Copies row {@code row} of every buffer into {@code target}, one array per buffer in {@link #names()}
     * order, each of {@link #rowSize()} elements: one stream's state as plain float arrays (to store or
     * serialize it), taken from a batched state. A state with a {@link #delayLine()} needs one array more,
     * last, of {@code slots * rowSize()} elements: the row's input on its way, slot by slot in arrival
     * order (the next step's first).
     *
     * @throws IllegalArgumentException naming what is wrong (nothing is copied) if the row is out of range
     *                                  or the arrays do not have the buffers' count and row size
     */
    public final void copyRowTo(int row, float[][] target) {
        checkRowArrays(row, target, "target", delayLine == null ? 0 : delayLine.slots());
        int n = rowSize();
        for (int k = 0; k < buffers.length; k++) {
            System.arraycopy(buffers[k], row * n, target[k], 0, n);
        }
        if (delayLine != null) {
            for (int q = 0; q < delayLine.slots(); q++) {
                System.arraycopy(delayLine.data(), slotAt(delayLine, q) + row * n, target[buffers.length], q * n, n);
            }
        }
    }

    /**
     * Copies {@code source}, one array per buffer in {@link #names()} order, each of {@link #rowSize()}
     * elements, into row {@code row} of every buffer: the inverse of {@link #copyRowTo(int, float[][])}. One
     * array more, last, is the row's delay line in arrival order ({@code slots * rowSize()} elements); a
     * state without a line gets one (empty for its other rows), a state with one needs that array.
     *
     * @throws IllegalArgumentException naming what is wrong (nothing is copied) if the row is out of range
     *                                  or the arrays do not have the buffers' count and row size
     */
    public final void copyRowFrom(float[][] source, int row) {
        int n = rowSize();
        int slots = delayLine != null ? delayLine.slots()
                : source != null && source.length == buffers.length + 1 && source[buffers.length] != null && n > 0
                        ? source[buffers.length].length / n : 0;
        checkRowArrays(row, source, "source", slots);
        for (int k = 0; k < buffers.length; k++) {
            System.arraycopy(source[k], 0, buffers[k], row * n, n);
        }
        if (slots > 0) {
            if (delayLine == null) {
                delayLine = new DelayLine(slots, size);
            }
            for (int q = 0; q < slots; q++) {
                System.arraycopy(source[buffers.length], q * n, delayLine.data(), slotAt(delayLine, q) + row * n, n);
            }
        }
    }

    /** Checks a row's arrays: one per buffer, and a last one of {@code slots} rows if {@code slots > 0}. */
    private void checkRowArrays(int row, float[][] arrays, String what, int slots) {
        if (row < 0 || row >= rows()) {
            throw new IllegalArgumentException("row " + row + " is out of range for " + rows() + " rows");
        }
        int count = buffers.length + (slots > 0 ? 1 : 0);
        if (arrays == null || arrays.length != count) {
            throw new IllegalArgumentException("the " + what + " of a row of " + getClass().getSimpleName() + " needs "
                    + count + " arrays " + Arrays.toString(names) + (slots > 0 ? " and its delay line of " + slots
                    + " steps" : "") + ", got " + (arrays == null ? "null" : arrays.length));
        }
        int n = rowSize();
        for (int k = 0; k < arrays.length; k++) {
            int want = k < buffers.length ? n : slots * n;
            if (arrays[k] == null || arrays[k].length != want) {
                throw new IllegalArgumentException("the " + what + " array of " + (k < buffers.length ? "field '" + names[k]
                        + "'" : "the delay line (" + slots + " steps of " + n + ")") + " of " + getClass().getSimpleName()
                        + " must hold " + want + " values (one row of shape " + Arrays.toString(shape) + "), got "
                        + (arrays[k] == null ? "null" : arrays[k].length));
            }
        }
    }

    /**
     * Copies elements {@code [from, to)} of every buffer into time step {@code t} of {@code recorded}, a
     * state of the same class whose shape is {@code (T, ...shape)}.
     */
    public final void recordInto(NeuronState recorded, int t, int from, int to) {
        for (int k = 0; k < buffers.length; k++) {
            System.arraycopy(buffers[k], from, recorded.buffers[k], t * size + from, to - from);
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(getClass().getSimpleName()).append("(shape=").append(Arrays.toString(shape));
        for (int k = 0; k < names.length; k++) {
            b.append(", ").append(names[k]).append('=');
            if (size <= 8) {
                b.append(Arrays.toString(buffers[k]));
            } else {
                b.append("[").append(size).append(" values]");
            }
        }
        return b.append(')').toString();
    }
}
