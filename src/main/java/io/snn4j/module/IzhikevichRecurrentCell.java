package io.snn4j.module;

import io.snn4j.functional.IzhikevichModel;
import io.snn4j.functional.IzhikevichParameters;
import io.snn4j.functional.IzhikevichRecurrentState;
import io.snn4j.functional.IzhikevichSpikingBehavior;

/**
 * Norse's {@code IzhikevichRecurrentCell}: one step of a recurrently connected Izhikevich population of a given behaviour; default state
 * {@code z = 0} and the behaviour's {@code (v0, u0)}. See {@link SNNRecurrentCell}.
 */
public final class IzhikevichRecurrentCell extends SNNRecurrentCell<IzhikevichParameters, IzhikevichRecurrentState> {
    /** The behaviour with default options. */
    public IzhikevichRecurrentCell(int inputSize, int hiddenSize, IzhikevichSpikingBehavior behavior) {
        this(inputSize, hiddenSize, behavior, RecurrentOptions.DEFAULT);
    }

    /** The behaviour and options. */
    public IzhikevichRecurrentCell(int inputSize, int hiddenSize, IzhikevichSpikingBehavior behavior, RecurrentOptions options) {
        super("IzhikevichRecurrentCell", IzhikevichModel.RECURRENT, (p, shape) -> IzhikevichModel.recurrentState(behavior, shape),
                inputSize, hiddenSize, IzhikevichCell.requireBehavior(behavior).p(), options);
    }
}
