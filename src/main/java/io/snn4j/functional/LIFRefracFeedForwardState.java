package io.snn4j.functional;

/**
 * State of a feed-forward LIF population with a refractory period (Norse {@code LIFRefracFeedForwardState(lif, rho)}, flattened to {@code lif.v, lif.i, rho}); flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class LIFRefracFeedForwardState extends NeuronState {
    /** Membrane voltage ({@code lif.v}). */
    public final float[] v;
    /** Synaptic input current ({@code lif.i}). */
    public final float[] i;
    /** Refractory counter, in steps (0: not refractory). */
    public final float[] rho;

    /** A zero state of the given shape. */
    public LIFRefracFeedForwardState(int... shape) {
        super(shape, "lif.v", "lif.i", "rho");
        v = buffer(0);
        i = buffer(1);
        rho = buffer(2);
    }

    @Override
    public LIFRefracFeedForwardState newLike(int[] shape) {
        return new LIFRefracFeedForwardState(shape);
    }

    @Override
    public LIFRefracFeedForwardState copy() {
        return (LIFRefracFeedForwardState) super.copy();
    }
}
