package io.snn4j.optim;

import io.snn4j.tensor.Parameter;
import java.util.List;

/**
 * What the optimizers share: the checked parameter list, the learning rate (settable between steps, for
 * a schedule), the step count, and the step's frame: every gradient is checked to be finite before
 * anything changes, then {@link #update} updates the values and the parameters are marked changed. Not
 * thread-safe, as {@link Optimizer}.
 */
public abstract class BaseOptimizer implements Optimizer {
    private final String name;
    /** The parameters, in the order given (unmodifiable). */
    protected final List<Parameter> parameters;
    private double lr;
    private long steps;

    /**
     * @throws IllegalArgumentException if the list is null, empty, holds null or a parameter twice, or
     *                                  {@code lr} is negative or not finite
     */
    protected BaseOptimizer(String name, List<Parameter> parameters, double lr) {
        this.name = name;
        this.parameters = Checks.parameterList(name, parameters);
        this.lr = Checks.atLeast(name, "lr", lr, 0);
    }

    @Override
    public final void step() {
        Checks.requireFiniteGradients(name, parameters);
        long t = steps + 1;
        update(t);
        for (Parameter p : parameters) {
            p.changed();
        }
        steps = t;
    }

    /** Updates every parameter's values from its gradient for step {@code t} (1, 2, ...); gradients are finite. */
    protected abstract void update(long t);

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }

    /** The learning rate. */
    public final double learningRate() {
        return lr;
    }

    /**
     * Sets the learning rate for the following steps (a schedule); the optimizer's state is kept.
     *
     * @throws IllegalArgumentException if {@code lr} is negative or not finite
     */
    public final void setLearningRate(double lr) {
        this.lr = Checks.atLeast(name, "lr", lr, 0);
    }

    /** The number of completed steps (PyTorch's {@code state['step']}). */
    public final long stepCount() {
        return steps;
    }
}
