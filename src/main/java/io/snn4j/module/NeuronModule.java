package io.snn4j.module;

import io.snn4j.functional.Coefficients;
import io.snn4j.functional.NeuronModel;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.Reprs;
import io.snn4j.functional.StateFallback;
import io.snn4j.internal.Parallel;
import java.util.Objects;

/**
 * What every neuron module holds, as in Norse: an activation (the model's step function), a state
 * fallback, the parameters and dt; plus the number of threads it may use. The parameters and dt are
 * immutable; the thread count can be changed between calls.
 *
 * <p>Thread-safety: {@code forward} may be called concurrently from several threads as long as each call
 * uses its own state object; a state passed in is updated in place and returned.
 *
 * @param <P> the parameter type
 * @param <S> the state type
 */
public abstract class NeuronModule<P extends NeuronParameters, S extends NeuronState> {
    /** Norse's default time step, 1 ms (in seconds). */
    public static final double DEFAULT_DT = 0.001;

    /** Below this many neuron-steps a call does not fork work to other threads. */
    static final int MIN_PARALLEL_WORK = 1 << 15;
    /** Work is split at multiples of this many neurons (64 bytes of floats: no shared cache lines). */
    static final int GRAIN = 16;

    private final String name;
    private final NeuronModel<P, S> activation;
    private final StateFallback<P, S> fallback;
    private final P p;
    private final double dt;
    private volatile int threads = Parallel.defaultThreads();
    private volatile CachedCoefficients cached;

    private record CachedCoefficients(int n, Coefficients c) {
    }

    NeuronModule(String name, NeuronModel<P, S> activation, StateFallback<P, S> fallback, P p, double dt) {
        this.name = Objects.requireNonNull(name, "name");
        this.activation = Objects.requireNonNull(activation, "activation");
        this.fallback = Objects.requireNonNull(fallback, "state fallback");
        if (p == null) {
            throw new IllegalArgumentException("p (the parameters) is null");
        }
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("dt must be finite and > 0, got " + dt);
        }
        this.p = p;
        this.dt = dt;
    }

    /** The parameters. */
    public final P p() {
        return p;
    }

    /** The time step in seconds (Norse's {@code dt}). */
    public final double dt() {
        return dt;
    }

    /** The step function. */
    public final NeuronModel<P, S> activation() {
        return activation;
    }

    /** The number of threads a call may use (default: the number of available processors). */
    public final int threads() {
        return threads;
    }

    /**
     * Sets the number of threads a call may use. Results are identical for any thread count.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public void setThreads(int threads) {
        this.threads = Parallel.checkThreads(threads);
    }

    /** The default state for the given state shape (Norse's state fallback). */
    public final S defaultState(int[] stateShape) {
        return fallback.create(p, stateShape);
    }

    /** The coefficients for a neuron dimension of {@code n}, computed once per {@code n}. */
    final Coefficients coefficients(int n) {
        CachedCoefficients c = cached;
        if (c == null || c.n() != n) {
            c = new CachedCoefficients(n, activation.coefficients(p, dt, n));
            cached = c;
        }
        return c.c();
    }

    /** The given state after checking its shape (nothing is modified), or a new default state. */
    final S stateFor(S state, int[] stateShape) {
        if (state != null) {
            state.requireShape("state", stateShape);
            return state;
        }
        return defaultState(stateShape);
    }

    /**
     * The output (and state) shape {@code (..., hidden)} of a layer with weights for an input
     * {@code (..., input)}, after checking the input's last dimension.
     */
    static int[] projectedShape(String what, int[] shape, int inputSize, int hiddenSize) {
        if (shape.length == 0 || shape[shape.length - 1] != inputSize) {
            throw new IllegalArgumentException(what + " has shape " + java.util.Arrays.toString(shape)
                    + "; its last dimension must be input_size = " + inputSize);
        }
        return io.snn4j.tensor.Shapes.withLast(shape, hiddenSize);
    }

    /** How many pieces to split {@code work} neuron-steps over {@code units} neurons into. */
    final int pieces(long work, int units) {
        long byWork = Math.max(1, work / MIN_PARALLEL_WORK);
        return (int) Math.max(1, Math.min(Math.min(threads, byWork), (units + GRAIN - 1) / GRAIN));
    }

    /** Splits {@code rows} batch rows (never split themselves) into pieces for {@code work} neuron-steps. */
    final int[] rowPieces(int rows, long work) {
        return Parallel.split(rows, pieces(work, rows * GRAIN), 1);
    }

    /** The module's name, as in Norse's repr. */
    public final String name() {
        return name;
    }

    /** The part inside the parentheses of {@link #toString()}. */
    String extraRepr() {
        return "p=" + p + ", dt=" + Reprs.pyFloat(dt);
    }

    /** As Norse prints the module, e.g. {@code LIF(p=LIFParameters(...), dt=0.001)}. */
    @Override
    public String toString() {
        return name + "(" + extraRepr() + ")";
    }
}
