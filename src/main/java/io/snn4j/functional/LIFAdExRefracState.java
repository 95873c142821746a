package io.snn4j.functional;

/**
 * State of a recurrent adaptive exponential LIF population with a refractory period (Norse {@code LIFAdExRefracState(lif_adex, rho)}, flattened); flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class LIFAdExRefracState extends NeuronState {
    /** Spikes of the last step. */
    public final float[] z;
    /** Membrane voltage. */
    public final float[] v;
    /** Synaptic input current. */
    public final float[] i;
    /** Adaptation current. */
    public final float[] a;
    /** Refractory counter, in steps. */
    public final float[] rho;

    /** A zero state of the given shape. */
    public LIFAdExRefracState(int... shape) {
        super(shape, "lif_adex.z", "lif_adex.v", "lif_adex.i", "lif_adex.a", "rho");
        z = buffer(0);
        v = buffer(1);
        i = buffer(2);
        a = buffer(3);
        rho = buffer(4);
    }

    @Override
    public LIFAdExRefracState newLike(int[] shape) {
        return new LIFAdExRefracState(shape);
    }

    @Override
    public LIFAdExRefracState copy() {
        return (LIFAdExRefracState) super.copy();
    }
}
