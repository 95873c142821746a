package io.snn4j.module;

import io.snn4j.functional.LIFAdExModel;
import io.snn4j.functional.LIFAdExRefracFeedForwardState;
import io.snn4j.functional.LIFAdExRefracParameters;

/**
 * Norse's {@code LIFAdExRefracCell}: one step of an adaptive exponential LIF population with an absolute
 * refractory period; state {@link LIFAdExRefracFeedForwardState}, default {@code v = v_leak}, the rest 0.
 * With {@link Compatibility#FIXED} (default) only emitted spikes add {@code adaptation_spike}; with
 * {@link Compatibility#NORSE} a threshold crossing suppressed by refractoriness adapts too, as in Norse.
 * See {@link SNNCell}.
 */
public final class LIFAdExRefracCell extends SNNCell<LIFAdExRefracParameters, LIFAdExRefracFeedForwardState> {
    /** Default parameters, dt = 1 ms, fixed behaviour. */
    public LIFAdExRefracCell() {
        this(LIFAdExRefracParameters.DEFAULT, DEFAULT_DT, Compatibility.FIXED);
    }

    /** The given parameters, time step (seconds) and compatibility mode. */
    public LIFAdExRefracCell(LIFAdExRefracParameters p, double dt, Compatibility mode) {
        super("LIFAdExRefracCell", mode == Compatibility.NORSE ? LIFAdExModel.REFRAC_FEED_FORWARD_NORSE
                : LIFAdExModel.REFRAC_FEED_FORWARD, LIFAdExModel::refracFeedForwardState, p, dt);
    }
}
