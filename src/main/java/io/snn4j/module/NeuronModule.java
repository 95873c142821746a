package io.snn4j.module;

import io.snn4j.functional.Coefficients;
import io.snn4j.functional.NeuronGradient;
import io.snn4j.functional.NeuronModel;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.Reprs;
import io.snn4j.functional.StateFallback;
import io.snn4j.internal.Parallel;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;
import java.util.Objects;

/**
 * What every neuron module holds, as in Norse: an activation (the model's step function), a state
 * fallback, the parameters and dt; plus the number of threads it may use. The parameters and dt are
 * immutable; the thread count can be changed between calls.
 *
 * <p>Thread-safety: in evaluation mode {@code forward} may be called concurrently from several threads as
 * long as each call uses its own state object; a state passed in is updated in place and returned. In
 * training mode ({@link #train}) a module records into one tape and must be used by one thread at a time.
 *
 * @param <P> the parameter type
 * @param <S> the state type
 */
public abstract class NeuronModule<P extends NeuronParameters, S extends NeuronState> {
    /** Norse's default time step, 1 ms (in seconds). */
    public static final double DEFAULT_DT = 0.001;

    /** Below this many neuron-steps a call does not fork work to other threads. */
    static final int MIN_PARALLEL_WORK = 1 << 15;
    /** Work is split at multiples of this many neurons (64 bytes of floats: no shared cache lines). */
    static final int GRAIN = 16;
    private static final Kernels K = KernelProvider.kernels();

    private final String name;
    private final NeuronModel<P, S> activation;
    private final StateFallback<P, S> fallback;
    private final P p;
    private final double dt;
    private volatile int threads = Parallel.defaultThreads();
    private volatile CachedCoefficients cached;
    private volatile boolean training;
    /** What the training-mode forward calls recorded since the last backward (null: nothing). */
    Tape<S> tape;
    /** The tape the last backward consumed, whose buffers the next recording reuses. */
    Tape<S> consumed;

    private record CachedCoefficients(int n, Coefficients c) {
    }

    NeuronModule(String name, NeuronModel<P, S> activation, StateFallback<P, S> fallback, P p, double dt) {
        this.name = Objects.requireNonNull(name, "name");
        this.activation = Objects.requireNonNull(activation, "activation");
        this.fallback = Objects.requireNonNull(fallback, "state fallback");
        if (p == null) {
            throw new IllegalArgumentException("p (the parameters) is null");
        }
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("dt must be finite and > 0, got " + dt);
        }
        this.p = p;
        this.dt = dt;
    }

    /** The parameters. */
    public final P p() {
        return p;
    }

    /** The time step in seconds (Norse's {@code dt}). */
    public final double dt() {
        return dt;
    }

    /** The step function. */
    public final NeuronModel<P, S> activation() {
        return activation;
    }

    /** The number of threads a call may use (default: the number of available processors). */
    public final int threads() {
        return threads;
    }

    /**
     * Sets the number of threads a call may use. Results are identical for any thread count.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public void setThreads(int threads) {
        this.threads = Parallel.checkThreads(threads);
    }

    /**
     * Training mode, as Norse's {@code module.train(mode)}: in training mode every forward call records
     * what {@code backward} needs ({@link #trainingMemoryBytes}); in evaluation mode (the default) nothing
     * is recorded and inference runs at full speed. Switching discards what was recorded.
     *
     * @throws IllegalArgumentException if {@code mode} is true and the model has no backward pass
     */
    public void train(boolean mode) {
        if (mode && activation.gradient() == null) {
            throw new IllegalArgumentException(name + " (" + activation.name() + ") has no backward pass; trainable "
                    + "models: LIF, LI and LSNN (cells, sequences and recurrent forms)");
        }
        training = mode;
        tape = null;
        consumed = null;
    }

    /** Whether forward calls record for {@code backward}. */
    public final boolean isTraining() {
        return training;
    }

    /**
     * The memory a training-mode forward pass records for {@code steps} time steps of a state of shape
     * {@code stateShape} (e.g. {@code (B, N)}, {@code (B, hidden)}), in bytes: the model's records per
     * neuron and step, and for recurrent modules the inputs and previous spikes. Zero if the model has no
     * backward pass.
     */
    public long trainingMemoryBytes(int steps, int[] stateShape) {
        var g = activation.gradient();
        if (g == null) {
            return 0;
        }
        long n = io.snn4j.tensor.Shapes.size(io.snn4j.tensor.Shapes.checked(stateShape, "stateShape"));
        return 4L * steps * n * g.recordedPerNeuron() + extraRecordedFloats(steps, stateShape) * 4L;
    }

    /** Floats recorded besides the model's records (recurrent modules: inputs and previous spikes). */
    long extraRecordedFloats(int steps, int[] stateShape) {
        return 0;
    }

    /**
     * In training mode, the tape that a call from {@code state} (null: a new chain) records into,
     * extended by {@code steps}; null in evaluation mode. A call continues the chain only when it starts
     * from the state the previous call returned.
     */
    final Tape<S> record(S state, int[] stateShape, Coefficients c, int steps) {
        return record(state, stateShape, c, steps, false);
    }

    /**
     * As {@link #record(NeuronState, int[], Coefficients, int)}; a {@code constantInput} call (the same
     * input at every step, whose backward returns that one input's gradient) is a chain of its own.
     *
     * @throws IllegalArgumentException if a constant-input call would continue a recorded chain, or a
     *                                  call would continue a constant-input one
     */
    final Tape<S> record(S state, int[] stateShape, Coefficients c, int steps, boolean constantInput) {
        if (!training) {
            return null;
        }
        Tape<S> t = tape;
        boolean continues = t != null && state != null && state == t.last;
        if (continues && (constantInput || t.constantInput)) {
            throw new IllegalArgumentException(name + ": in training mode a constant-input call and other calls "
                    + "cannot form one recorded chain (their input gradients have different shapes); call backward() "
                    + "in between, or start from a copy of the state");
        }
        if (!continues) {
            int n = io.snn4j.tensor.Shapes.size(stateShape);
            Tape<S> old = consumed;
            consumed = null;
            t = old != null && old.n == n ? old.recycle(stateShape, c)
                    : new Tape<>(stateShape, n, activation.gradient().recordedPerNeuron(), c);
            t.constantInput = constantInput;
            tape = t;
        }
        t.extend(steps);
        return t;
    }

    /** Streaming runs do not record: @throws IllegalStateException in training mode */
    final void requireEvaluation() {
        if (training) {
            throw new IllegalStateException(name + ": a streaming run(...) does not record for backward(); call "
                    + "train(false) first, or use forward in training mode");
        }
    }

    /** The recorded tape. @throws IllegalStateException if nothing was recorded */
    final Tape<S> requireTape() {
        Tape<S> t = tape;
        if (t == null) {
            throw new IllegalStateException(name + ": backward() without a recorded forward pass; call train(true), "
                    + "then forward, then backward (once per forward)");
        }
        return t;
    }

    /** The gradient of the outputs as a flat array of {@code steps * n} (null: zeros), after checking its shape. */
    static float[] gradOutput(Tensor gradOutput, int steps, int[] stepShape) {
        if (gradOutput == null) {
            return null;
        }
        int[] expected = io.snn4j.tensor.Shapes.prepend(steps, stepShape);
        io.snn4j.tensor.Shapes.requireShape("gradOutput", gradOutput.shape(), expected);
        float[] g = gradOutput.data();
        if (gradOutput.offset() != 0 || g.length != gradOutput.size()) {
            g = gradOutput.toArray();
        }
        return g;
    }

    /** A zero state of the tape's shape, or a copy of {@code gradState} after checking it. */
    final S gradState(S gradState, int[] stateShape) {
        @SuppressWarnings("unchecked")
        S g = (S) activation.newState(stateShape);
        if (gradState != null) {
            g.copyFrom(gradState);
        }
        return g;
    }

    /** The buffers of {@code g} named by the model's gradient state fields. */
    final float[][] gradBuffers(S g) {
        String[] names = activation.gradient().stateFields();
        float[][] b = new float[names.length][];
        for (int k = 0; k < names.length; k++) {
            b[k] = g.buffer(names[k]);
        }
        return b;
    }

    /**
     * The backward pass of the feed-forward modules (cells and sequences): walks the recorded steps in
     * reverse, neurons split across threads (each neuron's arithmetic is the same for any split).
     */
    final Gradients<S> backwardElementwise(Tensor gradOutput, S gradState, boolean parameterGradients) {
        Tape<S> tp = requireTape();
        NeuronGradient<P, S> g = activation.gradient();
        int steps = tp.steps(), n = tp.n;
        float[] gOut = gradOutput(gradOutput, steps, tp.stateShape);
        S gs = gradState(gradState, tp.stateShape);
        float[][] gArr = gradBuffers(gs);
        boolean constant = tp.constantInput;
        // a constant-input call's input gradient is the sum of its steps' (in reverse time, as computed):
        // each step's goes to a scratch row first, which stays in cache
        float[] gx = new float[constant ? n : Math.multiplyExact(steps, n)];
        float[] stepGx = constant ? new float[n] : null;
        float[][] gc = parameterGradients ? new float[g.coefficients()][n] : null;
        Coefficients cb = g.backwardCoefficients(p, tp.c);
        int method = g.method(p);
        int[] b = Parallel.split(n, pieces((long) n * steps, n), GRAIN);
        Parallel.forEach(b.length - 1, k -> {
            int from = b[k], len = b[k + 1] - b[k];
            for (int t = steps - 1; t >= 0; t--) {
                if (constant) {
                    g.backwardRange(tp.records.get(t), 0, gOut, t * n, gArr, from, from + len, stepGx, 0, gc, cb, method);
                    K.addScaled(gx, from, stepGx, from, 1f, len);
                } else {
                    g.backwardRange(tp.records.get(t), 0, gOut, t * n, gArr, from, from + len, gx, t * n, gc, cb, method);
                }
            }
        });
        tape = null;
        consumed = tp;
        return new Gradients<>(Tensor.wrap(gx, constant ? tp.stateShape : Shapes.prepend(steps, tp.stateShape)), gs,
                gc == null ? java.util.Map.of()
                        : g.parameterGradients(p, dt, gc, io.snn4j.tensor.Shapes.lastDim(tp.stateShape)));
    }

    /**
     * Neurons advanced through all time steps together: their state (up to 512 KB) stays in L2 while the
     * inputs stream past. Measured (LifSequenceBenchmark): blocks of 2048 (L1-sized) streamed worse than
     * long ones (1.50e9 vs 1.77e9 neuron-steps/s), as the input of each step is then read in short runs.
     */
    static final int TIME_BLOCK = 1 << 16;
    /**
     * Steps handed to a model at once (models with a fused multi-step kernel keep their state in
     * registers across them; measured for LIF: 4 steps stream about 1.25x faster than 1, 8 slower).
     */
    static final int STEP_BLOCK = 4;

    /**
     * The time loop of {@link SNN#forward(Tensor, NeuronState, Tensor)}, shared with
     * {@link SNNCell#forwardSequence}: runs {@code x (T, ...)} from {@code state} into {@code out}.
     */
    final SequenceResult<S> sequence(Tensor x, S state, Tensor out, boolean recordStates) {
        int[] stepShape = SNN.sequenceStepShape(x);
        return sequence(x, stepShape, Shapes.size(stepShape), x.dim(0), state, out, recordStates);
    }

    /**
     * The time loop of {@code forwardConstant}: {@code steps} steps whose input is {@code x} every time
     * (a constant current), from {@code state} into {@code out (steps, x.shape)}. The numbers equal
     * {@link #sequence(Tensor, NeuronState, Tensor, boolean)} on {@code x} repeated {@code steps} times;
     * the repeated input is never built. In training mode the call records a tape of its own (see
     * {@link Tape#constantInput}).
     */
    final SequenceResult<S> constantSequence(Tensor x, int steps, S state, Tensor out, boolean recordStates) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        return sequence(x, x.shape(), 0, steps, state, out, recordStates);
    }

    /**
     * The time loop for an input whose step {@code t} starts at {@code x.offset() + t * xStride}
     * ({@code xStride} 0: the same input every step; else the step size).
     */
    private SequenceResult<S> sequence(Tensor x, int[] stepShape, int xStride, int steps, S state, Tensor out,
            boolean recordStates) {
        Shapes.requireOut(out, Shapes.prepend(steps, stepShape));
        Coefficients c = coefficients(Shapes.lastDim(stepShape));
        if (state != null) {
            state.requireShape("state", stepShape);
        }
        Tape<S> tp = record(state, stepShape, c, steps, xStride == 0 && steps > 1);
        S s = stateFor(state, stepShape);
        @SuppressWarnings("unchecked")
        S rec = recordStates ? (S) s.newLike(Shapes.prepend(steps, stepShape)) : null;
        int n = s.size();
        int[] b = Parallel.split(n, pieces((long) n * steps, n), GRAIN);
        NeuronModel<P, S> m = activation();
        float[] xd = x.data(), od = out.data();
        int xo = x.offset(), oo = out.offset();
        if (tp != null) {
            int base = tp.steps() - steps;
            var g = m.gradient();
            Parallel.forEach(b.length - 1, k -> {
                int from = b[k], len = b[k + 1] - b[k];
                for (int t = 0; t < steps; t++) {
                    g.recordAndStepRange(m, xd, xo + t * xStride, null, 0, s, from, from + len, od, oo + t * n,
                            tp.records.get(base + t), c);
                    if (rec != null) {
                        s.recordInto(rec, t, from, from + len);
                    }
                }
            });
            tp.last = s;
            return new SequenceResult<>(out, s, rec);
        }
        Parallel.forEach(b.length - 1, k -> {
            // Time inside neuron blocks: a block's state stays in cache while its inputs stream past.
            for (int from = b[k]; from < b[k + 1]; from += TIME_BLOCK) {
                int to = Math.min(from + TIME_BLOCK, b[k + 1]);
                if (rec == null) {
                    for (int t = 0; t < steps; t += STEP_BLOCK) {
                        int count = Math.min(STEP_BLOCK, steps - t);
                        m.stepsRange(xd, xo + t * xStride, xStride, s, from, to, od, oo + t * n, n, count, c);
                    }
                    continue;
                }
                for (int t = 0; t < steps; t++) {
                    m.stepRange(xd, xo + t * xStride, null, 0, s, from, to, od, oo + t * n, c);
                    s.recordInto(rec, t, from, to);
                }
            }
        });
        return new SequenceResult<>(out, s, rec);
    }

    /** The default state for the given state shape (Norse's state fallback). */
    public final S defaultState(int[] stateShape) {
        return fallback.create(p, stateShape);
    }

    /** The coefficients for a neuron dimension of {@code n}, computed once per {@code n}. */
    final Coefficients coefficients(int n) {
        CachedCoefficients c = cached;
        if (c == null || c.n() != n) {
            c = new CachedCoefficients(n, activation.coefficients(p, dt, n));
            cached = c;
        }
        return c.c();
    }

    /** Checks a given state's shape before anything (the training record included) is touched. */
    final void checkState(S state, int[] stateShape) {
        if (state != null) {
            state.requireShape("state", stateShape);
        }
    }

    /** The given state after checking its shape (nothing is modified), or a new default state. */
    final S stateFor(S state, int[] stateShape) {
        if (state != null) {
            state.requireShape("state", stateShape);
            return state;
        }
        return defaultState(stateShape);
    }

    /**
     * The output (and state) shape {@code (..., hidden)} of a layer with weights for an input
     * {@code (..., input)}, after checking the input's last dimension.
     */
    static int[] projectedShape(String what, int[] shape, int inputSize, int hiddenSize) {
        if (shape.length == 0 || shape[shape.length - 1] != inputSize) {
            throw new IllegalArgumentException(what + " has shape " + java.util.Arrays.toString(shape)
                    + "; its last dimension must be input_size = " + inputSize);
        }
        return io.snn4j.tensor.Shapes.withLast(shape, hiddenSize);
    }

    /** How many pieces to split {@code work} neuron-steps over {@code units} neurons into. */
    final int pieces(long work, int units) {
        long byWork = Math.max(1, work / MIN_PARALLEL_WORK);
        return (int) Math.max(1, Math.min(Math.min(threads, byWork), (units + GRAIN - 1) / GRAIN));
    }

    /** Splits {@code rows} batch rows (never split themselves) into pieces for {@code work} neuron-steps. */
    final int[] rowPieces(int rows, long work) {
        return Parallel.split(rows, pieces(work, rows * GRAIN), 1);
    }

    /** The module's name, as in Norse's repr. */
    public final String name() {
        return name;
    }

    /** The part inside the parentheses of {@link #toString()}. */
    String extraRepr() {
        return "p=" + p + ", dt=" + Reprs.pyFloat(dt);
    }

    /** As Norse prints the module, e.g. {@code LIF(p=LIFParameters(...), dt=0.001)}. */
    @Override
    public String toString() {
        return name + "(" + extraRepr() + ")";
    }
}
