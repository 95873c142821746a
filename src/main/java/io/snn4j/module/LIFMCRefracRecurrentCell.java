package io.snn4j.module;

import io.snn4j.functional.LIFMCModel;
import io.snn4j.functional.LIFRefracParameters;
import io.snn4j.functional.LIFRefracState;
import org.ejml.data.FMatrixRMaj;

/**
 * Norse's {@code LIFMCRefracRecurrentCell}: multi-compartment LIF with a refractory period, in Norse's
 * old step order (see {@link LIFMCModel}). With {@link Compatibility#NORSE} the coupling is added
 * without dt and spikes are not suppressed while refractory, as in Norse; {@link Compatibility#FIXED}
 * (default) scales the coupling by dt and suppresses them. State {@link LIFRefracState}. See
 * {@link SNNRecurrentCell}.
 */
public final class LIFMCRefracRecurrentCell extends SNNRecurrentCell<LIFRefracParameters, LIFRefracState> {
    private final Coupling coupling;

    /** Default parameters, options and coupling; fixed behaviour. */
    public LIFMCRefracRecurrentCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, LIFRefracParameters.DEFAULT, RecurrentOptions.DEFAULT, null, Compatibility.FIXED);
    }

    /** The given parameters, options, coupling matrix (null: drawn; copied) and compatibility mode. */
    public LIFMCRefracRecurrentCell(int inputSize, int hiddenSize, LIFRefracParameters p, RecurrentOptions options,
            FMatrixRMaj gCoupling, Compatibility mode) {
        super("LIFMCRefracRecurrentCell", LIFMCModel.refrac(hiddenSize, mode == Compatibility.NORSE), LIFMCModel::refracState,
                inputSize, hiddenSize, p, options);
        this.coupling = new Coupling(gCoupling, hiddenSize, random);
    }

    /** A copy of the coupling matrix. */
    public FMatrixRMaj gCoupling() {
        return coupling.g.copy();
    }

    @Override
    int slots() {
        return 2;
    }

    @Override
    void beforeStep(LIFRefracState s, Scratch sc) {
        int h = hiddenSize, rows = sc.r1 - sc.r0;
        // the coupling g v of the old voltage, into the second slot of every row
        K.gemm(s.v, sc.r0 * h, h, coupling.gT, 0, h, sc.rec, h, 2 * h, rows, h, h);
    }

    /** The compartment coupling works on whole rows after the step: the neurons of a row stay on one thread. */
    @Override
    boolean splitsNeurons() {
        return false;
    }
}
