package io.snn4j.nn;

import io.snn4j.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * Loss functions for training that return the scalar loss together with its gradient with respect to
 * the input, ready for a backward pass: cross-entropy on the maximum over time of readout voltages (as
 * Norse's classification examples), plain cross-entropy, mean squared error, and a spike-count loss.
 *
 * <p>Shapes are time-first as elsewhere in snn4j: a sequence is {@code (T, B, ...)}. The losses are
 * dimensionless; gradients have the units of 1 / input. Sums and the log-sum-exp are computed in
 * double precision and rounded to float32 at the end, so a value can differ from PyTorch's float32
 * result in the last bit; gradients are stored as float32.
 *
 * <p>A non-finite input (NaN or an infinity in the voltages, outputs or targets) is not an error here:
 * the loss and gradient come back non-finite, as PyTorch's would, and the training loop decides what to
 * do (skip the batch, stop). A NaN counts as larger than every number in the maxima and argmaxes, as in
 * {@code torch.max}. Shape and label errors throw {@link IllegalArgumentException}.
 *
 * <p>Stateless and thread-safe; the inputs are read, never written, and every result has its own arrays.
 */
public final class Loss {
    private Loss() {
    }

    /**
     * A loss value and its gradient with respect to the loss's input (the same shape as that input).
     *
     * @param value the scalar loss (may be NaN or infinite, see {@link Loss})
     * @param grad d value / d input, same shape as the input
     */
    public record Result(float value, Tensor grad) {
        /** Checks that {@code grad} is not null. */
        public Result {
            Objects.requireNonNull(grad, "grad");
        }
    }

    /**
     * A classification loss: the value, its gradient with respect to the input, the logits and the
     * predicted classes.
     *
     * @param value the mean cross-entropy over the batch (may be NaN or infinite, see {@link Loss})
     * @param grad d value / d input, same shape as the input ({@code (T, B, C)} voltages or {@code (B, C)} logits)
     * @param logits the {@code (B, C)} logits the cross-entropy was taken of
     * @param predictions per batch row, the index of the largest logit (the first on ties); the result's
     *     own array, not copied by the accessor
     * @param correct how many predictions equal their label
     */
    public record Classification(float value, Tensor grad, Tensor logits, int[] predictions, int correct) {
        /** Checks that no component is null. */
        public Classification {
            Objects.requireNonNull(grad, "grad");
            Objects.requireNonNull(logits, "logits");
            Objects.requireNonNull(predictions, "predictions");
        }

        /** The fraction of correct predictions, {@code correct / B}. */
        public double accuracy() {
            return (double) correct / predictions.length;
        }
    }

    /**
     * Cross-entropy of the maximum over time, Norse's readout for classification:
     * {@code logits[b][c] = max_t v[t][b][c]}, {@code loss = mean_b (logsumexp(logits[b]) - logits[b][labels[b]])}
     * (PyTorch's {@code cross_entropy(v.max(0).values, labels)}, mean reduction). The gradient with respect
     * to {@code v} is {@code (softmax(logits[b]) - onehot(labels[b])) / B} at the first time step that attains
     * the maximum of each {@code (b, c)} (torch.max's rule) and 0 at every other step.
     *
     * @param v readout voltages {@code (T, B, C)}, T, B, C at least 1
     * @param labels the class of each batch row, {@code B} values in {@code [0, C)}
     * @throws IllegalArgumentException if {@code v} is not 3-d with non-zero dimensions, {@code labels}
     *     has not {@code B} values, or a label is out of range (naming its index and value)
     */
    public static Classification maxOverTimeCrossEntropy(Tensor v, int[] labels) {
        if (v == null) {
            throw new IllegalArgumentException("v is null");
        }
        int[] s = v.shape();
        if (s.length != 3 || s[0] < 1 || s[1] < 1 || s[2] < 1) {
            throw new IllegalArgumentException("v must be (T, B, C) readout voltages with T, B, C >= 1, got shape "
                    + Arrays.toString(s));
        }
        int steps = s[0], batch = s[1], classes = s[2];
        int row = batch * classes;
        checkLabels(labels, batch, classes);
        float[] data = v.data();
        int off = v.offset();
        float[] max = new float[row];
        int[] at = new int[row];
        System.arraycopy(data, off, max, 0, row);
        for (int t = 1; t < steps; t++) {
            int base = off + t * row;
            for (int k = 0; k < row; k++) {
                // without branches: which step holds a maximum is data, so a branch would mispredict often
                float d = data[base + k], m = max[k];
                boolean gt = greater(d, m);
                max[k] = gt ? d : m;
                at[k] = gt ? t : at[k];
            }
        }
        Tensor logits = Tensor.wrap(max, batch, classes);
        Classification ce = crossEntropy(logits, labels);
        Tensor grad = Tensor.zeros(steps, batch, classes);
        float[] gl = ce.grad().data(), g = grad.data();
        for (int k = 0; k < row; k++) {
            g[at[k] * row + k] = gl[k];
        }
        return new Classification(ce.value(), grad, logits, ce.predictions(), ce.correct());
    }

    /**
     * Cross-entropy of logits against class labels, mean over the batch (PyTorch's
     * {@code cross_entropy(logits, labels)}), computed stably by subtracting each row's largest logit.
     * The gradient with respect to the logits is {@code (softmax(logits[b]) - onehot(labels[b])) / B}.
     *
     * @param logits {@code (B, C)}, B and C at least 1
     * @param labels the class of each row, {@code B} values in {@code [0, C)}
     * @throws IllegalArgumentException if {@code logits} is not 2-d with non-zero dimensions,
     *     {@code labels} has not {@code B} values, or a label is out of range (naming its index and value)
     */
    public static Classification crossEntropy(Tensor logits, int[] labels) {
        if (logits == null) {
            throw new IllegalArgumentException("logits is null");
        }
        int[] s = logits.shape();
        if (s.length != 2 || s[0] < 1 || s[1] < 1) {
            throw new IllegalArgumentException("logits must be (B, C) with B, C >= 1, got shape " + Arrays.toString(s));
        }
        int batch = s[0], classes = s[1];
        checkLabels(labels, batch, classes);
        float[] x = logits.data();
        int off = logits.offset();
        Tensor grad = Tensor.zeros(batch, classes);
        float[] g = grad.data();
        int[] predictions = new int[batch];
        double[] e = new double[classes];
        double total = 0;
        int correct = 0;
        for (int b = 0; b < batch; b++) {
            int base = off + b * classes;
            int arg = 0;
            for (int c = 1; c < classes; c++) {
                if (greater(x[base + c], x[base + arg])) {
                    arg = c;
                }
            }
            predictions[b] = arg;
            if (arg == labels[b]) {
                correct++;
            }
            double mx = x[base + arg];
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                e[c] = Math.exp(x[base + c] - mx);
                sum += e[c];
            }
            total += mx + Math.log(sum) - x[base + labels[b]];
            for (int c = 0; c < classes; c++) {
                double softmax = e[c] / sum;
                g[b * classes + c] = (float) ((softmax - (c == labels[b] ? 1 : 0)) / batch);
            }
        }
        return new Classification((float) (total / batch), grad, logits.copy(), predictions, correct);
    }

    /**
     * Mean squared error, PyTorch's {@code MSELoss(reduction='mean')}: {@code mean((output - target)^2)}
     * over all {@code n} elements, and the gradient with respect to the output
     * {@code 2 * (output - target) / n}, computed as PyTorch's backward does: {@code (float) (2.0 / n)}
     * times the float32 difference. No broadcasting: the shapes must be equal. With {@code n = 0} the
     * value is NaN (the mean of nothing, as in PyTorch) and the gradient is empty.
     *
     * @param output the prediction, any shape
     * @param target the target, the same shape
     * @throws IllegalArgumentException if either is null or the shapes differ
     */
    public static Result meanSquaredError(Tensor output, Tensor target) {
        if (output == null || target == null) {
            throw new IllegalArgumentException((output == null ? "output" : "target") + " is null");
        }
        int[] shape = output.shape();
        if (!Arrays.equals(shape, target.shape())) {
            throw new IllegalArgumentException("output shape " + Arrays.toString(shape) + " and target shape "
                    + Arrays.toString(target.shape()) + " differ");
        }
        int n = output.size();
        float[] o = output.data(), t = target.data();
        int oo = output.offset(), to = target.offset();
        Tensor grad = Tensor.zeros(shape);
        float[] g = grad.data();
        float norm = (float) (2.0 / n);
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double d = (double) o[oo + k] - t[to + k];
            sum += d * d;
            g[k] = norm * (o[oo + k] - t[to + k]);
        }
        return new Result((float) (sum / n), grad);
    }

    /**
     * A spike-count loss: the mean over {@code (B, N)} of {@code (sum_t spikes[t][b][n] - targetCounts[b][n])^2},
     * with the gradient with respect to the spikes, {@code 2 * (count - target) / (B * N)}, the same at
     * every time step. The spikes may be any real values (a surrogate's output). With {@code B * N = 0}
     * the value is NaN and the gradient is empty.
     *
     * @param spikes {@code (T, B, N)}
     * @param targetCounts the wanted number of spikes of each neuron over the sequence, {@code (B, N)}
     * @throws IllegalArgumentException if either is null, {@code spikes} is not 3-d, or
     *     {@code targetCounts} is not {@code (B, N)}
     */
    public static Result spikeCount(Tensor spikes, Tensor targetCounts) {
        if (spikes == null || targetCounts == null) {
            throw new IllegalArgumentException((spikes == null ? "spikes" : "targetCounts") + " is null");
        }
        int[] s = spikes.shape();
        if (s.length != 3) {
            throw new IllegalArgumentException("spikes must be (T, B, N), got shape " + Arrays.toString(s));
        }
        int[] want = {s[1], s[2]};
        if (!Arrays.equals(want, targetCounts.shape())) {
            throw new IllegalArgumentException("targetCounts must be (B, N) = " + Arrays.toString(want)
                    + " for spikes of shape " + Arrays.toString(s) + ", got " + Arrays.toString(targetCounts.shape()));
        }
        int steps = s[0], row = s[1] * s[2];
        float[] x = spikes.data(), tc = targetCounts.data();
        int xo = spikes.offset(), to = targetCounts.offset();
        double[] count = new double[row];
        for (int t = 0; t < steps; t++) {
            int base = xo + t * row;
            for (int k = 0; k < row; k++) {
                count[k] += x[base + k];
            }
        }
        Tensor grad = Tensor.zeros(s);
        float[] g = grad.data();
        double sum = 0;
        for (int k = 0; k < row; k++) {
            double d = count[k] - tc[to + k];
            sum += d * d;
            float gk = (float) (2 * d / row);
            for (int t = 0; t < steps; t++) {
                g[t * row + k] = gk;
            }
        }
        return new Result((float) (sum / row), grad);
    }

    /** {@code a > b}, with NaN larger than every number (and a later NaN not larger than an earlier one). */
    private static boolean greater(float a, float b) {
        return a > b | (a != a & b == b); // no short-circuit: branch-free in the loops that call it
    }

    private static void checkLabels(int[] labels, int batch, int classes) {
        if (labels == null) {
            throw new IllegalArgumentException("labels is null");
        }
        if (labels.length != batch) {
            throw new IllegalArgumentException("labels has " + labels.length + " values, expected one per batch row, B = " + batch);
        }
        for (int b = 0; b < batch; b++) {
            if (labels[b] < 0 || labels[b] >= classes) {
                throw new IllegalArgumentException("labels[" + b + "] = " + labels[b] + " is out of range [0, " + classes + ")");
            }
        }
    }
}
