package io.snn4j.nn;

import io.snn4j.functional.NeuronState;
import io.snn4j.functional.Param;
import io.snn4j.tensor.Tensor;

/**
 * NIR's {@code Threshold}: {@code z = x - v_threshold > 0 ? 1 : 0} elementwise (strict, as Norse's
 * Heaviside). Stateless, immutable, thread-safe.
 */
public final class Threshold implements Layer {
    private final Param threshold;

    /** A threshold, scalar or per-neuron. */
    public Threshold(Param threshold) {
        if (threshold == null || !threshold.isFinite()) {
            throw new IllegalArgumentException("threshold must be finite, got " + threshold);
        }
        this.threshold = threshold;
    }

    @Override
    public Step forward(Tensor x, NeuronState state) {
        int n = x.rank() == 0 ? 1 : x.dim(-1);
        if (!threshold.isScalar() && threshold.size() != n) {
            throw new IllegalArgumentException("Threshold has " + threshold.size() + " values, the input's last dimension is " + n);
        }
        Tensor y = Tensor.zeros(x.shape());
        for (int k = 0; k < x.size(); k++) {
            y.data()[k] = x.data()[x.offset() + k] - threshold.at(k % n) > 0f ? 1f : 0f;
        }
        return new Step(y, null);
    }

    /** The threshold. */
    public Param threshold() {
        return threshold;
    }

    @Override
    public boolean stateful() {
        return false;
    }

    @Override
    public String toString() {
        return "Threshold(" + threshold + ")";
    }
}
