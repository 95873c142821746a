package io.snn4j.functional;

/**
 * State of a feed-forward LSNN population (Norse {@code LSNNFeedForwardState}): voltage, current and adaptive threshold {@code b}; flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class LSNNFeedForwardState extends NeuronState {
    /** Membrane voltage. */
    public final float[] v;
    /** Synaptic input current. */
    public final float[] i;
    /** The adaptive threshold itself (starts at {@code v_th}). */
    public final float[] b;

    /** A zero state of the given shape. */
    public LSNNFeedForwardState(int... shape) {
        super(shape, "v", "i", "b");
        v = buffer(0);
        i = buffer(1);
        b = buffer(2);
    }

    @Override
    public LSNNFeedForwardState newLike(int[] shape) {
        return new LSNNFeedForwardState(shape);
    }

    @Override
    public LSNNFeedForwardState copy() {
        return (LSNNFeedForwardState) super.copy();
    }
}
