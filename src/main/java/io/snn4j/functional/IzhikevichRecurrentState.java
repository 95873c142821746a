package io.snn4j.functional;

/**
 * State of a recurrent Izhikevich population (Norse {@code IzhikevichRecurrentState}); flat arrays in row-major order of {@link #shape()}. Not thread-safe.
 */
public final class IzhikevichRecurrentState extends NeuronState {
    /** Spikes of the last step. */
    public final float[] z;
    /** Membrane voltage (mV). */
    public final float[] v;
    /** Recovery variable. */
    public final float[] u;

    /** A zero state of the given shape. */
    public IzhikevichRecurrentState(int... shape) {
        super(shape, "z", "v", "u");
        z = buffer(0);
        v = buffer(1);
        u = buffer(2);
    }

    @Override
    public IzhikevichRecurrentState newLike(int[] shape) {
        return new IzhikevichRecurrentState(shape);
    }

    @Override
    public IzhikevichRecurrentState copy() {
        return (IzhikevichRecurrentState) super.copy();
    }
}
