package io.snn4j.functional;

/**
 * State of a feed-forward conductance-based LIF population (Norse {@code CobaLIFFeedForwardState}); flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class CobaLIFFeedForwardState extends NeuronState {
    /** Membrane voltage. */
    public final float[] v;
    /** Excitatory conductance ({@code g_e}). */
    public final float[] gE;
    /** Inhibitory conductance ({@code g_i}). */
    public final float[] gI;

    /** A zero state of the given shape. */
    public CobaLIFFeedForwardState(int... shape) {
        super(shape, "v", "g_e", "g_i");
        v = buffer(0);
        gE = buffer(1);
        gI = buffer(2);
    }

    @Override
    public CobaLIFFeedForwardState newLike(int[] shape) {
        return new CobaLIFFeedForwardState(shape);
    }

    @Override
    public CobaLIFFeedForwardState copy() {
        return (CobaLIFFeedForwardState) super.copy();
    }
}
