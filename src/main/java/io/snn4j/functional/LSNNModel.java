package io.snn4j.functional;

import io.snn4j.internal.vectorization.Slots.Lsnn;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;

/**
 * The LSNN adaptive-threshold model (Norse {@code lsnn.py}), in Norse's old step order: the input
 * current arrives after the voltage update (one step of delay) and {@code b} is the threshold itself.
 *
 * <pre>
 * v1 = v + (dt*tau_mem_inv) * ((v_leak - v) + i)      (old i)
 * i1 = i + (-dt*tau_syn_inv) * i
 * b1 = b + (dt*tau_adapt_inv) * (v_th - b)
 * z  = v1 - b1 &gt; 0;  v2 = (1 - z) * v1 + z * v_reset;  b2 = b1 + z * beta
 * i2 = i1 + x                                         (recurrent: (i1 + W_in x) + W_rec z)
 * </pre>
 *
 * Default state {@code v = v_leak, i = 0, b = v_th} (a per-neuron {@code v_th} works, unlike Norse's
 * {@code LSNN}). Stateless and thread-safe.
 */
public final class LSNNModel {
    private static final Kernels K = KernelProvider.kernels();

    private LSNNModel() {
    }

    /** {@code {dt*tau_mem_inv, -dt*tau_syn_inv, dt*tau_adapt_inv, v_leak, v_th, v_reset, beta}}. */
    static Coefficients coefficients(LSNNParameters p, double dt, int n) {
        float fdt = (float) dt, mdt = (float) -dt;
        return Coefficients.slots(Coefficients.period(p, n), Lsnn.COUNT)
                .set(Lsnn.A_MEM, k -> fdt * p.tauMemInv().at(k)).set(Lsnn.A_SYN, k -> mdt * p.tauSynInv().at(k))
                .set(Lsnn.A_ADAPT, k -> fdt * p.tauAdaptInv().at(k)).set(Lsnn.V_LEAK, k -> p.vLeak().at(k))
                .set(Lsnn.V_TH, k -> p.vTh().at(k)).set(Lsnn.V_RESET, k -> p.vReset().at(k))
                .set(Lsnn.BETA, k -> p.beta().at(k)).build();
    }

    /** The backward pass: records {@code v, i, b} before the step (the input enters after the update). */
    static <S extends NeuronState> NeuronGradient<LSNNParameters, S> gradient(boolean detachReset) {
        return new NeuronGradient<>(new String[] {"v", "i", "b"}, new String[] {"v", "i", "b"}, Lsnn.COUNT, true,
                (x, xOff, r, rOff, s, sOff, rec, recOff, len) -> {
                    System.arraycopy(s.buffer("v"), sOff, rec[0], recOff, len);
                    System.arraycopy(s.buffer("i"), sOff, rec[1], recOff, len);
                    System.arraycopy(s.buffer("b"), sOff, rec[2], recOff, len);
                },
                (rec, recOff, gOut, gOutOff, g, sOff, gx, gxOff, gc, len, c, cOff, method) -> K.lsnnBackward(rec, recOff, gOut,
                        gOutOff, g[0], g[1], g[2], sOff, gx, gxOff, gc, len, c, cOff, method, detachReset),
                (gc, dt) -> {
                    java.util.Map<String, float[]> m = new java.util.LinkedHashMap<>();
                    m.put("tau_syn_inv", NeuronGradient.scaled(gc[Lsnn.A_SYN], (float) -dt));
                    m.put("tau_mem_inv", NeuronGradient.scaled(gc[Lsnn.A_MEM], (float) dt));
                    m.put("tau_adapt_inv", NeuronGradient.scaled(gc[Lsnn.A_ADAPT], (float) dt));
                    m.put("v_leak", gc[Lsnn.V_LEAK]);
                    m.put("v_th", gc[Lsnn.V_TH]);
                    m.put("v_reset", gc[Lsnn.V_RESET]);
                    m.put("beta", gc[Lsnn.BETA]);
                    return m;
                });
    }

    /** Norse's {@code lsnn_feed_forward_step}. */
    public static final NeuronModel<LSNNParameters, LSNNFeedForwardState> FEED_FORWARD = NeuronModel.of(
            "lsnn_feed_forward_step", LSNNFeedForwardState::new, LSNNModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lsnn(x, xOff, r, rOff, s.v, s.i, s.b, sOff, out,
                    outOff, len, c, cOff),
            (x, xOff, xs, s, sOff, out, outOff, os, len, n, c, cOff) -> K.lsnnSteps(x, xOff, xs, s.v, s.i, s.b, sOff, out,
                    outOff, os, len, n, c, cOff),
            gradient(false));

    /** Norse's {@code lsnn_step}. */
    public static final NeuronModel<LSNNParameters, LSNNState> RECURRENT = NeuronModel.of(
            "lsnn_step", LSNNState::new, LSNNModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lsnn(x, xOff, r, rOff, s.v, s.i, s.b, sOff, out,
                    outOff, len, c, cOff), null, gradient(true));

    /** Default feed-forward state: {@code v = v_leak, i = 0, b = v_th}. */
    public static LSNNFeedForwardState feedForwardState(LSNNParameters p, int[] shape) {
        LSNNFeedForwardState s = new LSNNFeedForwardState(shape);
        p.vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LSNNParameters.v_leak");
        p.vTh().broadcastInto(s.b, Shapes.lastDim(shape), "LSNNParameters.v_th");
        return s;
    }

    /** Default recurrent state: {@code z = 0, v = v_leak, i = 0, b = v_th}. */
    public static LSNNState state(LSNNParameters p, int[] shape) {
        LSNNState s = new LSNNState(shape);
        p.vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LSNNParameters.v_leak");
        p.vTh().broadcastInto(s.b, Shapes.lastDim(shape), "LSNNParameters.v_th");
        return s;
    }
}
