package io.snn4j.functional;

/**
 * State of a feed-forward exponential LIF population (Norse {@code LIFExFeedForwardState}); flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class LIFExFeedForwardState extends NeuronState {
    /** Membrane voltage. */
    public final float[] v;
    /** Synaptic input current. */
    public final float[] i;

    /** A zero state of the given shape. */
    public LIFExFeedForwardState(int... shape) {
        super(shape, "v", "i");
        v = buffer(0);
        i = buffer(1);
    }

    @Override
    public LIFExFeedForwardState newLike(int[] shape) {
        return new LIFExFeedForwardState(shape);
    }

    @Override
    public LIFExFeedForwardState copy() {
        return (LIFExFeedForwardState) super.copy();
    }
}
