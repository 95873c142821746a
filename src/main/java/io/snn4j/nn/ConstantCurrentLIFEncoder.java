package io.snn4j.nn;

import io.snn4j.functional.Coefficients;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFBoxFeedForwardState;
import io.snn4j.functional.LIFModel;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;

/**
 * Norse's {@code ConstantCurrentLIFEncoder}: drives a LIF neuron without synapse (Norse's
 * {@code lif_current_encoder}) with the same input current at every step and returns its spikes over
 * {@code seqLength} steps. Per step, from {@code v = 0}:
 * {@code v = v + (dt*tau_mem_inv) * ((v_leak - v) + I); z = v - v_th > 0; v = v - z * (v - v_reset)}.
 * Input: currents of any shape; output {@code (seqLength, ...)}. Immutable and thread-safe.
 */
public final class ConstantCurrentLIFEncoder {
    private final int seqLength;
    private final LIFParameters p;
    private final double dt;

    /** An encoder over {@code seqLength} steps with the given parameters and time step (seconds). */
    public ConstantCurrentLIFEncoder(int seqLength, LIFParameters p, double dt) {
        if (seqLength < 1) {
            throw new IllegalArgumentException("seqLength must be at least 1, got " + seqLength);
        }
        if (p == null) {
            throw new IllegalArgumentException("p is null");
        }
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("dt must be finite and > 0, got " + dt);
        }
        this.seqLength = seqLength;
        this.p = p;
        this.dt = dt;
    }

    /** Norse's defaults: {@code LIFParameters()} and dt = 1 ms. */
    public ConstantCurrentLIFEncoder(int seqLength) {
        this(seqLength, LIFParameters.DEFAULT, 0.001);
    }

    /** The spike train {@code (seqLength, ...)} for input currents {@code x}. */
    public Tensor encode(Tensor x) {
        int n = x.size();
        Coefficients c = LIFModel.CURRENT_ENCODER.coefficients(p, dt, Shapes.lastDim(x.shape()));
        Tensor out = Tensor.zeros(Shapes.prepend(seqLength, x.shape()));
        LIFBoxFeedForwardState v = new LIFBoxFeedForwardState(x.shape());   // Norse starts at v = 0
        for (int t = 0; t < seqLength; t++) {
            LIFModel.CURRENT_ENCODER.stepRange(x.data(), x.offset(), null, 0, v, 0, n, out.data(), t * n, c);
        }
        return out;
    }

    /** The spike train as active indices, shape {@code (seqLength, ...)}. */
    public SparseSpikes encodeSparse(Tensor x) {
        return SparseSpikes.fromDense(encode(x));
    }

    @Override
    public String toString() {
        return "ConstantCurrentLIFEncoder(seq_length=" + seqLength + ", p=" + p + ", dt=" + io.snn4j.functional.Reprs.pyFloat(dt) + ")";
    }
}
