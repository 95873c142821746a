package io.snn4j.module;

import io.snn4j.functional.BoxModels;
import io.snn4j.functional.LIFBoxParameters;
import io.snn4j.functional.LIFBoxFeedForwardState;

/**
 * Norse's {@code LIFBox}: a LIF population without synaptic current (input drives the voltage); output spikes; default {@code v = v_leak}, over a time-first sequence {@code (T, ...)}; state {@link LIFBoxFeedForwardState} of
 * shape {@code x.shape[1:]}. See {@link SNN}.
 */
public final class LIFBox extends SNN<LIFBoxParameters, LIFBoxFeedForwardState> {
    /** Default parameters, dt = 1 ms, no state recording. */
    public LIFBox() {
        this(LIFBoxParameters.DEFAULT, DEFAULT_DT, false);
    }

    /** The given parameters and time step (seconds), no state recording. */
    public LIFBox(LIFBoxParameters p, double dt) {
        this(p, dt, false);
    }

    /** The given parameters, time step (seconds) and state recording. */
    public LIFBox(LIFBoxParameters p, double dt, boolean recordStates) {
        super("LIFBox", BoxModels.LIF_BOX, BoxModels::lifBoxState, p, dt, recordStates);
    }
}
