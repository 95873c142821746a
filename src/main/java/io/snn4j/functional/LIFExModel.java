package io.snn4j.functional;

import io.snn4j.internal.vectorization.Slots.LifAdEx;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;

/**
 * The exponential LIF model (Norse {@code lif_ex.py}):
 *
 * <pre>
 * i1 = i + x                                  (recurrent: (i + W_in x) + W_rec z)
 * v1 = v + (dt*tau_mem_inv) * (((v_leak - v) + delta_T * exp((v - v_th) / delta_T)) + i1)
 * i2 = i1 + (-dt*tau_syn_inv) * i1;  z = v1 - v_th &gt; 0;  v2 = (1 - z) * v1 + z * v_reset
 * </pre>
 *
 * {@code exp} is snn4j's reproducible float32 exponential (within 2 ulp; the SIMD and scalar kernels
 * agree bit for bit), so results may differ from Norse's by an ulp or so. Default state
 * {@code v = v_leak, i = 0}. Stateless and thread-safe.
 */
public final class LIFExModel {
    private static final Kernels K = KernelProvider.kernels();

    private LIFExModel() {
    }

    /** {@code {dt*tau_mem_inv, -dt*tau_syn_inv, v_leak, v_th, v_reset, delta_T}}. */
    static Coefficients coefficients(LIFExParameters p, double dt, int n) {
        float fdt = (float) dt, mdt = (float) -dt;
        return Coefficients.slots(Coefficients.period(p, n), LifAdEx.EX_COUNT)
                .set(LifAdEx.A_MEM, k -> fdt * p.tauMemInv().at(k)).set(LifAdEx.A_SYN, k -> mdt * p.tauSynInv().at(k))
                .set(LifAdEx.V_LEAK, k -> p.vLeak().at(k)).set(LifAdEx.V_TH, k -> p.vTh().at(k))
                .set(LifAdEx.V_RESET, k -> p.vReset().at(k)).set(LifAdEx.DELTA_T, k -> p.deltaT().at(k)).build();
    }

    /** Norse's {@code lif_ex_feed_forward_step}. */
    public static final NeuronModel<LIFExParameters, LIFExFeedForwardState> FEED_FORWARD = NeuronModel.of(
            "lif_ex_feed_forward_step", LIFExFeedForwardState::new, LIFExModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lifEx(x, xOff, r, rOff, s.v, s.i, sOff, out, outOff,
                    len, c, cOff));

    /** Norse's {@code lif_ex_step}. */
    public static final NeuronModel<LIFExParameters, LIFExState> RECURRENT = NeuronModel.of("lif_ex_step",
            LIFExState::new, LIFExModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lifEx(x, xOff, r, rOff, s.v, s.i, sOff, out, outOff,
                    len, c, cOff));

    /** Default feed-forward state: {@code v = v_leak, i = 0}. */
    public static LIFExFeedForwardState feedForwardState(LIFExParameters p, int[] shape) {
        LIFExFeedForwardState s = new LIFExFeedForwardState(shape);
        p.vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIFExParameters.v_leak");
        return s;
    }

    /** Default recurrent state: {@code z = 0, v = v_leak, i = 0}. */
    public static LIFExState state(LIFExParameters p, int[] shape) {
        LIFExState s = new LIFExState(shape);
        p.vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIFExParameters.v_leak");
        return s;
    }
}
