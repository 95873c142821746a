package io.snn4j.module;

import io.snn4j.functional.LIFRefracModel;
import io.snn4j.functional.LIFRefracParameters;
import io.snn4j.functional.LIFRefracState;

/**
 * Norse's {@code LIFRefracRecurrentCell}: one step of a recurrently connected LIF population with an absolute refractory period; default {@code v = v_leak}, the rest 0 (Norse's cell takes {@code x.shape[0]} as the batch even for unbatched input; snn4j does not). State {@link LIFRefracState}. See {@link SNNRecurrentCell}.
 */
public final class LIFRefracRecurrentCell extends SNNRecurrentCell<LIFRefracParameters, LIFRefracState> {
    /** Default parameters and options. */
    public LIFRefracRecurrentCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, LIFRefracParameters.DEFAULT, RecurrentOptions.DEFAULT);
    }

    /** The given parameters and options (dt, weights, autapses, seed). */
    public LIFRefracRecurrentCell(int inputSize, int hiddenSize, LIFRefracParameters p, RecurrentOptions options) {
        super("LIFRefracRecurrentCell", LIFRefracModel.RECURRENT, LIFRefracModel::state, inputSize, hiddenSize, p, options);
    }
}
