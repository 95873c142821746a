package io.snn4j.functional;

/**
 * State of a recurrent exponential LIF population (Norse {@code LIFExState}); flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class LIFExState extends NeuronState {
    /** Spikes of the last step. */
    public final float[] z;
    /** Membrane voltage. */
    public final float[] v;
    /** Synaptic input current. */
    public final float[] i;

    /** A zero state of the given shape. */
    public LIFExState(int... shape) {
        super(shape, "z", "v", "i");
        z = buffer(0);
        v = buffer(1);
        i = buffer(2);
    }

    @Override
    public LIFExState newLike(int[] shape) {
        return new LIFExState(shape);
    }

    @Override
    public LIFExState copy() {
        return (LIFExState) super.copy();
    }
}
