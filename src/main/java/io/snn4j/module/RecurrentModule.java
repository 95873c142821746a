package io.snn4j.module;

import io.snn4j.functional.Coefficients;
import io.snn4j.functional.NeuronModel;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.StateFallback;
import io.snn4j.internal.Parallel;
import io.snn4j.internal.SeededRandom;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.SparseSpikes;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

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
    /** The default dense/event-driven crossover (spike rate), measured by RecurrentPropagationBenchmark. */
    public static final double DEFAULT_DENSE_ABOVE = 0.4;

    private static final AtomicLong SEEDS = new AtomicLong(0x5EED_0001L);
    static final Kernels K = KernelProvider.kernels();

    final int inputSize;
    final int hiddenSize;
    private final boolean autapses;
    private final FMatrixRMaj inputWeights;
    private final FMatrixRMaj recurrentWeights;
    /** W_in^T, (input, hidden) row-major: row k is what input k adds to every hidden neuron. */
    final float[] winT;
    /** W_rec^T, (hidden, hidden) row-major: row k is what a spike of neuron k adds to every neuron. */
    final float[] wrecT;
    private final double denseAbove;
    final boolean recordStates;
    /** The generator that drew the default weights; subclasses draw further matrices from it (as Norse from torch's). */
    final SeededRandom random;

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
        if (win != null) {
            requireMatrix("input_weights", win, hiddenSize, inputSize);
        }
        if (wrec != null) {
            requireMatrix("recurrent_weights", wrec, hiddenSize, hiddenSize);
        }
        SeededRandom random = generator(options);
        this.random = random;
        if (win == null) {
            win = randomWeights(random, hiddenSize, inputSize, hiddenSize);
        }
        if (wrec == null) {
            wrec = randomWeights(random, hiddenSize, hiddenSize, hiddenSize);
        }
        if (!autapses) {
            for (int k = 0; k < hiddenSize; k++) {
                wrec.set(k, k, 0f);
            }
        }
        this.inputWeights = win;
        this.recurrentWeights = wrec;
        if (activation.newState(new int[] {1}).spikes() == null) {
            throw new IllegalArgumentException(name + ": a recurrent model needs a state with spikes z");
        }
        this.winT = CommonOps_FDRM.transpose(win, null).data;
        this.wrecT = CommonOps_FDRM.transpose(wrec, null).data;
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

    /** A copy of the input weights, {@code (hidden, input)}. */
    public final FMatrixRMaj inputWeights() {
        return inputWeights.copy();
    }

    /** A copy of the recurrent weights in use, {@code (hidden, hidden)} (zero diagonal without autapses). */
    public final FMatrixRMaj recurrentWeights() {
        return recurrentWeights.copy();
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
    }

    /** Receives a row's spikes after each step. */
    interface StepOutput {
        void emit(int t, int row, float[] z, int zOff, int[] active, int count);
    }

    /** The projected dense input {@code u}: {@code rowsPerStep * H} floats per step. */
    final StepInput denseInput(float[] u, int rowsPerStep) {
        int h = hiddenSize;
        return new StepInput() {
            @Override
            public float[] array(int t, int row, Scratch sc) {
                return u;
            }

            @Override
            public int offset(int t, int row) {
                return (t * rowsPerStep + row) * h;
            }
        };
    }

    /** Event-driven input projection of sparse spikes: the rows of W_in^T of the active inputs. */
    final StepInput sparseInput(SparseSpikes x, int rowsPerStep) {
        int h = hiddenSize;
        return new StepInput() {
            @Override
            public float[] array(int t, int row, Scratch sc) {
                int count = x.copyIndices(t * rowsPerStep + row, sc.inputIdx);
                K.sumRows(sc.inputIdx, count, winT, h, sc.u, 0, h);
                return sc.u;
            }

            @Override
            public int offset(int t, int row) {
                return 0;
            }
        };
    }

    /** Per-thread buffers for rows [r0, r1), allocated once per call, not per step. */
    static final class Scratch {
        final int r0, r1, h;
        final float[] rec;
        final float[] u;
        final int[] inputIdx;
        final int[][] active;
        final int[] counts;
        boolean binary;

        Scratch(int r0, int r1, int h, int slots, int inputSize, NeuronState s) {
            this.r0 = r0;
            this.r1 = r1;
            this.h = h;
            rec = new float[(r1 - r0) * h * slots];
            u = new float[h];
            inputIdx = new int[inputSize];
            active = new int[r1 - r0][h];
            counts = new int[r1 - r0];
            float[] z = s.spikes();
            binary = true;
            for (int row = r0; row < r1; row++) {
                binary &= scan(z, row * h, row - r0);
            }
        }

        /** Collects the active neurons of a z row; returns whether every nonzero value is 1. */
        boolean scan(float[] z, int off, int local) {
            int[] a = active[local];
            int c = 0;
            boolean bin = true;
            for (int j = 0; j < h; j++) {
                float v = z[off + j];
                if (v != 0f) {
                    a[c++] = j;
                    bin &= v == 1f;
                }
            }
            counts[local] = c;
            return bin;
        }
    }

    /**
     * Advances rows [sc.r0, sc.r1) of state {@code s} by one step {@code t}: recurrent term from the
     * state's spikes, the model's step, then the new spikes into the state, the output and the record.
     */
    final void advance(int t, StepInput in, S s, Coefficients c, Scratch sc, StepOutput out, S rec) {
        int h = hiddenSize;
        int rows = sc.r1 - sc.r0;
        int stride = slots() * h;
        float[] z = s.spikes();
        long spikes = 0;
        for (int q = 0; q < rows; q++) {
            spikes += sc.counts[q];
        }
        if (!sc.binary || spikes > denseAbove * rows * h) {
            K.gemm(z, sc.r0 * h, h, wrecT, 0, h, sc.rec, 0, stride, rows, h, h);
        } else {
            for (int q = 0; q < rows; q++) {
                K.sumRows(sc.active[q], sc.counts[q], wrecT, h, sc.rec, q * stride, h);
            }
        }
        beforeStep(s, sc);
        NeuronModel<P, S> m = activation();
        for (int row = sc.r0; row < sc.r1; row++) {
            int e0 = row * h;
            float[] x = in.array(t, row, sc);
            m.stepRange(x, in.offset(t, row) - e0, sc.rec, (row - sc.r0) * stride - e0, s, e0, e0 + h, z, 0, c);
        }
        afterStep(s, sc);
        boolean binary = true;
        for (int row = sc.r0; row < sc.r1; row++) {
            int local = row - sc.r0;
            int e0 = row * h;
            binary &= sc.scan(z, e0, local);
            out.emit(t, row, z, e0, sc.active[local], sc.counts[local]);
            if (rec != null) {
                s.recordInto(rec, t, e0, e0 + h);
            }
        }
        sc.binary = binary;
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
    final StepOutput denseOutput(float[] o, int oOff, int rowsPerStep) {
        int h = hiddenSize;
        return (t, row, z, zOff, active, count) -> System.arraycopy(z, zOff, o, oOff + (t * rowsPerStep + row) * h, h);
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
        int[] b = rowPieces(rows, (long) rows * hiddenSize * inputSize / 64);
        int h = hiddenSize, in = inputSize;
        Parallel.forEach(b.length - 1, k -> K.gemm(x, xOff + b[k] * in, in, winT, 0, h, u, b[k] * h, h,
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
            sc[k] = new Scratch(b[k], b[k + 1], hiddenSize, slots(), inputSize, s);
        }
        return sc;
    }

    /** A time loop over rows of a state, one piece per thread. */
    final void runPieces(int steps, int rows, StepInput in, S s, Coefficients c, StepOutput out, S rec) {
        int[] b = rowPieces(rows, (long) steps * rows * hiddenSize);
        Parallel.forEach(b.length - 1, k -> {
            Scratch sc = new Scratch(b[k], b[k + 1], hiddenSize, slots(), inputSize, s);
            for (int t = 0; t < steps; t++) {
                advance(t, in, s, c, sc, out, rec);
            }
        });
    }

    static int rowsOf(int[] stateShape) {
        return Shapes.size(stateShape) / stateShape[stateShape.length - 1];
    }
}
