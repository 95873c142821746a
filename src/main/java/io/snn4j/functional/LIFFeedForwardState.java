package io.snn4j.functional;

/**
 * State of a feed-forward LIF population (Norse {@code LIFFeedForwardState}): membrane voltage {@code v}
 * and synaptic current {@code i}, flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class LIFFeedForwardState extends NeuronState {
    /** Membrane voltage. */
    public final float[] v;
    /** Synaptic input current. */
    public final float[] i;

    /** A zero state of the given shape. */
    public LIFFeedForwardState(int... shape) {
        super(shape, "v", "i");
        v = buffer(0);
        i = buffer(1);
    }

    @Override
    public LIFFeedForwardState newLike(int[] shape) {
        return new LIFFeedForwardState(shape);
    }

    @Override
    public LIFFeedForwardState copy() {
        return (LIFFeedForwardState) super.copy();
    }
}
