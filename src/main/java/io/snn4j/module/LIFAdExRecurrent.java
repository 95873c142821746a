package io.snn4j.module;

import io.snn4j.functional.LIFAdExModel;
import io.snn4j.functional.LIFAdExParameters;
import io.snn4j.functional.LIFAdExState;

/**
 * Norse's {@code LIFAdExRecurrent}: a recurrently connected adaptive exponential LIF population; default {@code v = v_leak}, {@code z = i = a = 0}. State {@link LIFAdExState}. See {@link SNNRecurrent}.
 */
public final class LIFAdExRecurrent extends SNNRecurrent<LIFAdExParameters, LIFAdExState> {
    /** Default parameters and options. */
    public LIFAdExRecurrent(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, LIFAdExParameters.DEFAULT, RecurrentOptions.DEFAULT);
    }

    /** The given parameters and options (dt, weights, autapses, seed, state recording). */
    public LIFAdExRecurrent(int inputSize, int hiddenSize, LIFAdExParameters p, RecurrentOptions options) {
        super("LIFAdExRecurrent", LIFAdExModel.RECURRENT, LIFAdExModel::state, inputSize, hiddenSize, p, options);
    }
}
