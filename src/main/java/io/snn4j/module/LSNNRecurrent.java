package io.snn4j.module;

import io.snn4j.functional.LSNNModel;
import io.snn4j.functional.LSNNParameters;
import io.snn4j.functional.LSNNState;

/**
 * Norse's {@code LSNNRecurrent}: a recurrently connected LSNN (adaptive-threshold) population, input and recurrent current arriving after the voltage update as in Norse; default {@code z = 0, v = v_leak, i = 0, b = v_th}. State {@link LSNNState}. See {@link SNNRecurrent}.
 */
public final class LSNNRecurrent extends SNNRecurrent<LSNNParameters, LSNNState> {
    /** Default parameters and options. */
    public LSNNRecurrent(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, LSNNParameters.DEFAULT, RecurrentOptions.DEFAULT);
    }

    /** The given parameters and options (dt, weights, autapses, seed, state recording). */
    public LSNNRecurrent(int inputSize, int hiddenSize, LSNNParameters p, RecurrentOptions options) {
        super("LSNNRecurrent", LSNNModel.RECURRENT, LSNNModel::state, inputSize, hiddenSize, p, options);
    }
}
