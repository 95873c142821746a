package io.snn4j.module;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.functional.LIFModel;
import io.snn4j.functional.LIFParameters;

/**
 * Norse's {@code LIFCell}: one step of a feed-forward leaky integrate-and-fire population. Input: the
 * input current of one time step, any shape (typically {@code (B, N)}); output: spikes (0/1) of the same
 * shape; state: {@link LIFFeedForwardState}, default {@code v = v_leak, i = 0}. See {@link SNNCell}.
 */
public final class LIFCell extends SNNCell<LIFParameters, LIFFeedForwardState> {
    /** Default parameters, dt = 1 ms. */
    public LIFCell() {
        this(LIFParameters.DEFAULT, DEFAULT_DT);
    }

    /** The given parameters and time step (seconds). */
    public LIFCell(LIFParameters p, double dt) {
        super("LIFCell", LIFModel.FEED_FORWARD, LIFModel::defaultFeedForwardState, p, dt);
    }
}
