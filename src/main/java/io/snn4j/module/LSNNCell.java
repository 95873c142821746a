package io.snn4j.module;

import io.snn4j.functional.LSNNModel;
import io.snn4j.functional.LSNNParameters;
import io.snn4j.functional.LSNNFeedForwardState;

/**
 * Norse's {@code LSNNCell}: one step of an LSNN (adaptive-threshold) population, input arriving one step late as in Norse; output spikes; default {@code v = v_leak, i = 0, b = v_th}. Any input shape; state {@link LSNNFeedForwardState}. See {@link SNNCell}.
 */
public final class LSNNCell extends SNNCell<LSNNParameters, LSNNFeedForwardState> {
    /** Default parameters, dt = 1 ms. */
    public LSNNCell() {
        this(LSNNParameters.DEFAULT, DEFAULT_DT);
    }

    /** The given parameters and time step (seconds). */
    public LSNNCell(LSNNParameters p, double dt) {
        super("LSNNCell", LSNNModel.FEED_FORWARD, LSNNModel::feedForwardState, p, dt);
    }
}
