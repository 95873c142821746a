package io.snn4j.functional;

import io.snn4j.internal.vectorization.Slots.Lif;
import io.snn4j.internal.vectorization.Slots.LifBox;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The leaky integrate-and-fire model (Norse {@code functional/lif.py}). Per step, in float32 and in
 * this order (no fused multiply-add):
 *
 * <pre>
 * i1 = i + x                                  (recurrent: (i + W_in x) + W_rec z)
 * v1 = v + (dt*tau_mem_inv) * ((v_leak - v) + i1)
 * i2 = i1 + (-dt*tau_syn_inv) * i1
 * z  = v1 - v_th &gt; 0 ? 1 : 0
 * v2 = (1 - z) * v1 + z * v_reset
 * </pre>
 *
 * The default state is {@code v = v_leak, i = 0} (and {@code z = 0}). Stateless and thread-safe.
 */
public final class LIFModel {
    private static final Kernels K = KernelProvider.kernels();

    private LIFModel() {
    }

    /** The coefficients {@code {dt*tau_mem_inv, -dt*tau_syn_inv, v_leak, v_th, v_reset}}. */
    public static Coefficients coefficients(LIFParameters p, double dt, int n) {
        return Coefficients.wrap(arrays(p, dt, Coefficients.period(p, n)));
    }

    /** The coefficient arrays with the given period (for models that extend LIF). */
    static float[][] arrays(LIFParameters p, double dt, int period) {
        float fdt = (float) dt, mdt = (float) -dt;
        return Coefficients.slots(period, Lif.COUNT)
                .set(Lif.A_MEM, k -> fdt * p.tauMemInv().at(k))
                .set(Lif.A_SYN, k -> mdt * p.tauSynInv().at(k))
                .set(Lif.V_LEAK, k -> p.vLeak().at(k))
                .set(Lif.V_TH, k -> p.vTh().at(k))
                .set(Lif.V_RESET, k -> p.vReset().at(k)).build().arrays();
    }

    /**
     * The backward pass of LIF (both forms): records {@code v} before the step and {@code i1 = (i + x) + r};
     * the recurrent form resets with the spikes detached, as Norse's {@code lif_step} does.
     */
    static <S extends NeuronState> NeuronGradient<LIFParameters, S> gradient(boolean detachReset) {
        return new NeuronGradient<LIFParameters, S>(new String[] {"v", "i1"}, new String[] {"v", "i"}, Lif.COUNT, true,
                (x, xOff, r, rOff, s, sOff, rec, recOff, len) -> recordCurrentJump(x, xOff, r, rOff, s, sOff, rec, recOff,
                        len),
                (rec, recOff, gOut, gOutOff, g, sOff, gx, gxOff, gc, len, c, cOff, method) -> K.lifBackward(rec, recOff, gOut,
                        gOutOff, g[0], g[1], sOff, gx, gxOff, gc, len, c, cOff, method, detachReset),
                LIFModel::parameterGradients).withRecordingStep((x, xOff, r, rOff, s, sOff, out, outOff, rec, recOff, len, c,
                        cOff) -> K.lifRecorded(x, xOff, r, rOff, s.buffer("v"), s.buffer("i"), sOff, out, outOff, len, c, cOff,
                                rec[0], rec[1], recOff));
    }

    /** Records {@code v} (buffer "v") and {@code i1 = (i + x) + r} (buffer "i") before a LIF or LI step. */
    static void recordCurrentJump(float[] x, int xOff, float[] r, int rOff, NeuronState s, int sOff, float[][] rec,
            int recOff, int len) {
        float[] v = s.buffer("v"), i = s.buffer("i"), rv = rec[0], ri = rec[1];
        System.arraycopy(v, sOff, rv, recOff, len);
        // (i + x) + r in the step's order, as vector passes (1 * x is x exactly)
        System.arraycopy(i, sOff, ri, recOff, len);
        K.addScaled(ri, recOff, x, xOff, 1f, len);
        if (r != null) {
            K.addScaled(ri, recOff, r, rOff, 1f, len);
        }
    }

    /** Coefficients {@code {dt*tau_mem_inv, -dt*tau_syn_inv, v_leak, v_th, v_reset}} back to parameters. */
    static Map<String, float[]> parameterGradients(float[][] gc, double dt) {
        Map<String, float[]> m = new LinkedHashMap<>();
        m.put("tau_syn_inv", NeuronGradient.scaled(gc[Lif.A_SYN], (float) -dt));
        m.put("tau_mem_inv", NeuronGradient.scaled(gc[Lif.A_MEM], (float) dt));
        m.put("v_leak", gc[Lif.V_LEAK]);
        m.put("v_th", gc[Lif.V_TH]);
        m.put("v_reset", gc[Lif.V_RESET]);
        return m;
    }

    /** Norse's {@code lif_feed_forward_step}: output = spikes. */
    public static final NeuronModel<LIFParameters, LIFFeedForwardState> FEED_FORWARD = NeuronModel.of(
            "lif_feed_forward_step", LIFFeedForwardState::new, LIFModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lif(x, xOff, r, rOff, s.v, s.i, sOff, out, outOff,
                    len, c, cOff),
            (x, xOff, xs, s, sOff, out, outOff, os, len, n, c, cOff) -> K.lifSteps(x, xOff, xs, s.v, s.i, sOff, out, outOff,
                    os, len, n, c, cOff),
            gradient(false));

    /**
     * Norse's {@code lif_step}: the same update on the input projection {@code x} plus the recurrent term
     * {@code r}, {@code i1 = (i + x) + r}; output = spikes, also kept in the state's {@code z} by the
     * recurrent modules.
     */
    public static final NeuronModel<LIFParameters, LIFState> RECURRENT = NeuronModel.of(
            "lif_step", LIFState::new, LIFModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lif(x, xOff, r, rOff, s.v, s.i, sOff, out, outOff,
                    len, c, cOff), null, gradient(true));

    /**
     * Norse's {@code lif_current_encoder}: a LIF neuron without synapse, the input driving the voltage
     * directly, reset by {@code v - z * (v - v_reset)}; the state is the voltage only. Coefficients
     * {@code {dt*tau_mem_inv, v_leak, v_th, v_reset}}. Used by {@code ConstantCurrentLIFEncoder}.
     */
    public static final NeuronModel<LIFParameters, LIFBoxFeedForwardState> CURRENT_ENCODER = NeuronModel.of(
            "lif_current_encoder", LIFBoxFeedForwardState::new, (p, dt, n) -> {
                float fdt = (float) dt;
                return Coefficients.slots(Coefficients.period(p, n), LifBox.COUNT)
                        .set(LifBox.A_MEM, k -> fdt * p.tauMemInv().at(k)).set(LifBox.V_LEAK, k -> p.vLeak().at(k))
                        .set(LifBox.V_TH, k -> p.vTh().at(k)).set(LifBox.V_RESET, k -> p.vReset().at(k)).build();
            },
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lifCurrentEncoder(x, xOff, s.v, sOff, out, outOff,
                    len, c, cOff));

    /** Norse's LIF default state: {@code v = v_leak} (broadcast per neuron), {@code i = 0}. */
    public static LIFFeedForwardState defaultFeedForwardState(LIFParameters p, int[] shape) {
        LIFFeedForwardState s = new LIFFeedForwardState(shape);
        p.vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIFParameters.v_leak");
        return s;
    }

    /** Norse's recurrent LIF default state: {@code z = 0}, {@code v = v_leak}, {@code i = 0}. */
    public static LIFState defaultState(LIFParameters p, int[] shape) {
        LIFState s = new LIFState(shape);
        p.vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIFParameters.v_leak");
        return s;
    }
}
