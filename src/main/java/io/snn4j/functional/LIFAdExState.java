package io.snn4j.functional;

/**
 * State of a recurrent adaptive exponential LIF population (Norse {@code LIFAdExState}); flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class LIFAdExState extends NeuronState {
    /** Spikes of the last step. */
    public final float[] z;
    /** Membrane voltage. */
    public final float[] v;
    /** Synaptic input current. */
    public final float[] i;
    /** Adaptation current. */
    public final float[] a;

    /** A zero state of the given shape. */
    public LIFAdExState(int... shape) {
        super(shape, "z", "v", "i", "a");
        z = buffer(0);
        v = buffer(1);
        i = buffer(2);
        a = buffer(3);
    }

    @Override
    public LIFAdExState newLike(int[] shape) {
        return new LIFAdExState(shape);
    }

    @Override
    public LIFAdExState copy() {
        return (LIFAdExState) super.copy();
    }
}
