package io.snn4j.functional;

import io.snn4j.internal.vectorization.Slots.LifAdEx;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;

/**
 * The adaptive exponential LIF model (Norse {@code lif_adex.py}) and its refractory variant
 * ({@code lif_adex_refrac.py}):
 *
 * <pre>
 * i1 = i + x                                  (recurrent: (i + W_in x) + W_rec z)
 * v1 = v + (dt*tau_mem_inv) * ((((v_leak - v) + delta_T * exp((v - v_th) / delta_T)) + i1) - a)
 * i2 = i1 + (-dt*tau_syn_inv) * i1
 * a1 = a + (dt*tau_ada_inv) * (adaptation_current * (v - v_leak) - a)       (old v)
 * z  = v1 - v_th &gt; 0;  v2 = (1 - z) * v1 + z * v_reset;  a2 = a1 + z * adaptation_spike
 * </pre>
 *
 * Refractory variant: while {@code rho > 0} the voltage is held and spikes are suppressed;
 * {@code rho} counts steps. Norse adds {@code adaptation_spike} on a suppressed threshold crossing too;
 * the {@code *_NORSE} models reproduce that, the others adapt on emitted spikes only (a deliberate fix).
 * {@code exp} as in {@link LIFExModel}. Default state {@code v = v_leak}, the rest 0. Stateless and
 * thread-safe.
 */
public final class LIFAdExModel {
    private static final Kernels K = KernelProvider.kernels();

    private LIFAdExModel() {
    }

    /** The AdEx coefficients, see {@link Kernels#lifAdEx}. */
    static float[][] arrays(LIFAdExParameters p, double dt, int period) {
        float fdt = (float) dt, mdt = (float) -dt;
        return Coefficients.slots(period, LifAdEx.COUNT)
                .set(LifAdEx.A_MEM, k -> fdt * p.tauMemInv().at(k)).set(LifAdEx.A_SYN, k -> mdt * p.tauSynInv().at(k))
                .set(LifAdEx.V_LEAK, k -> p.vLeak().at(k)).set(LifAdEx.V_TH, k -> p.vTh().at(k))
                .set(LifAdEx.V_RESET, k -> p.vReset().at(k)).set(LifAdEx.DELTA_T, k -> p.deltaT().at(k))
                .set(LifAdEx.A_ADA, k -> fdt * p.tauAdaInv().at(k))
                .set(LifAdEx.ADAPTATION_CURRENT, k -> p.adaptationCurrent().at(k))
                .set(LifAdEx.ADAPTATION_SPIKE, k -> p.adaptationSpike().at(k)).build().arrays();
    }

    static Coefficients coefficients(LIFAdExParameters p, double dt, int n) {
        return Coefficients.wrap(arrays(p, dt, Coefficients.period(p, n)));
    }

    /** The AdEx coefficients followed by {@code rho_reset}. */
    static Coefficients refracCoefficients(LIFAdExRefracParameters p, double dt, int n) {
        int period = Coefficients.period(p, n);
        float[][] base = arrays(p.lifAdex(), dt, period);
        return Coefficients.append(base, Coefficients.of(period, k -> p.rhoReset().at(k)).arrays()[0]);
    }

    /** Norse's {@code lif_adex_feed_forward_step}. */
    public static final NeuronModel<LIFAdExParameters, LIFAdExFeedForwardState> FEED_FORWARD = NeuronModel.of(
            "lif_adex_feed_forward_step", LIFAdExFeedForwardState::new, LIFAdExModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lifAdEx(x, xOff, r, rOff, s.v, s.i, s.a, sOff, out,
                    outOff, len, c, cOff));

    /** Norse's {@code lif_adex_step}. */
    public static final NeuronModel<LIFAdExParameters, LIFAdExState> RECURRENT = NeuronModel.of("lif_adex_step",
            LIFAdExState::new, LIFAdExModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lifAdEx(x, xOff, r, rOff, s.v, s.i, s.a, sOff, out,
                    outOff, len, c, cOff));

    private static NeuronModel<LIFAdExRefracParameters, LIFAdExRefracFeedForwardState> refracFeedForward(boolean norse) {
        return NeuronModel.of("lif_adex_refrac_feed_forward_step", LIFAdExRefracFeedForwardState::new,
                LIFAdExModel::refracCoefficients,
                (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lifAdExRefrac(x, xOff, r, rOff, s.v, s.i, s.a,
                        s.rho, sOff, out, outOff, len, c, cOff, norse));
    }

    private static NeuronModel<LIFAdExRefracParameters, LIFAdExRefracState> refracRecurrent(boolean norse) {
        return NeuronModel.of("lif_adex_refrac_step", LIFAdExRefracState::new, LIFAdExModel::refracCoefficients,
                (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lifAdExRefrac(x, xOff, r, rOff, s.v, s.i, s.a,
                        s.rho, sOff, out, outOff, len, c, cOff, norse));
    }

    /** AdEx with refractory period; adapts on emitted spikes only. */
    public static final NeuronModel<LIFAdExRefracParameters, LIFAdExRefracFeedForwardState> REFRAC_FEED_FORWARD =
            refracFeedForward(false);
    /** As Norse computes it: suppressed threshold crossings adapt too. */
    public static final NeuronModel<LIFAdExRefracParameters, LIFAdExRefracFeedForwardState> REFRAC_FEED_FORWARD_NORSE =
            refracFeedForward(true);
    /** Recurrent AdEx with refractory period; adapts on emitted spikes only. */
    public static final NeuronModel<LIFAdExRefracParameters, LIFAdExRefracState> REFRAC_RECURRENT = refracRecurrent(false);
    /** As Norse computes it: suppressed threshold crossings adapt too. */
    public static final NeuronModel<LIFAdExRefracParameters, LIFAdExRefracState> REFRAC_RECURRENT_NORSE =
            refracRecurrent(true);

    /** Default feed-forward state: {@code v = v_leak}, {@code i = a = 0}. */
    public static LIFAdExFeedForwardState feedForwardState(LIFAdExParameters p, int[] shape) {
        LIFAdExFeedForwardState s = new LIFAdExFeedForwardState(shape);
        p.vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIFAdExParameters.v_leak");
        return s;
    }

    /** Default recurrent state: {@code v = v_leak}, {@code z = i = a = 0}. */
    public static LIFAdExState state(LIFAdExParameters p, int[] shape) {
        LIFAdExState s = new LIFAdExState(shape);
        p.vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIFAdExParameters.v_leak");
        return s;
    }

    /** Default refractory feed-forward state: {@code v = v_leak}, the rest 0. */
    public static LIFAdExRefracFeedForwardState refracFeedForwardState(LIFAdExRefracParameters p, int[] shape) {
        LIFAdExRefracFeedForwardState s = new LIFAdExRefracFeedForwardState(shape);
        p.lifAdex().vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIFAdExRefracParameters.lif_adex.v_leak");
        return s;
    }

    /** Default refractory recurrent state: {@code v = v_leak}, the rest 0. */
    public static LIFAdExRefracState refracState(LIFAdExRefracParameters p, int[] shape) {
        LIFAdExRefracState s = new LIFAdExRefracState(shape);
        p.lifAdex().vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIFAdExRefracParameters.lif_adex.v_leak");
        return s;
    }
}
