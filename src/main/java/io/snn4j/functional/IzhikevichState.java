package io.snn4j.functional;

/**
 * State of an Izhikevich population (Norse {@code IzhikevichState}): voltage {@code v} (mV) and recovery {@code u}; flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class IzhikevichState extends NeuronState {
    /** Membrane voltage (mV). */
    public final float[] v;
    /** Recovery variable. */
    public final float[] u;

    /** A zero state of the given shape. */
    public IzhikevichState(int... shape) {
        super(shape, "v", "u");
        v = buffer(0);
        u = buffer(1);
    }

    @Override
    public IzhikevichState newLike(int[] shape) {
        return new IzhikevichState(shape);
    }

    @Override
    public IzhikevichState copy() {
        return (IzhikevichState) super.copy();
    }
}
