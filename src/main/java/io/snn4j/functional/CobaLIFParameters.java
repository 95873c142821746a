package io.snn4j.functional;

/**
 * Parameters of the conductance-based LIF model (Norse {@code CobaLIFParameters}); Norse's potentials are in mV-like units and its time constants per step. Each {@link Param} may be a scalar or per-neuron (length N, the last state dimension). Validated
 * on construction; immutable and thread-safe.
 *
 * @param tauSynExcInv {@code tau_syn_exc_inv}, inverse excitatory synaptic time constant (default 0.2)
 * @param tauSynInhInv {@code tau_syn_inh_inv}, inverse inhibitory synaptic time constant (default 0.2)
 * @param cMInv {@code c_m_inv}, inverse membrane capacitance (default 5)
 * @param gL {@code g_l}, leak conductance (default 0.25)
 * @param eRevI {@code e_rev_I}, inhibitory reversal potential (default -100)
 * @param eRevE {@code e_rev_E}, excitatory reversal potential (default 60)
 * @param vRest {@code v_rest}, resting potential (default -20)
 * @param vReset {@code v_reset}, reset potential (default -70)
 * @param vThresh {@code v_thresh}, threshold (default -10)
 * @param method {@code method}, surrogate-gradient method (no effect on the forward pass)
 * @param alpha {@code alpha}, surrogate-gradient sharpness (default 100.0)
 */
public record CobaLIFParameters(Param tauSynExcInv, Param tauSynInhInv, Param cMInv, Param gL, @NorseName("e_rev_I") Param eRevI, @NorseName("e_rev_E") Param eRevE, Param vRest, Param vReset, Param vThresh, String method, Param alpha) implements NeuronParameters {

    /** Norse's defaults. */
    public static final CobaLIFParameters DEFAULT = new CobaLIFParameters(Param.of(0.2f), Param.of(0.2f), Param.of(5f), Param.of(0.25f), Param.of(-100f), Param.of(60f), Param.of(-20f), Param.of(-70f), Param.of(-10f), "super", Param.number(100.0));

    /** Validates every field. */
    public CobaLIFParameters {
        String o = "CobaLIFParameters";
        NeuronParameters.requirePositive(o, "tau_syn_exc_inv", tauSynExcInv);
        NeuronParameters.requirePositive(o, "tau_syn_inh_inv", tauSynInhInv);
        NeuronParameters.requirePositive(o, "c_m_inv", cMInv);
        NeuronParameters.requireFinite(o, "g_l", gL);
        NeuronParameters.requireFinite(o, "e_rev_I", eRevI);
        NeuronParameters.requireFinite(o, "e_rev_E", eRevE);
        NeuronParameters.requireFinite(o, "v_rest", vRest);
        NeuronParameters.requireFinite(o, "v_reset", vReset);
        NeuronParameters.requireFinite(o, "v_thresh", vThresh);
        NeuronParameters.requireMethod(o, method);
        NeuronParameters.requireFinite(o, "alpha", alpha);
    }

    /** A copy with another {@code tau_syn_exc_inv}. */
    public CobaLIFParameters withTauSynExcInv(Param v) {
        return new CobaLIFParameters(v, tauSynInhInv, cMInv, gL, eRevI, eRevE, vRest, vReset, vThresh, method, alpha);
    }

    /** A copy with another {@code tau_syn_inh_inv}. */
    public CobaLIFParameters withTauSynInhInv(Param v) {
        return new CobaLIFParameters(tauSynExcInv, v, cMInv, gL, eRevI, eRevE, vRest, vReset, vThresh, method, alpha);
    }

    /** A copy with another {@code c_m_inv}. */
    public CobaLIFParameters withCMInv(Param v) {
        return new CobaLIFParameters(tauSynExcInv, tauSynInhInv, v, gL, eRevI, eRevE, vRest, vReset, vThresh, method, alpha);
    }

    /** A copy with another {@code g_l}. */
    public CobaLIFParameters withGL(Param v) {
        return new CobaLIFParameters(tauSynExcInv, tauSynInhInv, cMInv, v, eRevI, eRevE, vRest, vReset, vThresh, method, alpha);
    }

    /** A copy with another {@code e_rev_I}. */
    public CobaLIFParameters withERevI(Param v) {
        return new CobaLIFParameters(tauSynExcInv, tauSynInhInv, cMInv, gL, v, eRevE, vRest, vReset, vThresh, method, alpha);
    }

    /** A copy with another {@code e_rev_E}. */
    public CobaLIFParameters withERevE(Param v) {
        return new CobaLIFParameters(tauSynExcInv, tauSynInhInv, cMInv, gL, eRevI, v, vRest, vReset, vThresh, method, alpha);
    }

    /** A copy with another {@code v_rest}. */
    public CobaLIFParameters withVRest(Param v) {
        return new CobaLIFParameters(tauSynExcInv, tauSynInhInv, cMInv, gL, eRevI, eRevE, v, vReset, vThresh, method, alpha);
    }

    /** A copy with another {@code v_reset}. */
    public CobaLIFParameters withVReset(Param v) {
        return new CobaLIFParameters(tauSynExcInv, tauSynInhInv, cMInv, gL, eRevI, eRevE, vRest, v, vThresh, method, alpha);
    }

    /** A copy with another {@code v_thresh}. */
    public CobaLIFParameters withVThresh(Param v) {
        return new CobaLIFParameters(tauSynExcInv, tauSynInhInv, cMInv, gL, eRevI, eRevE, vRest, vReset, v, method, alpha);
    }

    /** A copy with another {@code method}. */
    public CobaLIFParameters withMethod(String v) {
        return new CobaLIFParameters(tauSynExcInv, tauSynInhInv, cMInv, gL, eRevI, eRevE, vRest, vReset, vThresh, v, alpha);
    }

    /** A copy with another {@code alpha}. */
    public CobaLIFParameters withAlpha(Param v) {
        return new CobaLIFParameters(tauSynExcInv, tauSynInhInv, cMInv, gL, eRevI, eRevE, vRest, vReset, vThresh, method, v);
    }

    @Override
    public String toString() {
        return repr();
    }
}
