package io.snn4j.nn;

import io.snn4j.functional.NeuronState;
import io.snn4j.tensor.Tensor;

/**
 * Flattens every dimension after the first (the batch) into one: {@code (B, d1, d2, ...) -> (B, d1*d2*...)}
 * (NIR's {@code Flatten} over a node's own dimensions). A view, no copy. Stateless, thread-safe.
 */
public final class Flatten implements Layer {
    @Override
    public Step forward(Tensor x, NeuronState state) {
        if (x.rank() < 2) {
            return new Step(x, null);
        }
        return new Step(x.reshape(x.dim(0), x.size() / Math.max(1, x.dim(0))), null);
    }

    @Override
    public boolean stateful() {
        return false;
    }

    @Override
    public String toString() {
        return "Flatten()";
    }
}
