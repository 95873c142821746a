package io.snn4j.functional;

/**
 * State of an integrate-and-fire population (Norse {@code IAFFeedForwardState}); flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class IAFFeedForwardState extends NeuronState {
    /** Membrane voltage. */
    public final float[] v;

    /** A zero state of the given shape. */
    public IAFFeedForwardState(int... shape) {
        super(shape, "v");
        v = buffer(0);
    }

    @Override
    public IAFFeedForwardState newLike(int[] shape) {
        return new IAFFeedForwardState(shape);
    }

    @Override
    public IAFFeedForwardState copy() {
        return (IAFFeedForwardState) super.copy();
    }
}
