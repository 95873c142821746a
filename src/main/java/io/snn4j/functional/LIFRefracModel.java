package io.snn4j.functional;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;

/**
 * LIF with an absolute refractory period (Norse {@code lif_refrac.py}): the LIF step, then
 *
 * <pre>
 * m   = rho &gt; 0                          (refractory, from the OLD rho)
 * v   = (1 - m) * v_new + m * v_old      (voltage held while refractory; the current keeps integrating)
 * z   = (1 - m) * z                      (spikes suppressed)
 * rho = (1 - z) * relu(rho - m) + z * rho_reset
 * </pre>
 *
 * {@code rho} counts steps: with {@code rho_reset = 5} a neuron can spike again on the 6th step after a
 * spike. Default state {@code v = v_leak}, the rest 0. Stateless and thread-safe.
 */
public final class LIFRefracModel {
    private static final Kernels K = KernelProvider.kernels();

    private LIFRefracModel() {
    }

    /** The LIF coefficients followed by {@code rho_reset}. */
    static Coefficients coefficients(LIFRefracParameters p, double dt, int n) {
        int period = Coefficients.period(p, n);
        return Coefficients.append(LIFModel.arrays(p.lif(), dt, period), Coefficients.of(period, k -> p.rhoReset().at(k)).arrays()[0]);
    }

    /** Norse's {@code lif_refrac_feed_forward_step}. */
    public static final NeuronModel<LIFRefracParameters, LIFRefracFeedForwardState> FEED_FORWARD = NeuronModel.of(
            "lif_refrac_feed_forward_step", LIFRefracFeedForwardState::new, LIFRefracModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lifRefrac(x, xOff, r, rOff, s.v, s.i, s.rho, sOff,
                    out, outOff, len, c, cOff),
            (x, xOff, xs, s, sOff, out, outOff, os, len, n, c, cOff) -> K.lifRefracSteps(x, xOff, xs, s.v, s.i, s.rho, sOff,
                    out, outOff, os, len, n, c, cOff));

    /** Norse's {@code lif_refrac_step}. */
    public static final NeuronModel<LIFRefracParameters, LIFRefracState> RECURRENT = NeuronModel.of("lif_refrac_step",
            LIFRefracState::new, LIFRefracModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.lifRefrac(x, xOff, r, rOff, s.v, s.i, s.rho, sOff,
                    out, outOff, len, c, cOff));

    /** Default feed-forward state: {@code lif.v = v_leak}, {@code lif.i = rho = 0}. */
    public static LIFRefracFeedForwardState feedForwardState(LIFRefracParameters p, int[] shape) {
        LIFRefracFeedForwardState s = new LIFRefracFeedForwardState(shape);
        p.lif().vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIFRefracParameters.lif.v_leak");
        return s;
    }

    /** Default recurrent state: {@code lif.v = v_leak}, the rest 0. */
    public static LIFRefracState state(LIFRefracParameters p, int[] shape) {
        LIFRefracState s = new LIFRefracState(shape);
        p.lif().vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIFRefracParameters.lif.v_leak");
        return s;
    }
}
