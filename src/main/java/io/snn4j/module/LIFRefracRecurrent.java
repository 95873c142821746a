package io.snn4j.module;

import io.snn4j.functional.LIFRefracModel;
import io.snn4j.functional.LIFRefracParameters;
import io.snn4j.functional.LIFRefracState;

/**
 * Norse's {@code LIFRefracRecurrent}: a recurrently connected LIF population with an absolute refractory period; default {@code v = v_leak}, the rest 0 (Norse's cell takes {@code x.shape[0]} as the batch even for unbatched input; snn4j does not). State {@link LIFRefracState}. See {@link SNNRecurrent}.
 */
public final class LIFRefracRecurrent extends SNNRecurrent<LIFRefracParameters, LIFRefracState> {
    /** Default parameters and options. */
    public LIFRefracRecurrent(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, LIFRefracParameters.DEFAULT, RecurrentOptions.DEFAULT);
    }

    /** The given parameters and options (dt, weights, autapses, seed, state recording). */
    public LIFRefracRecurrent(int inputSize, int hiddenSize, LIFRefracParameters p, RecurrentOptions options) {
        super("LIFRefracRecurrent", LIFRefracModel.RECURRENT, LIFRefracModel::state, inputSize, hiddenSize, p, options);
    }
}
