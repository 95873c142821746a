package io.snn4j.optim;

import io.snn4j.tensor.Parameter;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay:
 * PyTorch's {@code torch.optim.SGD} update rule (without {@code maximize}). For each parameter {@code p}
 * with gradient {@code g}, at every {@link #step()}:
 *
 * <pre>
 * d = g + weight_decay * p                          (if weight_decay != 0)
 * if momentum != 0:
 *     buf = d                                       (first step)
 *     buf = momentum * buf + (1 - dampening) * d    (later steps)
 *     d = nesterov ? d + momentum * buf : buf
 * p = p - lr * d
 * </pre>
 *
 * Each operation is rounded to float32 in that order, as PyTorch's tensor operations do, with the
 * hyper-parameters (held in double, as Python floats) converted to float32 where they meet the tensors
 * ({@code (float) -lr}, {@code (float) (1 - dampening)}). Defaults are PyTorch's: lr 1e-3, momentum 0,
 * dampening 0, weight decay 0, no Nesterov.
 *
 * <p>The momentum buffers (one float per parameter value) are created with the optimizer and filled at
 * the first step. A {@link #step()} that finds a non-finite gradient throws
 * {@link IllegalStateException} and changes nothing (see {@link Optimizer}). Not thread-safe.
 */
public final class SGD extends BaseOptimizer {
    private static final String NAME = "SGD";

    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private final float[][] momentumBuffers;

    /**
     * Plain SGD ({@code p -= lr * g}) over {@code parameters}.
     *
     * @throws IllegalArgumentException if the list is null, empty, holds null or a parameter twice, or
     *     {@code lr} is negative or not finite
     */
    public SGD(List<Parameter> parameters, double lr) {
        this(builder(parameters).lr(lr));
    }

    private SGD(Builder b) {
        super(NAME, b.parameters, b.lr);
        this.momentum = Checks.atLeast(NAME, "momentum", b.momentum, 0);
        this.dampening = Checks.finite(NAME, "dampening", b.dampening);
        this.weightDecay = Checks.atLeast(NAME, "weight_decay", b.weightDecay, 0);
        if (b.nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException(NAME + ": nesterov requires momentum > 0 and dampening = 0, got momentum "
                    + momentum + " and dampening " + dampening);
        }
        this.nesterov = b.nesterov;
        this.momentumBuffers = new float[parameters.size()][];
        if (momentum != 0) {
            for (int i = 0; i < parameters.size(); i++) {
                momentumBuffers[i] = new float[parameters.get(i).size()];
            }
        }
    }

    /** A builder over {@code parameters} with PyTorch's defaults; {@link Builder#build()} validates. */
    public static Builder builder(List<Parameter> parameters) {
        return new Builder(parameters);
    }

    /** Named options for {@link SGD}; each setter returns the builder. Not thread-safe. */
    public static final class Builder {
        private final List<Parameter> parameters;
        private double lr = 1e-3;
        private double momentum;
        private double dampening;
        private double weightDecay;
        private boolean nesterov;

        private Builder(List<Parameter> parameters) {
            this.parameters = parameters;
        }

        /** The learning rate, finite and {@code >= 0} (default 1e-3). */
        public Builder lr(double lr) {
            this.lr = lr;
            return this;
        }

        /** The momentum factor, finite and {@code >= 0} (default 0: no momentum buffer). */
        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** The dampening of the momentum, finite (default 0); must be 0 with Nesterov momentum. */
        public Builder dampening(double dampening) {
            this.dampening = dampening;
            return this;
        }

        /** The L2 penalty added to the gradient as {@code weight_decay * p}, finite and {@code >= 0} (default 0). */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Nesterov momentum (default false); needs {@code momentum > 0} and {@code dampening == 0}. */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /**
         * The optimizer.
         *
         * @throws IllegalArgumentException naming the argument and its value if one is invalid, or if the
         *     parameter list is null, empty or holds null or a parameter twice
         */
        public SGD build() {
            return new SGD(this);
        }
    }

    @Override
    protected void update(long t) {
        float negLr = (float) -learningRate();
        float wd = (float) weightDecay;
        float mom = (float) momentum;
        float damp = (float) (1 - dampening);
        boolean first = t == 1;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter param = parameters.get(i);
            float[] p = param.data();
            float[] g = param.grad();
            float[] buf = momentumBuffers[i];
            for (int k = 0; k < p.length; k++) {
                float d = g[k];
                if (weightDecay != 0) {
                    d = d + wd * p[k];
                }
                if (momentum != 0) {
                    float b = first ? d : buf[k] * mom + damp * d;
                    buf[k] = b;
                    d = nesterov ? d + mom * b : b;
                }
                p[k] = p[k] + negLr * d;
            }
        }
    }

    /** The momentum factor. */
    public double momentum() {
        return momentum;
    }

    /** The dampening. */
    public double dampening() {
        return dampening;
    }

    /** The L2 weight decay. */
    public double weightDecay() {
        return weightDecay;
    }

    /** Whether Nesterov momentum is used. */
    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public String toString() {
        return "SGD(lr=" + learningRate() + ", momentum=" + momentum + ", dampening=" + dampening + ", weight_decay="
                + weightDecay + ", nesterov=" + nesterov + ", parameters=" + parameters.size() + ")";
    }
}
