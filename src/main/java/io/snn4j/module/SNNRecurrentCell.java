package io.snn4j.module;

import io.snn4j.functional.Coefficients;
import io.snn4j.functional.NeuronModel;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.StateFallback;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;

/**
 * Norse's {@code SNNRecurrentCell}: one time step of a recurrently connected population. Input
 * {@code (..., input_size)}, typically {@code (B, N_in)} or unbatched {@code (N_in)}; output and state
 * {@code (..., hidden_size)}. Dense input goes through {@link #forward(Tensor, NeuronState)}, spike input
 * as active indices through {@link #forward(SparseSpikes, NeuronState)} (event-driven input projection,
 * same numbers). A given state is updated in place; invalid arguments throw
 * {@link IllegalArgumentException} before anything changes. See {@link RecurrentModule} for weights and
 * threading.
 *
 * @param <P> the parameter type
 * @param <S> the state type (with spikes {@code z})
 */
public class SNNRecurrentCell<P extends NeuronParameters, S extends NeuronState> extends RecurrentModule<P, S> {

    /**
     * A recurrent cell.
     *
     * @param name       the module name used in {@link #toString()}
     * @param activation the model's step function on (projected input, recurrent input)
     * @param fallback   builds the default state
     * @param inputSize  number of inputs
     * @param hiddenSize number of neurons
     * @param p          the parameters
     * @param options    dt, weights, autapses, seed
     */
    public SNNRecurrentCell(String name, NeuronModel<P, S> activation, StateFallback<P, S> fallback, int inputSize,
            int hiddenSize, P p, RecurrentOptions options) {
        super(name, activation, fallback, inputSize, hiddenSize, p, options);
    }

    /** One step from the default state. */
    public final StepResult<S> forward(Tensor x) {
        return forward(x, null);
    }

    /** One step of dense input {@code (..., input_size)} from {@code state} (null: the default state). */
    public final StepResult<S> forward(Tensor x, S state) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        int[] inShape = x.shape();
        requireInputShape("input x", inShape);
        int[] hShape = hiddenShape(inShape);
        Coefficients c = coefficients(hiddenSize);
        S s = stateFor(state, hShape);
        int rows = rowsOf(hShape);
        float[] u = new float[rows * hiddenSize];
        project(x.data(), x.offset(), rows, u);
        Tensor out = Tensor.zeros(hShape);
        runPieces(1, rows, denseInput(u, rows), s, c, denseOutput(out.data(), 0, rows), null);
        return new StepResult<>(out, s);
    }

    /** One step of spike input given as active indices, shape {@code (..., input_size)}. */
    public final StepResult<S> forward(SparseSpikes x, S state) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        int[] inShape = x.shape();
        requireInputShape("input x", inShape);
        int[] hShape = hiddenShape(inShape);
        Coefficients c = coefficients(hiddenSize);
        S s = stateFor(state, hShape);
        int rows = rowsOf(hShape);
        Tensor out = Tensor.zeros(hShape);
        runPieces(1, rows, sparseInput(x, rows), s, c, denseOutput(out.data(), 0, rows), null);
        return new StepResult<>(out, s);
    }

    /** One step of spike input with the output spikes as active indices too. */
    public final SparseResult<S> forwardSparse(SparseSpikes x, S state) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        int[] inShape = x.shape();
        requireInputShape("input x", inShape);
        int[] hShape = hiddenShape(inShape);
        Coefficients c = coefficients(hiddenSize);
        S s = stateFor(state, hShape);
        int rows = rowsOf(hShape);
        int[][] lists = new int[rows][];
        runPieces(1, rows, sparseInput(x, rows), s, c, sparseOutput(lists, rows), null);
        return new SparseResult<>(assemble(Shapes.withLast(inShape, hiddenSize), lists), s, null);
    }
}
