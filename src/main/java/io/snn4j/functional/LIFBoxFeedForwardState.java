package io.snn4j.functional;

/**
 * State of a feed-forward LIF box population (Norse {@code LIFBoxFeedForwardState}): membrane voltage only, no synaptic current; flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class LIFBoxFeedForwardState extends NeuronState {
    /** Membrane voltage. */
    public final float[] v;

    /** A zero state of the given shape. */
    public LIFBoxFeedForwardState(int... shape) {
        super(shape, "v");
        v = buffer(0);
    }

    @Override
    public LIFBoxFeedForwardState newLike(int[] shape) {
        return new LIFBoxFeedForwardState(shape);
    }

    @Override
    public LIFBoxFeedForwardState copy() {
        return (LIFBoxFeedForwardState) super.copy();
    }
}
