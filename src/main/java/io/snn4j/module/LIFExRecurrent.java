package io.snn4j.module;

import io.snn4j.functional.LIFExModel;
import io.snn4j.functional.LIFExParameters;
import io.snn4j.functional.LIFExState;

/**
 * Norse's {@code LIFExRecurrent}: a recurrently connected exponential LIF population; default {@code z = 0, v = v_leak, i = 0}. State {@link LIFExState}. See {@link SNNRecurrent}.
 */
public final class LIFExRecurrent extends SNNRecurrent<LIFExParameters, LIFExState> {
    /** Default parameters and options. */
    public LIFExRecurrent(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, LIFExParameters.DEFAULT, RecurrentOptions.DEFAULT);
    }

    /** The given parameters and options (dt, weights, autapses, seed, state recording). */
    public LIFExRecurrent(int inputSize, int hiddenSize, LIFExParameters p, RecurrentOptions options) {
        super("LIFExRecurrent", LIFExModel.RECURRENT, LIFExModel::state, inputSize, hiddenSize, p, options);
    }
}
