package io.snn4j.functional;

/**
 * State of a feed-forward adaptive exponential LIF population with a refractory period (Norse {@code LIFAdExRefracFeedForwardState(lif_adex, rho)}, flattened); flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class LIFAdExRefracFeedForwardState extends NeuronState {
    /** Membrane voltage. */
    public final float[] v;
    /** Synaptic input current. */
    public final float[] i;
    /** Adaptation current. */
    public final float[] a;
    /** Refractory counter, in steps. */
    public final float[] rho;

    /** A zero state of the given shape. */
    public LIFAdExRefracFeedForwardState(int... shape) {
        super(shape, "lif_adex.v", "lif_adex.i", "lif_adex.a", "rho");
        v = buffer(0);
        i = buffer(1);
        a = buffer(2);
        rho = buffer(3);
    }

    @Override
    public LIFAdExRefracFeedForwardState newLike(int[] shape) {
        return new LIFAdExRefracFeedForwardState(shape);
    }

    @Override
    public LIFAdExRefracFeedForwardState copy() {
        return (LIFAdExRefracFeedForwardState) super.copy();
    }
}
