package io.snn4j.functional;

/**
 * Parameters of the LSNN adaptive-threshold model (Norse {@code LSNNParameters}): the threshold {@code b} starts at {@code v_th}, relaxes back to it with {@code tau_adapt_inv} and jumps by {@code beta} per spike. Each {@link Param} may be a scalar or per-neuron (length N, the last state dimension). Validated
 * on construction; immutable and thread-safe.
 *
 * @param tauSynInv {@code tau_syn_inv}, inverse synaptic time constant (default 200)
 * @param tauMemInv {@code tau_mem_inv}, inverse membrane time constant (default 100)
 * @param tauAdaptInv {@code tau_adapt_inv}, inverse adaptation time constant (default 1/800)
 * @param vLeak {@code v_leak}, leak potential (default 0)
 * @param vTh {@code v_th}, resting threshold (default 1)
 * @param vReset {@code v_reset}, reset potential (default 0)
 * @param beta {@code beta}, threshold jump per spike (default 1.8)
 * @param method {@code method}, surrogate-gradient method (no effect on the forward pass)
 * @param alpha {@code alpha}, surrogate-gradient sharpness (default 100.0)
 */
public record LSNNParameters(Param tauSynInv, Param tauMemInv, Param tauAdaptInv, Param vLeak, Param vTh, Param vReset, Param beta, String method, Param alpha) implements NeuronParameters {

    /** Norse's defaults. */
    public static final LSNNParameters DEFAULT = new LSNNParameters(Param.of(200f), Param.of(100f), Param.of((float) (1.0 / 800)), Param.of(0f), Param.of(1f), Param.of(0f), Param.of(1.8f), "super", Param.number(100.0));

    /** Validates every field. */
    public LSNNParameters {
        String o = "LSNNParameters";
        NeuronParameters.requirePositive(o, "tau_syn_inv", tauSynInv);
        NeuronParameters.requirePositive(o, "tau_mem_inv", tauMemInv);
        NeuronParameters.requirePositive(o, "tau_adapt_inv", tauAdaptInv);
        NeuronParameters.requireFinite(o, "v_leak", vLeak);
        NeuronParameters.requireFinite(o, "v_th", vTh);
        NeuronParameters.requireFinite(o, "v_reset", vReset);
        NeuronParameters.requireFinite(o, "beta", beta);
        NeuronParameters.requireMethod(o, method);
        NeuronParameters.requireFinite(o, "alpha", alpha);
    }

    /** Norse's {@code bio_default()}: per-ms constants for {@code dt} around 1 (ms), voltages in mV. */
    public static LSNNParameters bioDefault() {
        return new LSNNParameters(Param.of(0.5f), Param.of(0.1f), Param.of(0.01f), Param.of(-70f), Param.of(-55f), Param.of(-70f), Param.of(0.5f), "super", Param.number(100.0));
    }

    /** A copy with another {@code tau_syn_inv}. */
    public LSNNParameters withTauSynInv(Param v) {
        return new LSNNParameters(v, tauMemInv, tauAdaptInv, vLeak, vTh, vReset, beta, method, alpha);
    }

    /** A copy with another {@code tau_mem_inv}. */
    public LSNNParameters withTauMemInv(Param v) {
        return new LSNNParameters(tauSynInv, v, tauAdaptInv, vLeak, vTh, vReset, beta, method, alpha);
    }

    /** A copy with another {@code tau_adapt_inv}. */
    public LSNNParameters withTauAdaptInv(Param v) {
        return new LSNNParameters(tauSynInv, tauMemInv, v, vLeak, vTh, vReset, beta, method, alpha);
    }

    /** A copy with another {@code v_leak}. */
    public LSNNParameters withVLeak(Param v) {
        return new LSNNParameters(tauSynInv, tauMemInv, tauAdaptInv, v, vTh, vReset, beta, method, alpha);
    }

    /** A copy with another {@code v_th}. */
    public LSNNParameters withVTh(Param v) {
        return new LSNNParameters(tauSynInv, tauMemInv, tauAdaptInv, vLeak, v, vReset, beta, method, alpha);
    }

    /** A copy with another {@code v_reset}. */
    public LSNNParameters withVReset(Param v) {
        return new LSNNParameters(tauSynInv, tauMemInv, tauAdaptInv, vLeak, vTh, v, beta, method, alpha);
    }

    /** A copy with another {@code beta}. */
    public LSNNParameters withBeta(Param v) {
        return new LSNNParameters(tauSynInv, tauMemInv, tauAdaptInv, vLeak, vTh, vReset, v, method, alpha);
    }

    /** A copy with another {@code method}. */
    public LSNNParameters withMethod(String v) {
        return new LSNNParameters(tauSynInv, tauMemInv, tauAdaptInv, vLeak, vTh, vReset, beta, v, alpha);
    }

    /** A copy with another {@code alpha}. */
    public LSNNParameters withAlpha(Param v) {
        return new LSNNParameters(tauSynInv, tauMemInv, tauAdaptInv, vLeak, vTh, vReset, beta, method, v);
    }

    @Override
    public String toString() {
        return repr();
    }
}
