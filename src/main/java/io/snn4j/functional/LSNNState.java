package io.snn4j.functional;

/**
 * State of a recurrent LSNN population (Norse {@code LSNNState}); flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class LSNNState extends NeuronState {
    /** Spikes of the last step. */
    public final float[] z;
    /** Membrane voltage. */
    public final float[] v;
    /** Synaptic input current. */
    public final float[] i;
    /** The adaptive threshold itself (starts at {@code v_th}). */
    public final float[] b;

    /** A zero state of the given shape. */
    public LSNNState(int... shape) {
        super(shape, "z", "v", "i", "b");
        z = buffer(0);
        v = buffer(1);
        i = buffer(2);
        b = buffer(3);
    }

    @Override
    public LSNNState newLike(int[] shape) {
        return new LSNNState(shape);
    }

    @Override
    public LSNNState copy() {
        return (LSNNState) super.copy();
    }
}
