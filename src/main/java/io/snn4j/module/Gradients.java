package io.snn4j.module;

import io.snn4j.tensor.Tensor;
import java.util.Map;

/**
 * What a module's {@code backward} returns: the gradients of the loss with respect to everything the
 * recorded forward pass depended on.
 *
 * @param input        the gradient of the inputs, shape of the recorded input {@code (T, ...)} (for a
 *                     cell: the inputs of its recorded steps, stacked)
 * @param initialState the gradient of the state the recorded pass started from (a state of the module's
 *                     class; for recurrent modules its {@code z} holds the gradient of the initial
 *                     spikes)
 * @param parameters   gradients by Norse's names: the neuron parameters ({@code tau_mem_inv}, ... of
 *                     shape {@code (N)} when per-neuron, {@code ()} when scalar) and, for recurrent
 *                     modules, {@code input_weights} and {@code recurrent_weights} (also added to the
 *                     module's {@link io.snn4j.tensor.Parameter} gradients)
 * @param <S>          the state type
 */
public record Gradients<S>(Tensor input, S initialState, Map<String, Tensor> parameters) {
}
