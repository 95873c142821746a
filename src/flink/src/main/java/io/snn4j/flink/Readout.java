package io.snn4j.flink;

import java.io.Serializable;

/**
 * What the operator emits for each step, chosen by the user: the spikes of a layer as indices, the
 * network's output values (for example an LI layer's voltages), or a decoded class with its score, either
 * of the step's output alone or of each output's maximum over all the key's steps so far (the decoder of
 * Norse's digits tutorial: after the T steps of a sample it is the network's prediction). Immutable and
 * thread-safe.
 */
public final class Readout implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The kinds of readout. */
    public enum Kind {
        /** Indices of the non-zero outputs of one layer ({@link StepOutput#spikes}). */
        SPIKES,
        /** The network's output values ({@link StepOutput#values}). */
        VALUES,
        /** The index of the largest output value of this step, and that value. */
        CLASS_OF_STEP,
        /** The index of the largest per-output maximum over the key's steps so far, and that maximum. */
        CLASS_MAX_OVER_TIME
    }

    private final Kind kind;
    private final int layer;

    private Readout(Kind kind, int layer) {
        this.kind = kind;
        this.layer = layer;
    }

    /** Spike indices of the network's output (its last layer). */
    public static Readout spikes() {
        return new Readout(Kind.SPIKES, -1);
    }

    /** Spike indices of the output of layer {@code layer} (0-based, as in the network's layer list). */
    public static Readout spikes(int layer) {
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0, got " + layer);
        }
        return new Readout(Kind.SPIKES, layer);
    }

    /** The network's output values. */
    public static Readout values() {
        return new Readout(Kind.VALUES, -1);
    }

    /** The class with the largest output at this step, and its output value. */
    public static Readout classOfStep() {
        return new Readout(Kind.CLASS_OF_STEP, -1);
    }

    /** The class whose output's maximum over the key's steps so far is largest, and that maximum. */
    public static Readout classMaxOverTime() {
        return new Readout(Kind.CLASS_MAX_OVER_TIME, -1);
    }

    /** The kind. */
    public Kind kind() {
        return kind;
    }

    /** For {@link Kind#SPIKES}: the layer read, or -1 for the last layer; else -1. */
    public int layer() {
        return layer;
    }

    @Override
    public String toString() {
        return kind + (layer >= 0 ? "(layer " + layer + ")" : "");
    }
}
