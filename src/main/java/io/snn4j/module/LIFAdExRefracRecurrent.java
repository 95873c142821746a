package io.snn4j.module;

import io.snn4j.functional.LIFAdExModel;
import io.snn4j.functional.LIFAdExRefracParameters;
import io.snn4j.functional.LIFAdExRefracState;

/**
 * Norse's {@code LIFAdExRefracRecurrent}: a recurrently connected adaptive exponential LIF population with an absolute refractory
 * period; state {@link LIFAdExRefracState}. With {@link Compatibility#FIXED} (default) only emitted spikes
 * add {@code adaptation_spike}; {@link Compatibility#NORSE} adapts on suppressed threshold crossings too,
 * as Norse does. See {@link SNNRecurrent}.
 */
public final class LIFAdExRefracRecurrent extends SNNRecurrent<LIFAdExRefracParameters, LIFAdExRefracState> {
    /** Default parameters and options, fixed behaviour. */
    public LIFAdExRefracRecurrent(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, LIFAdExRefracParameters.DEFAULT, RecurrentOptions.DEFAULT, Compatibility.FIXED);
    }

    /** The given parameters, options and compatibility mode. */
    public LIFAdExRefracRecurrent(int inputSize, int hiddenSize, LIFAdExRefracParameters p, RecurrentOptions options,
            Compatibility mode) {
        super("LIFAdExRefracRecurrent", mode == Compatibility.NORSE ? LIFAdExModel.REFRAC_RECURRENT_NORSE
                : LIFAdExModel.REFRAC_RECURRENT, LIFAdExModel::refracState, inputSize, hiddenSize, p, options);
    }
}
