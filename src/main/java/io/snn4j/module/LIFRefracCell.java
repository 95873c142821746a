package io.snn4j.module;

import io.snn4j.functional.LIFRefracModel;
import io.snn4j.functional.LIFRefracParameters;
import io.snn4j.functional.LIFRefracFeedForwardState;

/**
 * Norse's {@code LIFRefracCell}: one step of a LIF population with an absolute refractory period ({@code rho_reset} steps); output spikes; default {@code v = v_leak}, the rest 0. Any input shape; state {@link LIFRefracFeedForwardState}. See {@link SNNCell}.
 */
public final class LIFRefracCell extends SNNCell<LIFRefracParameters, LIFRefracFeedForwardState> {
    /** Default parameters, dt = 1 ms. */
    public LIFRefracCell() {
        this(LIFRefracParameters.DEFAULT, DEFAULT_DT);
    }

    /** The given parameters and time step (seconds). */
    public LIFRefracCell(LIFRefracParameters p, double dt) {
        super("LIFRefracCell", LIFRefracModel.FEED_FORWARD, LIFRefracModel::feedForwardState, p, dt);
    }
}
