package io.snn4j.module;

import io.snn4j.functional.LIFModel;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;

/**
 * Norse's {@code LIFRecurrentCell}: one step of a recurrently connected LIF population; input
 * {@code (..., input_size)}, output spikes {@code (..., hidden_size)}; state {@link LIFState}, default
 * {@code z = 0, v = v_leak, i = 0}. See {@link SNNRecurrentCell}.
 */
public final class LIFRecurrentCell extends SNNRecurrentCell<LIFParameters, LIFState> {
    /** Default parameters and options. */
    public LIFRecurrentCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, LIFParameters.DEFAULT, RecurrentOptions.DEFAULT);
    }

    /** The given parameters and options (dt, weights, autapses, seed). */
    public LIFRecurrentCell(int inputSize, int hiddenSize, LIFParameters p, RecurrentOptions options) {
        super("LIFRecurrentCell", LIFModel.RECURRENT, LIFModel::defaultState, inputSize, hiddenSize, p, options);
    }
}
