package io.snn4j.functional;

/**
 * State of a recurrent conductance-based LIF population (Norse {@code CobaLIFState}); flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class CobaLIFState extends NeuronState {
    /** Spikes of the last step. */
    public final float[] z;
    /** Membrane voltage. */
    public final float[] v;
    /** Excitatory conductance ({@code g_e}). */
    public final float[] gE;
    /** Inhibitory conductance ({@code g_i}). */
    public final float[] gI;

    /** A zero state of the given shape. */
    public CobaLIFState(int... shape) {
        super(shape, "z", "v", "g_e", "g_i");
        z = buffer(0);
        v = buffer(1);
        gE = buffer(2);
        gI = buffer(3);
    }

    @Override
    public CobaLIFState newLike(int[] shape) {
        return new CobaLIFState(shape);
    }

    @Override
    public CobaLIFState copy() {
        return (CobaLIFState) super.copy();
    }
}
