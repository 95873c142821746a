package io.snn4j.nn;

import io.snn4j.functional.NeuronState;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;
import java.util.Arrays;

/**
 * NIR's {@code Delay}: each neuron's input delayed by a whole number of time steps, {@code y[t] = x[t - d]} for the
 * neuron's delay {@code d}, and 0 for {@code t < d} (nothing has arrived yet); a delay of 0 passes the input
 * through. Delays are per neuron, of the neuron tensor's shape (e.g. {@code (N)} or {@code (C, H, W)}), or one
 * delay for every neuron ({@link #uniform}). One call is one step: input {@code (..., neuron shape)}, every leading
 * dimension a batch dimension; {@link SequentialState} carries the state between steps and
 * {@link #forwardSequence} steps through a time-first sequence.
 *
 * <p>The state ({@link State}) is a ring buffer per neuron: {@code D} slots (the largest delay) and the neuron's
 * position in them. Immutable (the state is the caller's); thread-safe with separate states. Not trainable.
 */
public final class Delay implements Layer {
    private final int[] steps;
    private final int[] shape;
    private final int slots;

    /**
     * A delay of {@code steps[k]} time steps for neuron {@code k} (row-major over {@code shape}).
     *
     * @throws IllegalArgumentException if a delay is negative or the counts do not match the shape
     */
    public Delay(int[] steps, int... shape) {
        int[] s = Shapes.checked(shape, "Delay: shape");
        if (steps == null || steps.length != Shapes.size(s)) {
            throw new IllegalArgumentException("Delay: shape " + Arrays.toString(s) + " needs " + Shapes.size(s)
                    + " delays, got " + (steps == null ? "null" : steps.length));
        }
        int max = 0;
        for (int k = 0; k < steps.length; k++) {
            if (steps[k] < 0) {
                throw new IllegalArgumentException("Delay: the delay of neuron " + k + " is " + steps[k]
                        + " steps; delays must be at least 0");
            }
            max = Math.max(max, steps[k]);
        }
        this.steps = steps.clone();
        this.shape = s;
        this.slots = max;
    }

    /** The same delay of {@code steps} time steps for every neuron, whatever the input's shape. */
    public static Delay uniform(int steps) {
        return new Delay(new int[] {steps});
    }

    /**
     * Per-neuron delays in steps from a tensor of whole numbers (its shape is the neuron shape).
     *
     * @throws IllegalArgumentException if a value is negative or not a whole number
     */
    public static Delay of(Tensor steps) {
        if (steps == null) {
            throw new IllegalArgumentException("Delay: steps is null");
        }
        float[] v = steps.toArray();
        int[] d = new int[v.length];
        for (int k = 0; k < v.length; k++) {
            if (!(v[k] == Math.rint(v[k])) || Math.abs(v[k]) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Delay: the delay of neuron " + k + " is " + v[k]
                        + " steps; it must be a whole number");
            }
            d[k] = (int) v[k];
        }
        return new Delay(d, steps.shape());
    }

    /**
     * NIR's form: per-neuron delays in seconds (the tensor's shape is the neuron shape), each a whole number of
     * steps of {@code dt} seconds to within 1e-4 of a step (so that 0.003 s at dt = 0.001 s is 3 steps despite
     * float rounding).
     *
     * @throws IllegalArgumentException if dt is not positive, or a delay is negative, not finite or not a whole
     *                                  number of steps (the message names the neuron)
     */
    public static Delay fromSeconds(Tensor delay, double dt) {
        if (delay == null) {
            throw new IllegalArgumentException("Delay: delay is null");
        }
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("Delay: dt must be finite and > 0, got " + dt);
        }
        float[] v = delay.toArray();
        int[] d = new int[v.length];
        for (int k = 0; k < v.length; k++) {
            double stepsK = v[k] / dt;
            double whole = Math.rint(stepsK);
            if (!Double.isFinite(stepsK) || Math.abs(stepsK - whole) > 1e-4 || whole > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Delay: the delay of neuron " + k + " is " + v[k] + " s = " + stepsK
                        + " steps of dt = " + dt + " s; it must be a whole number of steps");
            }
            if (whole < 0) {
                throw new IllegalArgumentException("Delay: the delay of neuron " + k + " is " + v[k]
                        + " s; delays must be at least 0");
            }
            d[k] = (int) whole;
        }
        return new Delay(d, delay.shape());
    }

    /** The delays in steps, row-major over {@link #shape()} (a copy). */
    public int[] steps() {
        return steps.clone();
    }

    /** The neuron shape the delays have ({@code []} for a uniform delay). */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * One time step: returns the inputs that arrived {@code d} steps ago (0 before the first did) and stores
     * {@code x}. {@code state} null: an empty buffer.
     *
     * @throws IllegalArgumentException if the input's trailing dimensions are not the delays' shape, or the state
     *                                  is not a {@link State} of the input's shape and this layer's depth
     */
    @Override
    public Step forward(Tensor x, NeuronState state) {
        if (x == null) {
            throw new IllegalArgumentException("Delay: input x is null");
        }
        int[] xs = x.shape();
        boolean scalar = shape.length == 0;
        int n = steps.length;
        if (!scalar && (xs.length < shape.length
                || !Arrays.equals(Arrays.copyOfRange(xs, xs.length - shape.length, xs.length), shape))) {
            throw new IllegalArgumentException("Delay: the input has shape " + Arrays.toString(xs)
                    + "; its trailing dimensions must be the delays' shape " + Arrays.toString(shape));
        }
        State s;
        if (state == null) {
            s = new State(xs, slots);
        } else if (state instanceof State d) {
            d.requireShape("Delay: state", xs);
            if (d.slots != slots) {
                throw new IllegalArgumentException("Delay: the state has " + d.slots + " slots, this layer needs " + slots
                        + " (its largest delay)");
            }
            s = d;
        } else {
            throw new IllegalArgumentException("Delay needs a Delay.State, got a " + state.getClass().getSimpleName());
        }
        float[] head = s.buffers()[0];
        int size = x.size();
        for (int e = 0; e < size; e++) {
            int d = steps[scalar ? 0 : e % n];
            if (d > 0 && !(head[e] >= 0 && head[e] < d && head[e] == Math.rint(head[e]))) {
                throw new IllegalArgumentException("Delay: the state's head of element " + e + " is " + head[e]
                        + ", must be a whole number in [0, " + d + ")");
            }
        }
        float[] xd = x.data();
        int xo = x.offset();
        float[] out = new float[size];
        float[][] ring = s.buffers();
        for (int e = 0; e < size; e++) {
            int d = steps[scalar ? 0 : e % n];
            float v = xd[xo + e];
            if (d == 0) {
                out[e] = v;
            } else {
                int h = (int) head[e];
                float[] slot = ring[1 + h];
                out[e] = slot[e];
                slot[e] = v;
                head[e] = h + 1 == d ? 0 : h + 1;
            }
        }
        return new Step(Tensor.wrap(out, xs), s);
    }

    @Override
    public boolean stateful() {
        return true;
    }

    /** An empty buffer for inputs of the given shape. */
    @Override
    public NeuronState newState(int[] shape) {
        return new State(shape, slots);
    }

    @Override
    public String toString() {
        return "Delay(steps=" + (steps.length <= 8 ? Arrays.toString(steps) : "[" + steps.length + " delays, max " + slots
                + "]") + ")";
    }

    /**
     * The ring buffers of a {@link Delay}: buffer {@code head} holds each element's position in its ring (a whole
     * number below its delay), buffers {@code slot0 .. slot(D-1)} the stored inputs, one value per element of the
     * input's shape. Not thread-safe: one state belongs to one simulation at a time.
     */
    public static final class State extends NeuronState {
        private final int slots;

        /** An empty buffer (all zeros) of {@code slots} slots for inputs of the given shape. */
        public State(int[] shape, int slots) {
            super(shape, names(slots));
            this.slots = slots;
        }

        private static String[] names(int slots) {
            if (slots < 0) {
                throw new IllegalArgumentException("Delay.State: slots must be at least 0, got " + slots);
            }
            String[] n = new String[slots + 1];
            n[0] = "head";
            for (int k = 0; k < slots; k++) {
                n[k + 1] = "slot" + k;
            }
            return n;
        }

        /** The number of slots (the layer's largest delay). */
        public int slots() {
            return slots;
        }

        @Override
        public NeuronState newLike(int[] shape) {
            return new State(shape, slots);
        }
    }
}
