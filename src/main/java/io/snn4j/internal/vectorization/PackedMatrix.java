package io.snn4j.internal.vectorization;

/**
 * The right-hand matrix B of {@link Kernels#gemm(boolean, float[], int, int, float[], int, int, PackedMatrix,
 * float[], int, int, int, int, int)} laid out once by {@link Kernels#pack} for many products with the same
 * B (a layer's weights between optimizer steps): its column panels, each depth block of a panel in one
 * contiguous array, in the order the product's register tiles read them. Without it the product copies
 * every panel out of B at every call: for one step of a micro-batch (128 x 4096 times 4096 x 2048) that
 * copy was a third of the product's time. Holds a copy of B's first {@code n - n % (2 * lanes)} columns
 * ({@code 4 k} bytes per column); it does not follow later changes of B. Immutable once built;
 * thread-safe to share.
 */
public final class PackedMatrix {
    /** The vector width (floats) of the implementation that built it. */
    final int lanes;
    /** B's rows (the product's depth) and columns. */
    final int k, n;
    /** Depth block {@code q} of panel {@code j}: {@code panels[j * blocks + q]}. */
    final float[][] panels;
    final int blocks;

    PackedMatrix(int lanes, int k, int n, int blocks, float[][] panels) {
        this.lanes = lanes;
        this.k = k;
        this.n = n;
        this.blocks = blocks;
        this.panels = panels;
    }

    /** Whether this is B's layout for a product of depth {@code k} and {@code n} columns on {@code lanes} lanes. */
    boolean fits(int lanes, int k, int n) {
        return this.lanes == lanes && this.k == k && this.n == n;
    }
}
