package io.snn4j.functional;

import io.snn4j.internal.vectorization.Slots.CobaLif;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;

/**
 * The conductance-based LIF model (Norse {@code coba_lif.py}):
 *
 * <pre>
 * g_e = g_e + relu(x);  g_i = g_i + relu(-x)            (recurrent: the projected jumps, see CobaLIFCell)
 * g_e = g_e + (-dt*tau_syn_exc_inv) * g_e;  g_i likewise
 * v1  = v + (dt*c_m_inv) * ((g_l*(v_rest - v) + g_e*(e_rev_E - v)) + g_i*(e_rev_I - v))
 * z   = v1 - v_thresh &gt; 0;  v2 = (1 - z) * v1 + z * v_reset
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class CobaLIFModel {
    private static final Kernels K = KernelProvider.kernels();

    private CobaLIFModel() {
    }

    /** {@code {-dt*tau_syn_exc_inv, -dt*tau_syn_inh_inv, dt*c_m_inv, g_l, e_rev_I, e_rev_E, v_rest, v_reset, v_thresh}}. */
    public static Coefficients coefficients(CobaLIFParameters p, double dt, int n) {
        float fdt = (float) dt, mdt = (float) -dt;
        return Coefficients.slots(Coefficients.period(p, n), CobaLif.COUNT)
                .set(CobaLif.A_E, k -> mdt * p.tauSynExcInv().at(k)).set(CobaLif.A_I, k -> mdt * p.tauSynInhInv().at(k))
                .set(CobaLif.A_MEM, k -> fdt * p.cMInv().at(k)).set(CobaLif.G_L, k -> p.gL().at(k))
                .set(CobaLif.E_REV_I, k -> p.eRevI().at(k)).set(CobaLif.E_REV_E, k -> p.eRevE().at(k))
                .set(CobaLif.V_REST, k -> p.vRest().at(k)).set(CobaLif.V_RESET, k -> p.vReset().at(k))
                .set(CobaLif.V_TH, k -> p.vThresh().at(k)).build();
    }

    /** Norse's {@code coba_lif_feed_forward_step} (functional only in Norse): the input is split by sign. */
    public static final NeuronModel<CobaLIFParameters, CobaLIFFeedForwardState> FEED_FORWARD = NeuronModel.of(
            "coba_lif_feed_forward_step", CobaLIFFeedForwardState::new, CobaLIFModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.cobaLif(x, xOff, null, 0, true, s.v, s.gE, s.gI,
                    sOff, out, outOff, len, c, cOff));

    /**
     * The step of {@code CobaLIFCell}: {@code x} is the excitatory conductance jump and {@code r} the
     * inhibitory one (either may be null), both already projected through the rectified weights.
     */
    public static final NeuronModel<CobaLIFParameters, CobaLIFState> RECURRENT = NeuronModel.of("coba_lif_step",
            CobaLIFState::new, CobaLIFModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.cobaLif(x, xOff, r, rOff, false, s.v, s.gE, s.gI,
                    sOff, out, outOff, len, c, cOff));

    /** A recurrent state with {@code v = v_rest} (or 0, as Norse's {@code CobaLIFCell} starts), the rest 0. */
    public static CobaLIFState state(CobaLIFParameters p, int[] shape, boolean norse) {
        CobaLIFState s = new CobaLIFState(shape);
        if (!norse) {
            p.vRest().broadcastInto(s.v, io.snn4j.tensor.Shapes.lastDim(shape), "CobaLIFParameters.v_rest");
        }
        return s;
    }

    /** A feed-forward state with {@code v = v_rest} and no conductance. */
    public static CobaLIFFeedForwardState feedForwardState(CobaLIFParameters p, int[] shape) {
        CobaLIFFeedForwardState s = new CobaLIFFeedForwardState(shape);
        p.vRest().broadcastInto(s.v, io.snn4j.tensor.Shapes.lastDim(shape), "CobaLIFParameters.v_rest");
        return s;
    }
}
