package io.snn4j.module;

import io.snn4j.functional.LIFAdExModel;
import io.snn4j.functional.LIFAdExParameters;
import io.snn4j.functional.LIFAdExFeedForwardState;

/**
 * Norse's {@code LIFAdExCell}: one step of an adaptive exponential LIF population; output spikes; default {@code v = v_leak, i = a = 0}. Any input shape; state {@link LIFAdExFeedForwardState}. See {@link SNNCell}.
 */
public final class LIFAdExCell extends SNNCell<LIFAdExParameters, LIFAdExFeedForwardState> {
    /** Default parameters, dt = 1 ms. */
    public LIFAdExCell() {
        this(LIFAdExParameters.DEFAULT, DEFAULT_DT);
    }

    /** The given parameters and time step (seconds). */
    public LIFAdExCell(LIFAdExParameters p, double dt) {
        super("LIFAdExCell", LIFAdExModel.FEED_FORWARD, LIFAdExModel::feedForwardState, p, dt);
    }
}
