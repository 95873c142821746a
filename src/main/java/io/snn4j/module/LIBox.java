package io.snn4j.module;

import io.snn4j.functional.BoxModels;
import io.snn4j.functional.LIBoxParameters;
import io.snn4j.functional.LIBoxState;

/**
 * Norse's {@code LIBox}: a leaky integrator without synaptic current; output the voltage; default {@code v = v_leak}, over a time-first sequence {@code (T, ...)}; state {@link LIBoxState} of
 * shape {@code x.shape[1:]}. See {@link SNN}.
 */
public final class LIBox extends SNN<LIBoxParameters, LIBoxState> {
    /** Default parameters, dt = 1 ms, no state recording. */
    public LIBox() {
        this(LIBoxParameters.DEFAULT, DEFAULT_DT, false);
    }

    /** The given parameters and time step (seconds), no state recording. */
    public LIBox(LIBoxParameters p, double dt) {
        this(p, dt, false);
    }

    /** The given parameters, time step (seconds) and state recording. */
    public LIBox(LIBoxParameters p, double dt, boolean recordStates) {
        super("LIBox", BoxModels.LI_BOX, BoxModels::liBoxState, p, dt, recordStates);
    }
}
