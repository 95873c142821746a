package io.snn4j.module;

import io.snn4j.functional.LIFModel;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;

/**
 * Norse's {@code LIFRecurrent}: a recurrently connected LIF population over a time-first sequence;
 * input {@code (T, ..., input_size)}, output spikes {@code (T, ..., hidden_size)}; state
 * {@link LIFState}, default {@code z = 0, v = v_leak, i = 0}. See {@link SNNRecurrent}.
 */
public final class LIFRecurrent extends SNNRecurrent<LIFParameters, LIFState> {
    /** Default parameters and options. */
    public LIFRecurrent(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT);
    }

    /** The given parameters and options (dt, weights, autapses, seed, state recording). */
    public LIFRecurrent(int inputSize, int hiddenSize, LIFParameters p, RecurrentOptions options) {
        super("LIFRecurrent", LIFModel.RECURRENT, LIFModel::defaultState, inputSize, hiddenSize, p, options);
    }
}
