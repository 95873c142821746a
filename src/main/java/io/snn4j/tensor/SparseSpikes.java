package io.snn4j.tensor;

import java.util.Arrays;

/**
 * Spikes stored as the indices of the active neurons of every row: the sparse input and output form of
 * the recurrent modules and {@code Linear} (Norse's {@code activation_sparse} path). The shape is a dense
 * shape whose last dimension N is the neuron dimension, e.g. {@code (T, B, N)} for a sequence or
 * {@code (B, N)} for one step; the leading dimensions are flattened into rows. Indices are stored in
 * compressed-row form, ascending and without duplicates within a row.
 *
 * <p>Values: plain spikes all have the value 1 ({@link #hasValues()} false). Scaled events carry one
 * finite float per event ({@link #fromDenseValues}, {@link #fromCompressed(int[], int[], int[], float[])}),
 * e.g. graded spikes or a spike count per time bin; {@link #toDense()} puts each value at its index, and
 * every consumer computes exactly what it computes for that dense tensor (an event of value v at input k
 * adds {@code v * W[j][k]}, in ascending k). Non-finite values are rejected.
 *
 * <p>Immutable and thread-safe.
 */
public final class SparseSpikes {
    private final int[] shape;
    private final int n;
    private final int[] rowStart;
    private final int[] indices;
    /** One value per index, or null when every value is 1. */
    private final float[] values;

    private SparseSpikes(int[] shape, int[] rowStart, int[] indices, float[] values) {
        this.shape = shape;
        this.n = Shapes.lastDim(shape);
        this.rowStart = rowStart;
        this.indices = indices;
        this.values = values;
    }

    private static int rowsOf(int[] shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("sparse spikes need at least one dimension (the neurons)");
        }
        int r = 1;
        for (int d = 0; d < shape.length - 1; d++) {
            r = Math.multiplyExact(r, shape[d]);
        }
        return r;
    }

    /**
     * The nonzero elements of a dense spike tensor.
     *
     * @throws IllegalArgumentException if an element is neither 0 nor 1, or the tensor has rank 0
     */
    public static SparseSpikes fromDense(Tensor spikes) {
        int[] shape = spikes.shape();
        int rows = rowsOf(shape);
        int n = shape[shape.length - 1];
        float[] d = spikes.data();
        int off = spikes.offset();
        int[] start = new int[rows + 1];
        int nnz = 0;
        for (int k = 0; k < spikes.size(); k++) {
            float v = d[off + k];
            if (v != 0f) {
                if (v != 1f) {
                    throw new IllegalArgumentException("spike tensor element " + k + " is " + v + "; spikes must be 0 or 1");
                }
                nnz++;
            }
        }
        int[] idx = new int[nnz];
        int q = 0;
        for (int row = 0; row < rows; row++) {
            start[row] = q;
            int base = off + row * n;
            for (int j = 0; j < n; j++) {
                if (d[base + j] != 0f) {
                    idx[q++] = j;
                }
            }
        }
        start[rows] = q;
        return new SparseSpikes(shape, start, idx, null);
    }

    /**
     * The nonzero elements of any dense tensor as scaled events: indices and values (an element equal to
     * 0 or -0 is no event). {@link #hasValues()} is true even if every value happens to be 1.
     *
     * @throws IllegalArgumentException if an element is NaN or infinite (naming it), or the tensor has rank 0
     */
    public static SparseSpikes fromDenseValues(Tensor x) {
        int[] shape = x.shape();
        int rows = rowsOf(shape);
        int n = shape[shape.length - 1];
        float[] d = x.data();
        int off = x.offset();
        int nnz = 0;
        for (int k = 0; k < x.size(); k++) {
            float v = d[off + k];
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("element " + k + " is " + v + "; event values must be finite");
            }
            if (v != 0f) {
                nnz++;
            }
        }
        int[] start = new int[rows + 1];
        int[] idx = new int[nnz];
        float[] val = new float[nnz];
        int q = 0;
        for (int row = 0; row < rows; row++) {
            start[row] = q;
            int base = off + row * n;
            for (int j = 0; j < n; j++) {
                if (d[base + j] != 0f) {
                    val[q] = d[base + j];
                    idx[q++] = j;
                }
            }
        }
        start[rows] = q;
        return new SparseSpikes(shape, start, idx, val);
    }

    /**
     * Spikes from index lists, one list per row (the rows of {@code shape} without its last dimension, in
     * row-major order). Each list is sorted and de-duplicated here.
     *
     * @throws IllegalArgumentException if the number of lists does not match the shape or an index is
     *                                  outside {@code [0, N)}
     */
    public static SparseSpikes fromIndices(int[] shape, int[][] rowIndices) {
        int[] s = Shapes.checked(shape, "shape");
        int rows = rowsOf(s);
        int n = s[s.length - 1];
        if (rowIndices == null || rowIndices.length != rows) {
            throw new IllegalArgumentException("shape " + Arrays.toString(s) + " has " + rows + " rows, got "
                    + (rowIndices == null ? "null" : rowIndices.length + " index lists"));
        }
        int[][] clean = new int[rows][];
        long total = 0;
        for (int row = 0; row < rows; row++) {
            int[] r = rowIndices[row] == null ? new int[0] : rowIndices[row].clone();
            Arrays.sort(r);
            int w = 0;
            for (int k = 0; k < r.length; k++) {
                if (r[k] < 0 || r[k] >= n) {
                    throw new IllegalArgumentException("row " + row + " has index " + r[k] + ", outside [0, " + n + ")");
                }
                if (w == 0 || r[w - 1] != r[k]) {
                    r[w++] = r[k];
                }
            }
            clean[row] = Arrays.copyOf(r, w);
            total += w;
        }
        int[] start = new int[rows + 1];
        int[] idx = new int[Math.toIntExact(total)];
        int q = 0;
        for (int row = 0; row < rows; row++) {
            start[row] = q;
            System.arraycopy(clean[row], 0, idx, q, clean[row].length);
            q += clean[row].length;
        }
        start[rows] = q;
        return new SparseSpikes(s, start, idx, null);
    }

    /**
     * Spikes in compressed-row form: row r's indices are {@code indices[rowStart[r] .. rowStart[r + 1])},
     * ascending. The arrays are copied.
     *
     * @throws IllegalArgumentException if the arrays do not describe valid rows of {@code shape}
     */
    public static SparseSpikes fromCompressed(int[] shape, int[] rowStart, int[] indices) {
        return fromCompressed(shape, rowStart, indices, null);
    }

    /**
     * Scaled events in compressed-row form: as {@link #fromCompressed(int[], int[], int[])}, with
     * {@code values[q]} the value of the event {@code indices[q]} (null: spikes of value 1). The arrays
     * are copied. A value of 0 is allowed (it adds nothing).
     *
     * @throws IllegalArgumentException if the arrays do not describe valid rows of {@code shape}, or
     *                                  {@code values} has another length than {@code indices} or a NaN or
     *                                  infinite entry
     */
    public static SparseSpikes fromCompressed(int[] shape, int[] rowStart, int[] indices, float[] values) {
        int[] s = Shapes.checked(shape, "shape");
        int rows = rowsOf(s);
        int n = s[s.length - 1];
        if (rowStart == null || rowStart.length != rows + 1 || rowStart[0] != 0 || indices == null
                || rowStart[rows] != indices.length) {
            throw new IllegalArgumentException("rowStart must have " + (rows + 1) + " entries from 0 to indices.length");
        }
        for (int r = 0; r < rows; r++) {
            if (rowStart[r + 1] < rowStart[r]) {
                throw new IllegalArgumentException("rowStart decreases at row " + r);
            }
            for (int q = rowStart[r]; q < rowStart[r + 1]; q++) {
                if (indices[q] < 0 || indices[q] >= n || (q > rowStart[r] && indices[q] <= indices[q - 1])) {
                    throw new IllegalArgumentException("row " + r + ": indices must ascend within [0, " + n + "), got " + indices[q]);
                }
            }
        }
        if (values != null) {
            if (values.length != indices.length) {
                throw new IllegalArgumentException("values has " + values.length + " entries, expected one per index ("
                        + indices.length + ")");
            }
            for (int q = 0; q < values.length; q++) {
                if (!Float.isFinite(values[q])) {
                    throw new IllegalArgumentException("values[" + q + "] is " + values[q] + "; event values must be finite");
                }
            }
        }
        return new SparseSpikes(s, rowStart.clone(), indices.clone(), values == null ? null : values.clone());
    }

    /** The dense shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of dimensions of the dense shape. */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code d} of the dense shape. */
    public int dim(int d) {
        return shape[d];
    }

    /** The neuron dimension N (last). */
    public int neurons() {
        return n;
    }

    /** The number of rows (product of the leading dimensions). */
    public int rows() {
        return rowStart.length - 1;
    }

    /** The total number of spikes. */
    public int count() {
        return rowStart[rowStart.length - 1];
    }

    /** The number of spikes in {@code row}. */
    public int count(int row) {
        return rowStart[row + 1] - rowStart[row];
    }

    /** The active indices of {@code row}, ascending (a copy). */
    public int[] indices(int row) {
        return Arrays.copyOfRange(indices, rowStart[row], rowStart[row + 1]);
    }

    /** Whether the events carry values ({@link #fromDenseValues}); false for plain spikes of value 1. */
    public boolean hasValues() {
        return values != null;
    }

    /** The values of {@code row}'s events, in index order (a copy; all 1 for plain spikes). */
    public float[] values(int row) {
        if (values == null) {
            float[] ones = new float[count(row)];
            Arrays.fill(ones, 1f);
            return ones;
        }
        return Arrays.copyOfRange(values, rowStart[row], rowStart[row + 1]);
    }

    /**
     * Copies the values of {@code row}'s events into {@code into} (nothing for plain spikes) and returns
     * how many events the row has.
     */
    public int copyValues(int row, float[] into) {
        int c = count(row);
        if (values != null) {
            System.arraycopy(values, rowStart[row], into, 0, c);
        }
        return c;
    }

    /** The compressed-row starts: row r's events are {@code [rowStarts()[r], rowStarts()[r + 1])} (a copy). */
    public int[] rowStarts() {
        return rowStart.clone();
    }

    /** Every row's indices, concatenated in row order (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    /** Every event's value in the order of {@link #indices()} (a copy), or null for plain spikes. */
    public float[] values() {
        return values == null ? null : values.clone();
    }

    /** Copies the active indices of {@code row} into {@code into} and returns how many there are. */
    public int copyIndices(int row, int[] into) {
        int c = count(row);
        System.arraycopy(indices, rowStart[row], into, 0, c);
        return c;
    }

    /** The dense tensor: each event's value (1 for plain spikes) at its index, zeros elsewhere. */
    public Tensor toDense() {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int row = 0; row < rows(); row++) {
            for (int q = rowStart[row]; q < rowStart[row + 1]; q++) {
                d[row * n + indices[q]] = values == null ? 1f : values[q];
            }
        }
        return t;
    }

    /** Time step {@code t} of a sequence: the rows of index t along dimension 0, shape {@code shape[1:]}. */
    public SparseSpikes step(int t) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("a " + shape.length + "-d spike set has no time dimension");
        }
        if (t < 0 || t >= shape[0]) {
            throw new IllegalArgumentException("time step " + t + " is out of range for shape " + Arrays.toString(shape));
        }
        int[] rest = Shapes.dropFirst(shape);
        int per = rowsOf(rest);
        int[] start = new int[per + 1];
        int base = rowStart[t * per];
        for (int r = 0; r <= per; r++) {
            start[r] = rowStart[t * per + r] - base;
        }
        int end = rowStart[(t + 1) * per];
        return new SparseSpikes(rest, start, Arrays.copyOfRange(indices, base, end),
                values == null ? null : Arrays.copyOfRange(values, base, end));
    }

    /** Equal shape, events and values (plain spikes never equal scaled events, even of value 1). */
    @Override
    public boolean equals(Object o) {
        return o instanceof SparseSpikes s && Arrays.equals(shape, s.shape) && Arrays.equals(rowStart, s.rowStart)
                && Arrays.equals(indices, s.indices) && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(indices)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "SparseSpikes" + Arrays.toString(shape) + "(" + count() + (values == null ? " spikes)" : " events with values)");
    }
}
