package io.snn4j.functional;

import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;

/**
 * A neuron model's step function (Norse's {@code activation}), in the allocation-free form the base
 * modules drive: it advances a contiguous range of neurons by one time step, in place. The input
 * {@code x} is the (already projected) input current of those neurons; the output is what the step
 * returns (spikes, or the voltage for leaky integrators). Implementations are stateless and
 * thread-safe; concurrent calls must work on disjoint ranges.
 *
 * @param <P> the parameter type
 * @param <S> the state type
 */
public interface NeuronModel<P extends NeuronParameters, S extends NeuronState> {

    /** The shape of {@link #step}, for {@link #of}. */
    @FunctionalInterface
    interface Step<S> {
        /** See {@link NeuronModel#step}. */
        void step(float[] x, int xOff, float[] r, int rOff, S s, int sOff, float[] out, int outOff, int len, float[][] c,
                int cOff);
    }

    /** Computes a model's coefficients, for {@link #of}. */
    @FunctionalInterface
    interface CoefficientFunction<P> {
        /** See {@link NeuronModel#coefficients}. */
        Coefficients coefficients(P p, double dt, int n);
    }

    /** The shape of {@link #steps}, for {@link #of(String, java.util.function.Function, CoefficientFunction, Step, Steps)}. */
    @FunctionalInterface
    interface Steps<S> {
        /** See {@link NeuronModel#steps}. */
        void steps(float[] x, int xOff, int xStride, S s, int sOff, float[] out, int outOff, int outStride, int len,
                int steps, float[][] c, int cOff);
    }

    /**
     * A model from its parts: the wiring of a neuron model is its name, its state constructor, its
     * coefficients and the kernel call of its step.
     */
    static <P extends NeuronParameters, S extends NeuronState> NeuronModel<P, S> of(String name,
            java.util.function.Function<int[], S> newState, CoefficientFunction<P> coefficients, Step<S> step) {
        return new ComposedModel<>(name, newState, coefficients, step, null, null);
    }

    /** A model from its parts, with a fused kernel for several feed-forward steps (see {@link #steps}). */
    static <P extends NeuronParameters, S extends NeuronState> NeuronModel<P, S> of(String name,
            java.util.function.Function<int[], S> newState, CoefficientFunction<P> coefficients, Step<S> step,
            Steps<S> steps) {
        return new ComposedModel<>(name, newState, coefficients, step, steps, null);
    }

    /**
     * A model from its parts with a backward pass (the {@link NeuronGradient} that training-mode modules
     * use); {@code steps} may be null (no fused kernel).
     */
    static <P extends NeuronParameters, S extends NeuronState> NeuronModel<P, S> of(String name,
            java.util.function.Function<int[], S> newState, CoefficientFunction<P> coefficients, Step<S> step,
            Steps<S> steps, NeuronGradient<P, S> gradient) {
        return new ComposedModel<>(name, newState, coefficients, step, steps, gradient);
    }

    /** The backward pass for training, or null if the model has none (it then runs in inference only). */
    default NeuronGradient<P, S> gradient() {
        return null;
    }

    /** Norse's name of the step function, e.g. {@code lif_feed_forward_step}. */
    String name();

    /** A new zero state of the given shape. */
    S newState(int[] shape);

    /**
     * The coefficients for parameters {@code p} and time step {@code dt} (seconds) on states whose last
     * dimension is {@code n}; validates per-neuron parameter lengths against {@code n}.
     */
    Coefficients coefficients(P p, double dt, int n);

    /**
     * Advances neurons {@code [sOff, sOff + len)} of {@code s} by one step, reading inputs from
     * {@code x[xOff ..]} and, for recurrent modules, the recurrent input {@code r[rOff ..]} (added after
     * {@code x} in Norse's order; null for feed-forward steps), writing outputs to {@code out[outOff ..]} and using coefficient index
     * {@code cOff + k} for neuron {@code k} of the range (index 0 for all when the coefficient arrays
     * have length 1).
     */
    void step(float[] x, int xOff, float[] r, int rOff, S s, int sOff, float[] out, int outOff, int len, float[][] c,
            int cOff);

    /**
     * Several feed-forward steps (no recurrent term) of neurons {@code [sOff, sOff + len)}: step
     * {@code t} reads {@code x[xOff + t*xStride ..]} and writes {@code out[outOff + t*outStride ..]}. The
     * default calls {@link #step} for each; a model with a fused kernel keeps its state in registers
     * across the steps. Either way the numbers are those of single steps.
     */
    default void steps(float[] x, int xOff, int xStride, S s, int sOff, float[] out, int outOff, int outStride, int len,
            int steps, float[][] c, int cOff) {
        for (int t = 0; t < steps; t++) {
            step(x, xOff + t * xStride, null, 0, s, sOff, out, outOff + t * outStride, len, c, cOff);
        }
    }

    /** {@link #steps} over state elements {@code [from, to)}, split where the coefficient index wraps. */
    default void stepsRange(float[] x, int xOff, int xStride, S s, int from, int to, float[] out, int outOff, int outStride,
            int steps, Coefficients c) {
        float[][] arrays = c.arrays();
        for (int e = from; e < to; ) {
            int len = c.pieceLength(e, to);
            steps(x, xOff + e, xStride, s, e, out, outOff + e, outStride, len, steps, arrays, c.offset(e));
            e += len;
        }
    }

    /**
     * Advances state elements {@code [from, to)} by one step: element {@code e} reads {@code x[xOff + e]}
     * (and {@code r[rOff + e]} if {@code r} is not null), writes {@code out[outOff + e]} and uses
     * coefficient {@code e % c.period()}. Splits the range where the coefficient index wraps (never when
     * all parameters are scalars).
     */
    default void stepRange(float[] x, int xOff, float[] r, int rOff, S s, int from, int to, float[] out, int outOff,
            Coefficients c) {
        float[][] arrays = c.arrays();
        for (int e = from; e < to; ) {
            int len = c.pieceLength(e, to);
            step(x, xOff + e, r, rOff + e, s, e, out, outOff + e, len, arrays, c.offset(e));
            e += len;
        }
    }

    /**
     * One step on whole tensors, as Norse's functional API ({@code z, s = lif_feed_forward_step(x, s, p, dt)}):
     * updates {@code s} in place and returns the output. A convenience that computes the coefficients on
     * every call; the modules cache them.
     *
     * @throws IllegalArgumentException if {@code s} does not have {@code x}'s shape or {@code dt} is not positive
     */
    default Tensor step(Tensor x, S s, P p, double dt) {
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("dt must be finite and > 0, got " + dt);
        }
        s.requireShape("state", x.shape());
        Coefficients c = coefficients(p, dt, Shapes.lastDim(x.shape()));
        Tensor out = Tensor.zeros(x.shape());
        stepRange(x.data(), x.offset(), null, 0, s, 0, x.size(), out.data(), 0, c);
        return out;
    }
}
