package io.snn4j.functional;

import java.util.function.Function;

/**
 * A {@link NeuronModel} assembled from its parts ({@link NeuronModel#of}): name, state constructor,
 * coefficients, step kernel, and optionally a fused multi-step kernel and a backward pass. Immutable and
 * thread-safe.
 */
final class ComposedModel<P extends NeuronParameters, S extends NeuronState> implements NeuronModel<P, S> {
    private final String name;
    private final Function<int[], S> newState;
    private final CoefficientFunction<P> coefficients;
    private final Step<S> step;
    private final Steps<S> steps;
    private final NeuronGradient<P, S> gradient;

    ComposedModel(String name, Function<int[], S> newState, CoefficientFunction<P> coefficients, Step<S> step,
            Steps<S> steps, NeuronGradient<P, S> gradient) {
        this.name = name;
        this.newState = newState;
        this.coefficients = coefficients;
        this.step = step;
        this.steps = steps;
        this.gradient = gradient;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public S newState(int[] shape) {
        return newState.apply(shape);
    }

    @Override
    public Coefficients coefficients(P p, double dt, int n) {
        return coefficients.coefficients(p, dt, n);
    }

    @Override
    public void step(float[] x, int xOff, float[] r, int rOff, S s, int sOff, float[] out, int outOff, int len, float[][] c,
            int cOff) {
        step.step(x, xOff, r, rOff, s, sOff, out, outOff, len, c, cOff);
    }

    @Override
    public void steps(float[] x, int xOff, int xStride, S s, int sOff, float[] out, int outOff, int outStride, int len,
            int count, float[][] c, int cOff) {
        if (steps == null) {
            NeuronModel.super.steps(x, xOff, xStride, s, sOff, out, outOff, outStride, len, count, c, cOff);
        } else {
            steps.steps(x, xOff, xStride, s, sOff, out, outOff, outStride, len, count, c, cOff);
        }
    }

    @Override
    public NeuronGradient<P, S> gradient() {
        return gradient;
    }

    @Override
    public String toString() {
        return name;
    }
}
