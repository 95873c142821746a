package io.snn4j.module;

import io.snn4j.functional.Coefficients;
import io.snn4j.functional.NeuronModel;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.StateFallback;
import io.snn4j.internal.Parallel;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;

/**
 * Norse's {@code SNN}: a neuron model run over a time-first input sequence {@code (T, ...)}, typically
 * {@code (T, B, N)}, elementwise over the non-time dimensions. Returns the {@code (T, ...)} outputs, the
 * final state and, with {@code recordStates}, every step's state.
 *
 * <p>The state has the shape of one time step, {@code x.shape[1:]}; {@code null} means the default
 * state. T = 0 is rejected. For sequences longer than memory, {@link #run(int[], StepSource, StepSink, NeuronState)}
 * streams the input and output step by step. Neurons are split across threads; every neuron is computed
 * by exactly the same operations whatever the split, so results do not depend on the thread count.
 *
 * @param <P> the parameter type
 * @param <S> the state type
 */
public class SNN<P extends NeuronParameters, S extends NeuronState> extends NeuronModule<P, S> {

    private final boolean recordStates;

    /**
     * A sequence module for the given step function, state fallback, parameters and time step.
     *
     * @param name         the module name used in {@link #toString()}
     * @param activation   the model's step function
     * @param fallback     builds the default state
     * @param p            the parameters
     * @param dt           the time step in seconds, finite and positive
     * @param recordStates whether to return every step's state
     */
    public SNN(String name, NeuronModel<P, S> activation, StateFallback<P, S> fallback, P p, double dt,
            boolean recordStates) {
        super(name, activation, fallback, p, dt);
        this.recordStates = recordStates;
    }

    /** Whether {@link SequenceResult#recorded()} is filled. */
    public final boolean recordStates() {
        return recordStates;
    }

    /** Runs the sequence from the default state. */
    public final SequenceResult<S> forward(Tensor x) {
        return forward(x, null);
    }

    /**
     * Runs the sequence {@code x} of shape {@code (T, ...)} from {@code state} (null: the default state),
     * which is updated in place.
     *
     * @throws IllegalArgumentException if x has rank 0 or T = 0, or the state does not have shape x.shape[1:]
     */
    public final SequenceResult<S> forward(Tensor x, S state) {
        sequenceStepShape(x);
        return forward(x, state, Tensor.zeros(x.shape()));
    }

    /**
     * Runs the sequence {@code x} from {@code state} (null: the default state), writing the outputs into
     * {@code out}, which must have {@code x}'s shape (so that repeated runs allocate nothing).
     *
     * @throws IllegalArgumentException if x has rank 0 or T = 0, or the state or out has the wrong shape
     */
    public final SequenceResult<S> forward(Tensor x, S state, Tensor out) {
        return sequence(x, state, out, recordStates);
    }

    /**
     * Runs {@code steps} steps whose input is {@code x} at every step (a constant input current), from
     * {@code state} (null: the default state): the numbers of {@link #forward(Tensor, NeuronState)} on
     * {@code x} repeated {@code steps} times, without building that sequence. Returns the outputs
     * {@code (steps, x.shape)} (and the recorded states if {@link #recordStates()}). In training mode the call
     * is a recorded chain of its own and {@link #backward} returns the gradient of {@code x}: the sum of the
     * steps' input gradients (summed from the last step to the first).
     *
     * @throws IllegalArgumentException if x is null, steps &lt; 1, the state does not have x's shape, or (in
     *                                  training mode) the call would continue a recorded chain
     */
    public final SequenceResult<S> forwardConstant(Tensor x, int steps, S state) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        return constantSequence(x, steps, state, Tensor.zeros(Shapes.prepend(steps, x.shape())), recordStates);
    }

    /**
     * The backward pass of the forward calls recorded in training mode ({@link #train}): gradients of a
     * loss with respect to the recorded input sequence, the initial state and the neuron parameters,
     * given the loss's gradients with respect to the outputs and the final state. Consumes the record.
     *
     * @param gradOutput the gradient of the outputs, shape {@code (T, ...)} as the output (null: zero)
     * @param gradState  the gradient of the final state (null: zero)
     * @throws IllegalStateException    if nothing was recorded (not in training mode, or backward was
     *                                  already called for the last forward)
     * @throws IllegalArgumentException if a gradient has the wrong shape or class
     */
    public final Gradients<S> backward(Tensor gradOutput, S gradState) {
        return backwardElementwise(gradOutput, gradState, true);
    }

    /**
     * As {@link #backward(Tensor, NeuronState)}; without {@code parameterGradients} the neuron
     * parameters' gradients are not computed (Norse does not train them; saves a fifth of the work).
     */
    public final Gradients<S> backward(Tensor gradOutput, S gradState, boolean parameterGradients) {
        return backwardElementwise(gradOutput, gradState, parameterGradients);
    }

    /**
     * Runs a sequence of any length from a per-step source into a per-step sink, holding only one step
     * of input and output in memory. Stops when the source reports the end. State recording does not
     * apply here.
     *
     * @param stepShape the shape of one time step's input, e.g. {@code (B, N)}
     * @param source    supplies each step's input
     * @param sink      receives each step's output
     * @param state     the initial state (null: the default state), updated in place
     * @return the final state
     * @throws IllegalArgumentException if the source supplies no step at all (T = 0) or the state's shape
     *                                  is not {@code stepShape}
     */
    public final S run(int[] stepShape, StepSource source, StepSink sink, S state) {
        int[] shape = Shapes.checked(stepShape, "stepShape");
        if (source == null || sink == null) {
            throw new IllegalArgumentException("source and sink must not be null");
        }
        Coefficients c = coefficients(Shapes.lastDim(shape));
        if (state != null) {
            state.requireShape("state", shape);
        }
        requireEvaluation();
        int n = Shapes.size(shape);
        float[] in = new float[n];
        Tensor out = Tensor.zeros(shape);
        float[] od = out.data();
        int[] b = Parallel.split(n, pieces(n, n), GRAIN);
        NeuronModel<P, S> m = activation();
        S s = state;
        long t = 0;
        while (source.next(t, in)) {
            if (s == null) {
                s = defaultState(shape);
            }
            S cur = s;
            Parallel.forEach(b.length - 1, k -> m.stepRange(in, 0, null, 0, cur, b[k], b[k + 1], od, 0, c));
            sink.accept(t, out);
            t++;
        }
        if (t == 0) {
            throw new IllegalArgumentException("the input source supplied no time steps (T = 0)");
        }
        return s;
    }

    /** x.shape[1:], after checking that x is a sequence with T > 0. */
    static int[] sequenceStepShape(Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        if (x.rank() == 0) {
            throw new IllegalArgumentException("input x must be time-first (T, ...), got a rank-0 tensor");
        }
        if (x.dim(0) == 0) {
            throw new IllegalArgumentException("input x has T = 0 time steps (shape "
                    + java.util.Arrays.toString(x.shape()) + "); a sequence needs at least one");
        }
        return Shapes.dropFirst(x.shape());
    }
}
