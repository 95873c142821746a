package io.snn4j.functional;

import io.snn4j.internal.vectorization.Slots.Iaf;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;

/**
 * The integrate-and-fire model (Norse {@code iaf.py}): {@code v1 = v + x; z = v1 - v_th > 0;
 * v2 = (1 - z) * v1 + z * v_reset}; dt is unused. Default state {@code v = v_reset}. Stateless and
 * thread-safe.
 */
public final class IAFModel {
    private static final Kernels K = KernelProvider.kernels();

    private IAFModel() {
    }

    /** Norse's {@code iaf_feed_forward_step}: output = spikes. */
    public static final NeuronModel<IAFParameters, IAFFeedForwardState> FEED_FORWARD = NeuronModel.of(
            "iaf_feed_forward_step", IAFFeedForwardState::new,
            (p, dt, n) -> Coefficients.slots(Coefficients.period(p, n), Iaf.COUNT).set(Iaf.V_TH, k -> p.vTh().at(k))
                    .set(Iaf.V_RESET, k -> p.vReset().at(k)).build(),
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.iaf(x, xOff, s.v, sOff, out, outOff, len, c, cOff),
            (x, xOff, xs, s, sOff, out, outOff, os, len, n, c, cOff) -> K.iafSteps(x, xOff, xs, s.v, sOff, out, outOff, os, len,
                    n, c, cOff));

    /** Default state: {@code v = v_reset}. */
    public static IAFFeedForwardState defaultState(IAFParameters p, int[] shape) {
        IAFFeedForwardState s = new IAFFeedForwardState(shape);
        p.vReset().broadcastInto(s.v, Shapes.lastDim(shape), "IAFParameters.v_reset");
        return s;
    }
}
