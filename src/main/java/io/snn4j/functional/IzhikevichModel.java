package io.snn4j.functional;

import io.snn4j.internal.vectorization.Slots.Izhikevich;

import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import java.util.Arrays;

/**
 * The Izhikevich model (Norse {@code izhikevich.py}), an Euler step of {@code tau_inv * dt} in
 * Izhikevich's ms units:
 *
 * <pre>
 * v1 = v + f(tau_inv*dt) * (((((sq * (v*v) + mn * v) + bias) - u) + I)   (recurrent: + W_in x, then + W_rec z)
 * u1 = u + f(tau_inv*dt*a) * (b * v - u)                                 (old v)
 * z  = v1 - v_th &gt; 0;  v2 = (1 - z) * v1 + z * c;  u2 = (1 - z) * u1 + z * (u1 + d)
 * </pre>
 *
 * {@code f(...)} are products of Python numbers: computed in double, then rounded once. The default
 * state is the behaviour's {@code (v0, u0)}. Stateless and thread-safe.
 */
public final class IzhikevichModel {
    private static final Kernels K = KernelProvider.kernels();

    private IzhikevichModel() {
    }

    /** {@code {f(tau_inv*dt), f(tau_inv*dt*a), sq, mn, bias, b, v_th, c, d}}. */
    static Coefficients coefficients(IzhikevichParameters p, double dt, int n) {
        return Coefficients.slots(Coefficients.period(p, n), Izhikevich.COUNT)
                .set(Izhikevich.KV, k -> (float) (p.tauInv().atDouble(k) * dt))
                .set(Izhikevich.KU, k -> (float) (p.tauInv().atDouble(k) * dt * p.a().atDouble(k)))
                .set(Izhikevich.SQ, k -> p.sq().at(k)).set(Izhikevich.MN, k -> p.mn().at(k))
                .set(Izhikevich.BIAS, k -> p.bias().at(k)).set(Izhikevich.B, k -> p.b().at(k))
                .set(Izhikevich.V_TH, k -> p.vTh().at(k)).set(Izhikevich.C, k -> p.c().at(k))
                .set(Izhikevich.D, k -> p.d().at(k)).build();
    }

    /** Norse's {@code izhikevich_feed_forward_step}. */
    public static final NeuronModel<IzhikevichParameters, IzhikevichState> FEED_FORWARD = NeuronModel.of(
            "izhikevich_feed_forward_step", IzhikevichState::new, IzhikevichModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.izhikevich(x, xOff, r, rOff, s.v, s.u, sOff, out,
                    outOff, len, c, cOff),
            (x, xOff, xs, s, sOff, out, outOff, os, len, n, c, cOff) -> K.izhikevichSteps(x, xOff, xs, s.v, s.u, sOff, out,
                    outOff, os, len, n, c, cOff));

    /** Norse's {@code izhikevich_recurrent_step}. */
    public static final NeuronModel<IzhikevichParameters, IzhikevichRecurrentState> RECURRENT = NeuronModel.of(
            "izhikevich_recurrent_step", IzhikevichRecurrentState::new, IzhikevichModel::coefficients,
            (x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff) -> K.izhikevich(x, xOff, r, rOff, s.v, s.u, sOff, out,
                    outOff, len, c, cOff));

    /** A state filled with the behaviour's initial values (a new object, unlike Norse's shared globals). */
    public static IzhikevichState state(IzhikevichSpikingBehavior b, int[] shape) {
        IzhikevichState s = new IzhikevichState(shape);
        Arrays.fill(s.v, b.v0());
        Arrays.fill(s.u, b.u0());
        return s;
    }

    /** A recurrent state: {@code z = 0} and the behaviour's initial values. */
    public static IzhikevichRecurrentState recurrentState(IzhikevichSpikingBehavior b, int[] shape) {
        IzhikevichRecurrentState s = new IzhikevichRecurrentState(shape);
        Arrays.fill(s.v, b.v0());
        Arrays.fill(s.u, b.u0());
        return s;
    }
}
