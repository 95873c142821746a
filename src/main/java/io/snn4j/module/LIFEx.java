package io.snn4j.module;

import io.snn4j.functional.LIFExModel;
import io.snn4j.functional.LIFExParameters;
import io.snn4j.functional.LIFExFeedForwardState;

/**
 * Norse's {@code LIFEx}: an exponential LIF population; output spikes; default {@code v = v_leak, i = 0}, over a time-first sequence {@code (T, ...)}; state {@link LIFExFeedForwardState} of
 * shape {@code x.shape[1:]}. See {@link SNN}.
 */
public final class LIFEx extends SNN<LIFExParameters, LIFExFeedForwardState> {
    /** Default parameters, dt = 1 ms, no state recording. */
    public LIFEx() {
        this(LIFExParameters.DEFAULT, DEFAULT_DT, false);
    }

    /** The given parameters and time step (seconds), no state recording. */
    public LIFEx(LIFExParameters p, double dt) {
        this(p, dt, false);
    }

    /** The given parameters, time step (seconds) and state recording. */
    public LIFEx(LIFExParameters p, double dt, boolean recordStates) {
        super("LIFEx", LIFExModel.FEED_FORWARD, LIFExModel::feedForwardState, p, dt, recordStates);
    }
}
