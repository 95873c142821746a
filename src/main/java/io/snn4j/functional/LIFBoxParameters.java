package io.snn4j.functional;

/**
 * Parameters of the LIF box model (Norse {@code LIFBoxParameters}): a LIF neuron without synaptic current, the input drives the voltage directly. Each {@link Param} may be a scalar or per-neuron (length N, the last state dimension). Validated
 * on construction; immutable and thread-safe.
 *
 * @param tauMemInv {@code tau_mem_inv}, inverse membrane time constant (1/s at dt = 0.001; default 100)
 * @param vLeak {@code v_leak}, leak potential (default 0)
 * @param vTh {@code v_th}, threshold (default 1)
 * @param vReset {@code v_reset}, reset potential (default 0)
 * @param method {@code method}, surrogate-gradient method (no effect on the forward pass)
 * @param alpha {@code alpha}, surrogate-gradient sharpness (default 100)
 * @param resetMethod {@code reset_method}, {@code reset_value} (to v_reset, default) or {@code reset_subtract} (subtract v_th)
 */
public record LIFBoxParameters(Param tauMemInv, Param vLeak, Param vTh, Param vReset, String method, Param alpha, String resetMethod) implements NeuronParameters {

    /** Norse's defaults. */
    public static final LIFBoxParameters DEFAULT = new LIFBoxParameters(Param.of(100f), Param.of(0f), Param.of(1f), Param.of(0f), "super", Param.of(100f), "reset_value");

    /** Validates every field. */
    public LIFBoxParameters {
        String o = "LIFBoxParameters";
        NeuronParameters.requirePositive(o, "tau_mem_inv", tauMemInv);
        NeuronParameters.requireFinite(o, "v_leak", vLeak);
        NeuronParameters.requireFinite(o, "v_th", vTh);
        NeuronParameters.requireFinite(o, "v_reset", vReset);
        NeuronParameters.requireMethod(o, method);
        NeuronParameters.requireFinite(o, "alpha", alpha);
        if (!"reset_value".equals(resetMethod) && !"reset_subtract".equals(resetMethod)) {
            throw new IllegalArgumentException(o + ".reset_method must be reset_value or reset_subtract, got " + resetMethod);
        }
    }

    /** A copy with another {@code tau_mem_inv}. */
    public LIFBoxParameters withTauMemInv(Param v) {
        return new LIFBoxParameters(v, vLeak, vTh, vReset, method, alpha, resetMethod);
    }

    /** A copy with another {@code v_leak}. */
    public LIFBoxParameters withVLeak(Param v) {
        return new LIFBoxParameters(tauMemInv, v, vTh, vReset, method, alpha, resetMethod);
    }

    /** A copy with another {@code v_th}. */
    public LIFBoxParameters withVTh(Param v) {
        return new LIFBoxParameters(tauMemInv, vLeak, v, vReset, method, alpha, resetMethod);
    }

    /** A copy with another {@code v_reset}. */
    public LIFBoxParameters withVReset(Param v) {
        return new LIFBoxParameters(tauMemInv, vLeak, vTh, v, method, alpha, resetMethod);
    }

    /** A copy with another {@code method}. */
    public LIFBoxParameters withMethod(String v) {
        return new LIFBoxParameters(tauMemInv, vLeak, vTh, vReset, v, alpha, resetMethod);
    }

    /** A copy with another {@code alpha}. */
    public LIFBoxParameters withAlpha(Param v) {
        return new LIFBoxParameters(tauMemInv, vLeak, vTh, vReset, method, v, resetMethod);
    }

    /** A copy with another {@code reset_method}. */
    public LIFBoxParameters withResetMethod(String v) {
        return new LIFBoxParameters(tauMemInv, vLeak, vTh, vReset, method, alpha, v);
    }

    @Override
    public String toString() {
        return repr();
    }
}
