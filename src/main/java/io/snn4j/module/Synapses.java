package io.snn4j.module;

import java.util.Arrays;
import org.ejml.data.FMatrixSparseCSC;

/**
 * A sparse projection: the weights of the synapses from {@code sources} neurons to {@code targets}
 * neurons as an EJML {@link FMatrixSparseCSC} of shape {@code (targets, sources)} in Norse's
 * orientation ({@code W[j][k]} is the synapse from source k to target j), so that column k is source
 * k's fan-out, which is what event-driven propagation walks; optionally a delay per synapse in whole
 * time steps.
 *
 * <p>The matrix is checked and copied: every row index in range, every value finite, no synapse twice
 * (a stored zero is a synapse of weight 0). Within each column the copy keeps its targets in ascending
 * order (sorted here if EJML had not sorted them), so that a dense matrix with the same nonzero
 * elements gives the same sums bit for bit. Delays, if given, are one per stored element in the given
 * matrix's order ({@code nz_values}), each at least 1 step; without them every synapse has the
 * projection's delay (see {@link RecurrentOptions#withRecurrentDelay}).
 *
 * <p>Memory: {@code 8 bytes} per synapse ({@code 12} with delays) plus {@code 4 * (sources + 1)}; 4 bytes
 * per synapse plus 8 per source when every source's synapses share one weight (kept as one weight per
 * source, as in networks whose weights depend on the source population); see
 * {@link #bytes(int, long, boolean)} to estimate before building. Immutable and thread-safe (accessors
 * return copies).
 */
public final class Synapses {
    private final int targets;
    private final int sources;
    private final int[] colStart;
    private final int[] rows;
    /** One weight per synapse, or null when every source's synapses share one weight ({@link #columnValues}). */
    private float[] values;
    /** One weight per source when each source's synapses all have the same weight (else null). */
    private float[] columnValues;
    private final int[] delays;

    /**
     * Checks and copies {@code weights} (and {@code delays}, one per stored element, or null).
     *
     * @throws IllegalArgumentException naming the first problem: null or empty matrix, broken column
     *                                  structure, a row index out of range, a non-finite weight, the same
     *                                  synapse twice, a delay below 1 or a delay array of the wrong length
     */
    public Synapses(FMatrixSparseCSC weights, int[] delays) {
        if (weights == null) {
            throw new IllegalArgumentException("weights is null");
        }
        int m = weights.numRows, n = weights.numCols, nz = weights.nz_length;
        if (m < 1 || n < 1) {
            throw new IllegalArgumentException("weights must have at least one row and column, got (" + m + ", " + n + ")");
        }
        int[] col = weights.col_idx;
        if (col == null || col.length < n + 1 || col[0] != 0 || col[n] != nz || nz < 0 || weights.nz_rows.length < nz
                || weights.nz_values.length < nz) {
            throw new IllegalArgumentException("weights: column structure is broken (col_idx must start at 0 and end at "
                    + "nz_length " + nz + ")");
        }
        if (delays != null && delays.length != nz) {
            throw new IllegalArgumentException("delays has " + delays.length + " entries, expected one per synapse (" + nz
                    + ")");
        }
        this.targets = m;
        this.sources = n;
        this.colStart = Arrays.copyOf(col, n + 1);
        this.rows = new int[nz];
        this.values = new float[nz];
        this.delays = delays == null ? null : new int[nz];
        Integer[] order = null;
        for (int k = 0; k < n; k++) {
            int p0 = col[k], p1 = col[k + 1];
            if (p1 < p0 || p1 > nz) {
                throw new IllegalArgumentException("weights: column structure is broken at column " + k);
            }
            boolean sorted = true;
            for (int p = p0; p < p1; p++) {
                int j = weights.nz_rows[p];
                if (j < 0 || j >= m) {
                    throw new IllegalArgumentException("synapse from source " + k + " has target " + j + ", outside [0, " + m
                            + ")");
                }
                float w = weights.nz_values[p];
                if (!Float.isFinite(w)) {
                    throw new IllegalArgumentException("synapse " + k + " -> " + j + " has a non-finite weight " + w);
                }
                if (delays != null && delays[p] < 1) {
                    throw new IllegalArgumentException("synapse " + k + " -> " + j + " has delay " + delays[p]
                            + "; delays are whole steps, at least 1");
                }
                sorted &= p == p0 || weights.nz_rows[p - 1] < j;
            }
            if (sorted) {
                System.arraycopy(weights.nz_rows, p0, rows, p0, p1 - p0);
                System.arraycopy(weights.nz_values, p0, values, p0, p1 - p0);
                if (delays != null) {
                    System.arraycopy(delays, p0, this.delays, p0, p1 - p0);
                }
                continue;
            }
            if (order == null || order.length < p1 - p0) {
                order = new Integer[Math.max(p1 - p0, 16)];
            }
            for (int q = 0; q < p1 - p0; q++) {
                order[q] = p0 + q;
            }
            Arrays.sort(order, 0, p1 - p0, (a, b) -> Integer.compare(weights.nz_rows[a], weights.nz_rows[b]));
            for (int q = 0; q < p1 - p0; q++) {
                int p = order[q];
                if (q > 0 && weights.nz_rows[p] == rows[p0 + q - 1]) {
                    throw new IllegalArgumentException("synapse " + k + " -> " + weights.nz_rows[p] + " is given twice");
                }
                rows[p0 + q] = weights.nz_rows[p];
                values[p0 + q] = weights.nz_values[p];
                if (delays != null) {
                    this.delays[p0 + q] = delays[p];
                }
            }
        }
        for (int k = 0; k < n; k++) {
            for (int p = col[k] + 1; p < col[k + 1]; p++) {
                if (rows[p] == rows[p - 1]) {
                    throw new IllegalArgumentException("synapse " + k + " -> " + rows[p] + " is given twice");
                }
            }
        }
        compactUniformSources();
    }

    /**
     * Adopts arrays that {@link Connectivity} built and already guarantees valid (column starts from 0 to
     * {@code rows.length}, targets in range and ascending within each column, finite weights, delays at
     * least 1 or null): no check and no copy, so that building a large projection does not need the
     * synapses twice.
     */
    Synapses(int targets, int sources, int[] colStart, int[] rows, float[] values, int[] delays) {
        this.targets = targets;
        this.sources = sources;
        this.colStart = colStart;
        this.rows = rows;
        this.values = values;
        this.delays = delays;
        compactUniformSources();
    }

    /**
     * Keeps one weight per source instead of one per synapse when each source's synapses share one weight
     * (as in networks whose weight depends on the source's population: Brunel's, NEST's benchmarks): half
     * the memory, and half the bytes a spike's propagation reads. Not with per-synapse delays.
     */
    private void compactUniformSources() {
        if (delays != null || values == null) {
            return;
        }
        float[] cv = new float[sources];
        for (int k = 0; k < sources; k++) {
            int p0 = colStart[k], p1 = colStart[k + 1];
            if (p0 == p1) {
                continue;
            }
            int bits = Float.floatToRawIntBits(values[p0]);
            for (int p = p0 + 1; p < p1; p++) {
                if (Float.floatToRawIntBits(values[p]) != bits) {
                    return;
                }
            }
            cv[k] = values[p0];
        }
        columnValues = cv;
        values = null;
    }

    /** The weight at position p of column k. */
    private float weightAt(int p, int k) {
        return values != null ? values[p] : columnValues[k];
    }

    /**
     * The synapses whose weight times {@code sign} is positive, with that product as their weight
     * ({@code relu(sign * W)}: a conductance-based model's excitatory part for 1, inhibitory for -1); no
     * delays.
     */
    Synapses rectified(float sign) {
        int n = 0;
        for (int k = 0; k < sources; k++) {
            for (int p = colStart[k]; p < colStart[k + 1]; p++) {
                n += Math.max(sign * weightAt(p, k), 0f) > 0f ? 1 : 0;
            }
        }
        int[] cs = new int[sources + 1], r = new int[n];
        float[] v = new float[n];
        int q = 0;
        for (int k = 0; k < sources; k++) {
            for (int p = colStart[k]; p < colStart[k + 1]; p++) {
                float w = Math.max(sign * weightAt(p, k), 0f);
                if (w > 0f) {
                    r[q] = rows[p];
                    v[q++] = w;
                }
            }
            cs[k + 1] = q;
        }
        return new Synapses(targets, sources, cs, r, v, null);
    }

    /** These synapses without those from a neuron to itself (the diagonal), for a square projection. */
    Synapses withoutDiagonal() {
        int n = 0;
        for (int k = 0; k < sources; k++) {
            for (int p = colStart[k]; p < colStart[k + 1]; p++) {
                n += rows[p] == k ? 0 : 1;
            }
        }
        if (n == rows.length) {
            return this;
        }
        int[] cs = new int[sources + 1], r = new int[n], d = delays == null ? null : new int[n];
        float[] v = new float[n];
        int q = 0;
        for (int k = 0; k < sources; k++) {
            for (int p = colStart[k]; p < colStart[k + 1]; p++) {
                if (rows[p] != k) {
                    r[q] = rows[p];
                    v[q] = weightAt(p, k);
                    if (d != null) {
                        d[q] = delays[p];
                    }
                    q++;
                }
            }
            cs[k + 1] = q;
        }
        return new Synapses(targets, sources, cs, r, v, d);
    }

    /** The synapses of {@code weights}, all with the projection's delay. */
    public static Synapses of(FMatrixSparseCSC weights) {
        return new Synapses(weights, null);
    }

    /**
     * The bytes a projection of {@code synapses} synapses from {@code sources} neurons takes (with or
     * without per-synapse delays): for a memory check before anything is built.
     */
    public static long bytes(int sources, long synapses, boolean withDelays) {
        return synapses * (withDelays ? 12L : 8L) + 4L * (sources + 1L) + 64;
    }

    /** The bytes this projection takes. */
    public long bytes() {
        return values == null ? 4L * rows.length + 8L * sources + 68 : bytes(sources, rows.length, delays != null);
    }

    /** Number of target neurons (rows). */
    public int targets() {
        return targets;
    }

    /** Number of source neurons (columns). */
    public int sources() {
        return sources;
    }

    /** Number of synapses (stored elements). */
    public int count() {
        return rows.length;
    }

    /** Whether the synapses carry their own delays. */
    public boolean hasDelays() {
        return delays != null;
    }

    /** The largest per-synapse delay in steps (1 without per-synapse delays). */
    public int maxDelay() {
        int d = 1;
        if (delays != null) {
            for (int x : delays) {
                d = Math.max(d, x);
            }
        }
        return d;
    }

    /** A copy of the weights, targets ascending within each column. */
    public FMatrixSparseCSC weights() {
        FMatrixSparseCSC w = new FMatrixSparseCSC(targets, sources, rows.length);
        System.arraycopy(colStart, 0, w.col_idx, 0, sources + 1);
        System.arraycopy(rows, 0, w.nz_rows, 0, rows.length);
        for (int k = 0; k < sources; k++) {
            for (int p = colStart[k]; p < colStart[k + 1]; p++) {
                w.nz_values[p] = weightAt(p, k);
            }
        }
        w.nz_length = rows.length;
        w.indicesSorted = true;
        return w;
    }

    /** A copy of the per-synapse delays in {@link #weights()}'s order, or null. */
    public int[] delays() {
        return delays == null ? null : delays.clone();
    }

    /** The weight of the synapse from {@code source} to {@code target} (0 if there is none). */
    public float get(int target, int source) {
        int p = find(target, source);
        return p < 0 ? 0f : weightAt(p, source);
    }

    private int find(int target, int source) {
        if (target < 0 || target >= targets || source < 0 || source >= sources) {
            throw new IndexOutOfBoundsException("(" + target + ", " + source + ") is outside (" + targets + ", " + sources + ")");
        }
        int p = Arrays.binarySearch(rows, colStart[source], colStart[source + 1], target);
        return p < 0 ? -1 : p;
    }

    // Package-private views for the modules (not copies; never modified).
    int[] colStartArray() {
        return colStart;
    }

    int[] rowArray() {
        return rows;
    }

    /** One weight per synapse, or null when {@link #columnValueArray()} holds one per source. */
    float[] valueArray() {
        return values;
    }

    /** One weight per source (when the sources' synapses share their weight), or null. */
    float[] columnValueArray() {
        return columnValues;
    }

    int[] delayArray() {
        return delays;
    }

    @Override
    public String toString() {
        return "Synapses(" + targets + " x " + sources + ", " + rows.length + " synapses" + (delays != null
                ? ", delays up to " + maxDelay() : "") + ")";
    }
}
