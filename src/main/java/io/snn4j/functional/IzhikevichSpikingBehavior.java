package io.snn4j.functional;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Izhikevich parameter set with its initial state (Norse {@code IzhikevichSpikingBehavior(p, s)}):
 * the modules take one of these, and {@code s} is their default state. The 20 named behaviours of
 * Izhikevich (2004) are in {@link #PRESETS}, under Norse's names (including its spelling
 * {@code accomodation}).
 *
 * @param p  the parameters
 * @param v0 initial voltage (mV)
 * @param u0 initial recovery variable
 */
public record IzhikevichSpikingBehavior(IzhikevichParameters p, float v0, float u0) {

    /** Validates: parameters present, initial values finite. */
    public IzhikevichSpikingBehavior {
        if (p == null) {
            throw new IllegalArgumentException("IzhikevichSpikingBehavior.p is null");
        }
        if (!Float.isFinite(v0) || !Float.isFinite(u0)) {
            throw new IllegalArgumentException("IzhikevichSpikingBehavior initial state must be finite, got v=" + v0 + ", u=" + u0);
        }
    }

    /**
     * Norse's {@code create_izhikevich_spiking_behavior(a, b, c, d, v_rest, u_rest, tau_inv)}: the state is
     * {@code v = v_rest}, {@code u = u_rest * b} (in float32).
     */
    public static IzhikevichSpikingBehavior create(double a, double b, double c, double d, double vRest, double uRest,
            double tauInv) {
        IzhikevichParameters p = IzhikevichParameters.DEFAULT.withA(Param.number(a)).withB(Param.number(b))
                .withC(pythonNumber(c)).withD(pythonNumber(d)).withTauInv(pythonNumber(tauInv));
        return new IzhikevichSpikingBehavior(p, (float) vRest, (float) uRest * (float) b);
    }

    /** Integral values as Python ints (as Norse's presets pass them), others as floats: only the repr differs. */
    private static Param pythonNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Param.integer((long) v) : Param.number(v);
    }

    /** {@link #create} with {@code tau_inv = 250}. */
    public static IzhikevichSpikingBehavior create(double a, double b, double c, double d, double vRest, double uRest) {
        return create(a, b, c, d, vRest, uRest, 250);
    }

    private static IzhikevichSpikingBehavior preset(double a, double b, double c, double d, double tauInv, double mn,
            double bias, double v0) {
        IzhikevichSpikingBehavior s = create(a, b, c, d, v0, v0, tauInv);
        return new IzhikevichSpikingBehavior(s.p().withMn(pythonNumber(mn)).withBias(pythonNumber(bias)), s.v0(), s.u0());
    }

    /** The 20 presets of Norse's {@code izhikevich.py}, by name, in Norse's order. */
    public static final Map<String, IzhikevichSpikingBehavior> PRESETS;

    static {
        Map<String, IzhikevichSpikingBehavior> m = new LinkedHashMap<>();
        m.put("tonic_spiking", preset(0.02, 0.2, -65, 6, 250, 5, 140, -70));
        m.put("phasic_spiking", preset(0.02, 0.25, -65, 6, 250, 5, 140, -64));
        m.put("tonic_bursting", preset(0.02, 0.2, -50, 2, 250, 5, 140, -70));
        m.put("phasic_bursting", preset(0.02, 0.25, -55, 0.05, 200, 5, 140, -64));
        m.put("mixed_mode", preset(0.02, 0.2, -55, 4, 250, 5, 140, -70));
        m.put("spike_frequency_adaptation", preset(0.01, 0.2, -65, 8, 250, 5, 140, -70));
        m.put("class_1_exc", preset(0.02, -0.1, -55, 6, 250, 4.1, 108, -60));
        m.put("class_2_exc", preset(0.2, 0.26, -65, 0, 250, 5, 140, -64));
        m.put("spike_latency", preset(0.02, 0.2, -65, 6, 250, 5, 140, -70));
        m.put("subthreshold_oscillation", preset(0.05, 0.26, -60, 0, 250, 5, 140, -62));
        m.put("resonator", preset(0.1, 0.26, -60, -1, 250, 5, 140, -62));
        m.put("integrator", preset(0.02, -0.1, -55, 6, 250, 4.1, 108, -60));
        m.put("rebound_spike", preset(0.03, 0.25, -60, 4, 200, 5, 140, -64));
        m.put("rebound_burst", preset(0.03, 0.25, -52, 0, 200, 5, 140, -64));
        m.put("threshold_variability", preset(0.03, 0.25, -60, 4, 250, 5, 140, -64));
        m.put("bistability", preset(0.1, 0.26, -60, 0, 250, 5, 140, -61));
        m.put("dap", preset(1.0, 0.2, -60, -21, 100, 5, 140, -70));
        // Norse builds accomodation's u by hand: the integer -16, not v0 * b.
        IzhikevichSpikingBehavior acc = preset(0.02, 1.0, -55, 4, 500, 5, 140, -65);
        m.put("accomodation", new IzhikevichSpikingBehavior(acc.p(), acc.v0(), -16f));
        m.put("inhibition_induced_spiking", preset(-0.02, -1.0, -60, 8, 250, 5, 140, -63.8));
        m.put("inhibition_induced_bursting", preset(-0.026, -1.0, -45, -2, 250, 5, 140, -63.8));
        PRESETS = Collections.unmodifiableMap(m);
    }

    /** Norse's {@code tonic_spiking} preset. */
    public static final IzhikevichSpikingBehavior TONIC_SPIKING = PRESETS.get("tonic_spiking");

    /**
     * The preset called {@code name}.
     *
     * @throws IllegalArgumentException naming the known presets if there is none
     */
    public static IzhikevichSpikingBehavior preset(String name) {
        IzhikevichSpikingBehavior b = PRESETS.get(name);
        if (b == null) {
            throw new IllegalArgumentException("unknown Izhikevich behaviour '" + name + "'; known: " + PRESETS.keySet());
        }
        return b;
    }
}
