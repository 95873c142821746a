package io.snn4j.module;

import io.snn4j.functional.IAFModel;
import io.snn4j.functional.IAFParameters;
import io.snn4j.functional.IAFFeedForwardState;

/**
 * Norse's {@code IAF}: an integrate-and-fire population ({@code v += x}, dt unused); output spikes; default {@code v = v_reset}, over a time-first sequence {@code (T, ...)}; state {@link IAFFeedForwardState} of
 * shape {@code x.shape[1:]}. See {@link SNN}.
 */
public final class IAF extends SNN<IAFParameters, IAFFeedForwardState> {
    /** Default parameters, dt = 1 ms, no state recording. */
    public IAF() {
        this(IAFParameters.DEFAULT, DEFAULT_DT, false);
    }

    /** The given parameters and time step (seconds), no state recording. */
    public IAF(IAFParameters p, double dt) {
        this(p, dt, false);
    }

    /** The given parameters, time step (seconds) and state recording. */
    public IAF(IAFParameters p, double dt, boolean recordStates) {
        super("IAF", IAFModel.FEED_FORWARD, IAFModel::defaultState, p, dt, recordStates);
    }
}
