package io.snn4j.functional;

/**
 * State of a recurrent LIF population (Norse {@code LIFState}): the spikes of the last step {@code z}
 * (which feed back through the recurrent weights), membrane voltage {@code v} and synaptic current
 * {@code i}; flat arrays in row-major order of {@link #shape()} (typically {@code (B, H)}). Not
 * thread-safe.
 */
public final class LIFState extends NeuronState {
    /** Spikes of the last step (0 or 1). */
    public final float[] z;
    /** Membrane voltage. */
    public final float[] v;
    /** Synaptic input current. */
    public final float[] i;

    /** A zero state of the given shape. */
    public LIFState(int... shape) {
        super(shape, "z", "v", "i");
        z = buffer(0);
        v = buffer(1);
        i = buffer(2);
    }

    @Override
    public LIFState newLike(int[] shape) {
        return new LIFState(shape);
    }

    @Override
    public LIFState copy() {
        return (LIFState) super.copy();
    }
}
