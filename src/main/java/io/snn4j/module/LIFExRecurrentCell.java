package io.snn4j.module;

import io.snn4j.functional.LIFExModel;
import io.snn4j.functional.LIFExParameters;
import io.snn4j.functional.LIFExState;

/**
 * Norse's {@code LIFExRecurrentCell}: one step of a recurrently connected exponential LIF population; default {@code z = 0, v = v_leak, i = 0}. State {@link LIFExState}. See {@link SNNRecurrentCell}.
 */
public final class LIFExRecurrentCell extends SNNRecurrentCell<LIFExParameters, LIFExState> {
    /** Default parameters and options. */
    public LIFExRecurrentCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, LIFExParameters.DEFAULT, RecurrentOptions.DEFAULT);
    }

    /** The given parameters and options (dt, weights, autapses, seed). */
    public LIFExRecurrentCell(int inputSize, int hiddenSize, LIFExParameters p, RecurrentOptions options) {
        super("LIFExRecurrentCell", LIFExModel.RECURRENT, LIFExModel::state, inputSize, hiddenSize, p, options);
    }
}
