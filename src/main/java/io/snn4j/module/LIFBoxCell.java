package io.snn4j.module;

import io.snn4j.functional.BoxModels;
import io.snn4j.functional.LIFBoxParameters;
import io.snn4j.functional.LIFBoxFeedForwardState;

/**
 * Norse's {@code LIFBoxCell}: one step of a LIF population without synaptic current (input drives the voltage); output spikes; default {@code v = v_leak}. Any input shape; state {@link LIFBoxFeedForwardState}. See {@link SNNCell}.
 */
public final class LIFBoxCell extends SNNCell<LIFBoxParameters, LIFBoxFeedForwardState> {
    /** Default parameters, dt = 1 ms. */
    public LIFBoxCell() {
        this(LIFBoxParameters.DEFAULT, DEFAULT_DT);
    }

    /** The given parameters and time step (seconds). */
    public LIFBoxCell(LIFBoxParameters p, double dt) {
        super("LIFBoxCell", BoxModels.LIF_BOX, BoxModels::lifBoxState, p, dt);
    }
}
