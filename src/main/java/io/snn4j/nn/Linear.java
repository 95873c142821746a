package io.snn4j.nn;

import io.snn4j.functional.NeuronState;
import io.snn4j.functional.Numerics;
import io.snn4j.internal.Events;
import io.snn4j.internal.Heap;
import io.snn4j.internal.Parallel;
import io.snn4j.internal.SeededRandom;
import io.snn4j.internal.vectorization.EventBlocks;
import io.snn4j.internal.vectorization.EventPanels;
import io.snn4j.internal.vectorization.KernelProvider;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.internal.vectorization.PackedMatrix;
import io.snn4j.module.Synapses;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import io.snn4j.tensor.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.FMatrixSparseCSC;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * A dense layer as PyTorch's {@code nn.Linear}: {@code y = x W^T + b}, with {@code W} of shape
 * {@code (out_features, in_features)} (an EJML matrix) and an optional bias of length out_features.
 * Input {@code (..., in_features)}, output {@code (..., out_features)}; the leading dimensions are rows.
 *
 * <p>Each output is summed as torch does on the reference BLAS: {@code acc = 0; acc = acc + x[k] * W[j][k]}
 * for ascending k, then {@code acc + b[j]}, in float32 without FMA, so the numbers equal Norse's bit for
 * bit; the product is the blocked, vectorised kernel of the recurrent modules, rows split across
 * threads. A time-first input {@code (T, ...)} whose steps are all equal (a constant current) is
 * multiplied once and the result copied to every step; an input that is mostly zero (at most a quarter
 * of its elements nonzero: spikes, or any values) takes the event-driven path by itself, as does a
 * {@link SparseSpikes} input (the same numbers). {@link #setNumerics} with {@link Numerics#FAST} trades the
 * bit-exactness of the dense product for fused multiply-adds (about 2.5x its throughput). In evaluation mode a
 * dense product of several rows (a batch) reads {@code W^T} from a copy laid out for the product's register
 * tiles, made at the first such call and again after the weights change: {@code 4 * in * out} bytes more,
 * the same numbers. Likewise an event-driven product of many rows (a {@link SparseSpikes} batch or sequence)
 * reads {@code W^T} from a copy laid out in the event kernel's column panels (another {@code 4 * in * out}
 * bytes and a little padding), made only while it takes at most a quarter of the heap still free; without
 * it the kernel copies the blocks it needs at every call. Both are kept until the weights change.
 *
 * <p>Sparse weights ({@link #sparse(FMatrixSparseCSC, float[])}, {@link #sparse(Synapses, float[])}): the
 * weight is kept in compressed columns, column k holding input k's fan-out, and every product is
 * event-driven: for each input row, the nonzero inputs (the events, ascending; the indices of a
 * {@link SparseSpikes} input, or the nonzero elements of a dense one, whatever its density) add their
 * columns, scaled by their values, then the bias is added. Each output therefore sums its terms in the
 * dense layer's order and only leaves out products with a weight that is not stored (0 in the dense
 * matrix) or with a zero input: for finite inputs the outputs equal those of the dense layer with the same
 * nonzero weights, bit for bit, on every path (tensor, {@link #applyConstant}, {@link SparseSpikes},
 * {@link SequentialState}'s chunked sequences) and for any thread count (rows are split across threads).
 * (A NaN or infinite input differs: the dense layer's {@code inf * 0} is NaN in every output, the sparse
 * layer's only where a weight is stored.) {@link Numerics#FAST} does not change a sparse layer's forward
 * sums (they are the exact ones, as for the dense layer's event-driven path); its backward sums use fused
 * multiply-adds as the dense layer's do. Memory: 8 bytes per stored weight plus {@code 4 * (in + 1)};
 * no dense or transposed copy is kept.
 *
 * <p>Trainable: {@link #parameters()} are the weight and bias over the layer's own arrays (copied from the
 * constructor's), in training mode ({@link #train}) calls record their inputs and {@link #backward}
 * accumulates the gradients. A sparse layer's weight parameter holds the stored weights only (shape
 * {@code (nnz)}, in {@link #sparseWeight()}'s order): the pattern is fixed, and the gradient of a stored
 * {@code W[j][k]} is the dense layer's at that position, bit for bit. Thread-safety: in evaluation mode
 * calls may run concurrently; training and optimizer steps must not overlap with other calls.
 */
public final class Linear implements Layer {
    private static final Kernels K = KernelProvider.kernels();

    private final int in;
    private final int out;
    /** The dense weight (null for a sparse layer). */
    private final FMatrixRMaj weight;
    private final float[] bias;
    /** The dense weight transposed (null for a sparse layer). */
    private final float[] wT;
    /** The sparse weight (null for a dense layer). */
    private final SparseProjection sparse;
    private final Parameter weightParam;
    private final Parameter biasParam;
    private long synced;
    private volatile int threads = Parallel.defaultThreads();
    private volatile boolean training;
    private volatile Numerics numerics = Numerics.EXACT;
    /**
     * Scratch of {@link #backward} (which one thread calls at a time): the transposed output gradient and
     * the weight gradient's product, kept between batches so that a training loop does not allocate them.
     */
    private float[] transposed, product;
    /** Training mode: the inputs of the calls since train(true) or the last backward. */
    private final List<Recorded> recorded = new ArrayList<>();

    /** One recorded call: its input rows, and the period (rows per step) if every step was the same. */
    private record Recorded(float[] x, int rows, int[] shape, int period) {
    }

    /**
     * A layer with the given weight {@code (out, in)} and bias (null: none); both are copied.
     *
     * @throws IllegalArgumentException if a value is not finite or the bias length is not out_features
     */
    public Linear(FMatrixRMaj weight, float[] bias) {
        if (weight == null || weight.numRows < 1 || weight.numCols < 1) {
            throw new IllegalArgumentException("weight must be a non-empty (out_features, in_features) matrix");
        }
        this.out = weight.numRows;
        this.in = weight.numCols;
        for (float v : weight.data) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("weight has a non-finite value " + v);
            }
        }
        checkBias(bias, out);
        this.weight = weight.copy();
        this.bias = bias == null ? null : bias.clone();
        this.wT = CommonOps_FDRM.transpose(weight, null).data;
        this.sparse = null;
        this.weightParam = new Parameter("weight", new int[] {out, in}, this.weight.data);
        this.biasParam = this.bias == null ? null : new Parameter("bias", new int[] {out}, this.bias);
    }

    /** A sparse layer over {@code sparse} (the layer's own copy) and a copy of {@code bias}. */
    private Linear(SparseProjection sparse, float[] bias) {
        checkBias(bias, sparse.out);
        this.out = sparse.out;
        this.in = sparse.in;
        this.weight = null;
        this.wT = null;
        this.sparse = sparse;
        this.bias = bias == null ? null : bias.clone();
        this.weightParam = new Parameter("weight", new int[] {sparse.count()}, sparse.values);
        this.biasParam = this.bias == null ? null : new Parameter("bias", new int[] {out}, this.bias);
    }

    /**
     * A layer with sparse weights: {@code weight} of shape {@code (out_features, in_features)} in EJML's
     * compressed columns (column k is input k's fan-out), and a bias of length out_features (null: none).
     * Both are checked and copied ({@link Synapses}' checks: row indices in range, finite values, no element
     * twice; a stored 0 is kept as a stored weight); the caller's matrix is never modified. The outputs equal
     * those of {@code new Linear(dense, bias)} for the dense matrix with the same elements, bit for bit (see
     * the class comment).
     *
     * @throws IllegalArgumentException naming the problem: a null, empty or broken matrix, an index out of
     *                                  range, a duplicate element, a non-finite weight or bias value, or a
     *                                  bias whose length is not out_features
     */
    public static Linear sparse(FMatrixSparseCSC weight, float[] bias) {
        if (weight == null) {
            throw new IllegalArgumentException("weight is null; expected an (out_features, in_features) FMatrixSparseCSC");
        }
        return new Linear(SparseProjection.of(Synapses.of(weight)), bias);
    }

    /**
     * A layer with the sparse weights of {@code weight} ({@link Synapses#targets()} = out_features,
     * {@link Synapses#sources()} = in_features), copied, and a bias of length out_features (null: none),
     * copied. As {@link #sparse(FMatrixSparseCSC, float[])}.
     *
     * @throws IllegalArgumentException if weight is null or has per-synapse delays, or the bias is not
     *                                  finite or not of length out_features
     */
    public static Linear sparse(Synapses weight, float[] bias) {
        return new Linear(SparseProjection.of(weight), bias);
    }

    /** Checks that {@code bias} is null or {@code out} finite values. */
    private static void checkBias(float[] bias, int out) {
        if (bias != null) {
            if (bias.length != out) {
                throw new IllegalArgumentException("bias has " + bias.length + " values, expected out_features = " + out);
            }
            for (float v : bias) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("bias has a non-finite value " + v);
                }
            }
        }
    }

    /** Whether the weight is sparse ({@link #sparse(FMatrixSparseCSC, float[])}). */
    public boolean isSparse() {
        return sparse != null;
    }

    /**
     * A copy of the sparse weight {@code (out_features, in_features)}, targets ascending within each column,
     * or null for a dense layer.
     */
    public FMatrixSparseCSC sparseWeight() {
        return sparse == null ? null : sparse.toCsc();
    }

    /**
     * The trainable parameters, as PyTorch names them: {@code weight (out, in)} and, if there is one,
     * {@code bias (out)}, over the layer's own arrays (an optimizer updates them in place). A sparse layer's
     * {@code weight} is its stored weights only, shape {@code (nnz)} in {@link #sparseWeight()}'s order
     * (column by column, targets ascending): the pattern stays fixed.
     */
    @Override
    public List<Parameter> parameters() {
        return biasParam == null ? List.of(weightParam) : List.of(weightParam, biasParam);
    }

    @Override
    public void train(boolean mode) {
        training = mode;
        recorded.clear();
    }

    /** Whether calls record their inputs for {@link #backward}. */
    public boolean isTraining() {
        return training;
    }

    /** Refreshes the transposed weight after an optimizer changed it. */
    private void syncWeights() {
        if (sparse != null) {
            return; // the kernels read the parameter's array itself
        }
        long v = weightParam.version();
        if (v != synced) {
            CommonOps_FDRM.transpose(weight, FMatrixRMaj.wrap(in, out, wT));
            packed = null;
            eventPanels = null;
            synced = v;
        }
    }

    /**
     * The number of rows per time step if {@code x} is a sequence {@code (T, ...)} with T > 1 whose steps
     * are all equal (a constant input current), else 0. Comparing costs one pass over the input, far
     * less than the product it saves (T - 1 of T); a varying input usually differs within its first row.
     */
    private int constantPeriod(Tensor x, int rows) {
        if (x.rank() < 3 || x.dim(0) < 2) {
            return 0;
        }
        int steps = x.dim(0), per = x.size() / steps;
        float[] d = x.data();
        int o = x.offset();
        for (int t = 1; t < steps; t++) {
            if (!Arrays.equals(d, o, o + per, d, o + t * per, o + (t + 1) * per)) {
                return 0;
            }
        }
        return rows / steps;
    }

    /**
     * The backward pass through the recorded calls (see {@link Layer#backward}): adds
     * {@code gradOutput^T x} to the weight's gradient and the column sums of {@code gradOutput} to the
     * bias's, and returns {@code gradOutput W} (the gradient of the inputs) unless {@code inputGradient}
     * is false. For a call whose time steps were all equal the weight gradient sums the steps' output
     * gradients first (one product instead of T); such a call's gradient may also be given already summed
     * over its steps (as a neuron module's {@code forwardConstant} returns it), and its input gradient is
     * then the summed one too.
     */
    @Override
    public Tensor backward(Tensor gradOutput, boolean inputGradient) {
        if (recorded.isEmpty()) {
            throw new IllegalStateException(this + ": backward() without a recorded forward pass; call train(true), then "
                    + "forward, then backward");
        }
        long rowsTotal = 0, rowsSummed = 0;
        for (Recorded r : recorded) {
            rowsTotal += r.rows;
            rowsSummed += r.period > 0 ? r.period : r.rows;
        }
        boolean summed = gradOutput != null && rowsSummed != rowsTotal && gradOutput.size() == rowsSummed * out;
        if (gradOutput == null || !summed && gradOutput.size() != rowsTotal * out) {
            throw new IllegalArgumentException("gradOutput must hold " + rowsTotal + " rows of " + out
                    + " values (the recorded outputs)" + (rowsSummed != rowsTotal ? " or " + rowsSummed
                            + " (the constant steps' gradients summed)" : "") + ", got "
                    + (gradOutput == null ? "null" : Arrays.toString(gradOutput.shape())));
        }
        float[] g = gradOutput.offset() == 0 && gradOutput.data().length == gradOutput.size() ? gradOutput.data()
                : gradOutput.toArray();
        float[] gw = weightParam.grad();
        long rowsIn = summed ? rowsSummed : rowsTotal;
        float[] gradIn = inputGradient ? new float[Math.toIntExact(rowsIn * in)] : null;
        int at = 0;
        for (Recorded r : recorded) {
            float[] gRows = g;
            int gOff = at * out, rows = r.rows;
            if (r.period > 0) {
                rows = r.period;
                if (!summed) {
                    // constant steps: sum the steps' output gradients, then one product with the first step
                    int steps = r.rows / r.period;
                    gRows = new float[r.period * out];
                    for (int t = 0; t < steps; t++) {
                        K.addScaled(gRows, 0, g, gOff + t * r.period * out, 1f, r.period * out);
                    }
                    gOff = 0;
                }
            }
            addTransposedProduct(gRows, gOff, rows, r.x, gw);
            if (biasParam != null) {
                float[] gb = biasParam.grad();
                for (int q = 0; q < rows; q++) {
                    K.addScaled(gb, 0, gRows, gOff + q * out, 1f, out);
                }
            }
            int rowsAll = summed && r.period > 0 ? r.period : r.rows;
            if (gradIn != null) {
                int base = at;
                boolean fused = numerics.fused();
                if (sparse != null) {
                    int[] b = Parallel.split(rowsAll, pieces((long) rowsAll * (in + sparse.count()), rowsAll), 1);
                    Parallel.forEach(b.length - 1, k -> sparse.inputGradient(g, base * out, gradIn, base * in, b[k],
                            b[k + 1], fused));
                } else {
                    int[] b = Parallel.split(rowsAll, pieces((long) rowsAll * in * out, rowsAll), 1);
                    Parallel.forEach(b.length - 1, k -> K.gemm(fused, g, (base + b[k]) * out, out, weight.data, 0, in,
                            gradIn, (base + b[k]) * in, in, b[k + 1] - b[k], in, out));
                }
            }
            at += rowsAll;
        }
        int calls = recorded.size();
        Recorded first = recorded.get(0);
        boolean sameShapes = recorded.stream().allMatch(r -> Arrays.equals(r.shape, first.shape));
        recorded.clear();
        if (gradIn == null) {
            return null;
        }
        int[] shape;
        if (calls == 1) {
            shape = summed && first.period > 0 ? Shapes.dropFirst(first.shape) : first.shape;
        } else {
            shape = sameShapes && !summed ? Shapes.prepend(calls, first.shape) : new int[] {Math.toIntExact(rowsIn), in};
        }
        return Tensor.wrap(gradIn, shape);
    }

    /**
     * {@code gw += g^T x} for {@code rows} rows: the output rows split across threads (a sparse layer: at
     * its stored positions only, its input columns split).
     */
    private void addTransposedProduct(float[] g, int gOff, int rows, float[] x, float[] gw) {
        if (sparse != null) {
            if (product == null) {
                product = new float[sparse.count()];
            }
            sparse.addWeightGradient(g, gOff, rows, x, gw, product, numerics.fused(),
                    pieces((long) rows * (in + sparse.count()), in));
            return;
        }
        if (transposed == null || transposed.length < out * rows) {
            transposed = new float[out * rows];
        }
        float[] gT = transposed;
        for (int q = 0; q < rows; q++) {
            for (int j = 0; j < out; j++) {
                gT[j * rows + q] = g[gOff + q * out + j];
            }
        }
        if (product == null) {
            product = new float[out * in];
        }
        float[] prod = product;
        int[] b = Parallel.split(out, pieces((long) rows * in * out, out), 1);
        Parallel.forEach(b.length - 1, k -> K.gemm(numerics.fused(), gT, b[k] * rows, rows, x, 0, in, prod, b[k] * in,
                in, b[k + 1] - b[k], in, rows));
        K.addScaled(gw, 0, prod, 0, 1f, prod.length);
    }


    /**
     * Chooses the arithmetic of the layer's products (forward and backward): {@link Numerics#EXACT}
     * (default, Norse's numbers bit for bit) or {@link Numerics#FAST} (fused multiply-adds).
     */
    @Override
    public void setNumerics(Numerics numerics) {
        if (numerics == null) {
            throw new IllegalArgumentException("numerics is null; use Numerics.EXACT or Numerics.FAST");
        }
        this.numerics = numerics;
    }

    /** The arithmetic of the layer's products. */
    public Numerics numerics() {
        return numerics;
    }

    private int pieces(long work, int units) {
        return (int) Math.max(1, Math.min(Math.min(threads, units), work / (1 << 18)));
    }

    /** A layer from tensors: weight {@code (out, in)}, bias {@code (out)} or null. */
    public static Linear of(Tensor weight, Tensor bias) {
        if (weight == null || weight.rank() != 2) {
            throw new IllegalArgumentException("weight must be a 2-d tensor (out_features, in_features), got "
                    + (weight == null ? "null" : Arrays.toString(weight.shape())));
        }
        if (bias != null && bias.rank() != 1) {
            throw new IllegalArgumentException("bias must be 1-d, got shape " + Arrays.toString(bias.shape()));
        }
        return new Linear(new FMatrixRMaj(weight.dim(0), weight.dim(1), true, weight.toArray()),
                bias == null ? null : bias.toArray());
    }

    /** {@code in_features}. */
    public int inFeatures() {
        return in;
    }

    /** {@code out_features}. */
    public int outFeatures() {
        return out;
    }

    /**
     * A copy of the weight {@code (out_features, in_features)}; for a sparse layer a dense copy (zeros where
     * no weight is stored: {@code out * in} floats, see {@link #sparseWeight()} for the compact form).
     *
     * @throws IllegalStateException if a sparse layer's dense copy would not fit in one Java array
     */
    public FMatrixRMaj weight() {
        return sparse != null ? sparse.toDense() : weight.copy();
    }

    /** A copy of the bias, or null. */
    public float[] bias() {
        return bias == null ? null : bias.clone();
    }

    /**
     * A layer initialised as PyTorch initialises {@code nn.Linear}: weight and bias uniform in
     * {@code [-1/sqrt(in), 1/sqrt(in))} (its {@code kaiming_uniform_(a = sqrt(5))}), drawn from a
     * {@link SeededRandom} with the given seed (weight first, row-major), so a seed gives the same layer on
     * every machine (not torch's numbers: its generator differs).
     */
    public static Linear initialized(int in, int out, boolean bias, long seed) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("in_features and out_features must be at least 1, got " + in + " and " + out);
        }
        SeededRandom r = new SeededRandom(seed);
        double bound = 1.0 / Math.sqrt(in);
        FMatrixRMaj w = FMatrixRMaj.wrap(out, in, uniform(r, out * in, bound));
        return new Linear(w, bias ? uniform(r, out, bound) : null);
    }

    /** {@code n} values uniform in {@code [-bound, bound)} from {@code r}, in order (PyTorch's default initialisation). */
    static float[] uniform(SeededRandom r, int n, double bound) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (float) ((2 * r.nextDouble() - 1) * bound);
        }
        return v;
    }

    /** Sets the number of threads (default: available processors); results do not depend on it. */
    @Override
    public void setThreads(int threads) {
        this.threads = Parallel.checkThreads(threads);
    }

    /**
     * {@code x W^T + b} for {@code x} of shape {@code (..., in_features)}.
     *
     * @throws IllegalArgumentException if the last dimension is not in_features
     */
    public Tensor apply(Tensor x) {
        return apply(x, false);
    }

    /**
     * {@link #forwardSequence} for an input that no one else holds (an intermediate tensor of
     * {@link SequentialState}): in training mode the record keeps the input itself instead of a copy.
     */
    Step forwardOwned(Tensor x) {
        return new Step(apply(x, true), null);
    }

    private Tensor apply(Tensor x, boolean owned) {
        int[] shape = checkInput(x);
        int rows = x.size() / in;
        syncWeights();
        Tensor y = Tensor.zeros(Shapes.withLast(shape, out));
        float[] yd = y.data();
        int period = constantPeriod(x, rows);
        int computed = period > 0 ? period : rows;
        multiply(x, computed, yd);
        // every step of a constant sequence has the same rows: the same numbers, computed once
        for (int r = computed; r < rows; r += computed) {
            System.arraycopy(yd, 0, yd, r * out, computed * out);
        }
        if (training) {
            int keep = period > 0 ? period * in : rows * in;
            boolean whole = owned && x.offset() == 0 && x.data().length == x.size();
            recorded.add(new Recorded(whole ? x.data() : Arrays.copyOfRange(x.data(), x.offset(), x.offset() + keep), rows,
                    shape, period));
        }
        return y;
    }

    /**
     * A time-first sequence of {@code steps} steps that all equal {@code x} (a constant current): returns
     * {@code x W^T + b}, the output of every one of those steps (shape of {@code x} with out_features
     * last). In training mode the call is recorded as that whole sequence; {@link #backward} then takes
     * either every step's output gradient ({@code (steps, ...)}) or their sum (the shape of this call's
     * output), and returns the input gradient in the same form.
     *
     * @throws IllegalArgumentException if the last dimension of x is not in_features or steps &lt; 1
     */
    public Tensor applyConstant(Tensor x, int steps) {
        int[] shape = checkInput(x);
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        int rows = x.size() / in;
        syncWeights();
        Tensor y = Tensor.zeros(Shapes.withLast(shape, out));
        multiply(x, rows, y.data());
        if (training) {
            recorded.add(new Recorded(Arrays.copyOfRange(x.data(), x.offset(), x.offset() + rows * in),
                    Math.multiplyExact(rows, steps), Shapes.prepend(steps, shape), steps > 1 ? rows : 0));
        }
        return y;
    }

    /** The input's shape, after checking it ends in in_features. */
    private int[] checkInput(Tensor x) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        int[] shape = x.shape();
        if (shape.length == 0 || shape[shape.length - 1] != in) {
            throw new IllegalArgumentException("input x has shape " + Arrays.toString(shape)
                    + "; its last dimension must be in_features = " + in);
        }
        return shape;
    }

    /**
     * Rows {@code [0, rows)} of {@code y = x W^T + b}: event-driven when the input is mostly zero, else the
     * product, split across threads. In training mode always the product: its input is recorded densely
     * anyway, and on the digits training (spikes into a 10-wide layer) the detection and the narrow row
     * additions cost more than they saved (measured, TrainingBenchmark.linearLayers: 21.0 ms with the
     * detection, 14.8 ms without, consecutive runs). A sparse layer always takes the event-driven path: every
     * nonzero element is an event, whatever the density.
     */
    private void multiply(Tensor x, int rows, float[] yd) {
        if (sparse != null) {
            EventRows ev = eventsOf(x.data(), x.offset(), rows, 1.0);
            eventProduct(ev.rowStart, ev.idx, ev.val, 0, rows, yd, 0, null);
            return;
        }
        EventRows ev = training ? null : eventsOf(x.data(), x.offset(), rows);
        if (ev != null) {
            eventProduct(ev.rowStart, ev.idx, ev.val, 0, rows, yd, 0, null);
            return;
        }
        int[] b = Parallel.split(rows, pieces((long) rows * in * out, rows), 1);
        PackedMatrix packed = training || rows < PACK_MIN_ROWS ? null : packedWeights();
        Parallel.forEach(b.length - 1, k -> {
            int r0 = b[k], n = b[k + 1] - b[k];
            K.gemm(numerics.fused(), x.data(), x.offset() + r0 * in, in, wT, 0, out, packed, yd, r0 * out, out, n, out,
                    in);
            addBias(yd, r0 * out, n);
        });
    }

    /**
     * Dense products of at least this many rows in evaluation mode read {@code W^T} from a layout packed
     * once ({@link PackedMatrix}, another {@code 4 * in * out} bytes, kept until the weights change) instead
     * of copying its panels at every call; fewer rows stream {@code W^T} as it is.
     */
    static final int PACK_MIN_ROWS = 4;

    /**
     * {@code W^T} packed for the products, made on demand and dropped by {@link #syncWeights} when the
     * weights change (volatile: concurrent evaluation calls may pack at once; each packing is whole).
     */
    private volatile PackedMatrix packed;

    /**
     * {@code W^T} laid out for the blocked event products ({@link EventPanels}), made on demand in evaluation
     * mode and dropped by {@link #syncWeights} when the weights change (volatile, as {@link #packed}).
     */
    private volatile EventPanels eventPanels;

    /**
     * {@code W^T}'s event layout for a blocked event product: null while training (the weights change at every
     * step), for sparse weights, if the kernels have no layout, or while it would take more than a quarter of
     * the heap still free (the products then copy their blocks per call: slower, the same numbers); current
     * after {@link #syncWeights}. Another {@code 4 * in * out} bytes while the weights stay as they are.
     */
    private EventPanels eventPanels() {
        if (training || sparse != null) {
            return null;
        }
        EventPanels p = eventPanels;
        if (p == null) {
            if (4L * in * out > Heap.available() / 4) {
                return null;
            }
            p = K.packEvents(wT, out, in, out);
            eventPanels = p;
        }
        return p;
    }

    /** {@code W^T} packed for the products (null if the kernels have no layout), current after {@link #syncWeights}. */
    private PackedMatrix packedWeights() {
        PackedMatrix p = packed;
        if (p == null) {
            p = K.pack(wT, 0, out, in, out);
            packed = p;
        }
        return p;
    }

    /**
     * Inputs with at most this fraction of nonzero elements take the event-driven path by themselves (any
     * values: an element's value scales its row of {@code W^T}). One pass over the input decides, stopped
     * early when it is denser.
     */
    static final double EVENT_DENSITY = Events.DENSITY;
    /** Fewer rows per thread than this add each row's events directly, without copying panels of W^T. */
    static final int BLOCKED_MIN_ROWS = 16;

    /** Events in compressed rows; {@code val} null when every value is 1. */
    record EventRows(int[] rowStart, int[] idx, float[] val) {
    }

    /**
     * The events of the first {@code rows} rows of {@code x} (from {@code off}) if at most
     * {@link #EVENT_DENSITY} of the elements are nonzero, else null.
     */
    EventRows eventsOf(float[] x, int off, int rows) {
        return eventsOf(x, off, rows, EVENT_DENSITY);
    }

    /** The events of the first {@code rows} rows of {@code x} if at most {@code density} of the elements are nonzero. */
    private EventRows eventsOf(float[] x, int off, int rows, double density) {
        long elements = rows * (long) in;
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, density >= 1 ? elements : (long) (density * elements));
        int[] start = new int[rows + 1];
        // positions first into a buffer that grows (a dense input stops early, having allocated little)
        int[] idx = new int[Math.min(limit, Math.max(16, rows * 4))];
        int q = 0;
        for (int r = 0; r < rows; r++) {
            start[r] = q;
            while (true) {
                int room = Math.min(limit, idx.length) - q;
                int c = K.nonzeros(x, off + r * in, in, idx, q, room);
                if (c >= 0) {
                    q += c;
                    break;
                }
                if (idx.length >= limit) {
                    return null; // denser than EVENT_DENSITY
                }
                idx = Arrays.copyOf(idx, (int) Math.min(limit, 2L * idx.length + in));
            }
        }
        start[rows] = q;
        idx = Arrays.copyOf(idx, q);
        float[] val = new float[q];
        return new EventRows(start, idx, Events.values(x, off, in, rows, start, idx, val) ? null : val);
    }

    /** Adds the bias (if any) to {@code rows} output rows from {@code yOff}. */
    private void addBias(float[] y, int yOff, int rows) {
        addBias(y, yOff, out, rows, 0, out);
    }

    /** Adds the bias's columns {@code [j0, j1)} to {@code rows} rows {@code ldy} apart, column j0 at {@code yOff}. */
    private void addBias(float[] y, int yOff, int ldy, int rows, int j0, int j1) {
        if (bias != null) {
            for (int r = 0; r < rows; r++) {
                K.addScaled(y, yOff + r * ldy, bias, j0, 1f, j1 - j0);
            }
        }
    }

    /** Scratch for {@link #eventProduct} split into up to {@code pieces} pieces: one panel copy each. */
    float[][] eventScratch(int pieces) {
        // no copy buffer for sparse weights, nor where the event layout is read in place of copies
        int floats = sparse != null || eventPanels() != null ? 0 : K.eventPackFloats(in);
        float[][] p = new float[pieces][];
        for (int k = 0; k < pieces; k++) {
            p[k] = new float[floats];
        }
        return p;
    }

    /** The number of threads {@link #eventProduct} uses at most. */
    int threadCount() {
        return threads;
    }

    /**
     * Output rows {@code [0, rows)} at {@code y[yOff ..]}: {@code x W^T + b} for the event rows
     * {@code [r0, r0 + rows)} of a compressed-row list, split across threads by rows. Each output element
     * is the sum of its events' terms in ascending input order from 0, then the bias: the dense product's
     * numbers. {@code scratch} may be null (allocated here) or {@link #eventScratch} of enough pieces. A
     * sparse layer adds each event's stored column instead (the same order, so the same numbers).
     */
    void eventProduct(int[] rowStart, int[] idx, float[] val, int r0, int rows, float[] y, int yOff, float[][] scratch) {
        long events = rowStart[r0 + rows] - rowStart[r0];
        if (sparse != null) {
            int[] b = Parallel.split(rows, pieces((long) (events * sparse.fanOut()) + 2L * rows * out, rows), 1);
            Parallel.forEach(b.length - 1, k -> {
                for (int q = b[k]; q < b[k + 1]; q++) {
                    int r = r0 + q;
                    sparse.row(K, idx, val, rowStart[r], rowStart[r + 1], y, yOff + q * out);
                }
                addBias(y, yOff + b[k] * out, b[k + 1] - b[k]);
            });
            return;
        }
        int[] b = Parallel.split(rows, pieces(events * out + (long) rows * out, rows), 1);
        boolean blocked = rows >= BLOCKED_MIN_ROWS * (b.length - 1);
        float[][] pk = !blocked ? null : scratch != null && scratch.length >= b.length - 1 ? scratch : eventScratch(b.length - 1);
        EventPanels panels = blocked ? eventPanels() : null;
        Parallel.forEach(b.length - 1, k -> {
            int from = b[k], n = b[k + 1] - b[k];
            if (blocked) {
                int[] list = new int[n];
                for (int q = 0; q < n; q++) {
                    list[q] = r0 + from + q;
                }
                K.sumEventRows(rowStart, idx, val, list, n, wT, out, in, 0, out, y, yOff + from * out, out, pk[k], panels, null);
            } else {
                for (int q = 0; q < n; q++) {
                    int r = r0 + from + q;
                    K.sumEvents(idx, val, rowStart[r], rowStart[r + 1], wT, 0, out, y, yOff + (from + q) * out, out);
                }
            }
            addBias(y, yOff + from * out, n);
        });
    }

    /**
     * Columns {@code [j0, j1)} of the event product of the event rows {@code rows[0 .. count)} of a
     * compressed-row list, plus the bias's columns: row q's column j goes to
     * {@code y[yOff + q * ldy + (j - j0)]}. The numbers of {@link #eventProduct} (the same kernel, the same
     * bias addition), on the calling thread. Dense layers only; {@code pack} is one piece of
     * {@link #eventScratch}, {@code blocks} null or the rows' {@link EventBlocks} table for in_features rows
     * (filled once for calls over several column ranges of the same rows).
     */
    void eventColumns(int[] rowStart, int[] idx, float[] val, int[] rows, int count, int j0, int j1, float[] y, int yOff,
            int ldy, float[] pack, int[] blocks) {
        K.sumEventRows(rowStart, idx, val, rows, count, wT, out, in, j0, j1, y, yOff, ldy, pack, eventPanels, blocks);
        addBias(y, yOff, ldy, count, j0, j1);
    }

    /**
     * Makes the transposed weight current (after an optimizer step) before {@link #eventProduct} or
     * {@link #eventColumns} read it, and (in evaluation mode) its event layout, which {@link #eventColumns}
     * reads.
     */
    void prepareEvents() {
        syncWeights();
        eventPanels();
    }

    /**
     * {@code x W^T + b} for spikes or scaled events given as indices, event-driven: each output row adds the
     * rows of {@code W^T} of its active inputs, scaled by their values (the same numbers as the dense
     * product of {@link SparseSpikes#toDense()}: the sum is in ascending input order from 0). Rows are
     * split across {@link #setThreads threads}; many rows at once go through cache-sized panels of
     * {@code W^T}.
     */
    public Tensor apply(SparseSpikes x) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        if (x.neurons() != in) {
            throw new IllegalArgumentException("input x has shape " + Arrays.toString(x.shape())
                    + "; its last dimension must be in_features = " + in);
        }
        syncWeights();
        if (training) {
            return apply(x.toDense(), true); // a fresh tensor of its own: recorded as is
        }
        Tensor y = Tensor.zeros(Shapes.withLast(x.shape(), out));
        eventProduct(x.rowStarts(), x.indices(), x.values(), 0, x.rows(), y.data(), 0, null);
        return y;
    }

    @Override
    public Step forward(Tensor x, NeuronState state) {
        return new Step(apply(x), null);
    }

    @Override
    public Step forward(SparseSpikes x, NeuronState state) {
        return new Step(apply(x), null);
    }

    /** The whole sequence's rows in one product (the same numbers as step by step). */
    @Override
    public Step forwardSequence(Tensor x, NeuronState state) {
        return forward(x, state);
    }

    @Override
    public boolean stateful() {
        return false;
    }

    /** As PyTorch prints it. */
    @Override
    public String toString() {
        return "Linear(in_features=" + in + ", out_features=" + out + ", bias=" + (bias == null ? "False" : "True")
                + (sparse == null ? "" : ", sparse=" + sparse.count() + " weights") + ")";
    }
}
