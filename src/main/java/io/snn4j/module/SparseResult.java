package io.snn4j.module;

import io.snn4j.tensor.SparseSpikes;

/**
 * What a recurrent module returns when asked for sparse output: the output spikes as active indices
 * (shape {@code (T, ..., H)} or {@code (..., H)}), the final state and, when recording, every step's state.
 *
 * @param output   the spikes
 * @param state    the state after the last step
 * @param recorded every step's state, or null when not recording
 * @param <S>      the state type
 */
public record SparseResult<S>(SparseSpikes output, S state, S recorded) {
}
