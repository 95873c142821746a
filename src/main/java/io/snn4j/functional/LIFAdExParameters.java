package io.snn4j.functional;

/**
 * Parameters of the adaptive exponential LIF model (Norse {@code LIFAdExParameters}). Each {@link Param} may be a scalar or per-neuron (length N, the last state dimension). Validated
 * on construction; immutable and thread-safe.
 *
 * @param adaptationCurrent {@code adaptation_current}, coupling of the adaptation current to the voltage (default 4)
 * @param adaptationSpike {@code adaptation_spike}, adaptation jump per spike (default 0.02)
 * @param deltaT {@code delta_T}, sharpness of the exponential term (default 0.5)
 * @param tauAdaInv {@code tau_ada_inv}, inverse adaptation time constant (default 2)
 * @param tauSynInv {@code tau_syn_inv}, inverse synaptic time constant (default 200)
 * @param tauMemInv {@code tau_mem_inv}, inverse membrane time constant (default 100)
 * @param vLeak {@code v_leak}, leak potential (default 0)
 * @param vTh {@code v_th}, threshold (default 1)
 * @param vReset {@code v_reset}, reset potential (default 0)
 * @param method {@code method}, surrogate-gradient method (no effect on the forward pass)
 * @param alpha {@code alpha}, surrogate-gradient sharpness (default 100.0)
 */
public record LIFAdExParameters(Param adaptationCurrent, Param adaptationSpike, @NorseName("delta_T") Param deltaT, Param tauAdaInv, Param tauSynInv, Param tauMemInv, Param vLeak, Param vTh, Param vReset, String method, Param alpha) implements NeuronParameters {

    /** Norse's defaults. */
    public static final LIFAdExParameters DEFAULT = new LIFAdExParameters(Param.of(4f), Param.of(0.02f), Param.of(0.5f), Param.of(2.0f), Param.of(200f), Param.of(100f), Param.of(0f), Param.of(1f), Param.of(0f), "super", Param.number(100.0));

    /** Validates every field. */
    public LIFAdExParameters {
        String o = "LIFAdExParameters";
        NeuronParameters.requireFinite(o, "adaptation_current", adaptationCurrent);
        NeuronParameters.requireFinite(o, "adaptation_spike", adaptationSpike);
        NeuronParameters.requirePositive(o, "delta_T", deltaT);
        NeuronParameters.requirePositive(o, "tau_ada_inv", tauAdaInv);
        NeuronParameters.requirePositive(o, "tau_syn_inv", tauSynInv);
        NeuronParameters.requirePositive(o, "tau_mem_inv", tauMemInv);
        NeuronParameters.requireFinite(o, "v_leak", vLeak);
        NeuronParameters.requireFinite(o, "v_th", vTh);
        NeuronParameters.requireFinite(o, "v_reset", vReset);
        NeuronParameters.requireMethod(o, method);
        NeuronParameters.requireFinite(o, "alpha", alpha);
    }

    /** Norse's {@code bio_default()}: per-ms constants for {@code dt} around 1 (ms), voltages in mV. */
    public static LIFAdExParameters bioDefault() {
        return new LIFAdExParameters(Param.of(0f), Param.of(0.01f), Param.of(2f), Param.of(0.01f), Param.of(0.5f), Param.of(0.1f), Param.of(-70f), Param.of(-55f), Param.of(-70f), "super", Param.number(100.0));
    }

    /** A copy with another {@code adaptation_current}. */
    public LIFAdExParameters withAdaptationCurrent(Param v) {
        return new LIFAdExParameters(v, adaptationSpike, deltaT, tauAdaInv, tauSynInv, tauMemInv, vLeak, vTh, vReset, method, alpha);
    }

    /** A copy with another {@code adaptation_spike}. */
    public LIFAdExParameters withAdaptationSpike(Param v) {
        return new LIFAdExParameters(adaptationCurrent, v, deltaT, tauAdaInv, tauSynInv, tauMemInv, vLeak, vTh, vReset, method, alpha);
    }

    /** A copy with another {@code delta_T}. */
    public LIFAdExParameters withDeltaT(Param v) {
        return new LIFAdExParameters(adaptationCurrent, adaptationSpike, v, tauAdaInv, tauSynInv, tauMemInv, vLeak, vTh, vReset, method, alpha);
    }

    /** A copy with another {@code tau_ada_inv}. */
    public LIFAdExParameters withTauAdaInv(Param v) {
        return new LIFAdExParameters(adaptationCurrent, adaptationSpike, deltaT, v, tauSynInv, tauMemInv, vLeak, vTh, vReset, method, alpha);
    }

    /** A copy with another {@code tau_syn_inv}. */
    public LIFAdExParameters withTauSynInv(Param v) {
        return new LIFAdExParameters(adaptationCurrent, adaptationSpike, deltaT, tauAdaInv, v, tauMemInv, vLeak, vTh, vReset, method, alpha);
    }

    /** A copy with another {@code tau_mem_inv}. */
    public LIFAdExParameters withTauMemInv(Param v) {
        return new LIFAdExParameters(adaptationCurrent, adaptationSpike, deltaT, tauAdaInv, tauSynInv, v, vLeak, vTh, vReset, method, alpha);
    }

    /** A copy with another {@code v_leak}. */
    public LIFAdExParameters withVLeak(Param v) {
        return new LIFAdExParameters(adaptationCurrent, adaptationSpike, deltaT, tauAdaInv, tauSynInv, tauMemInv, v, vTh, vReset, method, alpha);
    }

    /** A copy with another {@code v_th}. */
    public LIFAdExParameters withVTh(Param v) {
        return new LIFAdExParameters(adaptationCurrent, adaptationSpike, deltaT, tauAdaInv, tauSynInv, tauMemInv, vLeak, v, vReset, method, alpha);
    }

    /** A copy with another {@code v_reset}. */
    public LIFAdExParameters withVReset(Param v) {
        return new LIFAdExParameters(adaptationCurrent, adaptationSpike, deltaT, tauAdaInv, tauSynInv, tauMemInv, vLeak, vTh, v, method, alpha);
    }

    /** A copy with another {@code method}. */
    public LIFAdExParameters withMethod(String v) {
        return new LIFAdExParameters(adaptationCurrent, adaptationSpike, deltaT, tauAdaInv, tauSynInv, tauMemInv, vLeak, vTh, vReset, v, alpha);
    }

    /** A copy with another {@code alpha}. */
    public LIFAdExParameters withAlpha(Param v) {
        return new LIFAdExParameters(adaptationCurrent, adaptationSpike, deltaT, tauAdaInv, tauSynInv, tauMemInv, vLeak, vTh, vReset, method, v);
    }

    @Override
    public String toString() {
        return repr();
    }
}
