package io.snn4j.functional;

/**
 * Parameters of the leaky-integrator box model (Norse {@code LIBoxParameters}): no synaptic current; the output is the voltage. Each {@link Param} may be a scalar or per-neuron (length N, the last state dimension). Validated
 * on construction; immutable and thread-safe.
 *
 * @param tauMemInv {@code tau_mem_inv}, inverse membrane time constant (default 100)
 * @param vLeak {@code v_leak}, leak potential (default 0)
 */
public record LIBoxParameters(Param tauMemInv, Param vLeak) implements NeuronParameters {

    /** Norse's defaults. */
    public static final LIBoxParameters DEFAULT = new LIBoxParameters(Param.of(100f), Param.of(0f));

    /** Validates every field. */
    public LIBoxParameters {
        String o = "LIBoxParameters";
        NeuronParameters.requirePositive(o, "tau_mem_inv", tauMemInv);
        NeuronParameters.requireFinite(o, "v_leak", vLeak);
    }

    /** A copy with another {@code tau_mem_inv}. */
    public LIBoxParameters withTauMemInv(Param v) {
        return new LIBoxParameters(v, vLeak);
    }

    /** A copy with another {@code v_leak}. */
    public LIBoxParameters withVLeak(Param v) {
        return new LIBoxParameters(tauMemInv, v);
    }

    @Override
    public String toString() {
        return repr();
    }
}
