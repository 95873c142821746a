package io.snn4j.module;

import io.snn4j.functional.Coefficients;
import io.snn4j.functional.NeuronModel;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.StateFallback;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Norse's {@code SNNRecurrent}: a recurrently connected population over a time-first sequence. Input
 * {@code (T, ..., input_size)}, typically {@code (T, B, N_in)} or {@code (T, N_in)}; output
 * {@code (T, ..., hidden_size)}; state {@code (..., hidden_size)}. The input projection of the whole
 * sequence is one matrix product; spike input given as active indices takes the event-driven path
 * ({@link #forward(SparseSpikes, NeuronState)}), and {@link #forwardSparse} also returns the output as
 * indices without materialising the dense {@code (T, ..., H)} output. T = 0 is rejected. See
 * {@link RecurrentModule} for weights and threading and {@link SNNRecurrentCell} for the argument rules.
 *
 * @param <P> the parameter type
 * @param <S> the state type (with spikes {@code z})
 */
public class SNNRecurrent<P extends NeuronParameters, S extends NeuronState> extends RecurrentModule<P, S> {

    /**
     * A recurrent sequence module.
     *
     * @param name       the module name used in {@link #toString()}
     * @param activation the model's step function on (projected input, recurrent input)
     * @param fallback   builds the default state
     * @param inputSize  number of inputs
     * @param hiddenSize number of neurons
     * @param p          the parameters
     * @param options    dt, weights, autapses, seed, state recording
     */
    public SNNRecurrent(String name, NeuronModel<P, S> activation, StateFallback<P, S> fallback, int inputSize,
            int hiddenSize, P p, RecurrentOptions options) {
        super(name, activation, fallback, inputSize, hiddenSize, p, options);
    }

    /** Whether {@link SequenceResult#recorded()} is filled. */
    public final boolean recordStates() {
        return recordStates;
    }

    /** Runs the sequence from the default state. */
    public final SequenceResult<S> forward(Tensor x) {
        return forward(x, null);
    }

    /** Runs the dense input sequence {@code (T, ..., input_size)} from {@code state} (null: default). */
    public final SequenceResult<S> forward(Tensor x, S state) {
        return forwardDense(x, state, null, false);
    }

    /**
     * As {@link #forward(Tensor, NeuronState)}, writing the output spikes into {@code out}
     * {@code (T, ..., hidden_size)}, which is returned as the result's output: every element is written, so a
     * tensor reused across calls needs no clearing, and no output is allocated per call (a wide layer's is a
     * G1 humongous object, and allocating one while the heap is above G1's initiating occupancy starts a
     * concurrent cycle). A dense input still allocates its projection, {@code (T, ..., hidden_size)} floats.
     *
     * @throws IllegalArgumentException as the two-argument form, or if out is null or not of the output's shape
     */
    public final SequenceResult<S> forward(Tensor x, S state, Tensor out) {
        return forwardDense(x, state, out, true);
    }

    private SequenceResult<S> forwardDense(Tensor x, S state, Tensor given, boolean into) {
        int[] stepShape = SNN.sequenceStepShape(x);
        int steps = x.dim(0);
        int[] hShape = hiddenShape("input x (time step)", stepShape);
        Coefficients c = coefficients(hiddenSize);
        checkState(state, hShape);
        Tensor out = output(given, into, steps, hShape);
        syncWeights();
        Tape<S> tp = recordInputs(state, hShape, c, steps, x.data(), x.offset());
        S s = stateFor(state, hShape);
        int rows = rowsOf(hShape);
        float[] u = new float[Math.multiplyExact(steps * rows, hiddenSize)];
        project(x.data(), x.offset(), steps * rows, u);
        S rec = record(steps, hShape, s);
        run(steps, rows, denseInput(u, rows), s, c, out, rec, tp);
        return new SequenceResult<>(out, s, rec);
    }

    /** Runs a spike input sequence given as active indices, shape {@code (T, ..., input_size)}. */
    public final SequenceResult<S> forward(SparseSpikes x, S state) {
        return forwardEvents(x, state, null, false);
    }

    /**
     * As {@link #forward(SparseSpikes, NeuronState)}, writing the output spikes into {@code out}
     * {@code (T, ..., hidden_size)} (see {@link #forward(Tensor, NeuronState, Tensor)}).
     *
     * @throws IllegalArgumentException as the two-argument form, or if out is null or not of the output's shape
     */
    public final SequenceResult<S> forward(SparseSpikes x, S state, Tensor out) {
        return forwardEvents(x, state, out, true);
    }

    private SequenceResult<S> forwardEvents(SparseSpikes x, S state, Tensor given, boolean into) {
        int[] stepShape = sparseStepShape(x);
        int steps = x.shape()[0];
        int[] hShape = hiddenShape("input x (time step)", stepShape);
        Coefficients c = coefficients(hiddenSize);
        checkState(state, hShape);
        int[] oShape = Shapes.prepend(steps, hShape);
        checkOutput(given, into, oShape);
        // the given output, or a new one made when first asked for: on the shared projection, once the
        // projecting threads have been submitted (see runPipelined); otherwise just before the time loop
        Tensor[] out = {into ? given : null};
        java.util.function.Supplier<Tensor> output = () -> {
            if (out[0] == null) {
                out[0] = Tensor.zeros(oShape);
            }
            return out[0];
        };
        syncWeights();
        Tape<S> tp = isTraining() ? recordInputs(state, hShape, c, steps, x.toDense().data(), 0) : null;
        S s = stateFor(state, hShape);
        int rows = rowsOf(hShape);
        S rec = record(steps, hShape, s);
        int at = tp == null ? aheadThreads(rows, x.count(), steps) : 1;
        int pt = tp == null && at == 1 ? pipeThreads(rows, x.count(), steps) : 1;
        if (pt > 1) {
            runPipelined(steps, rows, pt, sparseInput(x, rows), s, c, () -> {
                Tensor o = output.get();
                return denseOutput(o.data(), o.offset(), rows);
            }, rec);
        } else if (at > 1) {
            // few rows on several threads: each thread its columns, projected ahead (see runColumnsAhead)
            Tensor o = output.get();
            runColumnsAhead(steps, rows, at, sparseInput(x, rows), s, c, denseOutput(o.data(), o.offset(), rows), null,
                    rec);
        } else {
            run(steps, rows, sparseInput(x, rows), s, c, output.get(), rec, tp);
        }
        return new SequenceResult<>(out[0], s, rec);
    }

    /** As {@link #forward(SparseSpikes, NeuronState)}, with the output spikes as active indices. */
    public final SparseResult<S> forwardSparse(SparseSpikes x, S state) {
        int[] stepShape = sparseStepShape(x);
        int steps = x.shape()[0];
        int[] hShape = hiddenShape("input x (time step)", stepShape);
        Coefficients c = coefficients(hiddenSize);
        checkState(state, hShape);
        syncWeights();
        Tape<S> tp = isTraining() ? recordInputs(state, hShape, c, steps, x.toDense().data(), 0) : null;
        S s = stateFor(state, hShape);
        int rows = rowsOf(hShape);
        int[][] lists = new int[steps * rows][];
        S rec = record(steps, hShape, s);
        int at = tp == null ? aheadThreads(rows, x.count(), steps) : 1;
        int pt = tp == null && at == 1 ? pipeThreads(rows, x.count(), steps) : 1;
        int cp = tp == null ? columnPieces(rows) : 1;
        if (at > 1) {
            // few rows on several threads: each thread its columns, projected ahead (see runColumnsAhead)
            runColumnsAhead(steps, rows, at, sparseInput(x, rows), s, c, null, sparseOutput(lists, rows), rec);
        } else if (pt > 1) {
            // few rows on several threads: the event-driven input projection shared, ahead (see runPipelined)
            runPipelined(steps, rows, pt, sparseInput(x, rows), s, c, sparseOutput(lists, rows), rec);
        } else if (cp > 1) {
            runColumns(steps, rows, cp, sparseInput(x, rows), s, c, null, sparseOutput(lists, rows), rec);
        } else {
            runPieces(steps, rows, sparseInput(x, rows), s, c, sparseOutput(lists, rows), rec, tp);
        }
        return new SparseResult<>(assemble(Shapes.prepend(steps, hShape), lists), s, rec);
    }

    /**
     * Runs a dense input sequence of any length from a per-step source into a per-step sink, holding
     * one step in memory. State recording does not apply.
     *
     * @param stepShape the shape of one step's input, {@code (..., input_size)}
     * @return the final state
     * @throws IllegalArgumentException if the source supplies no step (T = 0) or a shape is wrong
     */
    public final S run(int[] stepShape, StepSource source, StepSink sink, S state) {
        int[] shape = Shapes.checked(stepShape, "stepShape");
        int[] hShape = hiddenShape("stepShape", shape);
        if (source == null || sink == null) {
            throw new IllegalArgumentException("source and sink must not be null");
        }
        Coefficients c = coefficients(hiddenSize);
        if (state != null) {
            state.requireShape("state", hShape);
        }
        requireEvaluation();
        syncWeights();
        int rows = rowsOf(hShape);
        float[] in = new float[Shapes.size(shape)];
        float[] u = new float[rows * hiddenSize];
        Tensor out = Tensor.zeros(hShape);
        S s = state;
        Scratch[] pieces = null;
        int[] b = rowPieces(rows, (long) rows * hiddenSize);
        StepInput input = denseInput(u, 0);
        StepOutput output = denseOutput(out.data(), 0, 0);
        long t = 0;
        while (source.next(t, in)) {
            if (s == null) {
                s = defaultState(hShape);
            }
            if (pieces == null) {
                attachLine(s);
                pieces = scratches(b, s);
            }
            project(in, 0, rows, u);
            S cur = s;
            Scratch[] sc = pieces;
            io.snn4j.internal.Parallel.forEach(sc.length, k -> advance(0, input, cur, c, sc[k], output, null));
            stepsDone(s, 1);
            sink.accept(t, out);
            t++;
        }
        if (t == 0) {
            throw new IllegalArgumentException("the input source supplied no time steps (T = 0)");
        }
        return s;
    }

    /**
     * The backward pass of the forward calls recorded in training mode ({@link #train}): gradients with
     * respect to the recorded input sequence {@code (T, ..., input_size)}, the initial state (its
     * {@code z}: the initial spikes), the neuron parameters and the weights; the weight gradients are also
     * added to {@link #parameters()}' gradients. Consumes the record.
     *
     * @param gradOutput the gradient of the output spikes {@code (T, ..., hidden_size)} (null: zero)
     * @param gradState  the gradient of the final state (null: zero)
     * @throws IllegalStateException    if nothing was recorded
     * @throws IllegalArgumentException if a gradient has the wrong shape or class
     */
    public final Gradients<S> backward(Tensor gradOutput, S gradState) {
        return backwardRecurrent(gradOutput, gradState);
    }

    /**
     * The time loop into a dense output: batch rows split across threads, or, for fewer rows than threads
     * and a wide layer in evaluation mode, the neurons split with a barrier per step.
     */
    private void run(int steps, int rows, StepInput in, S s, Coefficients c, Tensor out, S rec, Tape<S> tp) {
        int cp = tp == null ? columnPieces(rows) : 1;
        if (cp > 1) {
            runColumns(steps, rows, cp, in, s, c, denseOutput(out.data(), out.offset(), rows), rec);
        } else {
            runPieces(steps, rows, in, s, c, denseOutput(out.data(), out.offset(), rows), rec, tp);
        }
    }

    private int[] sparseStepShape(SparseSpikes x) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        int[] shape = x.shape();
        if (shape.length < 2) {
            throw new IllegalArgumentException("input x must be time-first (T, ..., input_size), got shape "
                    + Arrays.toString(shape));
        }
        if (shape[0] == 0) {
            throw new IllegalArgumentException("input x has T = 0 time steps (shape " + Arrays.toString(shape)
                    + "); a sequence needs at least one");
        }
        return Shapes.dropFirst(shape);
    }

    /** The caller's output, checked against the shape {@code (steps, hShape)} ({@code into}), or a new zero tensor. */
    private static Tensor output(Tensor given, boolean into, int steps, int[] hShape) {
        int[] shape = Shapes.prepend(steps, hShape);
        checkOutput(given, into, shape);
        return into ? given : Tensor.zeros(shape);
    }

    /**
     * Rejects a given output ({@code into}) not of {@code shape}, or a new one too large for an array, before
     * anything is changed.
     */
    private static void checkOutput(Tensor given, boolean into, int[] shape) {
        if (into) {
            Shapes.requireOut(given, shape);
        } else {
            Shapes.size(shape);
        }
    }

    @SuppressWarnings("unchecked")
    private S record(int steps, int[] hShape, S s) {
        return recordStates ? (S) s.newLike(Shapes.prepend(steps, hShape)) : null;
    }
}
