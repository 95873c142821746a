package io.snn4j.nn;

import io.snn4j.functional.NeuronState;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Flattens every dimension after the first (the batch) into one: {@code (B, d1, d2, ...) -> (B, d1*d2*...)}
 * (NIR's {@code Flatten} over a node's own dimensions). A view, no copy. Stateless; trainable (no parameters: the
 * backward pass gives the gradient the recorded inputs' shapes, so a convolutional network trains through it).
 * Thread-safe in evaluation mode; training must not overlap with other calls.
 */
public final class Flatten implements Layer {
    private volatile boolean training;
    private final List<int[]> recorded = new ArrayList<>();

    @Override
    public Step forward(Tensor x, NeuronState state) {
        if (training) {
            recorded.add(x.shape());
        }
        if (x.rank() < 2) {
            return new Step(x, null);
        }
        return new Step(x.reshape(x.dim(0), x.size() / Math.max(1, x.dim(0))), null);
    }

    @Override
    public boolean stateful() {
        return false;
    }

    /** Training mode: calls record their input shapes for {@link #backward}. */
    @Override
    public void train(boolean mode) {
        training = mode;
        recorded.clear();
    }

    /** {@code gradOutput} in the recorded inputs' shapes (stacked if there were several calls of one shape). */
    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradient) {
        if (recorded.isEmpty()) {
            throw new IllegalStateException(this + ": backward() without a recorded forward pass");
        }
        long total = 0;
        for (int[] s : recorded) {
            total += Shapes.size(s);
        }
        if (gradOutput == null || gradOutput.size() != total) {
            throw new IllegalArgumentException(this + ": gradOutput must hold " + total + " values (the recorded "
                    + "outputs), got " + (gradOutput == null ? "null" : Arrays.toString(gradOutput.shape())));
        }
        List<int[]> calls = List.copyOf(recorded);
        recorded.clear();
        if (!inputGradient) {
            return null;
        }
        boolean same = calls.stream().allMatch(s -> Arrays.equals(s, calls.get(0)));
        int[] shape = !same ? new int[] {(int) total} : calls.size() == 1 ? calls.get(0)
                : Shapes.prepend(calls.size(), calls.get(0));
        return gradOutput.copy().reshape(shape);
    }

    @Override
    public String toString() {
        return "Flatten()";
    }
}
