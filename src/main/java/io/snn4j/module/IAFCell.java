package io.snn4j.module;

import io.snn4j.functional.IAFModel;
import io.snn4j.functional.IAFParameters;
import io.snn4j.functional.IAFFeedForwardState;

/**
 * Norse's {@code IAFCell}: one step of an integrate-and-fire population ({@code v += x}, dt unused); output spikes; default {@code v = v_reset}. Any input shape; state {@link IAFFeedForwardState}. See {@link SNNCell}.
 */
public final class IAFCell extends SNNCell<IAFParameters, IAFFeedForwardState> {
    /** Default parameters, dt = 1 ms. */
    public IAFCell() {
        this(IAFParameters.DEFAULT, DEFAULT_DT);
    }

    /** The given parameters and time step (seconds). */
    public IAFCell(IAFParameters p, double dt) {
        super("IAFCell", IAFModel.FEED_FORWARD, IAFModel::defaultState, p, dt);
    }
}
