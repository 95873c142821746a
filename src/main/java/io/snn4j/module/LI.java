package io.snn4j.module;

import io.snn4j.functional.LIModel;
import io.snn4j.functional.LIParameters;
import io.snn4j.functional.LIState;

/**
 * Norse's {@code LI}: a leaky-integrator population over a time-first sequence {@code (T, ...)}; the
 * output is the voltage of every step; state {@link LIState} of shape {@code x.shape[1:]}, default
 * {@code v = v_leak, i = 0}. See {@link SNN}.
 */
public final class LI extends SNN<LIParameters, LIState> {
    /** Default parameters, dt = 1 ms, no state recording. */
    public LI() {
        this(LIParameters.DEFAULT, DEFAULT_DT, false);
    }

    /** The given parameters and time step (seconds), no state recording. */
    public LI(LIParameters p, double dt) {
        this(p, dt, false);
    }

    /** The given parameters, time step (seconds) and state recording. */
    public LI(LIParameters p, double dt, boolean recordStates) {
        super("LI", LIModel.FEED_FORWARD, LIModel::defaultState, p, dt, recordStates);
    }
}
