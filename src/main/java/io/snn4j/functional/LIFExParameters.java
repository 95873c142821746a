package io.snn4j.functional;

/**
 * Parameters of the exponential LIF model (Norse {@code LIFExParameters}). Each {@link Param} may be a scalar or per-neuron (length N, the last state dimension). Validated
 * on construction; immutable and thread-safe.
 *
 * @param deltaT {@code delta_T}, sharpness of the exponential term (default 0.5)
 * @param tauSynInv {@code tau_syn_inv}, inverse synaptic time constant (default 200)
 * @param tauMemInv {@code tau_mem_inv}, inverse membrane time constant (default 100)
 * @param vLeak {@code v_leak}, leak potential (default 0)
 * @param vTh {@code v_th}, threshold (default 1)
 * @param vReset {@code v_reset}, reset potential (default 0)
 * @param method {@code method}, surrogate-gradient method (no effect on the forward pass)
 * @param alpha {@code alpha}, surrogate-gradient sharpness (default 100.0)
 */
public record LIFExParameters(@NorseName("delta_T") Param deltaT, Param tauSynInv, Param tauMemInv, Param vLeak, Param vTh, Param vReset, String method, Param alpha) implements NeuronParameters {

    /** Norse's defaults. */
    public static final LIFExParameters DEFAULT = new LIFExParameters(Param.of(0.5f), Param.of(200f), Param.of(100f), Param.of(0f), Param.of(1f), Param.of(0f), "super", Param.number(100.0));

    /** Validates every field. */
    public LIFExParameters {
        String o = "LIFExParameters";
        NeuronParameters.requirePositive(o, "delta_T", deltaT);
        NeuronParameters.requirePositive(o, "tau_syn_inv", tauSynInv);
        NeuronParameters.requirePositive(o, "tau_mem_inv", tauMemInv);
        NeuronParameters.requireFinite(o, "v_leak", vLeak);
        NeuronParameters.requireFinite(o, "v_th", vTh);
        NeuronParameters.requireFinite(o, "v_reset", vReset);
        NeuronParameters.requireMethod(o, method);
        NeuronParameters.requireFinite(o, "alpha", alpha);
    }

    /** A copy with another {@code delta_T}. */
    public LIFExParameters withDeltaT(Param v) {
        return new LIFExParameters(v, tauSynInv, tauMemInv, vLeak, vTh, vReset, method, alpha);
    }

    /** A copy with another {@code tau_syn_inv}. */
    public LIFExParameters withTauSynInv(Param v) {
        return new LIFExParameters(deltaT, v, tauMemInv, vLeak, vTh, vReset, method, alpha);
    }

    /** A copy with another {@code tau_mem_inv}. */
    public LIFExParameters withTauMemInv(Param v) {
        return new LIFExParameters(deltaT, tauSynInv, v, vLeak, vTh, vReset, method, alpha);
    }

    /** A copy with another {@code v_leak}. */
    public LIFExParameters withVLeak(Param v) {
        return new LIFExParameters(deltaT, tauSynInv, tauMemInv, v, vTh, vReset, method, alpha);
    }

    /** A copy with another {@code v_th}. */
    public LIFExParameters withVTh(Param v) {
        return new LIFExParameters(deltaT, tauSynInv, tauMemInv, vLeak, v, vReset, method, alpha);
    }

    /** A copy with another {@code v_reset}. */
    public LIFExParameters withVReset(Param v) {
        return new LIFExParameters(deltaT, tauSynInv, tauMemInv, vLeak, vTh, v, method, alpha);
    }

    /** A copy with another {@code method}. */
    public LIFExParameters withMethod(String v) {
        return new LIFExParameters(deltaT, tauSynInv, tauMemInv, vLeak, vTh, vReset, v, alpha);
    }

    /** A copy with another {@code alpha}. */
    public LIFExParameters withAlpha(Param v) {
        return new LIFExParameters(deltaT, tauSynInv, tauMemInv, vLeak, vTh, vReset, method, v);
    }

    @Override
    public String toString() {
        return repr();
    }
}
