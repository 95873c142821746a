package io.snn4j.functional;

import io.snn4j.internal.vectorization.Slots.LiBox;
import io.snn4j.internal.vectorization.Slots.LifBox;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;

/**
 * The box models (Norse {@code lif_box.py}, {@code li_box.py}): LIF and LI without a synaptic current.
 *
 * <pre>
 * LIF box: v1 = v + (dt*tau_mem_inv) * ((x + v_leak) - v);  z = v1 - v_th &gt; 0;
 *          v2 = (1 - z) * v1 + z * v_reset       (reset_value)
 *          v2 = (1 - z) * v1 + z * (v1 - v_th)   (reset_subtract)
 * LI box:  v1 = v + (dt*tau_mem_inv) * ((v_leak - v) + x);  output v1
 * </pre>
 *
 * Default states: {@code v = v_leak}. Stateless and thread-safe.
 */
public final class BoxModels {
    private static final Kernels K = KernelProvider.kernels();

    private BoxModels() {
    }

    /** {@code {dt*tau_mem_inv, v_leak, v_th, v_reset, subtract flag}}. */
    static Coefficients lifBoxCoefficients(LIFBoxParameters p, double dt, int n) {
        float fdt = (float) dt;
        float subtract = p.resetMethod().equals("reset_subtract") ? 1f : 0f;
        return Coefficients.slots(Coefficients.period(p, n), LifBox.SUBTRACT + 1)
                .set(LifBox.A_MEM, k -> fdt * p.tauMemInv().at(k)).set(LifBox.V_LEAK, k -> p.vLeak().at(k))
                .set(LifBox.V_TH, k -> p.vTh().at(k)).set(LifBox.V_RESET, k -> p.vReset().at(k))
                .set(LifBox.SUBTRACT, k -> subtract).build();
    }

    /** Norse's {@code lif_box_feed_forward_step}: output = spikes. */
    public static final NeuronModel<LIFBoxParameters, LIFBoxFeedForwardState> LIF_BOX = NeuronModel.of(
            "lif_box_feed_forward_step", LIFBoxFeedForwardState::new, BoxModels::lifBoxCoefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lifBox(x, xOff, s.v, sOff, out, outOff, len, c, cOff,
                    c[LifBox.SUBTRACT][0] != 0f),
            (x, xOff, xs, s, sOff, out, outOff, os, len, n, c, cOff) -> K.lifBoxSteps(x, xOff, xs, s.v, sOff, out, outOff, os,
                    len, n, c, cOff, c[LifBox.SUBTRACT][0] != 0f));

    /** Norse's {@code li_box_feed_forward_step}: output = voltage. */
    public static final NeuronModel<LIBoxParameters, LIBoxState> LI_BOX = NeuronModel.of("li_box_feed_forward_step",
            LIBoxState::new, (p, dt, n) -> {
                float fdt = (float) dt;
                return Coefficients.slots(Coefficients.period(p, n), LiBox.COUNT)
                        .set(LiBox.A_MEM, k -> fdt * p.tauMemInv().at(k)).set(LiBox.V_LEAK, k -> p.vLeak().at(k)).build();
            },
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.liBox(x, xOff, s.v, sOff, out, outOff, len, c, cOff),
            (x, xOff, xs, s, sOff, out, outOff, os, len, n, c, cOff) -> K.liBoxSteps(x, xOff, xs, s.v, sOff, out, outOff, os,
                    len, n, c, cOff));

    /** Default LIF box state: {@code v = v_leak}. */
    public static LIFBoxFeedForwardState lifBoxState(LIFBoxParameters p, int[] shape) {
        LIFBoxFeedForwardState s = new LIFBoxFeedForwardState(shape);
        p.vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIFBoxParameters.v_leak");
        return s;
    }

    /** Default LI box state: {@code v = v_leak}. */
    public static LIBoxState liBoxState(LIBoxParameters p, int[] shape) {
        LIBoxState s = new LIBoxState(shape);
        p.vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIBoxParameters.v_leak");
        return s;
    }
}
