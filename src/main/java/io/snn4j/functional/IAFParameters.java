package io.snn4j.functional;

/**
 * Parameters of the integrate-and-fire model (Norse {@code IAFParameters}): {@code v += x}, no leak; dt is unused. Each {@link Param} may be a scalar or per-neuron (length N, the last state dimension). Validated
 * on construction; immutable and thread-safe.
 *
 * @param vTh {@code v_th}, threshold (default 1)
 * @param vReset {@code v_reset}, reset potential and default voltage (default 0)
 * @param method {@code method}, surrogate-gradient method (no effect on the forward pass)
 * @param alpha {@code alpha}, surrogate-gradient sharpness (default 100)
 */
public record IAFParameters(Param vTh, Param vReset, String method, Param alpha) implements NeuronParameters {

    /** Norse's defaults. */
    public static final IAFParameters DEFAULT = new IAFParameters(Param.of(1f), Param.of(0f), "super", Param.of(100f));

    /** Validates every field. */
    public IAFParameters {
        String o = "IAFParameters";
        NeuronParameters.requireFinite(o, "v_th", vTh);
        NeuronParameters.requireFinite(o, "v_reset", vReset);
        NeuronParameters.requireMethod(o, method);
        NeuronParameters.requireFinite(o, "alpha", alpha);
    }

    /** Norse's {@code bio_default()}: per-ms constants for {@code dt} around 1 (ms), voltages in mV. */
    public static IAFParameters bioDefault() {
        return new IAFParameters(Param.of(-55f), Param.of(-70f), "super", Param.of(100f));
    }

    /** A copy with another {@code v_th}. */
    public IAFParameters withVTh(Param v) {
        return new IAFParameters(v, vReset, method, alpha);
    }

    /** A copy with another {@code v_reset}. */
    public IAFParameters withVReset(Param v) {
        return new IAFParameters(vTh, v, method, alpha);
    }

    /** A copy with another {@code method}. */
    public IAFParameters withMethod(String v) {
        return new IAFParameters(vTh, vReset, v, alpha);
    }

    /** A copy with another {@code alpha}. */
    public IAFParameters withAlpha(Param v) {
        return new IAFParameters(vTh, vReset, method, v);
    }

    @Override
    public String toString() {
        return repr();
    }
}
