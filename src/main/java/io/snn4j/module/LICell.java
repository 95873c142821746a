package io.snn4j.module;

import io.snn4j.functional.LIModel;
import io.snn4j.functional.LIParameters;
import io.snn4j.functional.LIState;

/**
 * Norse's {@code LICell}: one step of a leaky-integrator population. Input: the input current of one
 * step, any shape; output: the membrane voltage, same shape; state {@link LIState}, default
 * {@code v = v_leak, i = 0}. See {@link SNNCell}.
 */
public final class LICell extends SNNCell<LIParameters, LIState> {
    /** Default parameters, dt = 1 ms. */
    public LICell() {
        this(LIParameters.DEFAULT, DEFAULT_DT);
    }

    /** The given parameters and time step (seconds). */
    public LICell(LIParameters p, double dt) {
        super("LICell", LIModel.FEED_FORWARD, LIModel::defaultState, p, dt);
    }
}
