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
 * Norse's {@code SNNCell}: one time step of a neuron model, elementwise over an input of any shape
 * (typically {@code (B, N)}; per-neuron parameters broadcast along the last dimension). The output has
 * the input's shape.
 *
 * <p>{@code forward(x, null)} builds the model's default state (the state fallback); a state passed in
 * must have the input's shape and is updated in place. Invalid arguments throw
 * {@link IllegalArgumentException} before anything is modified. See {@link NeuronModule} for threading.
 *
 * @param <P> the parameter type
 * @param <S> the state type
 */
public class SNNCell<P extends NeuronParameters, S extends NeuronState> extends NeuronModule<P, S> {

    /**
     * A cell for the given step function, state fallback, parameters and time step (seconds).
     *
     * @param name       the module name used in {@link #toString()}
     * @param activation the model's step function
     * @param fallback   builds the default state
     * @param p          the parameters
     * @param dt         the time step in seconds, finite and positive
     */
    public SNNCell(String name, NeuronModel<P, S> activation, StateFallback<P, S> fallback, P p, double dt) {
        super(name, activation, fallback, p, dt);
    }

    /** One step from the default state. */
    public final StepResult<S> forward(Tensor x) {
        return forward(x, null);
    }

    /** One step from {@code state} (null: the default state), into a new output tensor. */
    public final StepResult<S> forward(Tensor x, S state) {
        requireInput(x);
        return forward(x, state, Tensor.zeros(x.shape()));
    }

    /**
     * One step from {@code state} (null: the default state), writing the output into {@code out}, which
     * must have the input's shape (allocation-free when a state is given).
     */
    public final StepResult<S> forward(Tensor x, S state, Tensor out) {
        requireInput(x);
        int[] shape = x.shape();
        Shapes.requireOut(out, shape);
        Coefficients c = coefficients(Shapes.lastDim(shape));
        if (state != null) {
            state.requireShape("state", shape);
        }
        Tape<S> tp = record(state, shape, c, 1);
        S s = stateFor(state, shape);
        int n = x.size();
        int[] b = Parallel.split(n, pieces(n, n), GRAIN);
        NeuronModel<P, S> m = activation();
        float[][] rec = tp == null ? null : tp.records.get(tp.steps() - 1);
        Parallel.forEach(b.length - 1, k -> {
            if (rec != null) {
                m.gradient().recordAndStepRange(m, x.data(), x.offset(), null, 0, s, b[k], b[k + 1], out.data(), out.offset(),
                        rec, c);
            } else {
                m.stepRange(x.data(), x.offset(), null, 0, s, b[k], b[k + 1], out.data(), out.offset(), c);
            }
        });
        if (tp != null) {
            tp.last = s;
        }
        return new StepResult<>(out, s);
    }

    /**
     * Steps the cell through a time-first sequence {@code x (T, ...)} from {@code state} (null: the default
     * state): the same numbers as calling {@link #forward(Tensor, NeuronState)} once per step, in one call
     * (the loop of {@link SNN}). In training mode the steps are recorded as {@code T} cell steps.
     *
     * @throws IllegalArgumentException if x has rank 0 or T = 0, or the state does not have shape x.shape[1:]
     */
    public final SequenceResult<S> forwardSequence(Tensor x, S state) {
        SNN.sequenceStepShape(x);
        return sequence(x, state, Tensor.zeros(x.shape()), false);
    }

    /**
     * Steps the cell {@code steps} times with the same input {@code x} at every step (a constant input
     * current, as a rate encoding of static data feeds it), from {@code state} (null: the default state):
     * the numbers of {@link #forwardSequence} on {@code x} repeated {@code steps} times, without building
     * that sequence. Returns the outputs {@code (steps, x.shape)}. In training mode the call is a recorded
     * chain of its own, and {@link #backward} returns the gradient of {@code x}: the sum of the steps'
     * input gradients (summed from the last step to the first).
     *
     * @throws IllegalArgumentException if x is null, steps &lt; 1, the state does not have x's shape, or (in
     *                                  training mode) the call would continue a recorded chain
     */
    public final SequenceResult<S> forwardConstant(Tensor x, int steps, S state) {
        requireInput(x);
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        return constantSequence(x, steps, state, Tensor.zeros(Shapes.prepend(steps, x.shape())), false);
    }

    /**
     * As {@link #forwardSequence(Tensor, NeuronState)}, writing the outputs into {@code out}, which must
     * have {@code x}'s shape (repeated runs then allocate no output).
     *
     * @throws IllegalArgumentException as above, or if out is null or has another shape
     */
    public final SequenceResult<S> forwardSequence(Tensor x, S state, Tensor out) {
        SNN.sequenceStepShape(x);
        return sequence(x, state, out, false);
    }

    /**
     * The backward pass through every step recorded in training mode ({@link #train}) since the chain
     * started (a call that does not continue from the state the previous call returned starts a new
     * chain): gradients with respect to each step's input (stacked, {@code (T, ...)}), the state the
     * chain started from and the neuron parameters. Consumes the record.
     *
     * @param gradOutput the gradients of the recorded steps' outputs, stacked {@code (T, ...)} (null: zero)
     * @param gradState  the gradient of the last state (null: zero)
     * @throws IllegalStateException    if nothing was recorded
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

    private static void requireInput(Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
    }
}
