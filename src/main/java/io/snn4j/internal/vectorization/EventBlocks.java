package io.snn4j.internal.vectorization;

/**
 * Where each row's events of a compressed-row event list fall in the depth blocks of
 * {@link Kernels#sumEventRows}: the rows of {@code W^T} are taken {@link #DEPTH} at a time (a block of an
 * eight-vector panel is {@code 4 * DEPTH * 8 * lanes} bytes, 512 KB with 512-bit vectors), and for each listed row
 * and block the table holds the first of its events in that block. The table depends on the rows and the
 * events only, not on the columns, so a caller that sums the same rows over many column ranges (a fused
 * {@code Linear -> neurons} run, one 128-column block at a time) fills it once and passes it to every call.
 * The scalar kernels ignore it. Stateless; a table is plain data owned by its caller.
 */
public final class EventBlocks {
    /** Rows of {@code W^T} per depth block. */
    public static final int DEPTH = 1024;

    private EventBlocks() {
    }

    /** Depth blocks of a matrix of {@code kRows} rows (at least 1). */
    public static int blocks(int kRows) {
        return Math.max(1, (kRows + DEPTH - 1) / DEPTH);
    }

    /** Ints of the table for {@code count} rows and a matrix of {@code kRows} rows. */
    public static int ints(int count, int kRows) {
        return Math.multiplyExact(count, blocks(kRows) + 1);
    }

    /**
     * Fills {@code table[q * (blocks + 1) + b]} with the first event of row {@code rows[q]} at index
     * {@code b * DEPTH} or more (its end for b = blocks), for {@code q < count}; the events of each row
     * must ascend, as {@link io.snn4j.tensor.SparseSpikes} keeps them.
     *
     * @param table at least {@link #ints(int, int) ints(count, kRows)} ints
     */
    public static void fill(int[] rowStart, int[] idx, int[] rows, int count, int kRows, int[] table) {
        int nb = blocks(kRows), st = nb + 1;
        for (int q = 0; q < count; q++) {
            int r = rows[q], e = rowStart[r], e1 = rowStart[r + 1], t = q * st;
            for (int b = 0; b < nb; b++) {
                table[t + b] = e;
                int k1 = (b + 1) * DEPTH;
                while (e < e1 && idx[e] < k1) {
                    e++;
                }
            }
            table[t + nb] = e1;
        }
    }

    /** A new table of the rows (for a single call). */
    static int[] of(int[] rowStart, int[] idx, int[] rows, int count, int kRows) {
        int[] t = new int[ints(count, kRows)];
        fill(rowStart, idx, rows, count, kRows, t);
        return t;
    }
}
