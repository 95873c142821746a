package io.snn4j.functional;

/**
 * Parameters of the leaky integrate-and-fire model (Norse {@code LIFParameters}). Time constants are
 * inverse and in 1/s for the default {@code dt = 0.001} s; voltages are in arbitrary units. Every
 * {@link Param} may be a scalar or per-neuron (length N, the last state dimension).
 *
 * @param tauSynInv {@code tau_syn_inv}, inverse synaptic time constant (default 200, i.e. 5 ms)
 * @param tauMemInv {@code tau_mem_inv}, inverse membrane time constant (default 100, i.e. 10 ms)
 * @param vLeak     {@code v_leak}, leak (resting) potential (default 0)
 * @param vTh       {@code v_th}, threshold (default 1); a neuron spikes when {@code v > v_th}
 * @param vReset    {@code v_reset}, potential after a spike (default 0)
 * @param method    surrogate-gradient method (default {@code "super"}; no effect on the forward pass)
 * @param alpha     surrogate-gradient sharpness (default 100; no effect on the forward pass)
 */
public record LIFParameters(Param tauSynInv, Param tauMemInv, Param vLeak, Param vTh, Param vReset, String method,
        Param alpha) implements NeuronParameters {

    /** Norse's defaults. */
    public static final LIFParameters DEFAULT = new LIFParameters(Param.of(200f), Param.of(100f), Param.of(0f),
            Param.of(1f), Param.of(0f), "super", Param.of(100f));

    /** Validates: time constants finite and positive, other values finite, a known method. */
    public LIFParameters {
        String o = "LIFParameters";
        NeuronParameters.requirePositive(o, "tau_syn_inv", tauSynInv);
        NeuronParameters.requirePositive(o, "tau_mem_inv", tauMemInv);
        NeuronParameters.requireFinite(o, "v_leak", vLeak);
        NeuronParameters.requireFinite(o, "v_th", vTh);
        NeuronParameters.requireFinite(o, "v_reset", vReset);
        NeuronParameters.requireMethod(o, method);
        NeuronParameters.requireFinite(o, "alpha", alpha);
    }

    /** Scalar parameters with the default method and alpha. */
    public LIFParameters(float tauSynInv, float tauMemInv, float vLeak, float vTh, float vReset) {
        this(Param.of(tauSynInv), Param.of(tauMemInv), Param.of(vLeak), Param.of(vTh), Param.of(vReset), "super",
                Param.of(100f));
    }

    /** Norse's {@code bio_default()}: per-ms constants for {@code dt} around 1 (ms), voltages in mV. */
    public static LIFParameters bioDefault() {
        return new LIFParameters(0.5f, 0.1f, -70f, -55f, -70f);
    }

    /** A copy with another {@code tau_syn_inv}. */
    public LIFParameters withTauSynInv(Param v) {
        return new LIFParameters(v, tauMemInv, vLeak, vTh, vReset, method, alpha);
    }

    /** A copy with another {@code tau_mem_inv}. */
    public LIFParameters withTauMemInv(Param v) {
        return new LIFParameters(tauSynInv, v, vLeak, vTh, vReset, method, alpha);
    }

    /** A copy with another {@code v_leak}. */
    public LIFParameters withVLeak(Param v) {
        return new LIFParameters(tauSynInv, tauMemInv, v, vTh, vReset, method, alpha);
    }

    /** A copy with another {@code v_th}. */
    public LIFParameters withVTh(Param v) {
        return new LIFParameters(tauSynInv, tauMemInv, vLeak, v, vReset, method, alpha);
    }

    /** A copy with another {@code v_reset}. */
    public LIFParameters withVReset(Param v) {
        return new LIFParameters(tauSynInv, tauMemInv, vLeak, vTh, v, method, alpha);
    }

    /** A copy with another surrogate method and alpha. */
    public LIFParameters withMethod(String m, Param a) {
        return new LIFParameters(tauSynInv, tauMemInv, vLeak, vTh, vReset, m, a);
    }

    @Override
    public String toString() {
        return repr();
    }
}
