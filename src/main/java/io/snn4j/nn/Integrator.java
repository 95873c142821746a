package io.snn4j.nn;

import io.snn4j.functional.LIBoxState;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.Param;
import io.snn4j.tensor.Tensor;

/**
 * NIR's integrator {@code I} ({@code dv/dt = R I}), forward Euler: {@code v = v + (dt * r) * x}, output
 * {@code v}; the state is a {@link LIBoxState} (voltage only), default 0. Immutable, thread-safe with
 * separate states.
 */
public final class Integrator implements Layer {
    private final Param r;
    private final float fdt;
    private final double dt;

    /** An integrator with gain {@code r} (scalar or per-neuron) and time step {@code dt} (seconds). */
    public Integrator(Param r, double dt) {
        if (r == null || !r.isFinite()) {
            throw new IllegalArgumentException("r must be finite, got " + r);
        }
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("dt must be finite and > 0, got " + dt);
        }
        this.r = r;
        this.fdt = (float) dt;
        this.dt = dt;
    }

    /** The time step in seconds. */
    public double dt() {
        return dt;
    }

    @Override
    public Step forward(Tensor x, NeuronState state) {
        int n = x.rank() == 0 ? 1 : x.dim(-1);
        if (!r.isScalar() && r.size() != n) {
            throw new IllegalArgumentException("Integrator has " + r.size() + " gains, the input's last dimension is " + n);
        }
        LIBoxState s;
        if (state == null) {
            s = new LIBoxState(x.shape());
        } else if (state instanceof LIBoxState b) {
            b.requireShape("state", x.shape());
            s = b;
        } else {
            throw new IllegalArgumentException("Integrator needs an LIBoxState, got " + state.getClass().getSimpleName());
        }
        Tensor out = Tensor.zeros(x.shape());
        for (int k = 0; k < x.size(); k++) {
            s.v[k] = s.v[k] + (fdt * r.at(k % n)) * x.data()[x.offset() + k];
            out.data()[k] = s.v[k];
        }
        return new Step(out, s);
    }

    /** The gain {@code r}. */
    public Param r() {
        return r;
    }

    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    public NeuronState newState(int[] shape) {
        return new LIBoxState(shape);
    }

    @Override
    public String toString() {
        return "Integrator(r=" + r + ")";
    }
}
