package io.snn4j.functional;

/**
 * State of a feed-forward adaptive exponential LIF population (Norse {@code LIFAdExFeedForwardState}); flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class LIFAdExFeedForwardState extends NeuronState {
    /** Membrane voltage. */
    public final float[] v;
    /** Synaptic input current. */
    public final float[] i;
    /** Adaptation current. */
    public final float[] a;

    /** A zero state of the given shape. */
    public LIFAdExFeedForwardState(int... shape) {
        super(shape, "v", "i", "a");
        v = buffer(0);
        i = buffer(1);
        a = buffer(2);
    }

    @Override
    public LIFAdExFeedForwardState newLike(int[] shape) {
        return new LIFAdExFeedForwardState(shape);
    }

    @Override
    public LIFAdExFeedForwardState copy() {
        return (LIFAdExFeedForwardState) super.copy();
    }
}
