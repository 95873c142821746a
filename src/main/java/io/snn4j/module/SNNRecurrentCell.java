package io.snn4j.module;

import io.snn4j.functional.Coefficients;
import io.snn4j.functional.NeuronModel;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.StateFallback;
import io.snn4j.internal.Events;
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
        return forward(x, state, Tensor.zeros(hiddenShape("input x", x.shape())));
    }

    /**
     * One step of dense input {@code (..., input_size)} from {@code state} (null: the default state),
     * writing the output spikes into {@code out} {@code (..., hidden_size)}. An input that is mostly zero
     * (at most a quarter of its elements nonzero: 0/1 spikes or any values) takes the event-driven input
     * projection by itself, checked per step; the numbers are the same either way. In evaluation mode with
     * a given state the step allocates nothing: the cell keeps its buffers for the next call of the same
     * shape (concurrent calls each get their own).
     *
     * @throws IllegalArgumentException if a shape is wrong (nothing is modified)
     */
    public final StepResult<S> forward(Tensor x, S state, Tensor out) {
        requireInput(x);
        if (isTraining()) {
            Call<S> k = prepare(x.shape(), state, x.data(), x.offset());
            Shapes.requireOut(out, k.hShape);
            float[] u = new float[k.rows * hiddenSize];
            project(x.data(), x.offset(), k.rows, u);
            runPieces(1, k.rows, denseInput(u, k.rows), k.s, k.c, denseOutput(out.data(), out.offset(), k.rows), null, k.tape);
            return new StepResult<>(out, k.s);
        }
        Work w = take(x, null, state, out);
        try {
            S s = state != null ? state : defaultState(w.hShape);
            float[] xd = x.data();
            int xo = x.offset(), rows = w.rows, in = inputSize;
            StepInput input;
            int q = 0, limit = w.evIdx.length;
            for (int r = 0; r < rows && q >= 0; r++) {
                w.evStart[r] = q;
                int c = K.nonzeros(xd, xo + r * in, in, w.evIdx, q, limit - q);
                q = c < 0 ? -1 : q + c;
            }
            if (q >= 0) {
                w.evStart[rows] = q;
                boolean ones = Events.values(xd, xo, in, rows, w.evStart, w.evIdx, w.evVal);
                input = w.events.set(w.evStart, w.evIdx, ones ? null : w.evVal);
            } else {
                project(xd, xo, rows, w.u);
                input = w.dense.set(w.u, rows);
            }
            step(w, input, s, out);
            return new StepResult<>(out, s);
        } finally {
            spare.set(w);
        }
    }

    /** One step of spike input given as active indices (or scaled events), shape {@code (..., input_size)}. */
    public final StepResult<S> forward(SparseSpikes x, S state) {
        requireInput(x);
        return forward(x, state, Tensor.zeros(hiddenShape("input x", x.shape())));
    }

    /**
     * One step of spike input given as active indices (or scaled events) into {@code out}
     * {@code (..., hidden_size)}; allocation-free as {@link #forward(Tensor, NeuronState, Tensor)}.
     *
     * @throws IllegalArgumentException if a shape is wrong (nothing is modified)
     */
    public final StepResult<S> forward(SparseSpikes x, S state, Tensor out) {
        requireInput(x);
        if (isTraining()) {
            Call<S> k = prepare(x.shape(), state, x.toDense().data(), 0);
            Shapes.requireOut(out, k.hShape);
            runPieces(1, k.rows, sparseInput(x, k.rows), k.s, k.c, denseOutput(out.data(), out.offset(), k.rows), null, k.tape);
            return new StepResult<>(out, k.s);
        }
        Work w = take(null, x, state, out);
        try {
            S s = state != null ? state : defaultState(w.hShape);
            step(w, w.sparse.set(x, w.rows), s, out);
            return new StepResult<>(out, s);
        } finally {
            spare.set(w);
        }
    }

    /** The buffers of one call shape, kept for the next call (one call at a time holds them). */
    private final java.util.concurrent.atomic.AtomicReference<Work> spare = new java.util.concurrent.atomic.AtomicReference<>();

    /** Buffers for inputs of one shape and one thread count. */
    private final class Work {
        final int[] inShape;
        final int[] hShape;
        final int rows;
        final int threads;
        final int[] pieces;
        /** Column ranges when the neurons are split across threads (few rows, a wide layer), else null. */
        final int[] columns;
        /** The spikes before the step, which every column piece reads (pieces write their part of z). */
        final float[] zPrev;
        final Scratch[] sc;
        final float[] u;
        final int[] evStart;
        final int[] evIdx;
        final float[] evVal;
        final DenseIn dense = new DenseIn(hiddenSize);
        final EventIn events = new EventIn();
        final SparseIn sparse = new SparseIn();
        final DenseOut output = new DenseOut(hiddenSize);

        Work(int[] inShape, int threads, S s) {
            this.inShape = inShape;
            this.hShape = hiddenShape("input x", inShape);
            this.rows = rowsOf(hShape);
            this.threads = threads;
            int cp = columnPieces(rows);
            this.columns = cp > 1 ? io.snn4j.internal.Parallel.split(hiddenSize, cp, GRAIN) : null;
            this.pieces = rowPieces(rows, (long) rows * hiddenSize);
            this.sc = columns != null ? columnScratches(rows, columns, s) : scratches(pieces, s);
            for (Scratch p : sc) {
                p.listAfterStep = false; // the output is dense and the next call lists the spikes again (reset)
            }
            this.zPrev = columns != null ? new float[rows * hiddenSize] : null;
            this.u = new float[rows * hiddenSize];
            int limit = (int) (Events.DENSITY * rows * inputSize);
            this.evStart = new int[rows + 1];
            this.evIdx = new int[limit];
            this.evVal = new float[limit];
        }

        boolean fits(Tensor x, SparseSpikes sx, int threads) {
            if (rankOf(x, sx) != inShape.length || threads != this.threads) {
                return false;
            }
            for (int d = 0; d < inShape.length; d++) {
                if (dimOf(x, sx, d) != inShape[d]) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The kept buffers if they fit an input of this shape, else new ones; after checking the state and
     * {@code out} against the output shape (nothing is modified when they do not fit).
     */
    private Work take(Tensor x, SparseSpikes sx, S state, Tensor out) {
        Work w = spare.getAndSet(null);
        if (w == null || !w.fits(x, sx, threads())) {
            int[] shape = x != null ? x.shape() : sx.shape();
            int[] hShape = hiddenShape("input x", shape); // checks input_size before any buffer is made
            checkState(state, hShape);
            w = new Work(shape, threads(), state != null ? state : defaultState(hShape));
        }
        try {
            checkState(state, w.hShape);
            Shapes.requireOut(out, w.hShape);
        } catch (IllegalArgumentException e) {
            spare.set(w);
            throw e;
        }
        syncWeights();
        return w;
    }

    private static int rankOf(Tensor x, SparseSpikes sx) {
        return x != null ? x.rank() : sx.rank();
    }

    private static int dimOf(Tensor x, SparseSpikes sx, int d) {
        return x != null ? x.dim(d) : sx.dim(d);
    }

    /** Advances state {@code s} one step from {@code input} into {@code out}, the kept buffers' row pieces in parallel. */
    private void step(Work w, StepInput input, S s, Tensor out) {
        Coefficients c = coefficients(hiddenSize);
        StepOutput o = w.output.set(out.data(), out.offset(), w.rows);
        Scratch[] sc = w.sc;
        attachLine(s);
        for (Scratch p : sc) {
            p.reset(s);
        }
        if (w.columns != null) {
            System.arraycopy(s.spikes(), 0, w.zPrev, 0, w.zPrev.length);
            io.snn4j.internal.Parallel.forEach(sc.length, k -> advanceColumns(0, input, s, c, sc[k], w.zPrev, null, w.output,
                    null));
        } else if (sc.length == 1) {
            advance(0, input, s, c, sc[0], o, null);
        } else {
            io.snn4j.internal.Parallel.forEach(sc.length, k -> advance(0, input, s, c, sc[k], o, null));
        }
        stepsDone(s, 1);
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
