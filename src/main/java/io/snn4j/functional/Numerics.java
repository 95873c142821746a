package io.snn4j.functional;

/**
 * The arithmetic of a layer's matrix products. Stateless enum, thread-safe.
 *
 * <ul>
 * <li>{@link #EXACT} (the default everywhere): every output summed in ascending order with a separate
 * rounding of each product and sum, as PyTorch computes {@code F.linear} on the reference BLAS, so that
 * snn4j reproduces Norse's numbers bit for bit (the golden cases run in this mode).</li>
 * <li>{@link #FAST}: the same order with fused multiply-adds (one rounding per term) and a register tile
 * built for them: about 2.5 times the throughput of {@code EXACT} on large products (see the README's
 * GEMM benchmark). Results differ from {@code EXACT} in the last bits (a test bounds the difference by a
 * few float32 roundings of the sum of the terms' magnitudes), are identical on the SIMD and scalar
 * kernel paths and for any thread count, and a spike may flip where a voltage lands within that
 * difference of the threshold.</li>
 * </ul>
 */
public enum Numerics {
    /** Norse's summation: sequential, no FMA; bit for bit with Norse. */
    EXACT,
    /** Sequential fused multiply-adds: faster, not bit for bit with Norse. */
    FAST;

    /** Whether the products use fused multiply-adds ({@link #FAST}). */
    public boolean fused() {
        return this == FAST;
    }
}
