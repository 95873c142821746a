package io.snn4j.functional;

/**
 * State of a leaky-integrator population (Norse {@code LIState}): voltage {@code v} and current
 * {@code i}, flat in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class LIState extends NeuronState {
    /** Membrane voltage (also the output). */
    public final float[] v;
    /** Synaptic input current. */
    public final float[] i;

    /** A zero state of the given shape. */
    public LIState(int... shape) {
        super(shape, "v", "i");
        v = buffer(0);
        i = buffer(1);
    }

    @Override
    public LIState newLike(int[] shape) {
        return new LIState(shape);
    }

    @Override
    public LIState copy() {
        return (LIState) super.copy();
    }
}
