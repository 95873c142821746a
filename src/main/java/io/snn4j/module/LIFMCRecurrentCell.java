package io.snn4j.module;

import io.snn4j.functional.LIFMCModel;
import io.snn4j.functional.LIFModel;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import org.ejml.data.FMatrixRMaj;

/**
 * Norse's {@code LIFMCRecurrentCell}: a recurrent LIF cell whose neurons are compartments coupled by
 * {@code g_coupling} (hidden x hidden, default N(0, 1/hidden) from the module's generator): after the LIF
 * step, {@code v = v + dt * (g_coupling v)}. State {@link LIFState}, default {@code v = v_leak}. See
 * {@link SNNRecurrentCell}.
 */
public final class LIFMCRecurrentCell extends SNNRecurrentCell<LIFParameters, LIFState> {
    private final Coupling coupling;
    private final float fdt;

    /** Default parameters, options and coupling. */
    public LIFMCRecurrentCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT, null);
    }

    /** The given parameters, options and coupling matrix (null: drawn from the module's generator; copied). */
    public LIFMCRecurrentCell(int inputSize, int hiddenSize, LIFParameters p, RecurrentOptions options,
            FMatrixRMaj gCoupling) {
        super("LIFMCRecurrentCell", LIFModel.RECURRENT, LIFMCModel::state, inputSize, hiddenSize, p, options);
        this.coupling = new Coupling(gCoupling, hiddenSize, random);
        this.fdt = (float) dt();
    }

    /** A copy of the coupling matrix. */
    public FMatrixRMaj gCoupling() {
        return coupling.g.copy();
    }

    @Override
    void afterStep(LIFState s, Scratch sc) {
        int h = hiddenSize, rows = sc.r1 - sc.r0;
        K.gemm(s.v, sc.r0 * h, h, coupling.gT, 0, h, sc.rec, 0, h, rows, h, h);
        K.addScaled(s.v, sc.r0 * h, sc.rec, 0, fdt, rows * h);
    }

    /** The compartment coupling works on whole rows after the step: the neurons of a row stay on one thread. */
    @Override
    boolean splitsNeurons() {
        return false;
    }
}
