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

    /** A layer's output and state (null for stateless layers). */
    record Step(Tensor output, NeuronState state) {
    }

    /** A neuron cell as a layer (one time step per call). */
    static <S extends NeuronState> Layer of(SNNCell<?, S> cell) {
        return new Adapter<>(cell, (x, s) -> {
            var r = cell.forward(x, s);
            return new Step(r.output(), r.state());
        });
    }

    /** A sequence module as a layer (a whole time-first sequence per call). */
    static <S extends NeuronState> Layer of(SNN<?, S> module) {
        return new Adapter<>(module, (x, s) -> {
            var r = module.forward(x, s);
            return new Step(r.output(), r.state());
        });
    }

    /** A recurrent cell as a layer; spike input takes the cell's event-driven path. */
    static <S extends NeuronState> Layer of(SNNRecurrentCell<?, S> cell) {
        return new Adapter<>(cell, (x, s) -> {
            var r = cell.forward(x, s);
            return new Step(r.output(), r.state());
        }) {
            @SuppressWarnings("unchecked")
            @Override
            public Step forward(SparseSpikes x, NeuronState state) {
                checkState(state);
                var r = cell.forward(x, (S) state);
                return new Step(r.output(), r.state());
            }
        };
    }

    /** A recurrent sequence module as a layer. */
    static <S extends NeuronState> Layer of(SNNRecurrent<?, S> module) {
        return new Adapter<>(module, (x, s) -> {
            var r = module.forward(x, s);
            return new Step(r.output(), r.state());
        });
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
        private final Class<?> stateClass;

        Adapter(NeuronModule<?, S> module, Forward<S> forward) {
            if (module == null) {
                throw new IllegalArgumentException("module is null");
            }
            this.module = module;
            this.forward = forward;
            this.stateClass = module.activation().newState(new int[] {0}).getClass();
        }

        /** The wrapped module. */
        public NeuronModule<?, S> module() {
            return module;
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
