package io.snn4j.module;

import io.snn4j.functional.LSNNModel;
import io.snn4j.functional.LSNNParameters;
import io.snn4j.functional.LSNNFeedForwardState;

/**
 * Norse's {@code LSNN}: an LSNN (adaptive-threshold) population, input arriving one step late as in Norse; output spikes; default {@code v = v_leak, i = 0, b = v_th}, over a time-first sequence {@code (T, ...)}; state {@link LSNNFeedForwardState} of
 * shape {@code x.shape[1:]}. See {@link SNN}.
 */
public final class LSNN extends SNN<LSNNParameters, LSNNFeedForwardState> {
    /** Default parameters, dt = 1 ms, no state recording. */
    public LSNN() {
        this(LSNNParameters.DEFAULT, DEFAULT_DT, false);
    }

    /** The given parameters and time step (seconds), no state recording. */
    public LSNN(LSNNParameters p, double dt) {
        this(p, dt, false);
    }

    /** The given parameters, time step (seconds) and state recording. */
    public LSNN(LSNNParameters p, double dt, boolean recordStates) {
        super("LSNN", LSNNModel.FEED_FORWARD, LSNNModel::feedForwardState, p, dt, recordStates);
    }
}
