package io.snn4j.module;

import io.snn4j.tensor.Tensor;

/**
 * What a sequence module returns: the stacked outputs {@code (T, ...)}, the final state, and, when the
 * module records states, every step's state stacked along a new leading time dimension.
 *
 * <p>Unlike Norse, which returns the stacked states <em>instead of</em> the final state when
 * {@code record_states=True}, snn4j returns both.
 *
 * @param output   outputs of every step, time-first
 * @param state    the state after the last step
 * @param recorded every step's state with shape {@code (T, ...)}, or null when not recording
 * @param <S>      the state type
 */
public record SequenceResult<S>(Tensor output, S state, S recorded) {
}
