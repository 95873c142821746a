package io.snn4j.module;

import io.snn4j.functional.BoxModels;
import io.snn4j.functional.LIBoxParameters;
import io.snn4j.functional.LIBoxState;

/**
 * Norse's {@code LIBoxCell}: one step of a leaky integrator without synaptic current; output the voltage; default {@code v = v_leak}. Any input shape; state {@link LIBoxState}. See {@link SNNCell}.
 */
public final class LIBoxCell extends SNNCell<LIBoxParameters, LIBoxState> {
    /** Default parameters, dt = 1 ms. */
    public LIBoxCell() {
        this(LIBoxParameters.DEFAULT, DEFAULT_DT);
    }

    /** The given parameters and time step (seconds). */
    public LIBoxCell(LIBoxParameters p, double dt) {
        super("LIBoxCell", BoxModels.LI_BOX, BoxModels::liBoxState, p, dt);
    }
}
