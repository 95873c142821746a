package io.snn4j.module;

import io.snn4j.tensor.Tensor;

/**
 * Receives a long simulation's output one time step at a time. The tensor is a reused buffer that is
 * only valid during the call: copy what you keep. Called from one thread, in step order.
 */
@FunctionalInterface
public interface StepSink {
    /** Receives the output of time step {@code t}. */
    void accept(long t, Tensor output);
}
