package io.snn4j.module;

import io.snn4j.functional.Coefficients;
import io.snn4j.functional.DelayLine;
import io.snn4j.functional.NeuronGradient;
import io.snn4j.functional.NeuronModel;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.Numerics;
import io.snn4j.functional.StateFallback;
import io.snn4j.internal.Parallel;
import io.snn4j.internal.SeededRandom;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Parameter;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.ejml.data.FMatrixRMaj;

/**
 * What Norse's {@code SNNRecurrentCell} and {@code SNNRecurrent} share: input and recurrent weights and
 * the recurrent step. Per time step and batch row, in Norse's order,
 * {@code step(x = W_in * input, r = W_rec * z_prev)}, where {@code z_prev} is the state's spikes of the
 * previous step.
 *
 * <p>Weights are EJML {@link FMatrixRMaj} in Norse's orientation: input {@code (hidden, input)},
 * recurrent {@code (hidden, hidden)}, {@code W[j][k]} the synapse from k to j. Given weights are
 * checked and copied (the caller's matrices are never modified); missing ones are drawn from
 * N(0, 2/hidden) with a {@link SeededRandom}, input first. Without autapses the module's own recurrent
 * matrix has a zero diagonal (Norse zeroes the caller's tensor in place instead).
 *
 * <p>How it is computed: the input projection of a whole sequence is one matrix product
 * {@code (T*B, input) x W_in^T}; the recurrent term adds one row of {@code W_rec^T} per spiking neuron
 * (event-driven), or uses a dense product when more than {@link #denseAbove()} of the neurons spiked.
 * Both sum in ascending source order from 0, exactly as Norse's sequential dot product, so the numbers
 * do not depend on which path ran. Batch rows are split across threads.
 *
 * @param <P> the parameter type
 * @param <S> the state type (it must have a buffer named {@code z} for the spikes)
 */
public abstract class RecurrentModule<P extends NeuronParameters, S extends NeuronState> extends NeuronModule<P, S> {
    /** The arithmetic of the dense products (input projection, dense recurrent term, backward). */
    private volatile Numerics numerics = Numerics.EXACT;

    /**
     * Chooses the arithmetic of the module's dense matrix products: {@link Numerics#EXACT} (default,
     * Norse's numbers bit for bit) or {@link Numerics#FAST} (fused multiply-adds). The event-driven paths
     * (sparse input, sparse recurrent spikes) add rows of the weights and are the same in both modes.
     *
     * @throws IllegalArgumentException if {@code numerics} is null
     */
    public void setNumerics(Numerics numerics) {
        if (numerics == null) {
            throw new IllegalArgumentException("numerics is null; use Numerics.EXACT or Numerics.FAST");
        }
        this.numerics = numerics;
    }

    /** The arithmetic of the module's dense products. */
    public Numerics numerics() {
        return numerics;
    }


    /** The default dense/event-driven crossover (spike rate), measured by RecurrentPropagationBenchmark. */
    public static final double DEFAULT_DENSE_ABOVE = 0.4;

    private static final AtomicLong SEEDS = new AtomicLong(0x5EED_0001L);
    static final Kernels K = KernelProvider.kernels();

    final int inputSize;
    final int hiddenSize;
    private final boolean autapses;
    /** Dense weights (null when the projection is sparse). */
    private final FMatrixRMaj inputWeights;
    private final FMatrixRMaj recurrentWeights;
    /**
     * W_in^T, (input, hidden) row-major from index {@link #offT} with leading dimension {@link #ldT}: row k is
     * what input k adds to every hidden neuron (null if sparse).
     */
    final float[] winT;
    /**
     * W_rec^T, (hidden, hidden) row-major from index {@link #offT} with leading dimension {@link #ldT}: row k
     * is what a spike of neuron k adds to every neuron (null if sparse).
     */
    final float[] wrecT;
    /**
     * Floats from one row of {@link #winT} / {@link #wrecT} to the next: {@code hiddenSize}, or one cache
     * line more when that is a multiple of 512 floats ({@link #transposedStride}).
     */
    final int ldT;
    /** The index of element (0, 0) in {@link #winT} and {@link #wrecT} ({@link #transposedOffset}). */
    final int offT;
    /** Sparse weights (null when dense): column k is what input / neuron k adds, to the neurons it reaches. */
    private final Synapses inSyn;
    private final Synapses recSyn;
    /** The recurrent projection's delay in steps (1: Norse's); per-synapse delays are in {@link #recSyn}. */
    private final int recurrentDelay;
    /** Slots of the state's delay line: the longest recurrent delay (1: no line). */
    private final int delaySlots;
    private final double denseAbove;
    final boolean recordStates;
    /** The generator that drew the default weights; subclasses draw further matrices from it (as Norse from torch's). */
    final SeededRandom random;
    /** The weights as trainable parameters over the matrices' own arrays. */
    private final Parameter inputParam;
    private final Parameter recurrentParam;
    private long syncedIn;
    private long syncedRec;

    RecurrentModule(String name, NeuronModel<P, S> activation, StateFallback<P, S> fallback, int inputSize,
            int hiddenSize, P p, RecurrentOptions options) {
        super(name, activation, fallback, p, requireOptions(options).dt());
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("input_size and hidden_size must be at least 1, got " + inputSize + " and "
                    + hiddenSize);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.autapses = options.autapses();
        this.recordStates = options.recordStates();
        this.denseAbove = Double.isNaN(options.denseAbove()) ? DEFAULT_DENSE_ABOVE : options.denseAbove();
        FMatrixRMaj win = options.inputWeights();
        FMatrixRMaj wrec = options.recurrentWeights();
        Synapses sin = options.inputSynapses();
        Synapses srec = options.recurrentSynapses();
        if (win != null) {
            requireMatrix("input_weights", win, hiddenSize, inputSize);
        }
        if (wrec != null) {
            requireMatrix("recurrent_weights", wrec, hiddenSize, hiddenSize);
        }
        requireSynapses("input_weights", sin, hiddenSize, inputSize);
        requireSynapses("recurrent_weights", srec, hiddenSize, hiddenSize);
        SeededRandom random = generator(options);
        this.random = random;
        if (win == null && sin == null) {
            win = randomWeights(random, hiddenSize, inputSize, hiddenSize);
        }
        if (wrec == null && srec == null) {
            wrec = randomWeights(random, hiddenSize, hiddenSize, hiddenSize);
        }
        if (!autapses && wrec != null) {
            for (int k = 0; k < hiddenSize; k++) {
                wrec.set(k, k, 0f);
            }
        }
        if (!autapses && srec != null) {
            srec = srec.withoutDiagonal();
        }
        this.inputWeights = win;
        this.recurrentWeights = wrec;
        this.inSyn = sin;
        this.recSyn = srec;
        this.recurrentDelay = srec != null && srec.hasDelays() ? 1 : options.recurrentDelay();
        this.delaySlots = srec != null && srec.hasDelays() ? srec.maxDelay() : recurrentDelay;
        if (activation.newState(new int[] {1}).spikes() == null) {
            throw new IllegalArgumentException(name + ": a recurrent model needs a state with spikes z");
        }
        this.ldT = transposedStride(hiddenSize);
        this.offT = transposedOffset(ldT);
        this.winT = win == null ? null : transposed(win.data, hiddenSize, inputSize, offT, ldT);
        this.wrecT = wrec == null ? null : transposed(wrec.data, hiddenSize, hiddenSize, offT, ldT);
        this.inputParam = win == null ? null : new Parameter("input_weights", new int[] {hiddenSize, inputSize}, win.data);
        this.recurrentParam = wrec == null ? null
                : new Parameter("recurrent_weights", new int[] {hiddenSize, hiddenSize}, wrec.data);
    }

    private static void requireSynapses(String what, Synapses s, int rows, int cols) {
        if (s != null && (s.targets() != rows || s.sources() != cols)) {
            throw new IllegalArgumentException(what + " has shape (" + s.targets() + ", " + s.sources() + "), expected ("
                    + rows + ", " + cols + ")");
        }
    }

    /** Whether the module's weights are all dense and its synapses have no delay beyond Norse's one step. */
    private boolean plain() {
        return inSyn == null && recSyn == null && delaySlots == 1;
    }

    /**
     * Training mode as {@link NeuronModule#train}; a module with sparse weights or synaptic delays has no
     * backward pass yet.
     *
     * @throws IllegalArgumentException if {@code mode} is true and the weights are sparse or delayed, or the
     *                                  model has no backward pass
     */
    @Override
    public void train(boolean mode) {
        if (mode && !plain()) {
            throw new IllegalArgumentException(name() + ": training with sparse weights or synaptic delays is not "
                    + "supported; use dense weights with Norse's one-step delay to train");
        }
        super.train(mode);
    }

    /**
     * The trainable weights, {@code input_weights (hidden, input)} and {@code recurrent_weights (hidden,
     * hidden)}, over the module's own arrays: an optimizer updates them in place (and calls
     * {@link Parameter#changed()}); the next forward call uses the new values. Without autapses the
     * recurrent diagonal gets no gradient and is kept at zero.
     */
    public final List<Parameter> parameters() {
        List<Parameter> ps = new java.util.ArrayList<>(2);
        if (inputParam != null) {
            ps.add(inputParam);
        }
        if (recurrentParam != null) {
            ps.add(recurrentParam);
        }
        return List.copyOf(ps);
    }

    /** Refreshes the transposed copies after the parameters changed (an optimizer step). */
    final void syncWeights() {
        if (inputParam == null || recurrentParam == null) {
            return; // sparse weights are not trainable
        }
        long vi = inputParam.version(), vr = recurrentParam.version();
        if (vi != syncedIn) {
            transposeInto(inputWeights.data, hiddenSize, inputSize, winT, offT, ldT);
            syncedIn = vi;
        }
        if (vr != syncedRec) {
            if (!autapses) {
                for (int k = 0; k < hiddenSize; k++) {
                    recurrentWeights.data[k * hiddenSize + k] = 0f;
                }
            }
            transposeInto(recurrentWeights.data, hiddenSize, hiddenSize, wrecT, offT, ldT);
            syncedRec = vr;
        }
    }

    /**
     * The row stride of the transposed weights for rows of {@code h} floats: {@code h}, or {@code h + 16} (one
     * 64-byte line more) when {@code h} is a multiple of 512. An event sum adds several rows at the same
     * columns at once; with a stride of a multiple of 2 KB those elements all fall into the same few sets of
     * the core's caches (4 KB apart: the same L1 set), and the rows of a step evict one another. Measured for
     * a recurrent cell's step, 51 + 51 rows of 1,024 floats (CellStepPartsBenchmark): about 10 % faster
     * padded. The padding is never read as a weight (it stays 0).
     */
    static int transposedStride(int h) {
        return h % 512 == 0 ? h + 16 : h;
    }

    /**
     * Where the transposed weights start in their arrays: 12 floats in when rows of {@code ld} floats are a
     * whole number of 64-byte lines apart, else 0. HotSpot's default collector, G1, puts an array of at least
     * half a region (a 1024 x 1040 float array is 4.3 MB; regions are 1-32 MB) at the start of a region,
     * and with HotSpot's default object header a float array's elements start 16 bytes after the array
     * (ZGC and Shenandoah also start their large objects on a page or region). Element 12 then starts a
     * cache line, and so does every row, so that no 64-byte vector load spans two lines. Where that does
     * not hold (a smaller array, another collector or header size) the rows start elsewhere in a line, as
     * they did at offset 0: only the speed differs, never a result.
     */
    static int transposedOffset(int ld) {
        return ld % 16 == 0 ? 12 : 0;
    }

    /** {@code a^T} for a row-major {@code (rows, cols)} array {@code a}, from {@code off} with leading dimension {@code ldt}. */
    private static float[] transposed(float[] a, int rows, int cols, int off, int ldt) {
        float[] t = new float[Math.addExact(off, Math.multiplyExact(cols, ldt))];
        transposeInto(a, rows, cols, t, off, ldt);
        return t;
    }

    /**
     * {@code t = a^T} for a row-major {@code (rows, cols)} array {@code a}:
     * {@code t[off + j * ldt + i] = a[i * cols + j]} (the columns from {@code rows} to {@code ldt} are left as
     * they are), in 32 x 32 blocks so that both sides stay in the cache.
     */
    private static void transposeInto(float[] a, int rows, int cols, float[] t, int off, int ldt) {
        final int b = 32;
        for (int i0 = 0; i0 < rows; i0 += b) {
            int i1 = Math.min(rows, i0 + b);
            for (int j0 = 0; j0 < cols; j0 += b) {
                int j1 = Math.min(cols, j0 + b);
                for (int j = j0; j < j1; j++) {
                    int tj = off + j * ldt;
                    for (int i = i0; i < i1; i++) {
                        t[tj + i] = a[i * cols + j];
                    }
                }
            }
        }
    }

    @Override
    long extraRecordedFloats(int steps, int[] stateShape) {
        long n = io.snn4j.tensor.Shapes.size(stateShape);
        return (long) steps * (n / hiddenSize * inputSize + n);
    }

    /**
     * In training mode, the tape this call records into, with the inputs of its {@code steps} steps
     * ({@code rows * input_size} floats each, from {@code x[xOff ..]}) copied; null in evaluation mode.
     */
    final Tape<S> recordInputs(S state, int[] hShape, Coefficients c, int steps, float[] x, int xOff) {
        Tape<S> tp = record(state, hShape, c, steps);
        if (tp != null) {
            int rows = rowsOf(hShape), per = rows * inputSize;
            for (int t = 0; t < steps; t++) {
                tp.inputs.add(Arrays.copyOfRange(x, xOff + t * per, xOff + (t + 1) * per));
                tp.zPrev.add(new float[rows * hiddenSize]);
            }
        }
        return tp;
    }

    /**
     * The backward pass through the recorded steps: per step in reverse, the model's backward kernel
     * (the spikes' gradient being the output's plus what the next step's recurrent input passes back
     * through {@code W_rec}), batch rows split across threads; then the weight gradients as matrix
     * products over all steps, added to the parameters' gradients.
     */
    final Gradients<S> backwardRecurrent(Tensor gradOutput, S gradState) {
        Tape<S> tp = requireTape();
        NeuronGradient<P, S> g = activation().gradient();
        int steps = tp.steps(), n = tp.n, h = hiddenSize, in = inputSize, rows = n / h;
        float[] gOut = gradOutput(gradOutput, steps, tp.stateShape);
        S gs = gradState(gradState, tp.stateShape);
        float[][] gArr = gradBuffers(gs);
        float[] gz = gs.spikes();
        float[] big = new float[Math.multiplyExact(steps, n)];
        float[][] gc = new float[g.coefficients()][n];
        Coefficients cb = g.backwardCoefficients(p(), tp.c);
        int method = g.method(p());
        float[] wrec = recurrentWeights.data;
        int[] b = rowPieces(rows, (long) steps * n * h / 16);
        Parallel.forEach(b.length - 1, k -> {
            int e0 = b[k] * h, e1 = b[k + 1] * h, len = e1 - e0;
            float[] gzRec = Arrays.copyOfRange(gz, e0, e1);
            float[] gzt = new float[len];
            for (int t = steps - 1; t >= 0; t--) {
                for (int e = 0; e < len; e++) {
                    gzt[e] = gOut == null ? gzRec[e] : gOut[t * n + e0 + e] + gzRec[e];
                }
                g.backwardRange(tp.records.get(t), 0, gzt, -e0, gArr, e0, e1, big, t * n, gc, cb, method);
                K.gemm(numerics.fused(), big, t * n + e0, h, wrec, 0, h, gzRec, 0, h, b[k + 1] - b[k], h, h);
            }
            System.arraycopy(gzRec, 0, gz, e0, len);
        });
        int m = steps * rows;
        float[] x = concat(tp.inputs, m * in), zp = concat(tp.zPrev, m * h);
        float[] gT = new float[h * m];
        transposeInto(big, m, h, gT, 0, m);
        float[] gWin = new float[h * in], gWrec = new float[h * h], gx = new float[m * in];
        int[] hp = rowPieces(h, (long) h * m * (in + h) / 64);
        Parallel.forEach(hp.length - 1, k -> {
            int r0 = hp[k], r1 = hp[k + 1];
            K.gemm(numerics.fused(), gT, r0 * m, m, x, 0, in, gWin, r0 * in, in, r1 - r0, in, m);
            K.gemm(numerics.fused(), gT, r0 * m, m, zp, 0, h, gWrec, r0 * h, h, r1 - r0, h, m);
        });
        int[] mp = rowPieces(m, (long) m * h * in / 64);
        Parallel.forEach(mp.length - 1, k -> K.gemm(numerics.fused(), big, mp[k] * h, h, inputWeights.data, 0, in, gx,
                mp[k] * in, in, mp[k + 1] - mp[k], in, h));
        if (!autapses) {
            for (int j = 0; j < h; j++) {
                gWrec[j * h + j] = 0f;
            }
        }
        K.addScaled(inputParam.grad(), 0, gWin, 0, 1f, gWin.length);
        K.addScaled(recurrentParam.grad(), 0, gWrec, 0, 1f, gWrec.length);
        tape = null;
        consumed = tp;
        Map<String, Tensor> params = new LinkedHashMap<>(g.parameterGradients(p(), dt(), gc, h));
        params.put("input_weights", Tensor.wrap(gWin, h, in));
        params.put("recurrent_weights", Tensor.wrap(gWrec, h, h));
        int[] inShape = io.snn4j.tensor.Shapes.prepend(steps, io.snn4j.tensor.Shapes.withLast(tp.stateShape, in));
        return new Gradients<>(Tensor.wrap(gx, inShape), gs, params);
    }

    private static float[] concat(List<float[]> parts, int size) {
        float[] out = new float[size];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The options' seed, or the next seed of the process-wide sequence. */
    static SeededRandom generator(RecurrentOptions options) {
        return new SeededRandom(options.seed() != null ? options.seed() : SEEDS.getAndIncrement());
    }

    static RecurrentOptions requireOptions(RecurrentOptions o) {
        if (o == null) {
            throw new IllegalArgumentException("options is null (use RecurrentOptions.DEFAULT)");
        }
        return o;
    }

    static void requireMatrix(String what, FMatrixRMaj w, int rows, int cols) {
        if (w.numRows != rows || w.numCols != cols) {
            throw new IllegalArgumentException(what + " has shape (" + w.numRows + ", " + w.numCols + "), expected ("
                    + rows + ", " + cols + ")");
        }
        for (int k = 0; k < rows * cols; k++) {
            if (!Float.isFinite(w.data[k])) {
                throw new IllegalArgumentException(what + " has a non-finite value " + w.data[k] + " at (" + k / cols + ", "
                        + k % cols + ")");
            }
        }
    }

    /** Norse's default initialisation: {@code randn(rows, cols) * sqrt(2 / hidden)}, in float32. */
    static FMatrixRMaj randomWeights(SeededRandom r, int rows, int cols, int hidden) {
        FMatrixRMaj w = new FMatrixRMaj(rows, cols);
        float scale = (float) Math.sqrt(2.0 / hidden);
        for (int k = 0; k < rows * cols; k++) {
            w.data[k] = (float) r.nextGaussian() * scale;
        }
        return w;
    }

    /** Norse's {@code input_size}. */
    public final int inputSize() {
        return inputSize;
    }

    /** Norse's {@code hidden_size}. */
    public final int hiddenSize() {
        return hiddenSize;
    }

    /** Whether a neuron's own spikes reach it. */
    public final boolean autapses() {
        return autapses;
    }

    /**
     * A copy of the input weights, {@code (hidden, input)}.
     *
     * @throws IllegalStateException if they are sparse (see {@link #inputSynapses()})
     */
    public final FMatrixRMaj inputWeights() {
        if (inputWeights == null) {
            throw new IllegalStateException("the input weights are sparse; use inputSynapses()");
        }
        return inputWeights.copy();
    }

    /**
     * A copy of the recurrent weights in use, {@code (hidden, hidden)} (zero diagonal without autapses).
     *
     * @throws IllegalStateException if they are sparse (see {@link #recurrentSynapses()})
     */
    public final FMatrixRMaj recurrentWeights() {
        if (recurrentWeights == null) {
            throw new IllegalStateException("the recurrent weights are sparse; use recurrentSynapses()");
        }
        return recurrentWeights.copy();
    }

    /** The sparse input weights, or null when they are dense. */
    public final Synapses inputSynapses() {
        return inSyn;
    }

    /** The sparse recurrent weights in use (without the diagonal unless autapses), or null when they are dense. */
    public final Synapses recurrentSynapses() {
        return recSyn;
    }

    /**
     * The recurrent projection's delay in steps (1, Norse's, unless set; with per-synapse delays, the
     * longest is {@code recurrentSynapses().maxDelay()}).
     */
    public final int recurrentDelay() {
        return recurrentDelay;
    }

    /**
     * The bytes the module's weights take (dense: 4 per element, and the transposed copies with their
     * padded rows, see {@link #transposedStride}; sparse: see {@link Synapses#bytes()}).
     */
    public final long weightBytes() {
        long in = inSyn != null ? inSyn.bytes() : 4L * hiddenSize * inputSize + 4L * winT.length;
        long rec = recSyn != null ? recSyn.bytes() : 4L * hiddenSize * hiddenSize + 4L * wrecT.length;
        return in + rec;
    }

    /** The spike rate above which the recurrent term is a dense product. */
    public final double denseAbove() {
        return denseAbove;
    }

    @Override
    String extraRepr() {
        return "input_size=" + inputSize + ", hidden_size=" + hiddenSize + ", p=" + p() + ", autapses="
                + (autapses ? "True" : "False") + ", dt=" + io.snn4j.functional.Reprs.pyFloat(dt());
    }

    // ---------------------------------------------------------------------------------------------
    // The recurrent step, shared by the cell and the sequence module.

    /** Where the projected input of (t, row) is. */
    interface StepInput {
        /** The array holding the projected input of (t, row), filling {@code scratch} if needed. */
        float[] array(int t, int row, Scratch scratch);

        /** The offset of (t, row) in the array {@link #array} returned. */
        int offset(int t, int row);

        /**
         * Writes the {@code h} projected inputs of (t, row) to {@code dst[dstOff ..]}; the same numbers as
         * {@link #array}. Event-driven inputs project straight into {@code dst}, others copy.
         */
        default void projectInto(int t, int row, Scratch scratch, float[] dst, int dstOff, int h) {
            System.arraycopy(array(t, row, scratch), offset(t, row), dst, dstOff, h);
        }
    }

    /**
     * Receives a row's spikes after each step: {@code z} from {@code zOff}, and their list ({@code active},
     * {@code count}) when the scratch lists them after the step ({@link Scratch#listAfterStep}; otherwise
     * the list is not this step's, and only an output that reads {@code z} alone may be used).
     */
    interface StepOutput {
        void emit(int t, int row, float[] z, int zOff, int[] active, int count);
    }

    /** The projected dense input {@code u}: {@code rowsPerStep * H} floats per step. */
    final StepInput denseInput(float[] u, int rowsPerStep) {
        return new DenseIn(hiddenSize).set(u, rowsPerStep);
    }

    /** Event-driven input projection of sparse spikes or scaled events: the rows of W_in^T of the active inputs. */
    final StepInput sparseInput(SparseSpikes x, int rowsPerStep) {
        return new SparseIn().set(x, rowsPerStep);
    }

    /**
     * Columns {@code [sc.j0, sc.j1)} of the input projection of events {@code [e0, e1)} ({@code val} null:
     * all 1) into {@code sc.u}: rows of {@code W_in^T}, or the inputs' sparse columns.
     */
    final void inputEvents(int[] idx, float[] val, int e0, int e1, Scratch sc) {
        inputEvents(idx, val, e0, e1, sc, sc.u, 0);
    }

    /** As above, into {@code dst} with neuron 0 at {@code dstOff} instead of {@code sc.u}. */
    final void inputEvents(int[] idx, float[] val, int e0, int e1, Scratch sc, float[] dst, int dstOff) {
        if (inSyn == null && val == null && e0 == 0) {
            // plain events (of a whole row or of a column range): the same sums as sumEvents', in groups of eight
            K.sumRows(idx, e1, winT, offT + sc.j0, ldT, dst, dstOff + sc.j0, sc.j1 - sc.j0);
        } else if (inSyn == null) {
            K.sumEvents(idx, val, e0, e1, winT, offT + sc.j0, ldT, dst, dstOff + sc.j0, sc.j1 - sc.j0);
        } else {
            Arrays.fill(dst, dstOff + sc.j0, dstOff + sc.j1, 0f);
            scatter(inSyn, idx, val, e0, e1, sc.inPtr, sc.ptrStride, sc.ptrOff, dst, dstOff);
        }
    }

    /** A projected dense input, reusable: {@link #set} points it at another array. */
    static final class DenseIn implements StepInput {
        private final int h;
        private float[] u;
        private int rowsPerStep;

        DenseIn(int h) {
            this.h = h;
        }

        DenseIn set(float[] u, int rowsPerStep) {
            this.u = u;
            this.rowsPerStep = rowsPerStep;
            return this;
        }

        /** Its one step of {@code n} floats, made when first asked for (a buffer that is rarely needed). */
        float[] step(int n) {
            if (u == null) {
                set(new float[n], 0);
            }
            return u;
        }

        @Override
        public float[] array(int t, int row, Scratch sc) {
            return u;
        }

        @Override
        public int offset(int t, int row) {
            return (t * rowsPerStep + row) * h;
        }
    }

    /** The event-driven projection of a {@link SparseSpikes} input, reusable. */
    final class SparseIn implements StepInput {
        private SparseSpikes x;
        private int rowsPerStep;

        SparseIn set(SparseSpikes x, int rowsPerStep) {
            this.x = x;
            this.rowsPerStep = rowsPerStep;
            return this;
        }

        /** The input's events over all its steps and rows. */
        long events() {
            return x.count();
        }

        @Override
        public float[] array(int t, int row, Scratch sc) {
            projectInto(t, row, sc, sc.u, 0, hiddenSize);
            return sc.u;
        }

        @Override
        public void projectInto(int t, int row, Scratch sc, float[] dst, int dstOff, int h) {
            int r = t * rowsPerStep + row;
            int count = x.copyIndices(r, sc.inputIdx);
            float[] val = x.hasValues() ? sc.inputVal : null;
            if (val != null) {
                x.copyValues(r, val);
            }
            inputEvents(sc.inputIdx, val, 0, count, sc, dst, dstOff);
        }

        @Override
        public int offset(int t, int row) {
            return 0;
        }
    }

    /**
     * The event-driven projection of the events found in a dense input of one step (compressed rows;
     * {@code val} null when they are all 1), reusable.
     */
    final class EventIn implements StepInput {
        private int[] start;
        private int[] idx;
        private float[] val;

        EventIn set(int[] start, int[] idx, float[] val) {
            this.start = start;
            this.idx = idx;
            this.val = val;
            return this;
        }

        @Override
        public float[] array(int t, int row, Scratch sc) {
            inputEvents(idx, val, start[row], start[row + 1], sc);
            return sc.u;
        }

        @Override
        public void projectInto(int t, int row, Scratch sc, float[] dst, int dstOff, int h) {
            inputEvents(idx, val, start[row], start[row + 1], sc, dst, dstOff);
        }

        @Override
        public int offset(int t, int row) {
            return 0;
        }
    }

    /** Output that copies each row's spikes into a dense {@code (T, rows, H)} array, reusable. */
    static final class DenseOut implements StepOutput {
        private final int h;
        private float[] o;
        private int oOff;
        private int rowsPerStep;

        DenseOut(int h) {
            this.h = h;
        }

        DenseOut set(float[] o, int oOff, int rowsPerStep) {
            this.o = o;
            this.oOff = oOff;
            this.rowsPerStep = rowsPerStep;
            return this;
        }

        @Override
        public void emit(int t, int row, float[] z, int zOff, int[] active, int count) {
            System.arraycopy(z, zOff, o, oOff + (t * rowsPerStep + row) * h, h);
        }

        /** Columns {@code [j0, j0 + w)} of a row's spikes (the part one thread computed). */
        void emitColumns(int t, int row, float[] z, int zOff, int j0, int w) {
            System.arraycopy(z, zOff + j0, o, oOff + (t * rowsPerStep + row) * h + j0, w);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The neurons of few batch rows split across threads, with a barrier per step.

    /**
     * Below this many neurons per thread a layer is not split by neurons: a step would cost too little
     * next to the barrier (microseconds when the threads are on cores).
     */
    static final int MIN_COLUMNS_PER_THREAD = 2048;

    private volatile boolean splitNeurons;

    /**
     * Whether a call with fewer batch rows than threads also splits the neurons of its rows across the
     * threads when nothing better applies (default false). A sequence ({@link SNNRecurrent}) with
     * {@code SparseSpikes} input does not need it: when a step's input projection is large enough
     * ({@link #PIPE_MIN_WORK}) the threads share it ahead of the neurons by themselves (no barrier per step;
     * 10,000 neurons, one row: see {@code WideRecurrentBenchmark}), and when its recurrent term is the larger
     * part each thread takes its own columns (see the class's notes on threads); with sparse input weights this setting
     * also asks for that sharing below the threshold (the demo's large networks). Otherwise it splits the
     * neurons, meeting at a barrier every step: off by default because that barrier cost more than the
     * second thread gave on the 2-core machine this was measured on (a B = 1 layer of 10,000 neurons took
     * 12-14 ms per 100 steps on two threads and 7.5 ms on one); it is what a cell
     * ({@link SNNRecurrentCell}, one step per call) and a dense-input sequence with many neurons can use. The
     * results are the same bit for bit either way.
     */
    public void setSplitNeurons(boolean split) {
        this.splitNeurons = split;
    }

    /** See {@link #setSplitNeurons}. */
    public boolean splitNeurons() {
        return splitNeurons;
    }

    /**
     * How many neuron pieces a call of {@code rows} batch rows runs in: more than one only when the rows
     * are fewer than the threads, the layer is wide enough, the model has no per-row work around its step
     * ({@link #slots()} is 1 and {@link #splitsNeurons()}) and the caller is not itself a pool thread.
     */
    final int columnPieces(int rows) {
        int t = threads();
        if (!splitNeurons || rows >= t || slots() != 1 || !splitsNeurons() || hiddenSize < 2 * MIN_COLUMNS_PER_THREAD
                || Parallel.inPool()) {
            return 1;
        }
        return Math.max(1, Math.min(t, hiddenSize / MIN_COLUMNS_PER_THREAD));
    }

    /** One scratch per column range of {@code cb}, over all {@code rows} rows, with the lists of {@code s}'s spikes. */
    final Scratch[] columnScratches(int rows, int[] cb, S s) {
        Scratch[] sc = new Scratch[cb.length - 1];
        for (int k = 0; k < sc.length; k++) {
            sc[k] = newScratch(0, rows, 1, s);
            sc[k].j0 = cb[k];
            sc[k].j1 = cb[k + 1];
            bindPiece(sc[k], cb, k);
        }
        return sc;
    }

    /** Whether the model's step may run on a part of a row's neurons (false when it overrides the step hooks). */
    boolean splitsNeurons() {
        return true;
    }

    /**
     * Columns {@code [sc.j0, sc.j1)} of every row of one step: the recurrent term from the previous
     * step's spikes (the merged active lists in {@code sc}, or for the dense fallback {@code zPrev}), the
     * model's step on those neurons, their new spikes copied into {@code zNext} (if not null), the output
     * and the record. Every neuron's arithmetic is that of {@link #advance}: the results do not depend on
     * the split.
     */
    final void advanceColumns(int t, StepInput in, S s, Coefficients c, Scratch sc, float[] zPrev, float[] zNext,
            DenseOut out, S rec) {
        int h = hiddenSize, j0 = sc.j0, w = sc.j1 - sc.j0;
        float[] z = s.spikes();
        recurrentTerm(t, s, zPrev, sc, h, j0, w);
        NeuronModel<P, S> m = activation();
        for (int row = sc.r0; row < sc.r1; row++) {
            int e0 = row * h;
            float[] x = in.array(t, row, sc);
            m.stepRange(x, in.offset(t, row) - e0, sc.rec, (row - sc.r0) * h - e0, s, e0 + j0, e0 + j0 + w, z, 0, c);
            if (zNext != null) {
                System.arraycopy(z, e0 + j0, zNext, e0 + j0, w);
            }
            if (out != null) {
                out.emitColumns(t, row, z, e0, j0, w);
            }
            if (rec != null) {
                s.recordInto(rec, t, e0 + j0, e0 + j0 + w);
            }
        }
    }

    /**
     * A time loop with the neurons of all rows split into {@code pieces} column ranges, one thread each,
     * meeting at a barrier after every step; each piece then merges every piece's lists of the new spikes
     * (in column order: ascending, as the sums need) for its next recurrent term. A piece that fails ends the
     * barrier, so the others stop at their next step's end and the call ends with its exception; so does a
     * call for which not every piece can have a thread (the pool refuses), with that failure. The state is
     * then left part-way, as after a failure on the other multi-thread paths. Evaluation mode only.
     */
    final void runColumns(int steps, int rows, int pieces, StepInput in, S s, Coefficients c, DenseOut out, S rec) {
        runColumns(steps, rows, pieces, in, s, c, out, null, rec);
    }

    /**
     * As above, with the output either dense ({@code out}, each piece its columns) or as each row's merged
     * list of active neurons ({@code merged}, emitted by the first piece after the barrier; it must not read
     * {@code z}, which the other pieces may already be writing for the next step).
     */
    final void runColumns(int steps, int rows, int pieces, StepInput in, S s, Coefficients c, DenseOut out,
            StepOutput merged, S rec) {
        int h = hiddenSize;
        int[] cb = Parallel.split(h, pieces, GRAIN);
        int np = cb.length - 1;
        float[][] zb = {new float[rows * h], new float[rows * h]};
        System.arraycopy(s.spikes(), 0, zb[1], 0, rows * h); // the spikes "after step -1"
        SpikeParts parts = new SpikeParts(rows, cb);
        // the JDK's Phaser: spins briefly, then parks (a spinning barrier measured no better: WideRecurrentBenchmark)
        java.util.concurrent.Phaser barrier = new java.util.concurrent.Phaser(np);
        attachLine(s);
        Scratch[] scs = columnScratches(rows, cb, s); // each scans all of z: the lists before step 0
        AheadHook hook = aheadHook;
        // the pieces wait for each other: if they cannot all have a thread, the barrier ends and the call fails
        Parallel.forEach(np, k -> {
            Scratch sc = scs[k];
            float[] z = s.spikes();
            try {
                for (int t = 0; t < steps; t++) {
                    if (barrier.isTerminated()) {
                        return; // another piece failed, or not every piece could have a thread
                    }
                    if (hook != null) {
                        hook.before(k, t);
                    }
                    int par = t & 1;
                    advanceColumns(t, in, s, c, sc, zb[(t + 1) & 1], zb[par], out, rec);
                    parts.list(par, k, z, h);
                    if (barrier.arriveAndAwaitAdvance() < 0) {
                        return; // another piece failed: its exception is the call's
                    }
                    parts.merge(par, sc, k == 0 ? merged : null, t);
                }
            } catch (Throwable e) { // a checked exception thrown past the compiler too
                barrier.forceTermination(); // else the other pieces would wait for this one at the barrier forever
                throw e;
            }
        }, barrier::forceTermination);
        stepsDone(s, steps);
    }

    /**
     * The lists of a step's new spikes as the column pieces {@code cb} found them, kept by step parity: the
     * step of piece k lists the spiking neurons of its columns of every row (as neuron indices of the row,
     * ascending), and whoever steps a piece next merges every piece's lists in column order (ascending over
     * the whole row, as the recurrent sums need). Lists of step t are written by the pieces' step t and read by
     * their step t + 1, so two parities are enough when no piece starts step t + 1 before every piece has
     * finished step t. Not thread-safe by itself: the callers order the steps.
     */
    static final class SpikeParts {
        private final int[] cb;
        private final int rows;
        private final int[][][][] part; // [parity][piece][row][...]
        private final int[][][] count; // [parity][piece][row]
        private final boolean[][] binary; // [parity][piece]

        SpikeParts(int rows, int[] cb) {
            int np = cb.length - 1;
            this.cb = cb;
            this.rows = rows;
            part = new int[2][np][rows][];
            count = new int[2][np][rows];
            binary = new boolean[2][np];
            for (int p = 0; p < 2; p++) {
                for (int k = 0; k < np; k++) {
                    for (int r = 0; r < rows; r++) {
                        part[p][k][r] = new int[cb[k + 1] - cb[k]];
                    }
                }
            }
        }

        /** Lists the nonzero spikes of piece k's columns of every row of {@code z} (row r at {@code r * h}) as parity {@code par}'s. */
        void list(int par, int k, float[] z, int h) {
            int j0 = cb[k], w = cb[k + 1] - j0;
            boolean bin = true;
            for (int r = 0; r < rows; r++) {
                int[] a = part[par][k][r];
                int e0 = r * h;
                int cnt = K.nonzeros(z, e0 + j0, w, a, 0, w);
                for (int i = 0; i < cnt; i++) {
                    a[i] += j0;
                    bin &= z[e0 + a[i]] == 1f;
                }
                count[par][k][r] = cnt;
            }
            binary[par][k] = bin;
        }

        /** How many spikes parity {@code par}'s lists hold. */
        long total(int par) {
            long n = 0;
            for (int[] piece : count[par]) {
                for (int c : piece) {
                    n += c;
                }
            }
            return n;
        }

        /**
         * Merges parity {@code par}'s lists into {@code sc}'s active lists and binary flag; if {@code out} is not
         * null, emits each row's merged list to it as step {@code t}'s (without {@code z}).
         */
        void merge(int par, Scratch sc, StepOutput out, int t) {
            int np = cb.length - 1;
            for (int r = 0; r < rows; r++) {
                int cnt = 0;
                for (int q = 0; q < np; q++) {
                    System.arraycopy(part[par][q][r], 0, sc.active[r], cnt, count[par][q][r]);
                    cnt += count[par][q][r];
                }
                sc.counts[r] = cnt;
                if (out != null) {
                    out.emit(t, r, null, r * sc.h, sc.active[r], cnt);
                }
            }
            boolean all = true;
            for (int q = 0; q < np; q++) {
                all &= binary[par][q];
            }
            sc.binary = all;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The columns of few batch rows split across threads, each thread projecting its own columns ahead.

    /**
     * The steps of input a piece of {@link #runColumnsAhead} may project ahead of its neurons (the slots of
     * its ring): enough to fill a short wait for the other pieces' spikes, few enough that a thread that
     * was descheduled does not come back to a partner that has nothing left but its neurons.
     */
    static final int AHEAD_SLOTS = 8;

    /**
     * The shortest wait, in nanoseconds, after which a thread of {@link #runColumnsAhead} takes over the next
     * step of another thread's piece that nobody has claimed although that thread is running (it waits at
     * least twice its own last projection and step of a piece); a thread that has not started, or has
     * claimed nothing of its own since this thread last took over its piece, is taken over at once.
     */
    static final long TAKEOVER_MIN_NANOS = 20_000;

    /**
     * A hook for tests: called by thread {@code thread} before it claims step {@code step} of its own piece
     * ({@link #runColumnsAhead}), or by piece {@code thread} before its step {@code step} ({@link #runColumns}).
     */
    interface AheadHook {
        void before(int thread, int step);
    }

    /** Diagnostics and tests: true turns {@link #runColumnsAhead} off for this module (the shared projection then runs). */
    volatile boolean aheadOff;

    /** Tests: true runs {@link #runColumnsAhead} wherever it can run, whatever the work (unless {@link #aheadOff}). */
    volatile boolean aheadOn;

    /**
     * The mean recurrent spikes per batch row and step of the module's last sequence call in evaluation mode
     * (counted by the time loops that list the spikes anyway: {@link #runPieces}, {@link #runPipelined},
     * {@link #runColumnsAhead}); -1 before the first. {@link #aheadThreads} reads it as the next call's
     * likely recurrent work.
     */
    private volatile double recentSpikes = -1;

    /** See {@link #recentSpikes}. */
    final double recentSpikes() {
        return recentSpikes;
    }

    final void countedSpikes(long spikes, int steps, int rows) {
        if (steps > 0 && rows > 0) { // an empty call says nothing about the next one (and 0 / 0 is NaN)
            recentSpikes = (double) spikes / ((double) steps * rows);
        }
    }

    /** See {@link AheadHook}; null (the default) unless a test sets it. */
    static volatile AheadHook aheadHook;

    /**
     * The least recurrent work per step (floats added over all batch rows: recurrent spikes times the neurons
     * each reaches, as the module's last call had them, {@link #recentSpikes}) for which a sequence of fewer
     * batch rows than threads runs {@link #runColumnsAhead}; the same value as the shared projection's
     * {@link #PIPE_MIN_WORK}: below it a step's work is a few microseconds and the threads' meeting per step
     * costs what the second one gives.
     */
    static final long AHEAD_MIN_WORK = RecurrentModule.PIPE_MIN_WORK;

    /**
     * How many threads (column pieces) a {@code SparseSpikes} sequence of {@code rows} batch rows with
     * {@code events} input events over {@code steps} steps runs {@link #runColumnsAhead} on; 1 when it does
     * not. The rule, for fewer rows than threads: where the recurrent term is the larger part of a step, split
     * the columns; where the input projection is, share the projection ({@link #pipeThreads},
     * {@link #runPipelined}); where both are small, one thread per row. So it does when the rows are fewer
     * than the threads, the caller is not itself a pool thread, each thread gets at least
     * {@link #AHEAD_MIN_COLUMNS} neurons, the model's step may run on part of a row ({@link #slots()} is 1 and
     * {@link #splitsNeurons()}), the recurrent weights are dense, and the recurrent work per step of the
     * module's last call ({@link #recentSpikes} times the neurons, times the rows) is at least
     * {@link #AHEAD_MIN_WORK} and at least the input projection's per step (input events times the neurons
     * each reaches). Sparse recurrent weights keep the shared projection: the demo's balanced network (10,000
     * neurons, 10 % connectivity, about 390 recurrent spikes and 220 input events per step) ran 290-360 ms
     * fastest per second of biological time split by columns against 290-310 ms shared (one thread 520-570).
     * Measured on two cores ({@code WideRecurrentBenchmark}, 1000 -> 10,000, one row, 3 % input;
     * {@code PipelineProbe}, the three ways taking turns call by call): with no recurrent spikes the shared
     * projection ran 2.77 ms median per sequence against 3.2 ms split by columns (the two threads' projections
     * of half rows at the same time were each nearly as slow as one thread's whole rows); with 30 % of the
     * neurons firing (the recurrent term dominating) the column split ran 194 ms median against 329 ms
     * shared and 333 ms on one thread. The first call of a module (nothing counted yet) does not split by
     * columns. Evaluation mode only (the caller checks).
     */
    final int aheadThreads(int rows, long events, int steps) {
        int t = threads();
        if (aheadOff || t < 2 || rows >= t || slots() != 1 || !splitsNeurons() || hiddenSize < 2 * AHEAD_MIN_COLUMNS
                || Parallel.inPool()) {
            return 1;
        }
        if (!aheadOn) {
            double inWork = inputWork(events, steps);
            double recWork = recentSpikes * rows * hiddenSize;
            // written so that a NaN (or anything not a number) never splits
            if (recSyn != null || !(recWork >= AHEAD_MIN_WORK && recWork >= inWork)) {
                return 1;
            }
        }
        return Math.min(Math.min(t, MAX_PIPE_THREADS), hiddenSize / AHEAD_MIN_COLUMNS);
    }

    /** The fewest neurons per thread {@link #runColumnsAhead} splits a row into. */
    static final int AHEAD_MIN_COLUMNS = 1024;

    /**
     * A time loop for few rows with every row's neurons split into {@code threads} column pieces, one per
     * thread, and no hand-over of projected input between threads. Per step t, piece k's work is: its
     * columns of the step's input projection (what {@code in} computes over columns {@code [j0, j1)}; it
     * does not depend on the state, so the piece's thread projects it up to {@link #AHEAD_SLOTS} steps ahead
     * into a ring of its own), the recurrent term of its columns from every piece's lists of step t - 1's
     * spikes, the model's step of its neurons and the list of its new spikes. A piece's step t may start once
     * every piece has finished step t - 1: each piece publishes its finished steps, and a thread that has to
     * wait projects its later steps meanwhile, then spins ({@link Thread#onSpinWait}) for up to
     * {@code AHEAD_SPIN_NANOS}, then parks in short slices (so that a partner whose step runs long, or that
     * was descheduled, gets the core); there is no barrier object.
     *
     * <p>A thread that is descheduled does not stall the call: each piece's steps are claimed in order by
     * compare-and-set on the piece's counter, so when a piece's next step is still unclaimed after a bounded
     * wait (see {@link #TAKEOVER_MIN_NANOS}) another thread projects those columns itself (or takes them from
     * the owner's ring if they are there) and steps the piece; every piece step runs exactly once. Every
     * neuron's arithmetic is that of {@link #advance} (the same sums in the same order, whichever thread and
     * piece), so the results are those of one thread bit for bit. A thread that fails stops the others and
     * the call ends with its exception; the state is then left part-way (some pieces a step further than
     * others), as after a failure on the other multi-thread paths, and should not be reused. Output: dense
     * ({@code out}, each piece its columns) or as each row's merged list of active neurons ({@code merged},
     * emitted for step t by whoever steps piece 0 of step t + 1, the last step's by the caller). {@code in}
     * must project column ranges (the event-driven inputs of {@code SparseSpikes} do; {@link
     * StepInput#projectInto}'s default copies whole rows). Evaluation mode only.
     */
    final void runColumnsAhead(int steps, int rows, int threads, StepInput in, S s, Coefficients c, DenseOut out,
            StepOutput merged, S rec) {
        int[] cb = Parallel.split(hiddenSize, threads, GRAIN);
        int slots = Math.min(steps, AHEAD_SLOTS);
        AheadBuffers kept = spareAhead.getAndSet(null);
        AheadBuffers b = kept != null && kept.fits(rows, slots, cb) ? kept : new AheadBuffers(rows, slots, cb);
        Ahead a = new Ahead(steps, rows, b, in, s, c, out, merged, rec);
        attachLine(s);
        Parallel.forEach(a.np, k -> {
            try {
                a.work(k);
            } catch (Throwable e) { // a checked exception thrown past the compiler too
                a.failed.set(true);
                throw e;
            }
        });
        if (a.st != null) {
            a.st.call(System.nanoTime() - a.wall0);
        }
        spareAhead.set(b);
        countedSpikes(a.spikes + b.parts.total((steps - 1) & 1), steps, rows);
        stepsDone(s, steps);
    }

    /** The buffers of a finished {@link #runColumnsAhead} call, kept for the module's next call (taken, not shared). */
    private final java.util.concurrent.atomic.AtomicReference<AheadBuffers> spareAhead =
            new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * What a {@link #runColumnsAhead} call of {@code rows} rows, ring depth {@code slots} and column pieces
     * {@code cb} allocates (about 0.8 MB for one row of 10,000 neurons on two threads), kept for the next call of
     * the same shape: every piece's ring, the whole rows' spikes by step parity, the lists of the new spikes,
     * each thread's scratch and aside buffer per piece (made when the thread first needs them). Every call
     * writes each part before it reads it.
     */
    final class AheadBuffers {
        final int rows, slots;
        final int[] cb;
        /** Per piece, its projected columns of the coming steps: {@code ring[q][t % slots]}, row r at {@code r * w}. */
        final float[][][] ring;
        /** The whole rows' spikes by step parity, for the dense recurrent fallback. */
        final float[][] zb;
        final SpikeParts parts;
        /** {@code [thread][piece]}: a thread's scratch for stepping (and projecting) a piece. */
        final Scratch[][] scratch;
        /** {@code [thread][piece]}: where a thread projects a piece's step it takes over. */
        final float[][][] aside;

        AheadBuffers(int rows, int slots, int[] cb) {
            int np = cb.length - 1;
            this.rows = rows;
            this.slots = slots;
            this.cb = cb;
            ring = new float[np][slots][];
            for (int q = 0; q < np; q++) {
                for (int sl = 0; sl < slots; sl++) {
                    ring[q][sl] = new float[rows * (cb[q + 1] - cb[q])];
                }
            }
            zb = new float[][] {new float[rows * hiddenSize], new float[rows * hiddenSize]};
            parts = new SpikeParts(rows, cb);
            scratch = new Scratch[np][np];
            aside = new float[np][np][];
        }

        boolean fits(int rows, int slots, int[] cb) {
            return this.rows == rows && this.slots == slots && Arrays.equals(this.cb, cb);
        }

        /** Thread k's scratch for piece q (made when first needed). */
        Scratch scratch(int k, int q, S s) {
            if (scratch[k][q] == null) {
                Scratch sc = newScratch(0, rows, 1, s);
                sc.j0 = cb[q];
                sc.j1 = cb[q + 1];
                bindPiece(sc, cb, q);
                scratch[k][q] = sc;
            }
            return scratch[k][q];
        }

        /** Thread k's aside buffer for piece q. */
        float[] aside(int k, int q) {
            if (aside[k][q] == null) {
                aside[k][q] = new float[rows * (cb[q + 1] - cb[q])];
            }
            return aside[k][q];
        }
    }

    /** A piece's projected input: neuron j of row r at {@code a[r * w + j - j0]}. */
    static final class PieceInput implements StepInput {
        private float[] a;
        private int w;
        private int j0;

        PieceInput set(float[] a, int w, int j0) {
            this.a = a;
            this.w = w;
            this.j0 = j0;
            return this;
        }

        @Override
        public float[] array(int t, int row, Scratch sc) {
            return a;
        }

        @Override
        public int offset(int t, int row) {
            return row * w - j0;
        }
    }

    /** One call of {@link #runColumnsAhead}: what its threads share. */
    private final class Ahead {
        /** Ints between two pieces' counters in {@link #ctl} (a cache line each). */
        private static final int PAD = 16;
        final int steps, rows, h, np, slots;
        final int[] cb;
        final StepInput in;
        final S s;
        final Coefficients c;
        final DenseOut out;
        final StepOutput merged;
        final S rec;
        final AheadBuffers b;
        final float[][][] ring;
        /** {@code ready[q * slots + t % slots] == t + 1}: piece q's ring holds step t. */
        final java.util.concurrent.atomic.AtomicIntegerArray ready;
        /** Per piece q from {@code q * PAD}: the next step nobody claimed, the steps finished, the owner's heartbeat. */
        final java.util.concurrent.atomic.AtomicIntegerArray ctl;
        final java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        final float[][] zb;
        final SpikeParts parts;
        final PipeStats st = pipeStats;
        final AheadHook hook = aheadHook;
        final long wall0 = System.nanoTime();
        /** The spikes of the steps before the one piece 0 last stepped (written by whoever steps piece 0). */
        long spikes;

        Ahead(int steps, int rows, AheadBuffers b, StepInput in, S s, Coefficients c, DenseOut out, StepOutput merged,
                S rec) {
            this.steps = steps;
            this.rows = rows;
            this.h = hiddenSize;
            this.b = b;
            this.cb = b.cb;
            this.np = cb.length - 1;
            this.slots = b.slots;
            this.in = in;
            this.s = s;
            this.c = c;
            this.out = out;
            this.merged = merged;
            this.rec = rec;
            ring = b.ring;
            ready = new java.util.concurrent.atomic.AtomicIntegerArray(np * slots);
            ctl = new java.util.concurrent.atomic.AtomicIntegerArray(np * PAD);
            zb = b.zb;
            System.arraycopy(s.spikes(), 0, zb[1], 0, rows * h);
            parts = b.parts;
            for (int q = 0; q < np; q++) {
                parts.list(1, q, s.spikes(), h); // the lists "after step -1"
            }
        }

        private int claimed(int q) {
            return ctl.get(q * PAD);
        }

        private int done(int q) {
            return ctl.get(q * PAD + 1);
        }

        private int minDone() {
            int m = Integer.MAX_VALUE;
            for (int q = 0; q < np; q++) {
                m = Math.min(m, done(q));
            }
            return m;
        }

        /** Piece q's columns of step t's input projection into {@code dst} (row r at {@code r * w}). */
        private void project(int q, int t, Scratch sc, float[] dst) {
            int j0 = cb[q], w = cb[q + 1] - j0;
            for (int row = 0; row < rows; row++) {
                in.projectInto(t, row, sc, dst, row * w - j0, h);
            }
        }

        /** Thread k projects step t of its own piece into its ring and marks the slot ready; returns the nanoseconds. */
        private long projectOwn(int k, int t, Scratch own) {
            long p0 = System.nanoTime();
            project(k, t, own, ring[k][t % slots]);
            ready.set(k * slots + t % slots, t + 1);
            return System.nanoTime() - p0;
        }

        /** Step t of piece q from its projected input {@code u}, then its finished steps published. */
        private void step(int q, int t, float[] u, Scratch sc, PieceInput view) {
            int par = t & 1;
            parts.merge(par ^ 1, sc, q == 0 && t > 0 ? merged : null, t - 1);
            if (q == 0 && t > 0) {
                spikes += spikesListed(sc); // step t - 1's (piece 0's steps run one after another, ordered by ctl)
            }
            advanceColumns(t, view.set(u, cb[q + 1] - cb[q], cb[q]), s, c, sc, zb[par ^ 1], zb[par], out, rec);
            parts.list(par, q, s.spikes(), h);
            ctl.set(q * PAD + 1, t + 1);
        }

        /**
         * Thread k's loop: its own piece's steps in order (projected into its ring, ahead while it waits), and
         * the steps of other pieces that nobody claimed in time. The caller's thread (k = 0) returns when every
         * piece is done, the others when their own piece has no step left to claim.
         */
        void work(int k) {
            Scratch own = b.scratch(k, k, s);
            PieceInput view = new PieceInput();
            int[] seen = new int[np]; // each piece's heartbeat when this thread last took over one of its steps
            int beat = 1;
            ctl.set(k * PAD + 2, beat);
            if (st != null && k > 0) {
                st.started(System.nanoTime() - wall0);
            }
            int proj = 0; // the next step of piece k this thread projects into its ring (its only writer)
            long lastProj = 0, lastStep = 0, since = 0;
            // counted for PipeStats: own steps and their time, own steps projected and their time, steps of
            // other pieces taken over and their time, time spent waiting
            long[] c0 = new long[7];
            while (!failed.get()) {
                int t = claimed(k);
                if (t < steps) {
                    proj = Math.max(proj, t);
                    if (proj == t) {
                        lastProj = projectOwn(k, proj++, own);
                        c0[2]++;
                        c0[3] += lastProj;
                    }
                    if (minDone() >= t) {
                        if (hook != null) {
                            hook.before(k, t);
                        }
                        if (ctl.compareAndSet(k * PAD, t, t + 1)) {
                            ctl.set(k * PAD + 2, ++beat);
                            long s0 = System.nanoTime();
                            step(k, t, ring[k][t % slots], own, view);
                            lastStep = System.nanoTime() - s0;
                            c0[0]++;
                            c0[1] += lastStep;
                        }
                        since = 0;
                        continue;
                    }
                    if (proj < steps && proj < done(k) + slots) {
                        lastProj = projectOwn(k, proj++, own); // ahead, while another piece finishes step t - 1
                        c0[2]++;
                        c0[3] += lastProj;
                        continue;
                    }
                } else if (k > 0 || minDone() >= steps) {
                    break;
                }
                // waiting for another piece: take over its next step if nobody claimed it in time
                long now = System.nanoTime();
                if (since == 0) {
                    since = now;
                }
                boolean patient = now - since < Math.max(TAKEOVER_MIN_NANOS, 2 * (lastProj + lastStep));
                boolean took = false;
                for (int q = 0; q < np && !took; q++) {
                    int tq = claimed(q);
                    if (q == k || tq >= steps || done(q) != tq || minDone() < tq) {
                        continue; // its own, finished, in progress, or waiting for another piece itself
                    }
                    int hb = ctl.get(q * PAD + 2);
                    if (patient && hb != seen[q]) {
                        continue;
                    }
                    Scratch sc = b.scratch(k, q, s);
                    float[] u;
                    long a0 = System.nanoTime();
                    if (ready.get(q * slots + tq % slots) == tq + 1) {
                        u = ring[q][tq % slots]; // its owner does not reuse the slot before the step is done
                    } else {
                        u = b.aside(k, q);
                        project(q, tq, sc, u);
                    }
                    if (ctl.compareAndSet(q * PAD, tq, tq + 1)) {
                        step(q, tq, u, sc, view);
                        seen[q] = hb;
                        took = true;
                        c0[4]++;
                        c0[5] += System.nanoTime() - a0;
                    }
                }
                if (took) {
                    since = 0;
                } else {
                    waitAhead(now - since);
                    c0[6] += System.nanoTime() - now;
                }
            }
            if (k == 0 && merged != null && !failed.get()) {
                parts.merge((steps - 1) & 1, own, merged, steps - 1);
            }
            if (st != null) {
                st.ahead(k, c0);
            }
        }
    }

    /**
     * The most steps of projected input the pipeline holds ahead of the neurons (the ring's slots), and the
     * bytes the ring may take (fewer slots for wider steps, at least {@link #PIPE_MIN_SLOTS}). A deep ring
     * lets the threads that only project go on while the neurons' thread is descheduled on a busy machine,
     * instead of waiting for a slot: with 8 slots (1000 -> 10,000 neurons, two threads, load 3-4 on two
     * cores, six rounds of 200 calls) the projecting thread waited 1,400-27,000 rounds per 100-step sequence
     * for a slot and projected 30-51 of the 100 steps; with 32 slots, in the same runs, 4,500-16,000 rounds
     * and 40-44 steps, and a third as many steps projected aside ({@link PipeStats}). The ring is kept for
     * the module's next call (up to {@link #PIPE_RING_BYTES}, or 8 steps if those are wider).
     */
    static final int PIPE_SLOTS = 32;

    /** See {@link #PIPE_SLOTS}. */
    static final int PIPE_MIN_SLOTS = 8;

    /** See {@link #PIPE_SLOTS}. */
    static final long PIPE_RING_BYTES = 2L << 20;

    /** The ring of a finished {@link #runPipelined} call, kept for the next call of this module (taken, not shared). */
    private final java.util.concurrent.atomic.AtomicReference<float[][]> spareRing =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** The most threads a pipeline runs on: the neurons' thread and up to three that only project. */
    static final int MAX_PIPE_THREADS = 4;

    /**
     * The input projection per step (floats added over all batch rows: input events times the neurons
     * each reaches) from which a sequence of fewer batch rows than threads runs {@link #runPipelined}
     * without being asked. Measured with {@code WideRecurrentBenchmark} (one row, 1000 inputs at 3 %: about
     * 30 events per step; the pipeline forced on at every size; two threads against one on a 2-core AVX-512
     * machine that other jobs kept busy, so fastest samples compared): 2000 neurons (60,000 per step) ran
     * 0.8x one thread, 5000 (150,000) 1.45x, 10,000 1.7x. Below, the hand-over per step and the other
     * thread's start per call cost about what it saves.
     */
    static final long PIPE_MIN_WORK = 100_000;

    /**
     * How many threads a sequence of {@code rows} batch rows with {@code events} input events over
     * {@code steps} steps runs {@link #runPipelined} on; 1 when it does not (then its rows are split, or
     * with {@link #setSplitNeurons} its neurons). It does when the rows are fewer than the threads, the
     * caller is not itself a pool thread, and either a step's projection is at least {@link #PIPE_MIN_WORK}
     * or the neuron split was asked for and the input weights are sparse. Evaluation mode only (the caller
     * checks).
     */
    final int pipeThreads(int rows, long events, int steps) {
        int t = threads();
        if (t < 2 || rows >= t || Parallel.inPool()) {
            return 1;
        }
        boolean pays = inputWork(events, steps) >= PIPE_MIN_WORK;
        boolean asked = inSyn != null && columnPieces(rows) > 1;
        return pays || asked ? Math.min(Math.min(t, MAX_PIPE_THREADS), steps) : 1;
    }

    /**
     * A time loop for few rows on {@code threads} threads, by what a step needs instead of by neurons.
     * The input projection of a step (what {@code in} computes: event-driven rows or columns of the input
     * weights) does not depend on the state, so it is computed ahead into a ring of slots (up to
     * {@link #PIPE_SLOTS}, at most {@link #PIPE_RING_BYTES}, at least {@link #PIPE_MIN_SLOTS}, never more
     * than the steps): steps are claimed in order from a counter, and each is projected whole by the one thread
     * that claimed it, so its numbers do not depend on which thread that was. The calling thread adds the
     * recurrent term and steps the neurons (every neuron's arithmetic is that of {@link #advance}: the
     * results are the same bit for bit as one thread); while the step it needs is still being projected
     * it claims and projects steps ahead itself instead of waiting, and the other threads only project.
     * So the projection is shared by all the threads, and the neurons' thread never waits at a barrier:
     * it waits only when another thread is still projecting the very step it needs, and then briefly.
     * A slot is published by a per-slot flag (the step it holds) and reused once the neurons are done
     * with its step. A thread that fails stops the others. Evaluation mode only.
     */
    final void runPipelined(int steps, int rows, int threads, StepInput in, S s, Coefficients c, StepOutput out,
            S rec) {
        runPipelined(steps, rows, threads, in, s, c, () -> out, rec);
    }

    /**
     * As above, with the output made by the calling thread once the other threads' work has been submitted
     * to the pool: what {@code output} does (a sequence's new output tensor, 4 MB for 100 steps of 10,000
     * neurons, zeroed by the JVM) then overlaps the other threads' start and their first steps' projections
     * instead of coming before them. If it throws a runtime exception or an error, the call ends with it once
     * the other threads have stopped.
     */
    final void runPipelined(int steps, int rows, int threads, StepInput in, S s, Coefficients c,
            java.util.function.Supplier<StepOutput> output, S rec) {
        int h = hiddenSize, per = rows * h;
        int slots = (int) Math.min(steps, Math.min(PIPE_SLOTS, Math.max(PIPE_MIN_SLOTS, PIPE_RING_BYTES / 4 / per)));
        float[][] kept = spareRing.getAndSet(null); // a ring per call (no zeroing per call when one is kept)
        float[][] ring = kept != null && kept.length == slots && kept[0].length == per ? kept : new float[slots][per];
        java.util.concurrent.atomic.AtomicIntegerArray ready = new java.util.concurrent.atomic.AtomicIntegerArray(slots);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger consumed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        attachLine(s);
        Scratch sc = takeScratch(0, rows, slots(), s);
        StepInput piped = new StepInput() {
            @Override
            public float[] array(int t, int row, Scratch scratch) {
                return ring[t % slots];
            }

            @Override
            public int offset(int t, int row) {
                return row * h;
            }
        };
        Scratch[] projecting = new Scratch[threads];
        for (int k = 0; k < threads; k++) {
            projecting[k] = takeScratch(0, rows, 1, s);
        }
        for (int q = 0; q < slots; q++) {
            ready.set(q, q - slots + 1); // as if step q - slots had been published: the slot is free
        }
        PipeStats st = pipeStats;
        long wall0 = st != null ? System.nanoTime() : 0;
        long[] listed = new long[1]; // the recurrent spikes, counted by the neurons' thread
        Parallel.forEach(threads, k -> {
            Scratch own = projecting[k];
            try {
                if (k == 0) {
                    StepOutput out = output.get();
                    DenseIn direct = new DenseIn(h); // a step projected aside (its buffer made when first needed)
                    long took = STEAL_AFTER_NANOS; // how long this thread's last projection took
                    for (int t = 0; t < steps; t++) {
                        StepInput from = piped;
                        int idle = 0;
                        long since = 0;
                        while (ready.get(t % slots) != t + 1) {
                            if (failed.get()) {
                                return; // the other thread's exception is the call's
                            }
                            int n = next.get();
                            boolean free = n < steps && ready.get(n % slots) == n - slots + 1;
                            if (n < steps && n < t + slots && (free || n == t) && next.compareAndSet(n, n + 1)) {
                                long t0 = System.nanoTime();
                                if (free) {
                                    projectStep(n, rows, in, own, ring[n % slots], 0, ready, slots);
                                    took = System.nanoTime() - t0;
                                    if (st != null) {
                                        st.add(0, 1, took);
                                    }
                                    continue;
                                }
                                // step t is this thread's, but its slot's last step is still being written by a
                                // late thread: project it aside
                                projectStep(t, rows, in, own, direct.step(per), 0, null, slots);
                                if (st != null) {
                                    st.aside(System.nanoTime() - t0);
                                }
                                from = direct;
                                break;
                            }
                            if (n > t && (idle & 63) == 63) {
                                long now = System.nanoTime();
                                if (since == 0) {
                                    since = now;
                                } else if (now - since > 2 * took) {
                                    // the thread projecting step t is late (descheduled on a busy machine):
                                    // project it again, aside; the same numbers, as the same arithmetic
                                    projectStep(t, rows, in, own, direct.step(per), 0, null, slots);
                                    if (st != null) {
                                        st.aside(System.nanoTime() - now);
                                    }
                                    from = direct;
                                    break;
                                }
                            }
                            idle(idle++);
                        }
                        long a0 = st != null ? System.nanoTime() : 0;
                        advance(t, from, s, c, sc, out, rec, null, 0);
                        listed[0] += spikesListed(sc);
                        if (st != null) {
                            st.neurons(System.nanoTime() - a0);
                        }
                        consumed.set(t + 1);
                    }
                } else {
                    int idle = 0;
                    long full = 0, busy = 0; // rounds of waiting for a free slot: ring full, or its step still being written
                    if (st != null) {
                        st.started(System.nanoTime() - wall0);
                    }
                    for (int n = next.get(); n < steps && !failed.get(); n = next.get()) {
                        if (n < consumed.get() + slots && ready.get(n % slots) == n - slots + 1
                                && next.compareAndSet(n, n + 1)) {
                            long p0 = st != null ? System.nanoTime() : 0;
                            projectStep(n, rows, in, own, ring[n % slots], 0, ready, slots);
                            if (st != null) {
                                st.add(k, 1, System.nanoTime() - p0);
                            }
                            idle = 0;
                        } else {
                            if (st != null) {
                                if (n >= consumed.get() + slots) {
                                    full++;
                                } else {
                                    busy++;
                                }
                            }
                            idle(idle++);
                        }
                    }
                    if (st != null) {
                        st.waited(full, busy);
                    }
                }
            } catch (Throwable e) { // a checked exception thrown past the compiler too
                failed.set(true);
                throw e;
            }
        });
        if (st != null) {
            st.call(System.nanoTime() - wall0);
        }
        spareRing.set(ring);
        keepScratch(sc);
        for (Scratch p : projecting) {
            keepScratch(p);
        }
        countedSpikes(listed[0], steps, rows);
        stepsDone(s, steps);
    }

    /**
     * Counters of {@link #runPipelined} for measuring where its threads' time goes (tests and diagnostics,
     * e.g. {@code bench/io/snn4j/module/PipelineProbe}): set {@link #pipeStats} to an instance and every call
     * adds to it; null (the default) costs a null test per step. Per thread: the steps it projected into the
     * ring and the time that took; the neurons' thread's time stepping the neurons and its steps projected
     * aside; the helpers' start delays (from the call's start to their first look at the counter) and their
     * rounds of waiting for a slot (ring full: the neurons are a ring behind; busy: the slot's last step is
     * still being written). Times in nanoseconds, summed over calls. For one call at a time.
     */
    static final class PipeStats {
        final long[] steps = new long[MAX_PIPE_THREADS];
        final long[] projectNanos = new long[MAX_PIPE_THREADS];
        final long[] aheadSteps = new long[MAX_PIPE_THREADS];
        final long[] aheadNanos = new long[MAX_PIPE_THREADS];
        final long[] aheadWaitNanos = new long[MAX_PIPE_THREADS];
        long asides, asideNanos, neuronNanos, calls, wallNanos, startNanos, helperStarts, waitFull, waitSlot, takeovers,
                takeoverNanos;
        final long[] starts = new long[4096];

        /** One helper's start delay (each helper of a call counts once). */
        synchronized void started(long nanos) {
            starts[(int) (helperStarts % starts.length)] = nanos;
            helperStarts++;
            startNanos += nanos;
        }

        /**
         * The fraction {@code q} quantile of the helpers' start delays (nanoseconds) over the last starts: the
         * smallest that at least {@code q} of them do not exceed (with fewer than 100 starts, the 0.99 one is
         * the largest); 0 before the first.
         */
        synchronized long startQuantile(double q) {
            long[] a = Arrays.copyOf(starts, (int) Math.min(helperStarts, starts.length));
            Arrays.sort(a);
            return a.length == 0 ? 0 : a[(int) Math.max(0, Math.min(a.length - 1, Math.ceil(q * a.length) - 1))];
        }

        synchronized void waited(long full, long busy) {
            waitFull += full;
            waitSlot += busy;
        }

        synchronized void add(int k, int n, long nanos) {
            steps[k] += n;
            projectNanos[k] += nanos;
        }

        synchronized void aside(long nanos) {
            asides++;
            asideNanos += nanos;
        }

        synchronized void neurons(long nanos) {
            neuronNanos += nanos;
        }

        /**
         * Thread k's part of a {@link #runColumnsAhead} call: its own piece's steps and their time (without the
         * projection), its own piece's steps projected and their time, other pieces' steps it took over and
         * their time (with the projection), its time waiting.
         */
        synchronized void ahead(int k, long[] c) {
            steps[k] += c[0];
            projectNanos[k] += c[1];
            aheadSteps[k] += c[2];
            aheadNanos[k] += c[3];
            takeovers += c[4];
            takeoverNanos += c[5];
            aheadWaitNanos[k] += c[6];
        }

        synchronized void call(long nanos) {
            calls++;
            wallNanos += nanos;
        }

        @Override
        public synchronized String toString() {
            double c = Math.max(1, calls);
            StringBuilder b = new StringBuilder(String.format("per call: wall %.3f ms, neurons %.3f ms", wallNanos / c / 1e6,
                    neuronNanos / c / 1e6));
            for (int k = 0; k < steps.length; k++) {
                if (steps[k] > 0) {
                    // the shared projection's steps projected, or the column split's own piece steps
                    b.append(String.format(", thread %d: %.1f steps in %.3f ms", k, steps[k] / c,
                            projectNanos[k] / c / 1e6));
                }
                if (aheadSteps[k] > 0) {
                    b.append(String.format(" (its piece's columns of %.1f steps projected in %.3f ms, waited %.3f ms)",
                            aheadSteps[k] / c, aheadNanos[k] / c / 1e6, aheadWaitNanos[k] / c / 1e6));
                }
            }
            return b.append(String.format(", aside %.2f (%.3f ms), helpers' start median %.3f ms (p90 %.3f, p99 %.3f, mean %.3f),"
                    + " waiting rounds ring full %.0f, slot busy %.0f, pieces' steps taken over %.2f (%.3f ms)", asides / c,
                    asideNanos / c / 1e6, startQuantile(0.5) / 1e6, startQuantile(0.9) / 1e6, startQuantile(0.99) / 1e6,
                    startNanos / Math.max(1.0, helperStarts) / 1e6, waitFull / c,
                    waitSlot / c, takeovers / c, takeoverNanos / c / 1e6)).toString();
        }
    }

    /** See {@link PipeStats}; null unless a diagnostic sets it. */
    static volatile PipeStats pipeStats;

    /**
     * How long the neurons' thread of {@link #runPipelined} waits for a step that another thread is
     * projecting before it projects the step again itself, at first; later twice its own last projection.
     */
    static final long STEAL_AFTER_NANOS = 200_000;

    /**
     * Projects step {@code n}'s rows into {@code dst[at ..]}, then, if {@code ready} is not null, marks the
     * step's slot as holding step n.
     */
    private static void projectStep(int n, int rows, StepInput in, Scratch own, float[] dst, int at,
            java.util.concurrent.atomic.AtomicIntegerArray ready, int slots) {
        int h = own.h;
        for (int row = 0; row < rows; row++) {
            in.projectInto(n, row, own, dst, at + row * h, h);
        }
        if (ready != null) {
            ready.set(n % slots, n + 1);
        }
    }

    /**
     * How long a thread of {@link #runColumnsAhead} that has nothing to do spins before it parks: a few steps'
     * work. A partner still busy after that has most likely lost its core to another process, and a parked
     * thread leaves its own core free for it (the scheduler moves a waiting thread to an idle core at once,
     * not to one that spins).
     */
    static final long AHEAD_SPIN_NANOS = 50_000;

    /** One round of waiting in {@link #runColumnsAhead}, {@code waited} nanoseconds into the wait. */
    private static void waitAhead(long waited) {
        if (waited < AHEAD_SPIN_NANOS) {
            Thread.onSpinWait();
        } else {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
    }

    /** One round of waiting, the {@code n}-th in a row: spins, then yields, then parks briefly. */
    private static void idle(int n) {
        if (n < 20_000) {
            Thread.onSpinWait();
        } else if (n < 20_200) {
            Thread.yield();
        } else {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
    }

    /**
     * Per-thread buffers for rows [r0, r1), allocated once per call (or kept across the calls of a cell),
     * not per step. The event-driven input projection fills columns [j0, j1) of {@code u} (all of them
     * unless a thread owns a column range).
     */
    static final class Scratch {
        final int r0, r1, h;
        final float[] rec;
        final float[] u;
        final int[] inputIdx;
        final float[] inputVal;
        final int[][] active;
        final int[] counts;
        int j0;
        int j1;
        boolean binary;
        /**
         * Whether {@link #advance} lists a row's new spikes after the step (true): the next step's recurrent
         * term and a sparse output read the lists. A cell whose output is dense lists the spikes when it is
         * next called ({@link #reset}), so it turns this off and saves a scan per step.
         */
        boolean listAfterStep;
        /** Sparse weights: where each column's part for [j0, j1) is, {@code ptr[k * ptrStride + ptrOff]} on. */
        int[] inPtr;
        int[] recPtr;
        int ptrStride;
        int ptrOff;
        /** The values of non-binary spikes at the active positions (sparse weights only), made when first needed. */
        float[][] activeVal;
        /** The input projected in bursts for these rows ({@link #projectsInBursts}), made when first needed. */
        private BurstIn burst;

        Scratch(int r0, int r1, int h, int slots, int inputSize, NeuronState s) {
            this.r0 = r0;
            this.r1 = r1;
            this.h = h;
            rec = new float[(r1 - r0) * h * slots];
            u = new float[h];
            inputIdx = new int[inputSize];
            inputVal = new float[inputSize];
            active = new int[r1 - r0][h];
            counts = new int[r1 - r0];
            reuse(s);
        }

        /**
         * Sets what a scratch starts a call with, on state {@code s}: the constructor's last step, and how a
         * finished call's scratch is made ready for the next call. Every buffer a step reads is written by the
         * step first (as it already is from step to step), so only the column range, the listing flag, the
         * sparse pointers' layout and the lists of the state's spikes are set (the module points it at its
         * weights, as it does a new one).
         */
        void reuse(NeuronState s) {
            j0 = 0;
            j1 = h;
            listAfterStep = true;
            ptrStride = 1;
            ptrOff = 0;
            reset(s);
        }

        /** {@code in}'s {@code steps} steps for these rows, projected {@link #BURST_STEPS} at a time. */
        StepInput burst(StepInput in, int steps) {
            if (burst == null) {
                burst = new BurstIn(r0, r1, h);
            }
            return burst.set(in, steps);
        }

        /** Lets go of the last call's input, if it was projected in bursts (so that a kept scratch holds no input). */
        void dropBurstInput() {
            if (burst != null) {
                burst.set(null, 0);
            }
        }

        /** Tests: how many calls projected their input in bursts through this scratch. */
        int burstCalls() {
            return burst == null ? 0 : burst.calls;
        }

        /** Reads the state's spikes again (the state of a new call). */
        void reset(NeuronState s) {
            float[] z = s.spikes();
            boolean bin = true;
            for (int row = r0; row < r1; row++) {
                bin &= scan(z, row * h, row - r0);
            }
            binary = bin;
        }

        /**
         * Collects the active neurons of a z row; returns whether every nonzero value is 1. Plain spikes
         * take one pass ({@code spikeIndices}); only other values are listed again by {@code nonzeros}.
         */
        boolean scan(float[] z, int off, int local) {
            int[] a = active[local];
            int c = K.spikeIndices(z, off, h, a);
            boolean bin = c >= 0;
            counts[local] = bin ? c : K.nonzeros(z, off, h, a, 0, h);
            return bin;
        }
    }

    /**
     * Advances rows [sc.r0, sc.r1) of state {@code s} by one step {@code t}: recurrent term from the
     * state's spikes, the model's step, then the new spikes into the state, the output and the record.
     */
    final void advance(int t, StepInput in, S s, Coefficients c, Scratch sc, StepOutput out, S rec) {
        advance(t, in, s, c, sc, out, rec, null, 0);
    }

    /** As above, recording step {@code base + t} into {@code tp} (training mode) unless it is null. */
    final void advance(int t, StepInput in, S s, Coefficients c, Scratch sc, StepOutput out, S rec, Tape<S> tp, int base) {
        int h = hiddenSize;
        int rows = sc.r1 - sc.r0;
        int stride = slots() * h;
        float[] z = s.spikes();
        recurrentTerm(t, s, z, sc, stride, 0, h);
        beforeStep(s, sc);
        NeuronModel<P, S> m = activation();
        for (int row = sc.r0; row < sc.r1; row++) {
            int e0 = row * h;
            float[] x = in.array(t, row, sc);
            if (tp != null) {
                System.arraycopy(z, e0, tp.zPrev.get(base + t), e0, h);
                m.gradient().recorder().record(x, in.offset(t, row), sc.rec, (row - sc.r0) * stride, s, e0,
                        tp.records.get(base + t), e0, h);
            }
            m.stepRange(x, in.offset(t, row) - e0, sc.rec, (row - sc.r0) * stride - e0, s, e0, e0 + h, z, 0, c);
        }
        afterStep(s, sc);
        boolean binary = true, list = sc.listAfterStep;
        for (int row = sc.r0; row < sc.r1; row++) {
            int local = row - sc.r0;
            int e0 = row * h;
            if (list) {
                binary &= sc.scan(z, e0, local);
            }
            out.emit(t, row, z, e0, sc.active[local], sc.counts[local]);
            if (rec != null) {
                s.recordInto(rec, t, e0, e0 + h);
            }
        }
        if (list) {
            sc.binary = binary;
        }
    }

    /**
     * The recurrent input of step {@code t} for rows {@code [sc.r0, sc.r1)} and neurons
     * {@code [j0, j0 + w)}, into {@code sc.rec} (row q at {@code q * stride}), from the previous step's
     * spikes {@code zPrev} (row r at {@code r * hidden}) whose active neurons {@code sc} lists. Dense weights
     * add rows of {@code W_rec^T} (or a dense product above {@link #denseAbove()} or for non-binary spikes),
     * sparse weights the spiking neurons' columns; both in ascending source order. With delays the spikes'
     * terms go into the state's delay line at their arrival steps, and what arrives at step t is taken out.
     */
    final void recurrentTerm(int t, S s, float[] zPrev, Scratch sc, int stride, int j0, int w) {
        int h = hiddenSize, rows = sc.r1 - sc.r0;
        DelayLine line = delaySlots > 1 ? s.delayLine() : null;
        if (recSyn == null || line == null) {
            if (recSyn == null) {
                long spikes = 0;
                for (int q = 0; q < rows; q++) {
                    spikes += sc.counts[q];
                }
                if (!sc.binary || spikes > denseAbove * rows * h) {
                    K.gemm(numerics.fused(), zPrev, sc.r0 * h, h, wrecT, offT + j0, ldT, sc.rec, j0, stride, rows, w, h);
                } else {
                    for (int q = 0; q < rows; q++) { // the whole row, or the columns [j0, j0 + w) of a piece
                        K.sumRows(sc.active[q], sc.counts[q], wrecT, offT + j0, ldT, sc.rec, q * stride + j0, w);
                    }
                }
            } else {
                for (int q = 0; q < rows; q++) {
                    Arrays.fill(sc.rec, q * stride + j0, q * stride + j0 + w, 0f);
                    scatter(recSyn, sc.active[q], activeValues(sc, zPrev, q), 0, sc.counts[q], sc.recPtr, sc.ptrStride,
                            sc.ptrOff, sc.rec, q * stride);
                }
            }
            if (line == null) {
                return;
            }
        }
        int size = s.size(), slots = delaySlots;
        float[] ring = line.data();
        int head = (int) ((line.head() + (long) t) % slots);
        int arrive = (head + recurrentDelay - 1) % slots;
        for (int q = 0; q < rows; q++) {
            int e0 = (sc.r0 + q) * h;
            if (recSyn == null) {
                K.addScaled(ring, arrive * size + e0 + j0, sc.rec, q * stride + j0, 1f, w);
            } else if (recSyn.hasDelays()) {
                K.scatterColumnsDelayed(sc.active[q], activeValues(sc, zPrev, q), 0, sc.counts[q], sc.recPtr, sc.ptrStride,
                        sc.ptrOff, recSyn.rowArray(), recSyn.valueArray(), recSyn.delayArray(), ring, e0, size, head, slots);
            } else {
                scatter(recSyn, sc.active[q], activeValues(sc, zPrev, q), 0, sc.counts[q], sc.recPtr, sc.ptrStride,
                        sc.ptrOff, ring, arrive * size + e0);
            }
            int now = head * size + e0 + j0;
            System.arraycopy(ring, now, sc.rec, q * stride + j0, w);
            Arrays.fill(ring, now, now + w, 0f);
        }
    }

    /**
     * {@code out[outOff ..+ syn.targets()] = x[xOff ..+ len] W^T} for sparse {@code W}: the nonzero elements
     * of x, with their values, add their columns in ascending order, as the dense product sums (what it
     * adds for a zero element or a weight that is not stored is a signed zero, which changes no sum that
     * starts at +0). {@code idx} and {@code val} are scratch of at least {@code len}.
     */
    static void sparseRow(Synapses syn, float[] x, int xOff, int len, float[] out, int outOff, int[] idx, float[] val) {
        int c = K.nonzeros(x, xOff, len, idx, 0, len);
        for (int i = 0; i < c; i++) {
            val[i] = x[xOff + idx[i]];
        }
        Arrays.fill(out, outOff, outOff + syn.targets(), 0f);
        scatter(syn, idx, val, 0, c, syn.colStartArray(), 1, 0, out, outOff);
    }

    /** Adds the columns of events {@code [e0, e1)} of {@code syn} (per-synapse or per-source weights) to {@code out}. */
    static void scatter(Synapses syn, int[] idx, float[] val, int e0, int e1, int[] ptr, int stride, int off,
            float[] out, int outOff) {
        float[] w = syn.valueArray();
        if (w != null) {
            K.scatterColumns(idx, val, e0, e1, ptr, stride, off, syn.rowArray(), w, out, outOff);
        } else {
            K.scatterColumnsUniform(idx, val, e0, e1, ptr, stride, off, syn.rowArray(), syn.columnValueArray(), out, outOff);
        }
    }

    /** The spikes' values at row q's active positions (null when they are all 1). */
    private static float[] activeValues(Scratch sc, float[] zPrev, int q) {
        if (sc.binary) {
            return null;
        }
        if (sc.activeVal == null) {
            sc.activeVal = new float[sc.r1 - sc.r0][sc.h];
        }
        float[] v = sc.activeVal[q];
        int[] a = sc.active[q];
        int e0 = (sc.r0 + q) * sc.h;
        for (int i = 0; i < sc.counts[q]; i++) {
            v[i] = zPrev[e0 + a[i]];
        }
        return v;
    }

    /** The state's delay line, attached if the module has delays and the state none yet; checked. */
    final void attachLine(S s) {
        DelayLine l = s.delayLine();
        if (delaySlots == 1) {
            if (l != null) {
                throw new IllegalArgumentException(name() + ": the state carries synaptic input on its way (a delay line of "
                        + l.slots() + " steps), but this module's synapses have no delay beyond one step");
            }
            return;
        }
        if (l == null) {
            s.setDelayLine(new DelayLine(delaySlots, s.size()));
        } else if (l.slots() != delaySlots) {
            throw new IllegalArgumentException(name() + ": the state's delay line holds " + l.slots() + " steps, this "
                    + "module's longest delay is " + delaySlots);
        }
    }

    /** Moves the state's delay line on after {@code steps} steps of the whole state. */
    final void stepsDone(S s, int steps) {
        if (delaySlots > 1) {
            s.delayLine().advance(steps);
        }
    }

    /** A scratch for rows [r0, r1) with the sparse weights' whole columns. */
    final Scratch newScratch(int r0, int r1, int slots, S s) {
        return pointedAtWeights(new Scratch(r0, r1, hiddenSize, slots, inputSize, s));
    }

    /** Points {@code sc} at the start of each sparse weight column (whole rows); nothing for dense weights. */
    private Scratch pointedAtWeights(Scratch sc) {
        sc.inPtr = inSyn == null ? null : inSyn.colStartArray();
        sc.recPtr = recSyn == null ? null : recSyn.colStartArray();
        return sc;
    }

    /**
     * Scratches of the module's finished sequence calls ({@link #runPieces}, {@link #runPipelined}), kept for
     * its next calls: each is taken by one call ({@link #takeScratch}) and given back when the call has ended
     * ({@link #keepScratch}), never shared. Allocating and zeroing them took 20-90 us a scratch in {@code
     * WideRecurrentBenchmark}'s layer (about 130 KB each, three a call on two threads), before the first
     * step, on the calling thread.
     */
    private final java.util.concurrent.atomic.AtomicReferenceArray<Scratch> spareScratch =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(2 * MAX_PIPE_THREADS);

    /** A kept scratch for rows [r0, r1) with {@code slots} slots, made ready for state {@code s}, or a new one. */
    final Scratch takeScratch(int r0, int r1, int slots, S s) {
        for (int i = 0; i < spareScratch.length(); i++) {
            Scratch sc = spareScratch.get(i);
            if (sc != null && sc.r0 == r0 && sc.r1 == r1 && sc.rec.length == (r1 - r0) * hiddenSize * slots
                    && spareScratch.compareAndSet(i, sc, null)) {
                sc.reuse(s);
                return pointedAtWeights(sc);
            }
        }
        return newScratch(r0, r1, slots, s);
    }

    /**
     * The most neurons (rows times neurons per row) a kept scratch covers: about 3 MB of buffers (and up to
     * 512 KB more if its calls projected their input in bursts, {@link #BURST_MAX_FLOATS}). Larger
     * scratches belong to calls of many rows, whose steps take long enough that making them again costs
     * nothing worth keeping memory for after the call.
     */
    static final int KEEP_SCRATCH_NEURONS = 1 << 18;

    /** Where {@link #keepScratch} puts a scratch when every slot is taken (slots used in turn). */
    private int evictAt;

    /**
     * Gives back a scratch its call has finished with, unless it is larger than {@link #KEEP_SCRATCH_NEURONS};
     * when every slot holds a kept scratch, one of them (in turn) makes room, so the shapes of the latest
     * calls are the ones kept.
     */
    final void keepScratch(Scratch sc) {
        if ((long) (sc.r1 - sc.r0) * sc.h > KEEP_SCRATCH_NEURONS) {
            return;
        }
        int n = spareScratch.length();
        for (int i = 0; i < n; i++) {
            if (spareScratch.compareAndSet(i, null, sc)) {
                return;
            }
        }
        int i = Math.floorMod(evictAt++, n); // a racy counter: any slot will do
        spareScratch.set(i, sc);
    }

    /** Tests: how many scratches the module keeps for its next calls. */
    final int keptScratches() {
        int k = 0;
        for (int i = 0; i < spareScratch.length(); i++) {
            k += spareScratch.get(i) != null ? 1 : 0;
        }
        return k;
    }

    /** Split tables of the sparse weights for the column ranges {@code cb}, kept for the next call with the same. */
    private volatile int[][] splitTables;

    /** Points piece {@code k} of the column ranges {@code cb} at its part of each sparse column. */
    final void bindPiece(Scratch sc, int[] cb, int k) {
        if (inSyn == null && recSyn == null) {
            return;
        }
        int[][] t = splitTables;
        if (t == null || !Arrays.equals(t[0], cb)) {
            t = new int[][] {cb.clone(), inSyn == null ? null : splitTable(inSyn, cb), recSyn == null ? null
                    : splitTable(recSyn, cb)};
            splitTables = t;
        }
        sc.inPtr = t[1];
        sc.recPtr = t[2];
        sc.ptrStride = cb.length;
        sc.ptrOff = k;
    }

    /**
     * For each column k and piece boundary q of {@code cb}, the first position of column k whose target is
     * at least {@code cb[q]}: {@code table[k * cb.length + q]} (targets ascend within a column).
     */
    private static int[] splitTable(Synapses syn, int[] cb) {
        int[] cs = syn.colStartArray(), rows = syn.rowArray();
        int n = syn.sources(), np = cb.length;
        int[] table = new int[Math.multiplyExact(n, np)];
        for (int k = 0; k < n; k++) {
            int p = cs[k];
            for (int q = 0; q < np; q++) {
                while (p < cs[k + 1] && rows[p] < cb[q]) {
                    p++;
                }
                table[k * np + q] = q == np - 1 ? cs[k + 1] : p;
            }
        }
        return table;
    }

    /** How many H-wide slots of scratch each row gets (the first holds the recurrent input). */
    int slots() {
        return 1;
    }

    /** Work on rows [sc.r0, sc.r1) after the recurrent input is known and before the model step. */
    void beforeStep(S s, Scratch sc) {
    }

    /** Work on rows [sc.r0, sc.r1) after the model step, before the spikes are read. */
    void afterStep(S s, Scratch sc) {
    }

    /** Output that copies each row's spikes into a dense {@code (T, rows, H)} array. */
    final DenseOut denseOutput(float[] o, int oOff, int rowsPerStep) {
        return new DenseOut(hiddenSize).set(o, oOff, rowsPerStep);
    }

    /** Output that keeps each row's active indices. */
    static StepOutput sparseOutput(int[][] lists, int rowsPerStep) {
        return (t, row, z, zOff, active, count) -> lists[t * rowsPerStep + row] = Arrays.copyOf(active, count);
    }

    /** Compressed spikes from per-row index lists. */
    static SparseSpikes assemble(int[] shape, int[][] lists) {
        int[] start = new int[lists.length + 1];
        for (int r = 0; r < lists.length; r++) {
            start[r + 1] = start[r] + lists[r].length;
        }
        int[] idx = new int[start[lists.length]];
        for (int r = 0; r < lists.length; r++) {
            System.arraycopy(lists[r], 0, idx, start[r], lists[r].length);
        }
        return SparseSpikes.fromCompressed(shape, start, idx);
    }

    /** {@code u = x W_in^T} for {@code rows} rows of x starting at {@code xOff}, split across threads. */
    final void project(float[] x, int xOff, int rows, float[] u) {
        int h = hiddenSize, in = inputSize;
        if (inSyn != null) {
            // sparse weights: each row's nonzero inputs are its events, with their values (what the dense
            // product adds for a zero input is a signed zero, which changes no sum that starts at +0)
            int[] b = rowPieces(rows, (long) rows * in);
            Parallel.forEach(b.length - 1, k -> {
                int[] idx = new int[in];
                float[] val = new float[in];
                for (int r = b[k]; r < b[k + 1]; r++) {
                    sparseRow(inSyn, x, xOff + r * in, in, u, r * h, idx, val);
                }
            });
            return;
        }
        long work = (long) rows * hiddenSize * inputSize / 64;
        if (pieces(work, rows * GRAIN) == 1) {
            K.gemm(numerics.fused(), x, xOff, in, winT, offT, ldT, u, 0, h, rows, h, in); // no split: nothing allocated
            return;
        }
        int[] b = rowPieces(rows, work);
        Parallel.forEach(b.length - 1, k -> K.gemm(numerics.fused(), x, xOff + b[k] * in, in, winT, offT, ldT, u, b[k] * h, h,
                b[k + 1] - b[k], h, in));
    }

    /** The state shape {@code (..., hidden)} for an input (step) of shape {@code (..., input)}, checked. */
    final int[] hiddenShape(String what, int[] inputShape) {
        return projectedShape(what, inputShape, inputSize, hiddenSize);
    }

    /** Scratch buffers for the row pieces {@code b}. */
    final Scratch[] scratches(int[] b, S s) {
        Scratch[] sc = new Scratch[b.length - 1];
        for (int k = 0; k < sc.length; k++) {
            sc[k] = newScratch(b[k], b[k + 1], slots(), s);
        }
        return sc;
    }

    /** A time loop over rows of a state, one piece per thread. */
    final void runPieces(int steps, int rows, StepInput in, S s, Coefficients c, StepOutput out, S rec, Tape<S> tp) {
        int[] b = rowPieces(rows, (long) steps * rows * hiddenSize);
        int base = tp == null ? 0 : tp.steps() - steps;
        attachLine(s);
        long spikes;
        if (b.length == 2) {
            // one piece on the calling thread, without a lambda or a shared counter: a cell's step allocates
            // nothing whether or not C2 inlines the pieces' loop (RecurrentCellBuffersTest)
            spikes = runPiece(steps, rows, b[0], b[1], in, s, c, out, rec, tp, base);
        } else {
            java.util.concurrent.atomic.AtomicLong sum = new java.util.concurrent.atomic.AtomicLong();
            Parallel.forEach(b.length - 1, k -> sum.addAndGet(runPiece(steps, rows, b[k], b[k + 1], in, s, c, out, rec, tp, base)));
            spikes = sum.get();
        }
        stepsDone(s, steps);
        if (tp != null) {
            tp.last = s;
        } else { // the next call's likely recurrent work
            countedSpikes(spikes, steps, rows);
        }
    }

    /** Rows [r0, r1) of {@link #runPieces}' time loop; returns the spikes its steps listed. */
    private long runPiece(int steps, int rows, int r0, int r1, StepInput in, S s, Coefficients c, StepOutput out, S rec,
            Tape<S> tp, int base) {
        Scratch sc = takeScratch(r0, r1, slots(), s);
        StepInput from = tp == null && projectsInBursts(steps, rows, r1 - r0, in) ? sc.burst(in, steps) : in;
        long n = 0;
        for (int t = 0; t < steps; t++) {
            advance(t, from, s, c, sc, out, rec, tp, base);
            n += spikesListed(sc);
        }
        sc.dropBurstInput();
        keepScratch(sc); // not after a failure
        return n;
    }

    /** How many steps {@link BurstIn} projects at once. */
    static final int BURST_STEPS = 4;

    /**
     * The most floats {@link BurstIn}'s buffer of {@link #BURST_STEPS} steps may take (512 KB), set between
     * the two sizes measured on one thread ({@code LIFRecurrent n -> n} on 3 % Poisson input, the two ways
     * taking turns in one JVM): B = 32 and n = 1000 (a 500 KB buffer) ran 1.08-1.19x faster in five rounds of
     * six (0.96x in the sixth), B = 32 and n = 2000 (1 MB) 1.04-1.13x slower in three.
     */
    static final int BURST_MAX_FLOATS = 1 << 17;

    /**
     * Whether a time loop over a piece of {@code pieceRows} of the {@code rows} batch rows, {@code steps}
     * steps of event-driven input {@code in} through dense input weights, projects the input
     * {@link #BURST_STEPS} steps at a time ({@link BurstIn}): when a step's projection for the piece adds at
     * least {@link #PIPE_MIN_WORK} floats (as many weights read, 400 KB, per step) and the buffer stays within
     * {@link #BURST_MAX_FLOATS}. Evaluation mode only (the caller checks).
     */
    final boolean projectsInBursts(int steps, int rows, int pieceRows, StepInput in) {
        if (steps < 2 || inSyn != null || !(in instanceof RecurrentModule<?, ?>.SparseIn si)
                || (long) BURST_STEPS * pieceRows * hiddenSize > BURST_MAX_FLOATS) {
            return false;
        }
        return inputWork(si.events(), steps) / rows * pieceRows >= PIPE_MIN_WORK;
    }

    /**
     * The input projection's floats added per step, over all batch rows, for {@code events} input events over
     * {@code steps} steps: events times the neurons each reaches (all of them for dense input weights).
     */
    final double inputWork(long events, int steps) {
        return (double) events / Math.max(1, steps) * (inSyn == null ? hiddenSize : (double) inSyn.count() / inputSize);
    }

    /**
     * An event-driven input projected {@link #BURST_STEPS} steps at a time into a buffer, then stepped
     * through by the neurons, for a time loop whose steps' projections read many weights (see
     * {@link #projectsInBursts}). The projections are the same calls into another buffer, so the same numbers.
     *
     * <p>Why: one step at a time, {@code WideRecurrentBenchmark}'s layer on one thread (1000 -> 10,000,
     * B = 1, 30 events and 1.2 MB of weight rows per step) took 2.54-4.32 ms per call at the median from one
     * round to the next (five JVMs), while the projection alone and the neurons without input, taking turns
     * with it, took about 0.5 ms less between them (e.g. 3.42 ms against 2.52 + 0.41 ms). Which speed a call
     * ran at depended on where the state's arrays lay (README, "The wide row: the one-thread baseline"), by
     * about 8 us a step. Not by 4 KB aliasing inside the neuron step, as first thought: the LIF kernel alone,
     * one of its arrays moved through every 64-byte offset of 4 KB against the others, took 1.97-2.71 us a step
     * for 10,000 neurons whatever the offset (README, "The wide row: the second thread's start and its CPU").
     * The cause is not known. In bursts the neurons read the input at a different offset at each of four
     * steps.
     *
     * <p>Measured on one thread, the two ways taking turns in one JVM (five JVMs, 3-10 rounds each): in the
     * 20 rounds where one step at a time took 2.66-4.32 ms at the median, bursts of four ran 1.04-1.43x
     * faster (2.5-3.3 ms a call), in the 5 where it took 2.54-2.64 ms the same (1.00-1.02x); bursts of one
     * step ran as one step at a time, bursts of two as bursts of four. For B = 32, n = 1000 on 3 % input:
     * 1.08-1.19x faster in five rounds of six on one thread (0.96x in the sixth), 1.05-1.08x in three on two.
     * For 5,000 neurons at B = 1: the same in three JVMs, 1.7x faster in a fourth. Single JMH forks (20 pairs,
     * README) spread wider than the change. Reused by its scratch across calls: {@link #set} points it at a
     * call's input.
     */
    static final class BurstIn implements StepInput {
        private final int r0, rowsIn, h;
        private final float[] buf;
        private StepInput in;
        private int steps, t0, t1;
        /** How many calls {@link #set} started (tests). */
        int calls;

        BurstIn(int r0, int r1, int h) {
            this.r0 = r0;
            this.rowsIn = r1 - r0;
            this.h = h;
            buf = new float[BURST_STEPS * rowsIn * h];
        }

        /** This call's input of {@code steps} steps; nothing projected yet. */
        BurstIn set(StepInput in, int steps) {
            this.in = in;
            this.steps = steps;
            t0 = t1 = 0;
            if (in != null) {
                calls++;
            }
            return this;
        }

        @Override
        public float[] array(int t, int row, Scratch sc) {
            if (t < t0 || t >= t1) {
                t0 = t;
                t1 = Math.min(steps, t + BURST_STEPS);
                for (int n = t0; n < t1; n++) {
                    for (int q = 0; q < rowsIn; q++) {
                        in.projectInto(n, r0 + q, sc, buf, ((n - t0) * rowsIn + q) * h, h);
                    }
                }
            }
            return buf;
        }

        /** Valid after {@link #array} for a step of the same burst (as {@link #advance} calls them). */
        @Override
        public int offset(int t, int row) {
            return ((t - t0) * rowsIn + row - r0) * h;
        }
    }

    /** The spikes {@code sc} lists (after a step: that step's). */
    private static long spikesListed(Scratch sc) {
        long n = 0;
        for (int q = 0; q < sc.r1 - sc.r0; q++) {
            n += sc.counts[q];
        }
        return n;
    }

    static int rowsOf(int[] stateShape) {
        return Shapes.size(stateShape) / stateShape[stateShape.length - 1];
    }
}
