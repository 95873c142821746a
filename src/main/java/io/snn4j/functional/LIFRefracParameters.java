package io.snn4j.functional;

/**
 * Parameters of the LIF model with an absolute refractory period (Norse {@code LIFRefracParameters}): after a spike the neuron is refractory for {@code rho_reset} steps (the count does not depend on dt). Each {@link Param} may be a scalar or per-neuron (length N, the last state dimension). Validated
 * on construction; immutable and thread-safe.
 *
 * @param lif {@code lif}, the LIF parameters
 * @param rhoReset {@code rho_reset}, refractory period in steps (default 5)
 */
public record LIFRefracParameters(LIFParameters lif, Param rhoReset) implements NeuronParameters {

    /** Norse's defaults. */
    public static final LIFRefracParameters DEFAULT = new LIFRefracParameters(LIFParameters.DEFAULT, Param.of(5f));

    /** Validates every field. */
    public LIFRefracParameters {
        String o = "LIFRefracParameters";
        if (lif == null) {
            throw new IllegalArgumentException(o + ".lif is null");
        }
        NeuronParameters.requireFinite(o, "rho_reset", rhoReset);
    }

    /** A copy with another {@code lif}. */
    public LIFRefracParameters withLif(LIFParameters v) {
        return new LIFRefracParameters(v, rhoReset);
    }

    /** A copy with another {@code rho_reset}. */
    public LIFRefracParameters withRhoReset(Param v) {
        return new LIFRefracParameters(lif, v);
    }

    @Override
    public String toString() {
        return repr();
    }
}
