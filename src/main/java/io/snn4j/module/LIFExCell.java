package io.snn4j.module;

import io.snn4j.functional.LIFExModel;
import io.snn4j.functional.LIFExParameters;
import io.snn4j.functional.LIFExFeedForwardState;

/**
 * Norse's {@code LIFExCell}: one step of an exponential LIF population; output spikes; default {@code v = v_leak, i = 0}. Any input shape; state {@link LIFExFeedForwardState}. See {@link SNNCell}.
 */
public final class LIFExCell extends SNNCell<LIFExParameters, LIFExFeedForwardState> {
    /** Default parameters, dt = 1 ms. */
    public LIFExCell() {
        this(LIFExParameters.DEFAULT, DEFAULT_DT);
    }

    /** The given parameters and time step (seconds). */
    public LIFExCell(LIFExParameters p, double dt) {
        super("LIFExCell", LIFExModel.FEED_FORWARD, LIFExModel::feedForwardState, p, dt);
    }
}
