package io.snn4j.functional;

import io.snn4j.internal.vectorization.Slots.Li;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;

/**
 * The leaky integrator (Norse {@code functional/leaky_integrator.py}): LIF's current and voltage update
 * without threshold; the output is the new voltage.
 *
 * <pre>
 * i1 = i + x                                  (li_step: i + W x)
 * v1 = v + (dt*tau_mem_inv) * ((v_leak - v) + i1)
 * i2 = i1 + (-dt*tau_syn_inv) * i1
 * </pre>
 *
 * The default state is {@code v = v_leak, i = 0}. Stateless and thread-safe.
 */
public final class LIModel {
    private static final Kernels K = KernelProvider.kernels();

    private LIModel() {
    }

    /** The coefficients {@code {dt*tau_mem_inv, -dt*tau_syn_inv, v_leak}}. */
    public static Coefficients coefficients(LIParameters p, double dt, int n) {
        float fdt = (float) dt, mdt = (float) -dt;
        return Coefficients.slots(Coefficients.period(p, n), Li.COUNT)
                .set(Li.A_MEM, k -> fdt * p.tauMemInv().at(k))
                .set(Li.A_SYN, k -> mdt * p.tauSynInv().at(k))
                .set(Li.V_LEAK, k -> p.vLeak().at(k)).build();
    }

    /** Norse's {@code li_feed_forward_step}: output = voltage. */
    public static final NeuronModel<LIParameters, LIState> FEED_FORWARD = NeuronModel.of(
            "li_feed_forward_step", LIState::new, LIModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.li(x, xOff, r, rOff, s.v, s.i, sOff, out, outOff,
                    len, c, cOff),
            (x, xOff, xs, s, sOff, out, outOff, os, len, n, c, cOff) -> K.liSteps(x, xOff, xs, s.v, s.i, sOff, out, outOff,
                    os, len, n, c, cOff),
            new NeuronGradient<>(new String[] {"v", "i1"}, new String[] {"v", "i"}, Li.COUNT, false, LIFModel::recordCurrentJump,
                    (rec, recOff, gOut, gOutOff, g, sOff, gx, gxOff, gc, len, c, cOff, method) -> K.liBackward(rec, recOff,
                            gOut, gOutOff, g[0], g[1], sOff, gx, gxOff, gc, len, c, cOff),
                    (gc, dt) -> {
                        java.util.Map<String, float[]> m = new java.util.LinkedHashMap<>();
                        m.put("tau_syn_inv", NeuronGradient.scaled(gc[Li.A_SYN], (float) -dt));
                        m.put("tau_mem_inv", NeuronGradient.scaled(gc[Li.A_MEM], (float) dt));
                        m.put("v_leak", gc[Li.V_LEAK]);
                        return m;
                    }));

    /** The default state: {@code v = v_leak} (broadcast per neuron), {@code i = 0}. */
    public static LIState defaultState(LIParameters p, int[] shape) {
        LIState s = new LIState(shape);
        p.vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIParameters.v_leak");
        return s;
    }
}
