package io.snn4j.module;

import io.snn4j.tensor.Tensor;

/**
 * What a cell returns for one time step: the output (spikes, or the voltage of a leaky integrator) and
 * the state after the step (the same object as the state passed in, updated in place, or a new one built
 * by the state fallback).
 *
 * @param output the step's output, shape as documented by the module
 * @param state  the state after the step
 * @param <S>    the state type
 */
public record StepResult<S>(Tensor output, S state) {
}
