package io.snn4j.functional;

/**
 * Parameters of the Izhikevich model (Norse {@code IzhikevichParameters}); Norse keeps them as Python numbers, so they are held in double precision and products such as {@code tau_inv * dt * a} are computed in double, as in Norse. Voltages in mV, time in units of {@code 1/tau_inv}. Each {@link Param} may be a scalar or per-neuron (length N, the last state dimension). Validated
 * on construction; immutable and thread-safe. {@link #DEFAULT} is the tonic-spiking preset's parameters; see {@link IzhikevichSpikingBehavior} for all presets.
 *
 * @param a {@code a}, time scale of the recovery variable
 * @param b {@code b}, sensitivity of the recovery variable
 * @param c {@code c}, reset voltage
 * @param d {@code d}, recovery jump per spike
 * @param sq {@code sq}, quadratic coefficient (default 0.04)
 * @param mn {@code mn}, linear coefficient (default 5)
 * @param bias {@code bias}, constant term (default 140)
 * @param vTh {@code v_th}, spike cut-off (default 30)
 * @param tauInv {@code tau_inv}, time scale: the Euler step is {@code tau_inv * dt} (default 250)
 * @param method {@code method}, surrogate-gradient method (no effect on the forward pass)
 * @param alpha {@code alpha}, surrogate-gradient sharpness (default 100.0)
 */
public record IzhikevichParameters(Param a, Param b, Param c, Param d, Param sq, Param mn, Param bias, Param vTh, Param tauInv, String method, Param alpha) implements NeuronParameters {

    /** Norse's defaults. */
    public static final IzhikevichParameters DEFAULT = new IzhikevichParameters(Param.number(0.02), Param.number(0.2), Param.integer(-65), Param.integer(6), Param.number(0.04), Param.integer(5), Param.integer(140), Param.integer(30), Param.integer(250), "super", Param.number(100.0));

    /** Validates every field. */
    public IzhikevichParameters {
        String o = "IzhikevichParameters";
        NeuronParameters.requireFinite(o, "a", a);
        NeuronParameters.requireFinite(o, "b", b);
        NeuronParameters.requireFinite(o, "c", c);
        NeuronParameters.requireFinite(o, "d", d);
        NeuronParameters.requireFinite(o, "sq", sq);
        NeuronParameters.requireFinite(o, "mn", mn);
        NeuronParameters.requireFinite(o, "bias", bias);
        NeuronParameters.requireFinite(o, "v_th", vTh);
        NeuronParameters.requirePositive(o, "tau_inv", tauInv);
        NeuronParameters.requireMethod(o, method);
        NeuronParameters.requireFinite(o, "alpha", alpha);
    }

    /** A copy with another {@code a}. */
    public IzhikevichParameters withA(Param v) {
        return new IzhikevichParameters(v, b, c, d, sq, mn, bias, vTh, tauInv, method, alpha);
    }

    /** A copy with another {@code b}. */
    public IzhikevichParameters withB(Param v) {
        return new IzhikevichParameters(a, v, c, d, sq, mn, bias, vTh, tauInv, method, alpha);
    }

    /** A copy with another {@code c}. */
    public IzhikevichParameters withC(Param v) {
        return new IzhikevichParameters(a, b, v, d, sq, mn, bias, vTh, tauInv, method, alpha);
    }

    /** A copy with another {@code d}. */
    public IzhikevichParameters withD(Param v) {
        return new IzhikevichParameters(a, b, c, v, sq, mn, bias, vTh, tauInv, method, alpha);
    }

    /** A copy with another {@code sq}. */
    public IzhikevichParameters withSq(Param v) {
        return new IzhikevichParameters(a, b, c, d, v, mn, bias, vTh, tauInv, method, alpha);
    }

    /** A copy with another {@code mn}. */
    public IzhikevichParameters withMn(Param v) {
        return new IzhikevichParameters(a, b, c, d, sq, v, bias, vTh, tauInv, method, alpha);
    }

    /** A copy with another {@code bias}. */
    public IzhikevichParameters withBias(Param v) {
        return new IzhikevichParameters(a, b, c, d, sq, mn, v, vTh, tauInv, method, alpha);
    }

    /** A copy with another {@code v_th}. */
    public IzhikevichParameters withVTh(Param v) {
        return new IzhikevichParameters(a, b, c, d, sq, mn, bias, v, tauInv, method, alpha);
    }

    /** A copy with another {@code tau_inv}. */
    public IzhikevichParameters withTauInv(Param v) {
        return new IzhikevichParameters(a, b, c, d, sq, mn, bias, vTh, v, method, alpha);
    }

    /** A copy with another {@code method}. */
    public IzhikevichParameters withMethod(String v) {
        return new IzhikevichParameters(a, b, c, d, sq, mn, bias, vTh, tauInv, v, alpha);
    }

    /** A copy with another {@code alpha}. */
    public IzhikevichParameters withAlpha(Param v) {
        return new IzhikevichParameters(a, b, c, d, sq, mn, bias, vTh, tauInv, method, v);
    }

    @Override
    public String toString() {
        return repr();
    }
}
