package io.snn4j.internal.vectorization;

/**
 * The matrix {@code W^T} of {@link Kernels#sumEventRows} laid out once by {@link Kernels#packEvents} for many
 * calls with the same weights (a layer in evaluation mode): its panels of four vectors' width of columns, each
 * depth block of {@link EventBlocks#DEPTH} rows of a panel in one contiguous array followed by a row of zeros
 * (the row a shorter row of a pair reads when it is out of events), columns past the matrix's zero. Without it
 * each call copies the blocks it reads out of {@code W^T}: in Norse's workload at n = 5000 (a 100 MB
 * {@code W^T}, copied again for every chunk of 64 time steps) that copy was a fifth of the run. Holds a copy of
 * the matrix ({@code 4 k n} bytes and a little padding); it does not follow later changes of it. Immutable once
 * built; thread-safe to share.
 */
public final class EventPanels {
    /** The vector width (floats) of the implementation that built it. */
    final int lanes;
    /** The matrix's rows (the events' index range) and columns. */
    final int k, n;
    /** Depth blocks per panel. */
    final int blocks;
    /** Depth block {@code b} of panel {@code j}: {@code panels[j * blocks + b]}. */
    final float[][] panels;

    EventPanels(int lanes, int k, int n, int blocks, float[][] panels) {
        this.lanes = lanes;
        this.k = k;
        this.n = n;
        this.blocks = blocks;
        this.panels = panels;
    }

    /** Whether this is the layout of a matrix of {@code k} rows and at least {@code j1} columns on {@code lanes} lanes. */
    boolean fits(int lanes, int k, int j1) {
        return this.lanes == lanes && this.k == k && j1 <= n;
    }
}
