package io.snn4j.nn;

import io.snn4j.functional.NeuronState;
import io.snn4j.functional.Param;
import io.snn4j.tensor.Tensor;

/**
 * Elementwise scaling {@code y = s * x} by a scalar or per-neuron factor (NIR's {@code Scale}, and the
 * {@code w_in} and {@code r} factors of NIR's cuba neurons). Stateless, immutable, thread-safe.
 */
public final class Scale implements Layer {
    private final Param factor;

    /** Scaling by {@code factor} (broadcast along the last dimension). */
    public Scale(Param factor) {
        if (factor == null || !factor.isFinite()) {
            throw new IllegalArgumentException("Scale factor must be finite, got " + factor);
        }
        this.factor = factor;
    }

    @Override
    public Step forward(Tensor x, NeuronState state) {
        int n = x.rank() == 0 ? 1 : x.dim(-1);
        if (!factor.isScalar() && factor.size() != n) {
            throw new IllegalArgumentException("Scale has " + factor.size() + " factors, the input's last dimension is " + n);
        }
        Tensor y = Tensor.zeros(x.shape());
        for (int k = 0; k < x.size(); k++) {
            y.data()[k] = factor.at(k % n) * x.data()[x.offset() + k];
        }
        return new Step(y, null);
    }

    /** The scaling factor. */
    public Param factor() {
        return factor;
    }

    @Override
    public boolean stateful() {
        return false;
    }

    @Override
    public String toString() {
        return "Scale(" + factor + ")";
    }
}
