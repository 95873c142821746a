package io.snn4j.module;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.functional.LIFModel;
import io.snn4j.functional.LIFParameters;

/**
 * Norse's {@code LIF}: a feed-forward leaky integrate-and-fire population over a time-first sequence.
 * Input {@code (T, ...)} input currents (typically {@code (T, B, N)}); output spikes of the same shape;
 * state {@link LIFFeedForwardState} of shape {@code x.shape[1:]}, default {@code v = v_leak, i = 0}.
 * See {@link SNN}.
 */
public final class LIF extends SNN<LIFParameters, LIFFeedForwardState> {
    /** Default parameters, dt = 1 ms, no state recording. */
    public LIF() {
        this(LIFParameters.DEFAULT, DEFAULT_DT, false);
    }

    /** The given parameters and time step (seconds), no state recording. */
    public LIF(LIFParameters p, double dt) {
        this(p, dt, false);
    }

    /** The given parameters, time step (seconds) and state recording. */
    public LIF(LIFParameters p, double dt, boolean recordStates) {
        super("LIF", LIFModel.FEED_FORWARD, LIFModel::defaultFeedForwardState, p, dt, recordStates);
    }
}
