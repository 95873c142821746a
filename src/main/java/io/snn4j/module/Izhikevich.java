package io.snn4j.module;

import io.snn4j.functional.IzhikevichModel;
import io.snn4j.functional.IzhikevichParameters;
import io.snn4j.functional.IzhikevichSpikingBehavior;
import io.snn4j.functional.IzhikevichState;

/**
 * Norse's {@code Izhikevich}: an Izhikevich population of a given behaviour over a time-first sequence;
 * default state the behaviour's {@code (v0, u0)}. See {@link SNN}.
 */
public final class Izhikevich extends SNN<IzhikevichParameters, IzhikevichState> {
    /** The behaviour, dt = 1 ms, no state recording. */
    public Izhikevich(IzhikevichSpikingBehavior behavior) {
        this(behavior, DEFAULT_DT, false);
    }

    /** The behaviour, time step (seconds) and state recording. */
    public Izhikevich(IzhikevichSpikingBehavior behavior, double dt, boolean recordStates) {
        super("Izhikevich", IzhikevichModel.FEED_FORWARD, (p, shape) -> IzhikevichModel.state(behavior, shape),
                IzhikevichCell.requireBehavior(behavior).p(), dt, recordStates);
    }
}
