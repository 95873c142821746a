package io.snn4j.module;

import io.snn4j.functional.IzhikevichModel;
import io.snn4j.functional.IzhikevichParameters;
import io.snn4j.functional.IzhikevichSpikingBehavior;
import io.snn4j.functional.IzhikevichState;

/**
 * Norse's {@code IzhikevichCell}: one step of an Izhikevich population of a given behaviour (for example
 * {@code IzhikevichSpikingBehavior.preset("tonic_spiking")}); the default state is the behaviour's
 * {@code (v0, u0)} (a fresh state, not a shared global as in Norse). See {@link SNNCell}.
 */
public final class IzhikevichCell extends SNNCell<IzhikevichParameters, IzhikevichState> {
    /** The behaviour, dt = 1 ms. */
    public IzhikevichCell(IzhikevichSpikingBehavior behavior) {
        this(behavior, DEFAULT_DT);
    }

    /** The behaviour and time step (seconds). */
    public IzhikevichCell(IzhikevichSpikingBehavior behavior, double dt) {
        super("IzhikevichCell", IzhikevichModel.FEED_FORWARD, (p, shape) -> IzhikevichModel.state(behavior, shape),
                requireBehavior(behavior).p(), dt);
    }

    static IzhikevichSpikingBehavior requireBehavior(IzhikevichSpikingBehavior b) {
        if (b == null) {
            throw new IllegalArgumentException("the Izhikevich spiking behaviour is null");
        }
        return b;
    }
}
