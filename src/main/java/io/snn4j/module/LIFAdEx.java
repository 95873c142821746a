package io.snn4j.module;

import io.snn4j.functional.LIFAdExModel;
import io.snn4j.functional.LIFAdExParameters;
import io.snn4j.functional.LIFAdExFeedForwardState;

/**
 * Norse's {@code LIFAdEx}: an adaptive exponential LIF population; output spikes; default {@code v = v_leak, i = a = 0}, over a time-first sequence {@code (T, ...)}; state {@link LIFAdExFeedForwardState} of
 * shape {@code x.shape[1:]}. See {@link SNN}.
 */
public final class LIFAdEx extends SNN<LIFAdExParameters, LIFAdExFeedForwardState> {
    /** Default parameters, dt = 1 ms, no state recording. */
    public LIFAdEx() {
        this(LIFAdExParameters.DEFAULT, DEFAULT_DT, false);
    }

    /** The given parameters and time step (seconds), no state recording. */
    public LIFAdEx(LIFAdExParameters p, double dt) {
        this(p, dt, false);
    }

    /** The given parameters, time step (seconds) and state recording. */
    public LIFAdEx(LIFAdExParameters p, double dt, boolean recordStates) {
        super("LIFAdEx", LIFAdExModel.FEED_FORWARD, LIFAdExModel::feedForwardState, p, dt, recordStates);
    }
}
