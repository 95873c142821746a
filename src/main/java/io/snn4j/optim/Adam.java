package io.snn4j.optim;

import io.snn4j.tensor.Parameter;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015) as PyTorch's {@code torch.optim.Adam}, with or without AMSGrad, and
 * {@code weight_decay} as an L2 term added to the gradient (not AdamW's decoupled decay). For each
 * parameter {@code p} with gradient {@code g}, at step {@code t = 1, 2, ...}:
 *
 * <pre>
 * g = g + weight_decay * p                               (if weight_decay != 0)
 * m = m + (1 - beta1) * (g - m)                          (exp_avg.lerp_(grad, 1 - beta1))
 * v = beta2 * v + (1 - beta2) * g * g                    (exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2))
 * v_max = max(v_max, v)                                  (AMSGrad only; then v_max is used below instead of v)
 * bias_correction1 = 1 - beta1^t,  bias_correction2 = 1 - beta2^t          (double)
 * step_size = lr / bias_correction1                                        (double)
 * denom = sqrt(v) / sqrt(bias_correction2) + eps
 * p = p + (-step_size * m) / denom                       (param.addcdiv_(exp_avg, denom, value=-step_size))
 * </pre>
 *
 * This follows PyTorch's single-tensor (for-loop) implementation, which PyTorch uses for CPU tensors:
 * the bias corrections and the step size are computed in double, as Python does, and the tensor
 * operations in float32, each rounded in PyTorch's order, with every hyper-parameter converted to
 * float32 where it meets a tensor. {@code lerp} takes PyTorch's branch: {@code m + w * (g - m)} for a
 * weight {@code w = 1 - beta1} below 0.5, otherwise {@code g - (g - m) * (1 - w)}. PyTorch's
 * vectorised CPU kernels for {@code lerp_} (and for {@code add} with {@code alpha}, used by weight decay)
 * may fuse a multiply-add into one rounding; snn4j rounds each operation, so from the second step on a
 * value can differ from PyTorch's in the last bit. The first step does not depend on it (m and v start
 * at zero). Defaults are PyTorch's: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0, no AMSGrad.
 *
 * <p>The moment buffers (two floats per parameter value, three with AMSGrad) are allocated with the
 * optimizer, zero. A {@link #step()} that finds a non-finite gradient throws
 * {@link IllegalStateException} and changes nothing, not even the step count (see {@link Optimizer}).
 * With {@code eps = 0}, a value whose second moment is still 0 gets {@code 0 / 0 = NaN}, as in PyTorch.
 * Not thread-safe.
 */
public final class Adam extends BaseOptimizer {
    private static final String NAME = "Adam";

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean amsgrad;
    private final float[][] expAvg;
    private final float[][] expAvgSq;
    private final float[][] maxExpAvgSq;

    /**
     * Adam with PyTorch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8) over {@code parameters}.
     *
     * @throws IllegalArgumentException if the list is null, empty, or holds null or a parameter twice
     */
    public Adam(List<Parameter> parameters) {
        this(builder(parameters));
    }

    /**
     * Adam with learning rate {@code lr} and PyTorch's other defaults over {@code parameters}.
     *
     * @throws IllegalArgumentException if the list is invalid or {@code lr} is negative or not finite
     */
    public Adam(List<Parameter> parameters, double lr) {
        this(builder(parameters).lr(lr));
    }

    private Adam(Builder b) {
        super(NAME, b.parameters, b.lr);
        this.beta1 = Checks.unitInterval(NAME, "beta1 (betas[0])", b.beta1);
        this.beta2 = Checks.unitInterval(NAME, "beta2 (betas[1])", b.beta2);
        this.eps = Checks.atLeast(NAME, "eps", b.eps, 0);
        this.weightDecay = Checks.atLeast(NAME, "weight_decay", b.weightDecay, 0);
        this.amsgrad = b.amsgrad;
        int n = parameters.size();
        expAvg = new float[n][];
        expAvgSq = new float[n][];
        maxExpAvgSq = new float[n][];
        for (int i = 0; i < n; i++) {
            int size = parameters.get(i).size();
            expAvg[i] = new float[size];
            expAvgSq[i] = new float[size];
            if (amsgrad) {
                maxExpAvgSq[i] = new float[size];
            }
        }
    }

    /** A builder over {@code parameters} with PyTorch's defaults; {@link Builder#build()} validates. */
    public static Builder builder(List<Parameter> parameters) {
        return new Builder(parameters);
    }

    /** Named options for {@link Adam}; each setter returns the builder. Not thread-safe. */
    public static final class Builder {
        private final List<Parameter> parameters;
        private double lr = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay;
        private boolean amsgrad;

        private Builder(List<Parameter> parameters) {
            this.parameters = parameters;
        }

        /** The learning rate, finite and {@code >= 0} (default 1e-3). */
        public Builder lr(double lr) {
            this.lr = lr;
            return this;
        }

        /** The decay rates of the first and second moment, each in {@code [0, 1)} (default 0.9, 0.999). */
        public Builder betas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** The term added to the denominator, finite and {@code >= 0} (default 1e-8). */
        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /** The L2 penalty added to the gradient as {@code weight_decay * p}, finite and {@code >= 0} (default 0). */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Whether to use the AMSGrad variant (the running maximum of the second moment; default false). */
        public Builder amsgrad(boolean amsgrad) {
            this.amsgrad = amsgrad;
            return this;
        }

        /**
         * The optimizer.
         *
         * @throws IllegalArgumentException naming the argument and its value if one is invalid, or if the
         *     parameter list is null, empty or holds null or a parameter twice
         */
        public Adam build() {
            return new Adam(this);
        }
    }

    @Override
    protected void update(long t) {
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        double stepSize = learningRate() / biasCorrection1;
        float bc2Sqrt = (float) Math.sqrt(biasCorrection2);
        float negStepSize = (float) -stepSize;
        float wd = (float) weightDecay;
        float w1 = (float) (1 - beta1);
        boolean smallWeight = Math.abs(w1) < 0.5f;
        float oneMinusW1 = 1f - w1;
        float b2 = (float) beta2;
        float w2 = (float) (1 - beta2);
        float epsF = (float) eps;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter param = parameters.get(i);
            float[] p = param.data();
            float[] grad = param.grad();
            float[] m = expAvg[i];
            float[] v = expAvgSq[i];
            float[] vMax = maxExpAvgSq[i];
            for (int k = 0; k < p.length; k++) {
                float g = grad[k];
                if (weightDecay != 0) {
                    g = g + wd * p[k];
                }
                float mk = m[k];
                mk = smallWeight ? mk + w1 * (g - mk) : g - (g - mk) * oneMinusW1;
                m[k] = mk;
                float vk = v[k] * b2;
                vk = vk + w2 * g * g;
                v[k] = vk;
                float second = vk;
                if (amsgrad) {
                    second = Math.max(vMax[k], vk);
                    vMax[k] = second;
                }
                float denom = (float) Math.sqrt(second) / bc2Sqrt;
                denom = denom + epsF;
                p[k] = p[k] + negStepSize * mk / denom;
            }
        }
    }

    /** The decay rate of the first moment. */
    public double beta1() {
        return beta1;
    }

    /** The decay rate of the second moment. */
    public double beta2() {
        return beta2;
    }

    /** The term added to the denominator. */
    public double eps() {
        return eps;
    }

    /** The L2 weight decay. */
    public double weightDecay() {
        return weightDecay;
    }

    /** Whether AMSGrad is used. */
    public boolean amsgrad() {
        return amsgrad;
    }

    @Override
    public String toString() {
        return "Adam(lr=" + learningRate() + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps + ", weight_decay="
                + weightDecay + ", amsgrad=" + amsgrad + ", parameters=" + parameters.size() + ")";
    }
}
