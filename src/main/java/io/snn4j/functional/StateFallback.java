package io.snn4j.functional;

/**
 * Builds a neuron model's default state (Norse's {@code state_fallback}) when a module is called with
 * {@code state == null}: for LIF {@code v = v_leak, i = 0}. Unlike Norse, the state always has the full
 * shape and per-neuron parameters are broadcast along the last dimension, so a per-neuron {@code v_leak}
 * works. Implementations must be stateless.
 *
 * @param <P> the parameter type
 * @param <S> the state type
 */
@FunctionalInterface
public interface StateFallback<P extends NeuronParameters, S extends NeuronState> {
    /** A new state of the given shape (the neuron dimension last). */
    S create(P p, int[] shape);
}
