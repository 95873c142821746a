package io.snn4j.module;

import io.snn4j.functional.Coefficients;
import io.snn4j.functional.NeuronModel;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.StateFallback;
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

    /** The checked shapes, coefficients and state of one call. */
    private record Call<S extends NeuronState>(int[] hShape, Coefficients c, S s, int rows, Tape<S> tape) {
    }

    /** Checks the call, refreshes the weights and, in training mode, records the step's input {@code x}. */
    private Call<S> prepare(int[] inShape, S state, float[] x, int xOff) {
        int[] hShape = hiddenShape("input x", inShape);
        Coefficients c = coefficients(hiddenSize);
        checkState(state, hShape);
        syncWeights();
        Tape<S> tp = isTraining() ? recordInputs(state, hShape, c, 1, x, xOff) : null;
        S s = stateFor(state, hShape);
        return new Call<>(hShape, c, s, rowsOf(hShape), tp);
    }

    /**
     * The backward pass through every step recorded in training mode ({@link #train}) since the chain
     * started (a call that does not continue from the state the previous call returned starts a new one):
     * gradients with respect to each step's input (stacked, {@code (T, ..., input_size)}), the initial
     * state, the neuron parameters and the weights (also added to {@link #parameters()}' gradients).
     * Consumes the record.
     *
     * @param gradOutput the gradients of the recorded steps' outputs, stacked {@code (T, ..., hidden_size)}
     * @param gradState  the gradient of the last state (null: zero)
     * @throws IllegalStateException    if nothing was recorded
     * @throws IllegalArgumentException if a gradient has the wrong shape or class
     */
    public final Gradients<S> backward(Tensor gradOutput, S gradState) {
        return backwardRecurrent(gradOutput, gradState);
    }

    private static void requireInput(Object x) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
    }

    /** One step of dense input {@code (..., input_size)} from {@code state} (null: the default state). */
    public final StepResult<S> forward(Tensor x, S state) {
        requireInput(x);
        Call<S> k = prepare(x.shape(), state, x.data(), x.offset());
        float[] u = new float[k.rows * hiddenSize];
        project(x.data(), x.offset(), k.rows, u);
        Tensor out = Tensor.zeros(k.hShape);
        runPieces(1, k.rows, denseInput(u, k.rows), k.s, k.c, denseOutput(out.data(), 0, k.rows), null, k.tape);
        return new StepResult<>(out, k.s);
    }

    /** One step of spike input given as active indices, shape {@code (..., input_size)}. */
    public final StepResult<S> forward(SparseSpikes x, S state) {
        requireInput(x);
        Call<S> k = prepare(x.shape(), state, isTraining() ? x.toDense().data() : null, 0);
        Tensor out = Tensor.zeros(k.hShape);
        runPieces(1, k.rows, sparseInput(x, k.rows), k.s, k.c, denseOutput(out.data(), 0, k.rows), null, k.tape);
        return new StepResult<>(out, k.s);
    }

    /** One step of spike input with the output spikes as active indices too. */
    public final SparseResult<S> forwardSparse(SparseSpikes x, S state) {
        requireInput(x);
        Call<S> k = prepare(x.shape(), state, isTraining() ? x.toDense().data() : null, 0);
        int[][] lists = new int[k.rows][];
        runPieces(1, k.rows, sparseInput(x, k.rows), k.s, k.c, sparseOutput(lists, k.rows), null, k.tape);
        return new SparseResult<>(assemble(k.hShape, lists), k.s, null);
    }
}
