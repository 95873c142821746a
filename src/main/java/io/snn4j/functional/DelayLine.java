package io.snn4j.functional;

/**
 * Synaptic input on its way to a population, for synapses with delays of more than one step: a ring of
 * {@code slots} input vectors, each one value per neuron of the state it belongs to ({@code size}
 * floats, in the state's row-major order). Slot {@link #head()} holds the input that arrives at the next
 * step; the recurrent modules add each spike's weighted terms to the slot of its arrival step and move the
 * head on after every step. It is part of a {@link NeuronState} ({@link NeuronState#delayLine()}), copied
 * with it, so that a simulation split into several calls, or restored from a copy, gets the same input as
 * one long call. Not thread-safe.
 */
public final class DelayLine {
    private final int slots;
    private final int size;
    private final float[] data;
    private int head;

    /** An empty line (nothing on its way) of {@code slots} slots of {@code size} values. */
    public DelayLine(int slots, int size) {
        if (slots < 1 || size < 0 || (long) slots * size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a delay line needs at least one slot and at most 2^31 values, got " + slots
                    + " slots of " + size);
        }
        this.slots = slots;
        this.size = size;
        this.data = new float[slots * size];
    }

    /** Number of slots (the longest delay it can hold, in steps). */
    public int slots() {
        return slots;
    }

    /** Values per slot (neurons of the state). */
    public int size() {
        return size;
    }

    /** The slot of the next step. */
    public int head() {
        return head;
    }

    /** Moves the head on by {@code steps} steps (the slots passed must have been cleared by the caller). */
    public void advance(int steps) {
        head = (int) ((head + (long) steps) % slots);
    }

    /** The slots, {@code (slots, size)} row-major (not a copy; slot {@code s} at {@code s * size}). */
    public float[] data() {
        return data;
    }

    /** A deep copy. */
    public DelayLine copy() {
        DelayLine c = new DelayLine(slots, size);
        System.arraycopy(data, 0, c.data, 0, data.length);
        c.head = head;
        return c;
    }

    /** The values in arrival order: slot {@code head} first, {@code (slots, size)}. */
    public float[] toArrivalOrder() {
        float[] out = new float[data.length];
        for (int s = 0; s < slots; s++) {
            System.arraycopy(data, ((head + s) % slots) * size, out, s * size, size);
        }
        return out;
    }

    /** Sets the line from {@link #toArrivalOrder()}'s layout (head at slot 0). */
    public void setFromArrivalOrder(float[] values) {
        if (values == null || values.length != data.length) {
            throw new IllegalArgumentException("a delay line of " + slots + " x " + size + " needs " + data.length
                    + " values, got " + (values == null ? "null" : values.length));
        }
        System.arraycopy(values, 0, data, 0, data.length);
        head = 0;
    }

    @Override
    public String toString() {
        return "DelayLine(" + slots + " slots x " + size + ", head " + head + ")";
    }
}
