package io.snn4j.nn;

import io.snn4j.internal.SeededRandom;
import io.snn4j.optim.Optimizer;
import io.snn4j.tensor.Parameter;
import io.snn4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain training loop for spiking classifiers, with the recipe of Norse's tutorials: each sample's
 * features are presented as a constant input current for {@code steps} time steps, the network runs the
 * sequence (layer by layer, {@link SequentialState#forwardConstant}: the repeated input is never built),
 * the logits are the maximum over
 * time of the last layer's output (a leaky integrator's voltage), and the loss is their cross-entropy
 * ({@link Loss#maxOverTimeCrossEntropy}). Mini-batches are drawn in an order shuffled per epoch by a
 * {@link SeededRandom} (the same seed gives the same run); the last batch of an epoch may be smaller, as
 * PyTorch's {@code DataLoader} without {@code drop_last}.
 *
 * <p>A loss or gradient that is not finite stops training with an {@link IllegalStateException} that
 * names the epoch and batch; the weights are then those from before that batch. Not thread-safe: one
 * loop trains a network at a time (the layers may use several threads each).
 */
public final class Trainer {
    /** Samples evaluated per forward pass by {@link #evaluate}. */
    static final int EVAL_CHUNK = 512;

    private final SequentialState network;
    private final Optimizer optimizer;
    private final int steps;
    private final int batchSize;
    private final SeededRandom random;

    /** One epoch's figures: mean training loss over batches, accuracies in [0, 1] (NaN without test data). */
    public record Epoch(int epoch, double loss, double trainAccuracy, double testAccuracy, long nanos) {
    }

    /** Receives progress; both methods default to doing nothing. */
    public interface Listener {
        /** After each optimizer step. */
        default void batch(int epoch, int batch, int batches, double loss, double accuracy) {
        }

        /** After each epoch (and its evaluation). */
        default void epoch(Epoch e) {
        }
    }

    /** Predictions of a data set: logits {@code (S, C)}, the argmax per sample, and the accuracy. */
    public record Evaluation(Tensor logits, int[] predictions, int correct, double accuracy) {
    }

    /**
     * @param network   the classifier; its last layer's output is read as {@code (T, B, C)} voltages
     * @param optimizer updates the network's parameters
     * @param steps     time steps T per sample (at least 1)
     * @param batchSize samples per mini-batch (at least 1)
     * @param seed      seeds the shuffling
     */
    public Trainer(SequentialState network, Optimizer optimizer, int steps, int batchSize, long seed) {
        if (network == null || optimizer == null) {
            throw new IllegalArgumentException("network and optimizer must not be null");
        }
        if (steps < 1 || batchSize < 1) {
            throw new IllegalArgumentException("steps and batchSize must be at least 1, got " + steps + " and " + batchSize);
        }
        this.network = network;
        this.optimizer = optimizer;
        this.steps = steps;
        this.batchSize = batchSize;
        this.random = new SeededRandom(seed);
    }

    /**
     * Trains for {@code epochs} epochs on {@code inputs (S, F)} with {@code labels (S)}; after each epoch
     * evaluates the test set if one is given (both null otherwise). Returns every epoch's figures.
     *
     * @throws IllegalArgumentException if shapes do not match, a label is outside {@code [0, C)} (named
     *                                  with its index), or {@code epochs < 1}
     * @throws IllegalStateException    if the loss or a gradient becomes NaN or infinite (naming the epoch
     *                                  and batch; the weights are those before that batch)
     */
    public List<Epoch> fit(Tensor inputs, int[] labels, int epochs, Tensor testInputs, int[] testLabels, Listener listener) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        int classes = checkData("inputs", inputs, labels);
        if (testInputs != null || testLabels != null) {
            checkData("testInputs", testInputs, testLabels);
            if (testInputs.dim(1) != inputs.dim(1)) {
                throw new IllegalArgumentException("testInputs have " + testInputs.dim(1) + " features, inputs "
                        + inputs.dim(1));
            }
        }
        checkLabels("labels", labels, classes);
        if (testLabels != null) {
            checkLabels("testLabels", testLabels, classes);
        }
        Listener l = listener == null ? new Listener() { } : listener;
        int samples = inputs.dim(0), features = inputs.dim(1);
        int[] order = new int[samples];
        for (int k = 0; k < samples; k++) {
            order[k] = k;
        }
        int batches = (samples + batchSize - 1) / batchSize;
        List<Epoch> history = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long t0 = System.nanoTime();
            shuffle(order);
            double lossSum = 0;
            int correct = 0;
            network.train(true);
            try {
                for (int b = 0; b < batches; b++) {
                    int from = b * batchSize, to = Math.min(samples, from + batchSize);
                    int[] rows = Arrays.copyOfRange(order, from, to);
                    Tensor x = gather(inputs, rows, features);
                    int[] y = new int[rows.length];
                    for (int k = 0; k < rows.length; k++) {
                        y[k] = labels[rows[k]];
                    }
                    Loss.Classification loss = step(x, y, epoch, b + 1, batches);
                    lossSum += loss.value();
                    correct += loss.correct();
                    l.batch(epoch, b + 1, batches, loss.value(), loss.accuracy());
                }
            } finally {
                network.train(false);
            }
            double test = Double.NaN;
            if (testInputs != null) {
                test = evaluate(testInputs, testLabels).accuracy();
            }
            Epoch e = new Epoch(epoch, lossSum / batches, (double) correct / samples, test, System.nanoTime() - t0);
            history.add(e);
            l.epoch(e);
        }
        return history;
    }

    /** One mini-batch: forward, loss, backward, optimizer step. */
    private Loss.Classification step(Tensor x, int[] y, int epoch, int batch, int batches) {
        optimizer.zeroGrad();
        Tensor v = network.forwardConstant(x, steps, null).output();
        Loss.Classification loss = Loss.maxOverTimeCrossEntropy(v, y);
        String where = "epoch " + epoch + ", batch " + batch + " of " + batches;
        if (!Float.isFinite(loss.value())) {
            network.train(true); // discard the record
            throw new IllegalStateException(where + ": the loss is " + loss.value()
                    + "; training stopped, the weights are those before this batch (try a smaller learning rate)");
        }
        network.backward(loss.grad(), false);
        try {
            optimizer.step();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(where + ": " + e.getMessage()
                    + "; training stopped, the weights are those before this batch", e);
        }
        return loss;
    }

    /**
     * The network's predictions for {@code inputs (S, F)} in evaluation mode (nothing is recorded), in
     * chunks of up to {@value #EVAL_CHUNK} samples; {@code labels} (may be null) gives the accuracy.
     */
    public Evaluation evaluate(Tensor inputs, int[] labels) {
        int classes = checkData("inputs", inputs, labels);
        if (labels != null) {
            checkLabels("labels", labels, classes);
        }
        int samples = inputs.dim(0), features = inputs.dim(1);
        Tensor logits = Tensor.zeros(samples, classes);
        int[] pred = new int[samples];
        int correct = 0;
        for (int from = 0; from < samples; from += EVAL_CHUNK) {
            int to = Math.min(samples, from + EVAL_CHUNK);
            int[] rows = new int[to - from];
            for (int k = 0; k < rows.length; k++) {
                rows[k] = from + k;
            }
            Tensor v = network.forwardConstant(gather(inputs, rows, features), steps, null).output();
            float[] vd = v.data();
            int b = rows.length;
            for (int r = 0; r < b; r++) {
                float best = Float.NEGATIVE_INFINITY;
                int arg = 0;
                for (int c = 0; c < classes; c++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int t = 0; t < steps; t++) {
                        m = Math.max(m, vd[v.offset() + (t * b + r) * classes + c]);
                    }
                    logits.data()[(from + r) * classes + c] = m;
                    if (m > best) {
                        best = m;
                        arg = c;
                    }
                }
                pred[from + r] = arg;
                if (labels != null && arg == labels[from + r]) {
                    correct++;
                }
            }
        }
        return new Evaluation(logits, pred, correct, labels == null ? Double.NaN : (double) correct / samples);
    }

    /**
     * {@code (B, F)}: the selected samples' features, the input current of every step
     * ({@link SequentialState#forwardConstant}).
     */
    private static Tensor gather(Tensor inputs, int[] rows, int features) {
        Tensor x = Tensor.zeros(rows.length, features);
        float[] xd = x.data(), in = inputs.data();
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(in, inputs.offset() + rows[k] * features, xd, k * features, features);
        }
        return x;
    }

    /** Checks {@code (S, F)} against the labels; returns the number of classes C the network outputs. */
    private int checkData(String what, Tensor inputs, int[] labels) {
        if (inputs == null || inputs.rank() != 2 || inputs.dim(0) == 0 || inputs.dim(1) == 0) {
            throw new IllegalArgumentException(what + " must be (samples, features) with both > 0, got "
                    + (inputs == null ? "null" : Arrays.toString(inputs.shape())));
        }
        if (labels != null && labels.length != inputs.dim(0)) {
            throw new IllegalArgumentException(what + " has " + inputs.dim(0) + " samples but there are " + labels.length
                    + " labels");
        }
        for (int k = 0; k < inputs.size(); k++) {
            float v = inputs.data()[inputs.offset() + k];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(what + " has a non-finite value " + v + " at sample "
                        + k / inputs.dim(1) + ", feature " + k % inputs.dim(1));
            }
        }
        Tensor probe = Tensor.zeros(1, 1, inputs.dim(1));
        Tensor out = network.forwardSequence(probe, null).output();
        if (out.rank() != 3) {
            throw new IllegalArgumentException("the network's output must be (T, B, classes), got "
                    + Arrays.toString(out.shape()));
        }
        return out.dim(2);
    }

    private static void checkLabels(String what, int[] labels, int classes) {
        for (int k = 0; k < labels.length; k++) {
            if (labels[k] < 0 || labels[k] >= classes) {
                throw new IllegalArgumentException(what + "[" + k + "] = " + labels[k] + " is not a class index in [0, "
                        + classes + ")");
            }
        }
    }

    private void shuffle(int[] a) {
        for (int k = a.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = a[k];
            a[k] = a[j];
            a[j] = t;
        }
    }

    /** The parameters the optimizer updates (the network's). */
    public List<Parameter> parameters() {
        return optimizer.parameters();
    }
}
