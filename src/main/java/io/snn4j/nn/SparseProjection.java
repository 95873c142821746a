package io.snn4j.nn;

import io.snn4j.internal.Parallel;
import io.snn4j.internal.vectorization.Kernels;
import io.snn4j.module.Synapses;
import java.util.Arrays;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.FMatrixSparseCSC;

/**
 * The sparse weight of a {@link Linear}: {@code W (out, in)} in compressed columns, column k holding input
 * k's fan-out (its targets ascending), and the loops that use it: the event-driven forward product and
 * the two backward products restricted to the stored elements. Internal to {@link Linear}.
 *
 * <p>Every sum runs over its terms in the order the dense {@link Linear} sums them (ascending input index
 * forward; ascending batch row for a weight's gradient; ascending output index for an input's gradient),
 * each from +0; a term left out is a product with a weight that is not stored (zero in the dense matrix)
 * or with an input that is zero, a signed zero which never changes a sum that starts at +0. So for finite
 * inputs and gradients the results equal the dense layer's with the same nonzero weights, bit for bit.
 *
 * <p>The arrays are the layer's own; {@link #values} is the live array of the layer's weight parameter
 * (an optimizer updates it in place). Methods are safe to call concurrently on different output ranges.
 */
final class SparseProjection {
    final int out;
    final int in;
    /** Column k's elements are {@code [colStart[k], colStart[k + 1])} of {@link #rows} and {@link #values}. */
    final int[] colStart;
    /** The output (target) index of each stored element, ascending within a column. */
    final int[] rows;
    /** The weight of each stored element. */
    final float[] values;

    /** Takes the arrays of a checked copy (targets ascending per column, values finite, no duplicates). */
    private SparseProjection(int out, int in, int[] colStart, int[] rows, float[] values) {
        this.out = out;
        this.in = in;
        this.colStart = colStart;
        this.rows = rows;
        this.values = values;
    }

    /**
     * A checked copy of {@code synapses}' weights.
     *
     * @throws IllegalArgumentException if the synapses are null or carry per-synapse delays (a Linear has none)
     */
    static SparseProjection of(Synapses synapses) {
        if (synapses == null) {
            throw new IllegalArgumentException("weight is null");
        }
        if (synapses.hasDelays()) {
            throw new IllegalArgumentException("weight " + synapses + " has per-synapse delays; a Linear has no delays "
                    + "(build the Synapses without them)");
        }
        FMatrixSparseCSC w = synapses.weights(); // a fresh copy: its arrays become the layer's
        int nz = w.nz_length;
        return new SparseProjection(w.numRows, w.numCols, w.col_idx,
                w.nz_rows.length == nz ? w.nz_rows : Arrays.copyOf(w.nz_rows, nz),
                w.nz_values.length == nz ? w.nz_values : Arrays.copyOf(w.nz_values, nz));
    }

    /** The number of stored weights. */
    int count() {
        return rows.length;
    }

    /** A copy as EJML's compressed columns (targets ascending per column). */
    FMatrixSparseCSC toCsc() {
        FMatrixSparseCSC w = new FMatrixSparseCSC(out, in, rows.length);
        System.arraycopy(colStart, 0, w.col_idx, 0, in + 1);
        System.arraycopy(rows, 0, w.nz_rows, 0, rows.length);
        System.arraycopy(values, 0, w.nz_values, 0, values.length);
        w.nz_length = rows.length;
        w.indicesSorted = true;
        return w;
    }

    /**
     * A dense copy {@code (out, in)}.
     *
     * @throws IllegalStateException if out * in does not fit in one Java array
     */
    FMatrixRMaj toDense() {
        long size = (long) out * in;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("a dense copy of the (" + out + ", " + in + ") sparse weight would need " + size
                    + " floats, more than a Java array holds; use sparseWeight()");
        }
        FMatrixRMaj d = new FMatrixRMaj(out, in);
        for (int k = 0; k < in; k++) {
            for (int p = colStart[k]; p < colStart[k + 1]; p++) {
                d.data[rows[p] * in + k] = values[p];
            }
        }
        return d;
    }

    /** The mean number of stored elements per input column (work per event). */
    double fanOut() {
        return (double) rows.length / in;
    }

    /**
     * Output row {@code y[yOff .. yOff + out)} of the event row {@code [e0, e1)} ({@code val} null: every
     * value 1): cleared, then each event's column added in event order (the kernel's scatter).
     */
    void row(Kernels k, int[] idx, float[] val, int e0, int e1, float[] y, int yOff) {
        Arrays.fill(y, yOff, yOff + out, 0f);
        k.scatterColumns(idx, val, e0, e1, colStart, rows, values, y, yOff);
    }

    /**
     * {@code gw[p] += sum over q < rowCount of g[gOff + q * out + rows[p]] * x[q * in + k]} for every stored
     * element p (of column k): the dense layer's {@code g^T x} at the stored positions, each sum over
     * ascending q from +0 ({@code fused}: with fused multiply-adds, as the dense FAST product). Columns are
     * split across {@code pieces} threads; {@code acc} is scratch of {@link #count()} floats.
     */
    void addWeightGradient(float[] g, int gOff, int rowCount, float[] x, float[] gw, float[] acc, boolean fused,
            int pieces) {
        int[] b = Parallel.split(in, pieces, 1);
        Parallel.forEach(b.length - 1, t -> {
            int k0 = b[t], k1 = b[t + 1];
            int p0 = colStart[k0], p1 = colStart[k1];
            Arrays.fill(acc, p0, p1, 0f);
            for (int q = 0; q < rowCount; q++) {
                int xRow = q * in, gRow = gOff + q * out;
                for (int k = k0; k < k1; k++) {
                    float v = x[xRow + k];
                    if (v == 0f) {
                        continue; // adds a signed zero to each of the column's sums: no change
                    }
                    int c1 = colStart[k + 1];
                    if (fused) {
                        for (int p = colStart[k]; p < c1; p++) {
                            acc[p] = Math.fma(g[gRow + rows[p]], v, acc[p]);
                        }
                    } else {
                        for (int p = colStart[k]; p < c1; p++) {
                            acc[p] = acc[p] + g[gRow + rows[p]] * v;
                        }
                    }
                }
            }
            for (int p = p0; p < p1; p++) {
                gw[p] = gw[p] + acc[p];
            }
        });
    }

    /**
     * Rows {@code [r0, r1)} of the input gradient {@code gIn = g W}: {@code gIn[q][k] = sum over column k's
     * stored p (ascending target) of g[q][rows[p]] * values[p]} from +0 ({@code fused}: fused multiply-adds),
     * the dense layer's sum over ascending outputs without its zero terms. Overwrites those rows.
     */
    void inputGradient(float[] g, int gOff, float[] gIn, int inOff, int r0, int r1, boolean fused) {
        for (int q = r0; q < r1; q++) {
            int gRow = gOff + q * out, xRow = inOff + q * in;
            for (int k = 0; k < in; k++) {
                float acc = 0f;
                int c1 = colStart[k + 1];
                if (fused) {
                    for (int p = colStart[k]; p < c1; p++) {
                        acc = Math.fma(g[gRow + rows[p]], values[p], acc);
                    }
                } else {
                    for (int p = colStart[k]; p < c1; p++) {
                        acc = acc + g[gRow + rows[p]] * values[p];
                    }
                }
                gIn[xRow + k] = acc;
            }
        }
    }
}
