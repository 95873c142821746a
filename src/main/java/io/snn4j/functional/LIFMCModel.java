package io.snn4j.functional;

import io.snn4j.internal.vectorization.Slots.LifMc;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;

/**
 * The multi-compartment LIF models (Norse {@code lif_mc.py}, {@code lif_mc_refrac.py}); compartments
 * are coupled through a conductance matrix {@code g_coupling} (hidden x hidden).
 *
 * <ul>
 * <li>{@code lif_mc_step}: the recurrent LIF step, then {@code v = v + dt * (g_coupling v)} (after
 * threshold and reset); the recurrent modules apply the coupling.</li>
 * <li>{@code lif_mc_refrac_step}, Norse's old order: {@code dv = (((1 - m) * dt) * tau_mem_inv) *
 * ((v_leak - v) + i) + g_coupling v}; the current decays; {@code z = v1 - v_th > 0}; reset; then
 * {@code i += W_in x + W_rec z_old}; {@code rho} as in {@link LIFRefracModel}. Norse adds the coupling
 * without dt and does not suppress spikes while refractory; {@link #refrac(int, boolean)} reproduces
 * that or fixes both.</li>
 * </ul>
 *
 * Stateless and thread-safe.
 */
public final class LIFMCModel {
    private static final Kernels K = KernelProvider.kernels();

    private LIFMCModel() {
    }

    /** {@code {tau_mem_inv, -dt*tau_syn_inv, v_leak, v_th, v_reset, rho_reset, dt, coupling scale}}. */
    static Coefficients refracCoefficients(LIFRefracParameters p, double dt, int n, boolean norse) {
        LIFParameters l = p.lif();
        float fdt = (float) dt, mdt = (float) -dt;
        float scale = norse ? 1f : fdt;
        return Coefficients.slots(Coefficients.period(p, n), LifMc.COUNT)
                .set(LifMc.TAU_MEM, k -> l.tauMemInv().at(k)).set(LifMc.A_SYN, k -> mdt * l.tauSynInv().at(k))
                .set(LifMc.V_LEAK, k -> l.vLeak().at(k)).set(LifMc.V_TH, k -> l.vTh().at(k))
                .set(LifMc.V_RESET, k -> l.vReset().at(k)).set(LifMc.RHO_RESET, k -> p.rhoReset().at(k))
                .set(LifMc.DT, k -> fdt).set(LifMc.COUPLING_SCALE, k -> scale).build();
    }

    /**
     * The MC-refrac step for {@code hidden} neurons per row. The recurrent modules pass the recurrent input
     * in {@code r} and the coupling {@code g_coupling v} right after it, at {@code r[rOff + hidden + k]}.
     *
     * @param norse reproduce Norse (coupling without dt, spikes not suppressed) instead of fixing it
     */
    public static NeuronModel<LIFRefracParameters, LIFRefracState> refrac(int hidden, boolean norse) {
        return NeuronModel.of("lif_mc_refrac_step", LIFRefracState::new, (p, dt, n) -> refracCoefficients(p, dt, n, norse),
                (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lifMcRefrac(x, xOff, r, rOff, r, rOff + hidden,
                        s.v, s.i, s.rho, sOff, out, outOff, len, c, cOff, !norse));
    }

    /** Norse's MC default state: {@code v = v_leak}, {@code z = i = 0}. */
    public static LIFState state(LIFParameters p, int[] shape) {
        return LIFModel.defaultState(p, shape);
    }

    /** Norse's MC-refrac default state: {@code v = v_leak}, the rest 0. */
    public static LIFRefracState refracState(LIFRefracParameters p, int[] shape) {
        LIFRefracState s = new LIFRefracState(shape);
        p.lif().vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIFRefracParameters.lif.v_leak");
        return s;
    }
}
