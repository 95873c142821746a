package io.snn4j.internal.vectorization;

/**
 * The matrix {@code W^T} of {@link Kernels#sumEventRows} laid out once by {@link Kernels#packEvents} for many
 * calls with the same weights (a layer in evaluation mode): its panels of eight vectors' width of columns,
 * each depth block of {@link EventBlocks#DEPTH} rows of a panel contiguous, columns past the matrix's zero,
 * all in one array from element {@link #FIRST}. Without it each call copies the blocks it reads out of
 * {@code W^T}: in Norse's workload at n = 5000 (a 100 MB {@code W^T}, copied again for every chunk of 64 time
 * steps) that copy was a fifth of the run. Holds a copy of the matrix ({@code 4 k n} bytes, with the columns rounded up to whole
 * panels); it does not follow later changes of it. Immutable once built; thread-safe to share.
 */
public final class EventPanels {
    /**
     * Where the first block starts in {@link #data}: with G1 (the default collector) an array of half a region
     * or more begins a region and its elements 16 bytes later, so element 12 begins a cache line, and so does
     * every block and every row of a block (a row is eight vectors, a whole number of lines): no vector load of a row spans two lines. Under
     * another collector, with another array header (compact object headers make it 12 bytes), or for a
     * layout small enough to sit among other objects, the blocks start somewhere else in a line: only the
     * speed differs.
     */
    static final int FIRST = 12;

    /** The vector width (floats) of the implementation that built it. */
    final int lanes;
    /** The matrix's rows (the events' index range) and columns. */
    final int k, n;
    /** The panel's width and the block's depth (floats, rows). */
    final int panel, depth;
    /** Every block: block b of panel j from {@link #offset offset(j, b)}. */
    final float[] data;

    EventPanels(int lanes, int k, int n, int panel, int depth, float[] data) {
        this.lanes = lanes;
        this.k = k;
        this.n = n;
        this.panel = panel;
        this.depth = depth;
        this.data = data;
    }

    /** Whether this is the layout of a matrix of {@code k} rows and at least {@code j1} columns on {@code lanes} lanes. */
    boolean fits(int lanes, int k, int j1) {
        return this.lanes == lanes && this.k == k && j1 <= n;
    }

    /**
     * Where block b of panel j starts in {@link #data}: after the panels before it ({@code k} rows each) and its
     * blocks before it ({@code depth} rows each).
     */
    int offset(int j, int b) {
        return FIRST + (j * k + b * depth) * panel;
    }
}
