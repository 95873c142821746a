package io.snn4j.functional;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;

/**
 * The leaky integrator (Norse {@code functional/leaky_integrator.py}): LIF's current and voltage update
 * without threshold; the output is the new voltage.
 *
 * <pre>
 * i1 = i + x
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

    /** Norse's {@code li_feed_forward_step}: output = voltage. */
    public static final NeuronModel<LIParameters, LIState> FEED_FORWARD = new NeuronModel<>() {
        @Override
        public String name() {
            return "li_feed_forward_step";
        }

        @Override
        public LIState newState(int[] shape) {
            return new LIState(shape);
        }

        @Override
        public Coefficients coefficients(LIParameters p, double dt, int n) {
            float fdt = (float) dt, mdt = (float) -dt;
            return Coefficients.of(Coefficients.period(p, n),
                    k -> fdt * p.tauMemInv().at(k),
                    k -> mdt * p.tauSynInv().at(k),
                    k -> p.vLeak().at(k));
        }

        @Override
        public void step(float[] x, int xOff, float[] r, int rOff, LIState s, int sOff, float[] out, int outOff, int len, float[][] c,
                int cOff) {
            K.li(x, xOff, r, rOff, s.v, s.i, sOff, out, outOff, len, c, cOff);
        }
    };

    /** The default state: {@code v = v_leak} (broadcast per neuron), {@code i = 0}. */
    public static LIState defaultState(LIParameters p, int[] shape) {
        LIState s = new LIState(shape);
        p.vLeak().broadcastInto(s.v, Shapes.lastDim(shape), "LIParameters.v_leak");
        return s;
    }
}
