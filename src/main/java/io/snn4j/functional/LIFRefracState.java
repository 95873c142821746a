package io.snn4j.functional;

/**
 * State of a recurrent LIF population with a refractory period (Norse {@code LIFRefracState(lif, rho)}, flattened to {@code lif.z, lif.v, lif.i, rho}); flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class LIFRefracState extends NeuronState {
    /** Spikes of the last step ({@code lif.z}). */
    public final float[] z;
    /** Membrane voltage ({@code lif.v}). */
    public final float[] v;
    /** Synaptic input current ({@code lif.i}). */
    public final float[] i;
    /** Refractory counter, in steps (0: not refractory). */
    public final float[] rho;

    /** A zero state of the given shape. */
    public LIFRefracState(int... shape) {
        super(shape, "lif.z", "lif.v", "lif.i", "rho");
        z = buffer(0);
        v = buffer(1);
        i = buffer(2);
        rho = buffer(3);
    }

    @Override
    public LIFRefracState newLike(int[] shape) {
        return new LIFRefracState(shape);
    }

    @Override
    public LIFRefracState copy() {
        return (LIFRefracState) super.copy();
    }
}
