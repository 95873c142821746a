package io.snn4j.functional;

/**
 * Parameters of the adaptive exponential LIF model with an absolute refractory period (Norse {@code LIFAdExRefracParameters}). Each {@link Param} may be a scalar or per-neuron (length N, the last state dimension). Validated
 * on construction; immutable and thread-safe.
 *
 * @param lifAdex {@code lif_adex}, the AdEx parameters
 * @param rhoReset {@code rho_reset}, refractory period in steps (default 5)
 */
public record LIFAdExRefracParameters(LIFAdExParameters lifAdex, Param rhoReset) implements NeuronParameters {

    /** Norse's defaults. */
    public static final LIFAdExRefracParameters DEFAULT = new LIFAdExRefracParameters(LIFAdExParameters.DEFAULT, Param.of(5f));

    /** Validates every field. */
    public LIFAdExRefracParameters {
        String o = "LIFAdExRefracParameters";
        if (lifAdex == null) {
            throw new IllegalArgumentException(o + ".lif_adex is null");
        }
        NeuronParameters.requireFinite(o, "rho_reset", rhoReset);
    }

    /** A copy with another {@code lif_adex}. */
    public LIFAdExRefracParameters withLifAdex(LIFAdExParameters v) {
        return new LIFAdExRefracParameters(v, rhoReset);
    }

    /** A copy with another {@code rho_reset}. */
    public LIFAdExRefracParameters withRhoReset(Param v) {
        return new LIFAdExRefracParameters(lifAdex, v);
    }

    @Override
    public String toString() {
        return repr();
    }
}
