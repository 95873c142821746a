package io.snn4j.flink;

import java.util.Arrays;

/**
 * One key's state in Flink's keyed state: the neuron state of every stateful layer as plain float arrays
 * (the one-row state of that key: {@code layers[k][f]} is field {@code f} of layer {@code k}, e.g. LIF's
 * {@code v} and {@code i}; a layer whose synapses have delays of more than one step holds one array more,
 * last: the key's input on its way, {@code slots x neurons} in arrival order; {@code layers[k]} is null
 * for a stateless layer such as Linear), the running
 * maximum of the outputs for {@link Readout#classMaxOverTime()} (else null), and the number of steps
 * taken. Serialized by {@link KeyStateSerializer}. Mutable; not thread-safe (one task's thread).
 */
public final class KeyState {
    /** Steps taken by this key. */
    public long steps;
    /** Per layer, per state field: the key's values (null for a stateless layer). */
    public float[][][] layers;
    /** Running maximum of each output over the key's steps, or null if the readout does not need it. */
    public float[] readout;
    /**
     * Set by the operator once this object is known to fit its model (checked after a restore, or made by
     * the operator itself), so that a state kept on the heap is checked once, not at every step. Not
     * serialized: a state read from a snapshot or from RocksDB is checked again.
     */
    transient boolean fits;

    /** A state with the given contents (arrays used as they are). */
    public KeyState(long steps, float[][][] layers, float[] readout) {
        this.steps = steps;
        this.layers = layers;
        this.readout = readout;
    }

    /** A deep copy. */
    public KeyState copy() {
        float[][][] l = new float[layers.length][][];
        for (int k = 0; k < layers.length; k++) {
            if (layers[k] != null) {
                l[k] = new float[layers[k].length][];
                for (int f = 0; f < layers[k].length; f++) {
                    l[k][f] = layers[k][f].clone();
                }
            }
        }
        return new KeyState(steps, l, readout == null ? null : readout.clone());
    }

    /** The array lengths, per layer ({@code null} for a stateless layer), as text for messages. */
    public String layout() {
        StringBuilder b = new StringBuilder("[");
        for (int k = 0; k < layers.length; k++) {
            if (k > 0) {
                b.append(", ");
            }
            if (layers[k] == null) {
                b.append("-");
            } else {
                int[] n = new int[layers[k].length];
                for (int f = 0; f < n.length; f++) {
                    n[f] = layers[k][f].length;
                }
                b.append(Arrays.toString(n));
            }
        }
        return b.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyState s && steps == s.steps && Arrays.deepEquals(layers, s.layers)
                && Arrays.equals(readout, s.readout);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(steps) * 31 + Arrays.deepHashCode(layers);
    }

    @Override
    public String toString() {
        return "KeyState(steps=" + steps + ", arrays=" + layout() + (readout != null ? ", readout " + readout.length : "") + ")";
    }
}
