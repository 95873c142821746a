package io.snn4j.nn;

import io.snn4j.functional.NeuronState;
import io.snn4j.module.CobaLIFCell;
import io.snn4j.module.LILinearCell;
import io.snn4j.module.NeuronModule;
import io.snn4j.module.SNN;
import io.snn4j.module.SNNCell;
import io.snn4j.module.SNNRecurrent;
import io.snn4j.module.SNNRecurrentCell;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;

/**
 * A layer of a network: stateless ({@link Linear}, {@link Scale}, ...) or stateful (a neuron module,
 * through {@link #of}). {@link SequentialState} threads the states of its layers, as Norse's
 * {@code SequentialState} does. Implementations document their own thread-safety; the adapters here
 * are as thread-safe as the modules they wrap.
 */
public interface Layer {

    /**
     * Applies the layer to {@code x}; a stateful layer starts from {@code state} (null: its default
     * state) and returns the state after the call; a stateless layer ignores it and returns null.
     */
    Step forward(Tensor x, NeuronState state);

    /** Whether the layer has a state. */
    boolean stateful();

    /**
     * Applies the layer to spikes given as active indices. Layers with an event-driven path ({@link Linear},
     * recurrent cells) use it; others see the dense 0/1 tensor. The numbers are the same either way.
     */
    default Step forward(SparseSpikes x, NeuronState state) {
        return forward(x.toDense(), state);
    }

    /** A new zero state of the given shape (for restoring checkpoints), or null for a stateless layer. */
    default NeuronState newState(int[] shape) {
        return null;
    }

    /**
     * Applies the layer to a whole time-first sequence {@code x (T, ...)}: a per-step stateful layer (a
     * cell) steps through it, a stateless layer maps every step, a sequence module runs it once. The
     * numbers equal calling {@link #forward} per step; the default does exactly that.
     */
    default Step forwardSequence(Tensor x, NeuronState state) {
        return Lift.stepThrough(this, x, state, "a time-first input with T > 0 is needed");
    }

    /**
     * {@link #forwardSequence(Tensor, NeuronState)} writing the output into {@code out}, whose shape must be
     * the output's. Neuron modules write into it directly; the default copies.
     *
     * @throws IllegalArgumentException if {@code out} has another shape than the output
     */
    default Step forwardSequence(Tensor x, NeuronState state, Tensor out) {
        Step r = forwardSequence(x, state);
        if (out == null) {
            return r;
        }
        io.snn4j.tensor.Shapes.requireShape("out", out.shape(), r.output().shape());
        out.copyFrom(r.output());
        return new Step(out, r.state());
    }

    /**
     * Training mode: while on, forward calls record what {@link #backward} needs. Layers that cannot be
     * trained reject {@code true} with an {@link IllegalArgumentException} that names them.
     */
    default void train(boolean mode) {
        if (mode) {
            throw new IllegalArgumentException(this + " has no backward pass");
        }
    }

    /**
     * The backward pass through the forward calls recorded since {@code train(true)} (or the last
     * backward): {@code gradOutput} holds the gradients of their outputs, in call order (for a cell
     * stepped T times, {@code (T, ...)}); returns the gradients of their inputs in the same order (null if
     * {@code inputGradient} is false, which saves the work for a first layer) and adds the gradients of
     * {@link #parameters()} to their {@code grad}. Consumes the record.
     *
     * @throws IllegalStateException    if nothing was recorded
     * @throws IllegalArgumentException if {@code gradOutput} does not have the recorded outputs' size
     */
    default Tensor backward(Tensor gradOutput, boolean inputGradient) {
        throw new IllegalStateException(this + " has no backward pass");
    }

    /** Sets the number of threads the layer may use (results do not depend on it); default: ignored. */
    default void setThreads(int threads) {
        io.snn4j.internal.Parallel.checkThreads(threads);
    }

    /**
     * Chooses the arithmetic of the layer's matrix products ({@link io.snn4j.functional.Numerics}); layers
     * without products ignore it (the default).
     *
     * @throws IllegalArgumentException if {@code numerics} is null
     */
    default void setNumerics(io.snn4j.functional.Numerics numerics) {
        if (numerics == null) {
            throw new IllegalArgumentException("numerics is null; use Numerics.EXACT or Numerics.FAST");
        }
    }

    /** The trainable parameters (live: an optimizer updates them in place). */
    default java.util.List<io.snn4j.tensor.Parameter> parameters() {
        return java.util.List.of();
    }

    /** A layer's output and state (null for stateless layers). */
    record Step(Tensor output, NeuronState state) {
    }

    /**
     * A neuron cell as a layer (one time step per call; {@link #forwardSequence} steps through a whole
     * sequence in one call). Trainable when the model has a backward pass.
     */
    static <S extends NeuronState> Layer of(SNNCell<?, S> cell) {
        return new Adapter<>(cell, (x, s) -> {
            var r = cell.forward(x, s);
            return new Step(r.output(), r.state());
        }, g -> cell.backward(g, null, false).input(), (x, steps, s) -> {
            var r = cell.forwardConstant(x, steps, s);
            return new Step(r.output(), r.state());
        }) {
            @SuppressWarnings("unchecked")
            @Override
            public Step forwardSequence(Tensor x, NeuronState state) {
                checkState(state);
                var r = cell.forwardSequence(x, (S) state);
                return new Step(r.output(), r.state());
            }

            @Override
            public Step forwardSequence(Tensor x, NeuronState state, Tensor out) {
                return sequenceInto(x, state, out, cell::forwardSequence);
            }
        };
    }

    /** A sequence module as a layer (a whole time-first sequence per call). */
    static <S extends NeuronState> Layer of(SNN<?, S> module) {
        Adapter.Forward<S> f = (x, s) -> {
            var r = module.forward(x, s);
            return new Step(r.output(), r.state());
        };
        return new Adapter<>(module, f, g -> module.backward(g, null, false).input(), (x, steps, s) -> {
            var r = module.forwardConstant(x, steps, s);
            return new Step(r.output(), r.state());
        }) {
            @Override
            public Step forwardSequence(Tensor x, NeuronState state) {
                return forward(x, state);
            }

            @Override
            public Step forwardSequence(Tensor x, NeuronState state, Tensor out) {
                return sequenceInto(x, state, out, module::forward);
            }
        };
    }

    /** A recurrent cell as a layer; spike input takes the cell's event-driven path. */
    static <S extends NeuronState> Layer of(SNNRecurrentCell<?, S> cell) {
        return new Adapter<>(cell, (x, s) -> {
            var r = cell.forward(x, s);
            return new Step(r.output(), r.state());
        }, g -> cell.backward(g, null).input()) {
            @SuppressWarnings("unchecked")
            @Override
            public Step forward(SparseSpikes x, NeuronState state) {
                checkState(state);
                var r = cell.forward(x, (S) state);
                return new Step(r.output(), r.state());
            }

            @Override
            public java.util.List<io.snn4j.tensor.Parameter> parameters() {
                return cell.parameters();
            }
        };
    }

    /** A recurrent sequence module as a layer. */
    static <S extends NeuronState> Layer of(SNNRecurrent<?, S> module) {
        Adapter.Forward<S> f = (x, s) -> {
            var r = module.forward(x, s);
            return new Step(r.output(), r.state());
        };
        return new Adapter<>(module, f, g -> module.backward(g, null).input()) {
            @Override
            public Step forwardSequence(Tensor x, NeuronState state) {
                return forward(x, state);
            }

            @Override
            public Step forwardSequence(Tensor x, NeuronState state, Tensor out) {
                return sequenceInto(x, state, out, module::forward);
            }

            @Override
            public java.util.List<io.snn4j.tensor.Parameter> parameters() {
                return module.parameters();
            }
        };
    }

    /** Norse's {@code LILinearCell} as a layer. */
    static Layer of(LILinearCell cell) {
        return new Adapter<>(cell, (x, s) -> {
            var r = cell.forward(x, s);
            return new Step(r.output(), r.state());
        });
    }

    /** Norse's {@code CobaLIFCell} as a layer. */
    static Layer of(CobaLIFCell cell) {
        return new Adapter<>(cell, (x, s) -> {
            var r = cell.forward(x, s);
            return new Step(r.output(), r.state());
        });
    }

    /** Wraps a module's forward; checks that a given state is of the module's state class. */
    class Adapter<S extends NeuronState> implements Layer {
        interface Forward<S> {
            Step apply(Tensor x, S state);
        }

        private final NeuronModule<?, S> module;
        private final Forward<S> forward;
        /** {@code forwardConstant} of a feed-forward module. */
        interface ConstantForward<S> {
            Step apply(Tensor x, int steps, S state);
        }

        /** A module's own sequence forward that writes into a given output. */
        interface Into<S> {
            io.snn4j.module.SequenceResult<S> apply(Tensor x, S state, Tensor out);
        }

        private final java.util.function.UnaryOperator<Tensor> backward;
        private final ConstantForward<S> constant;
        private final Class<?> stateClass;

        Adapter(NeuronModule<?, S> module, Forward<S> forward) {
            this(module, forward, null, null);
        }

        Adapter(NeuronModule<?, S> module, Forward<S> forward, java.util.function.UnaryOperator<Tensor> backward) {
            this(module, forward, backward, null);
        }

        Adapter(NeuronModule<?, S> module, Forward<S> forward, java.util.function.UnaryOperator<Tensor> backward,
                ConstantForward<S> constant) {
            if (module == null) {
                throw new IllegalArgumentException("module is null");
            }
            this.module = module;
            this.forward = forward;
            this.backward = backward;
            this.constant = constant;
            this.stateClass = module.activation().newState(new int[] {0}).getClass();
        }

        @Override
        public void setThreads(int threads) {
            module.setThreads(threads);
        }

        /**
         * {@link #forwardSequence(Tensor, NeuronState, Tensor)} by the module's own form {@code into}, which
         * writes into {@code out} (checked there); a null {@code out} is the two-argument form.
         */
        @SuppressWarnings("unchecked")
        final Step sequenceInto(Tensor x, NeuronState state, Tensor out, Into<S> into) {
            if (out == null) {
                return forwardSequence(x, state);
            }
            checkState(state);
            var r = into.apply(x, (S) state, out);
            return new Step(r.output(), r.state());
        }

        /** Passed to a recurrent module (its dense products); feed-forward neuron modules have none. */
        @Override
        public void setNumerics(io.snn4j.functional.Numerics numerics) {
            Layer.super.setNumerics(numerics);
            if (module instanceof io.snn4j.module.RecurrentModule<?, ?> r) {
                r.setNumerics(numerics);
            }
        }

        @Override
        public void train(boolean mode) {
            if (mode && backward == null) {
                throw new IllegalArgumentException(module.name() + " has no backward pass");
            }
            module.train(mode);
        }

        @Override
        public Tensor backward(Tensor gradOutput, boolean inputGradient) {
            if (backward == null) {
                throw new IllegalStateException(module.name() + " has no backward pass");
            }
            return backward.apply(gradOutput);
        }

        /** The wrapped module. */
        public NeuronModule<?, S> module() {
            return module;
        }

        /**
         * {@code steps} steps with input {@code x} at every step, through the module's
         * {@code forwardConstant} (its backward then returns the gradient of {@code x}); null if the module
         * has no such path (recurrent modules).
         */
        @SuppressWarnings("unchecked")
        Step forwardConstant(Tensor x, int steps, NeuronState state) {
            if (constant == null) {
                return null;
            }
            checkState(state);
            return constant.apply(x, steps, (S) state);
        }

        /** Throws unless {@code state} is null or of the module's state class. */
        final void checkState(NeuronState state) {
            if (state != null && !stateClass.isInstance(state)) {
                throw new IllegalArgumentException(module.name() + " needs a " + stateClass.getSimpleName() + " state, got a "
                        + state.getClass().getSimpleName());
            }
        }

        @SuppressWarnings("unchecked")
        @Override
        public Step forward(Tensor x, NeuronState state) {
            checkState(state);
            return forward.apply(x, (S) state);
        }

        @Override
        public NeuronState newState(int[] shape) {
            return module.activation().newState(shape);
        }

        @Override
        public boolean stateful() {
            return true;
        }

        @Override
        public String toString() {
            return module.toString();
        }
    }
}
