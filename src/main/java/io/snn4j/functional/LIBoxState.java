package io.snn4j.functional;

/**
 * State of a leaky-integrator box population (Norse {@code LIBoxState}): membrane voltage only; flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class LIBoxState extends NeuronState {
    /** Membrane voltage (also the output). */
    public final float[] v;

    /** A zero state of the given shape. */
    public LIBoxState(int... shape) {
        super(shape, "v");
        v = buffer(0);
    }

    @Override
    public LIBoxState newLike(int[] shape) {
        return new LIBoxState(shape);
    }

    @Override
    public LIBoxState copy() {
        return (LIBoxState) super.copy();
    }
}
