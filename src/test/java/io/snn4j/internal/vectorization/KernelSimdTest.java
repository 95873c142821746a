package io.snn4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.snn4j.internal.Allocations;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIMD kernels against their scalar twins: bit-identical results at sizes around the vector width, with
 * offsets, per-neuron coefficients and special values. Runs only with the vector module (the scalar
 * surefire run excludes *SimdTest).
 */
class KernelSimdTest {
    static final Kernels SIMD = KernelProvider.panama();
    static final Kernels SCALAR = KernelProvider.scalar();

    static Stream<Integer> sizes() {
        int l = SIMD.lanes();
        return IntStream.of(0, 1, l - 1, l, l + 1, 2 * l + 3, 1021, 4096).boxed();
    }

    static float[] random(SplittableRandom r, int n, float scale, boolean specials) {
        return TestArrays.random(r, n, scale, specials);
    }

    interface Run {
        void run(Kernels k, float[][] arrays, int off, int len, float[][] coef, int cOff);
    }

    /**
     * Runs {@code run} with both kernels on identical copies of the arrays, at an odd offset, and asserts
     * every array is bit-identical afterwards.
     */
    static void compare(String kernel, int n, int stateArrays, int coefCount, Run run) {
        compare(kernel, n, stateArrays, coefCount, false, run);
        compare(kernel, n, stateArrays, coefCount, true, run);
    }

    /** As above with per-neuron coefficient arrays, or ({@code shared}) arrays of one value each. */
    static void compare(String kernel, int n, int stateArrays, int coefCount, boolean shared, Run run) {
        long seed = 0x5EED0000L + 31L * n + kernel.hashCode() + (shared ? 7 : 0);
        SplittableRandom r = new SplittableRandom(seed);
        int off = 3;
        float[][] base = new float[stateArrays][];
        for (int j = 0; j < stateArrays; j++) {
            base[j] = random(r, n + off + 5, 2f, true);
        }
        float[][] coef = new float[coefCount][];
        for (int j = 0; j < coefCount; j++) {
            coef[j] = random(r, shared ? 1 : n + off + 5, 1f, false);
        }
        Function<float[][], float[][]> copy = a -> Arrays.stream(a).map(float[]::clone).toArray(float[][]::new);
        float[][] a = copy.apply(base), b = copy.apply(base);
        int cOff = shared ? 0 : off - 1;
        run.run(SIMD, a, off, n, coef, cOff);
        run.run(SCALAR, b, off, n, coef, cOff);
        for (int j = 0; j < stateArrays; j++) {
            for (int k = 0; k < a[j].length; k++) {
                if (Float.floatToIntBits(a[j][k]) != Float.floatToIntBits(b[j][k])) {
                    fail(kernel + " n=" + n + " shared=" + shared + " seed=" + seed + ": array " + j + " element " + k + ": SIMD " + a[j][k]
                            + ", scalar " + b[j][k]);
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lif(int n) {
        // arrays: x, v, i, z
        compare("lif", n, 4, 5, (k, s, off, len, c, cOff) -> k.lif(s[0], off, null, 0, s[1], s[2], off + 1, s[3], off + 2, len, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lifRecorded(int n) {
        // arrays: x, r, v, i, z, recV, recI; with and without the recurrent input
        compare("lifRecorded", n, 7, 5, (k, s, off, len, c, cOff) -> k.lifRecorded(s[0], off, null, 0, s[2], s[3], off + 1,
                s[4], off + 2, len, c, cOff, s[5], s[6], off + 3));
        compare("lifRecorded+r", n, 7, 5, (k, s, off, len, c, cOff) -> k.lifRecorded(s[0], off, s[1], off + 4, s[2], s[3],
                off + 1, s[4], off + 2, len, c, cOff, s[5], s[6], off + 3));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lifRecordedIsTheRecordThenLif(int n) {
        // the fused kernel against its definition on the same kernel path: record (v, (i + x) + r), then lif
        SplittableRandom r = new SplittableRandom(n);
        float[] x = random(r, n, 2f, true), rr = random(r, n, 2f, true), v = random(r, n, 2f, true), i = random(r, n, 2f, true);
        float[][] c = new float[5][];
        for (int j = 0; j < 5; j++) {
            c[j] = random(r, n, 1f, false);
        }
        for (Kernels k : new Kernels[] {SIMD, SCALAR}) {
            float[] v1 = v.clone(), i1 = i.clone(), z1 = new float[n], recV = new float[n], recI = new float[n];
            float[] v2 = v.clone(), i2 = i.clone(), z2 = new float[n], expI = new float[n];
            k.lifRecorded(x, 0, rr, 0, v1, i1, 0, z1, 0, n, c, 0, recV, recI, 0);
            for (int e = 0; e < n; e++) {
                expI[e] = (i[e] + x[e]) + rr[e];
            }
            k.lif(x, 0, rr, 0, v2, i2, 0, z2, 0, n, c, 0);
            org.junit.jupiter.api.Assertions.assertArrayEquals(v, recV, k.name() + ": recorded v");
            org.junit.jupiter.api.Assertions.assertArrayEquals(expI, recI, k.name() + ": recorded i1");
            org.junit.jupiter.api.Assertions.assertArrayEquals(v2, v1, k.name() + ": v");
            org.junit.jupiter.api.Assertions.assertArrayEquals(i2, i1, k.name() + ": i");
            org.junit.jupiter.api.Assertions.assertArrayEquals(z2, z1, k.name() + ": z");
        }
    }

    interface StepsRun {
        void run(Kernels k, float[][] arrays, int off, int stride, int n, int steps, float[][] coef, int cOff);
    }

    /**
     * A fused multi-step kernel on both paths at 1, 3 and 6 steps (LIF takes blocks of up to four steps one
     * vector at a time, longer ones in pairs): inputs and outputs of consecutive steps {@code n + 7} apart,
     * the state {@code n} long; the scalar twin is single steps in a loop.
     */
    static void compareSteps(String kernel, int n, int arrays, int coefCount, StepsRun run) {
        int stride = n + 7;
        for (int steps : new int[] {1, 3, 6}) {
            compare(kernel + steps, 6 * stride, arrays, coefCount, (k, s, off, len, c, cOff) -> run.run(k, s, off, stride, n,
                    steps, c, cOff));
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lifSteps(int n) {
        // arrays: x (6 steps), v, i, z (6 steps)
        compareSteps("lifSteps", n, 4, 5, (k, s, off, stride, len, steps, c, cOff) -> k.lifSteps(s[0], off, stride, s[1], s[2],
                off + 1, s[3], off + 2, stride, len, steps, c, cOff));
    }

    /**
     * The fused multi-step LIF kernel allocates nothing once compiled, over a range that leaves it pairs of
     * vectors, a single vector and a scalar tail: a loop of its own for the single vector once ran out of C2's
     * node budget and boxed its vectors (18.8 KB per call of 48 neurons for 32 steps), and on JDK 17 in the
     * whole suite C2 judged its helper calls cold and left them as calls (26 MB in 2000 calls).
     */
    @Test
    @Tag(Allocations.TAG)
    void lifStepsAllocateNothingOnceCompiled() {
        fusedStepsAllocateNothing("lifSteps", Slots.Lif.COUNT, Slots.Lif.V_TH,
                (x, v, i, z, len, steps, c) -> SIMD.lifSteps(x, 0, len, v, i, 0, z, 0, len, len, steps, c, 0));
    }

    /**
     * The fused Izhikevich kernel, two vectors side by side as LIF's, allocates nothing once compiled either:
     * with the reset helper its loop went past C2's node budget (45-80 KB per call).
     */
    @Test
    @Tag(Allocations.TAG)
    void izhikevichStepsAllocateNothingOnceCompiled() {
        fusedStepsAllocateNothing("izhikevichSteps", Slots.Izhikevich.COUNT, Slots.Izhikevich.V_TH,
                (x, v, u, z, len, steps, c) -> SIMD.izhikevichSteps(x, 0, len, v, u, 0, z, 0, len, len, steps, c, 0));
    }

    /** One call of a fused kernel with two state arrays over {@code len} neurons and {@code steps} steps. */
    interface FusedCall {
        void run(float[] x, float[] s0, float[] s1, float[] z, int len, int steps, float[][] c);
    }

    /**
     * Calls {@code call} 2000 times with shared and with per-neuron coefficients (0.5 each, the threshold 1) on
     * five vectors of neurons and three more, for 32 steps and for the sequence modules' blocks of 4, and
     * asserts that once compiled a round allocates under 8 bytes per call. Rounds run until one does (the
     * first rounds run in the interpreter and C1, which allocate; C2 may come late on a busy machine) or the
     * deadline has passed.
     */
    private static void fusedStepsAllocateNothing(String kernel, int coefCount, int thSlot, FusedCall call) {
        int l = SIMD.lanes(), len = 5 * l + 3, steps = 32, calls = 2000;
        SplittableRandom r = new SplittableRandom(0x11F);
        float[] x = random(r, steps * len, 1f, false), s0 = new float[len], s1 = new float[len], z = new float[steps * len];
        float[][] shared = new float[coefCount][], perNeuron = new float[coefCount][];
        for (int q = 0; q < shared.length; q++) {
            shared[q] = new float[] {q == thSlot ? 1f : 0.5f};
            perNeuron[q] = new float[len];
            Arrays.fill(perNeuron[q], shared[q][0]);
        }
        // both kinds of coefficients, so that the profile has seen both (as in a program with both)
        Allocations.assertSteadyStateAtMost(8L * calls - 1, kernel + " of " + len + " neurons, " + calls + " calls", () -> {
            for (int k = 0; k < calls; k++) {
                call.run(x, s0, s1, z, len, steps, shared);
            }
        }, () -> {
            for (int k = 0; k < calls; k++) {
                call.run(x, s0, s1, z, len, steps, perNeuron);
            }
        }, () -> {
            for (int k = 0; k < calls; k++) {
                call.run(x, s0, s1, z, len, 4, shared);
            }
        }, () -> {
            for (int k = 0; k < calls; k++) {
                call.run(x, s0, s1, z, len, 4, perNeuron);
            }
        });
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void liSteps(int n) {
        // arrays: x, v, i, out
        compareSteps("liSteps", n, 4, 3, (k, s, off, stride, len, steps, c, cOff) -> k.liSteps(s[0], off, stride, s[1], s[2],
                off + 1, s[3], off + 2, stride, len, steps, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lifBoxSteps(int n) {
        // arrays: x, v, z; both reset methods
        for (boolean subtract : new boolean[] {false, true}) {
            compareSteps("lifBoxSteps" + subtract, n, 3, 4, (k, s, off, stride, len, steps, c, cOff) -> k.lifBoxSteps(s[0],
                    off, stride, s[1], off + 1, s[2], off + 2, stride, len, steps, c, cOff, subtract));
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void liBoxSteps(int n) {
        compareSteps("liBoxSteps", n, 3, 2, (k, s, off, stride, len, steps, c, cOff) -> k.liBoxSteps(s[0], off, stride, s[1],
                off + 1, s[2], off + 2, stride, len, steps, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void iafSteps(int n) {
        compareSteps("iafSteps", n, 3, 2, (k, s, off, stride, len, steps, c, cOff) -> k.iafSteps(s[0], off, stride, s[1],
                off + 1, s[2], off + 2, stride, len, steps, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lsnnSteps(int n) {
        // arrays: x, v, i, b, z
        compareSteps("lsnnSteps", n, 5, 7, (k, s, off, stride, len, steps, c, cOff) -> k.lsnnSteps(s[0], off, stride, s[1],
                s[2], s[3], off + 1, s[4], off + 2, stride, len, steps, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lifRefracSteps(int n) {
        // arrays: x, v, i, rho, z; every third rho a small whole count, so that neurons leave the refractory
        // period within the steps, the others random with special values (NaN, -0, infinity) for relu
        compareSteps("lifRefracSteps", n, 5, 6, (k, s, off, stride, len, steps, c, cOff) -> {
            for (int e = 0; e < len; e += 3) {
                s[3][off + 1 + e] = e % 4;
            }
            k.lifRefracSteps(s[0], off, stride, s[1], s[2], s[3], off + 1, s[4], off + 2, stride, len, steps, c, cOff);
        });
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void izhikevichSteps(int n) {
        // arrays: x, v, u, z
        compareSteps("izhikevichSteps", n, 4, 9, (k, s, off, stride, len, steps, c, cOff) -> k.izhikevichSteps(s[0], off,
                stride, s[1], s[2], off + 1, s[3], off + 2, stride, len, steps, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void li(int n) {
        compare("li", n, 4, 3, (k, s, off, len, c, cOff) -> k.li(s[0], off, null, 0, s[1], s[2], off + 1, s[3], off + 2, len, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lifWithRecurrentInput(int n) {
        // arrays: x, r, v, i, z
        compare("lif+r", n, 5, 5, (k, s, off, len, c, cOff) -> k.lif(s[0], off, s[1], off + 4, s[2], s[3], off + 1, s[4], off + 2, len, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void liWithRecurrentInput(int n) {
        compare("li+r", n, 5, 3, (k, s, off, len, c, cOff) -> k.li(s[0], off, s[1], off + 4, s[2], s[3], off + 1, s[4], off + 2, len, c, cOff));
    }

    /** The surrogate method codes with both reset variants. */
    static final int[] METHODS = {Kernels.SURROGATE_SUPER, Kernels.SURROGATE_HEAVISIDE, Kernels.SURROGATE_TRIANGLE,
            Kernels.SURROGATE_TANH, Kernels.SURROGATE_CIRC, Kernels.SURROGATE_HEAVI_ERFC};

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lifBackward(int n) {
        for (int method : METHODS) {
            for (boolean detach : new boolean[] {false, true}) {
                // arrays: rec v, rec i1, gOut, gv, gi, gx, 5 coefficient accumulators
                compare("lifBackward" + method + detach, n, 11, 6, (k, s, off, len, c, cOff) -> k.lifBackward(
                        new float[][] {s[0], s[1]}, off, s[2], off + 1, s[3], s[4], off + 2, s[5], off + 3,
                        new float[][] {s[6], s[7], s[8], s[9], s[10]}, len, c, cOff, method, detach));
            }
            // without an output gradient and without coefficient gradients
            compare("lifBackward-bare" + method, n, 5, 6, (k, s, off, len, c, cOff) -> k.lifBackward(
                    new float[][] {s[0], s[1]}, off, null, 0, s[2], s[3], off + 2, s[4], off + 3, null, len, c, cOff, method,
                    false));
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void liBackward(int n) {
        compare("liBackward", n, 9, 3, (k, s, off, len, c, cOff) -> k.liBackward(new float[][] {s[0], s[1]}, off, s[2],
                off + 1, s[3], s[4], off + 2, s[5], off + 3, new float[][] {s[6], s[7], s[8]}, len, c, cOff));
        compare("liBackward-bare", n, 5, 3, (k, s, off, len, c, cOff) -> k.liBackward(new float[][] {s[0], s[1]}, off, null,
                0, s[2], s[3], off + 2, s[4], off + 3, null, len, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lsnnBackward(int n) {
        for (int method : METHODS) {
            for (boolean detach : new boolean[] {false, true}) {
                // arrays: rec v, i, b, gOut, gv, gi, gb, gx, 7 coefficient accumulators
                compare("lsnnBackward" + method + detach, n, 15, 8, (k, s, off, len, c, cOff) -> k.lsnnBackward(
                        new float[][] {s[0], s[1], s[2]}, off, s[3], off + 1, s[4], s[5], s[6], off + 2, s[7], off + 3,
                        new float[][] {s[8], s[9], s[10], s[11], s[12], s[13], s[14]}, len, c, cOff, method, detach));
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void surrogates(int n) {
        for (int method : METHODS) {
            compare("surrogate" + method, n, 3, 1, (k, s, off, len, c, cOff) -> {
                float[] out = new float[len];
                k.surrogate(method, java.util.Arrays.copyOfRange(s[0], off, off + len),
                        java.util.Arrays.copyOfRange(s[1], off, off + len), out, len, c[0][0] * 50f);
                System.arraycopy(out, 0, s[2], off, len);
            });
        }
    }

    static Stream<int[]> gemmShapes() {
        int l = SIMD.lanes();
        return Stream.of(new int[] {0, 5, 3}, new int[] {1, 1, 1}, new int[] {3, l - 1, 7}, new int[] {4, 2 * l, 300},
                new int[] {5, 2 * l + 1, 257}, new int[] {9, 3 * l + 5, 1}, new int[] {7, 1021, 13}, new int[] {6, 64, 0},
                new int[] {33, 96, 520}, new int[] {1, 1021, 700}, new int[] {2, 5 * l + 3, 1030}, new int[] {3, 2100, 41},
                new int[] {1, 4100, 9}, new int[] {2, l - 3, 6},
                // panels packed in groups (a short product; at 512 bits two whole groups and one panel), three depth blocks
                new int[] {13, 35 * l + 7, 530});
    }

    @ParameterizedTest(name = "m,n,k={0}")
    @MethodSource("gemmShapes")
    void gemmIsBitIdentical(int[] mnk) {
        int m = mnk[0], n = mnk[1], k = mnk[2];
        long seed = 0x6E33L + m * 1_000_003L + n * 1009L + k;
        SplittableRandom r = new SplittableRandom(seed);
        int lda = k + 2, ldb = n + 3, ldc = n + 1;
        float[] a = random(r, 2 + m * lda, 1f, false), b = random(r, 1 + k * ldb, 1f, false);
        float[] c1 = random(r, 3 + m * ldc, 1f, false), c2 = c1.clone();
        SIMD.gemm(a, 2, lda, b, 1, ldb, c1, 3, ldc, m, n, k);
        SCALAR.gemm(a, 2, lda, b, 1, ldb, c2, 3, ldc, m, n, k);
        for (int q = 0; q < c1.length; q++) {
            if (Float.floatToIntBits(c1[q]) != Float.floatToIntBits(c2[q])) {
                fail("gemm m=" + m + " n=" + n + " k=" + k + " seed=" + seed + ": element " + q + ": SIMD " + c1[q] + ", scalar " + c2[q]);
            }
        }
    }

    @Test
    void tallProductsBlockedByRowsAreBitIdentical() {
        // more than 2048 rows: blocks of 72 rows through every panel of a 1024-column chunk (PanamaKernels.product);
        // 2053 rows end in a part block with single rows, the columns in a second chunk, a one-vector column and
        // lanes, the depth in a part block
        int l = SIMD.lanes(), m = 2053, n = 1024 + 6 * l + l + 3, k = 260;
        SplittableRandom r = new SplittableRandom(0x7A11L);
        int lda = k + 2, ldb = n + 3, ldc = n + 1;
        float[] a = random(r, 2 + m * lda, 1f, false), b = random(r, 1 + k * ldb, 1f, false);
        PackedMatrix packed = SIMD.pack(b, 1, ldb, k, n);
        for (boolean fused : new boolean[] {false, true}) {
            float[] c0 = random(r, 3 + m * ldc, 1f, false), c1 = c0.clone(), c2 = c0.clone();
            SCALAR.gemm(fused, a, 2, lda, b, 1, ldb, c0, 3, ldc, m, n, k);
            SIMD.gemm(fused, a, 2, lda, b, 1, ldb, null, c1, 3, ldc, m, n, k);
            SIMD.gemm(fused, a, 2, lda, b, 1, ldb, packed, c2, 3, ldc, m, n, k);
            for (int q = 0; q < c0.length; q++) {
                int want = Float.floatToIntBits(c0[q]);
                if (want != Float.floatToIntBits(c1[q]) || want != Float.floatToIntBits(c2[q])) {
                    fail("tall gemm fused=" + fused + ": element " + q + " (row " + (q - 3) / ldc + "): scalar " + c0[q]
                            + ", SIMD " + c1[q] + ", packed " + c2[q]);
                }
            }
        }
    }

    @Test
    void panelGroupsStayInRangeForAnyRowCount() {
        // panels packed together: 8 of 2 x 16 floats for a short product, 1 for a tall one; no overflow of
        // m times the panel's bytes (2^25 rows of 128-byte panels wrapped to 0 in int arithmetic)
        assertEquals(8, PanamaKernels.panelGroup(64, 32));
        assertEquals(1, PanamaKernels.panelGroup(2000, 32));
        for (int m : new int[] {1 << 25, 1 << 26, 1 << 27, Integer.MAX_VALUE}) {
            for (int w2 : new int[] {8, 16, 32}) {
                int g = PanamaKernels.panelGroup(m, w2);
                assertEquals(1, g, "m=" + m + " w2=" + w2);
            }
        }
    }

    @ParameterizedTest(name = "m,n,k={0}")
    @MethodSource("gemmShapes")
    void gemmWithPackedBIsBitIdentical(int[] mnk) {
        int m = mnk[0], n = mnk[1], k = mnk[2];
        long seed = 0x9AC4L + m * 1_000_003L + n * 1009L + k;
        SplittableRandom r = new SplittableRandom(seed);
        int lda = k + 2, ldb = n + 3, ldc = n + 1;
        float[] a = random(r, 2 + m * lda, 1f, false), b = random(r, 1 + k * ldb, 1f, false);
        PackedMatrix packed = SIMD.pack(b, 1, ldb, k, n);
        assertNull(SCALAR.pack(b, 1, ldb, k, n), "the scalar kernels keep no layout");
        // a layout of another shape (one column fewer) is ignored, not misread
        PackedMatrix other = n > 0 ? SIMD.pack(b, 1, ldb, k, n - 1) : null;
        for (boolean fused : new boolean[] {false, true}) {
            float[] c0 = random(r, 3 + m * ldc, 1f, false), c1 = c0.clone(), c2 = c0.clone(), c3 = c0.clone();
            SCALAR.gemm(fused, a, 2, lda, b, 1, ldb, c0, 3, ldc, m, n, k);
            SIMD.gemm(fused, a, 2, lda, b, 1, ldb, packed, c1, 3, ldc, m, n, k);
            SIMD.gemm(fused, a, 2, lda, b, 1, ldb, other, c2, 3, ldc, m, n, k);
            SCALAR.gemm(fused, a, 2, lda, b, 1, ldb, packed, c3, 3, ldc, m, n, k);
            for (int q = 0; q < c0.length; q++) {
                int want = Float.floatToIntBits(c0[q]);
                if (want != Float.floatToIntBits(c1[q]) || want != Float.floatToIntBits(c2[q])
                        || want != Float.floatToIntBits(c3[q])) {
                    fail("packed gemm fused=" + fused + " m=" + m + " n=" + n + " k=" + k + ": element " + q + ": scalar "
                            + c0[q] + ", packed " + c1[q] + ", other layout " + c2[q] + ", scalar given the layout " + c3[q]);
                }
            }
        }
    }

    @ParameterizedTest(name = "m,n,k={0}")
    @MethodSource("gemmShapes")
    void gemmFmaIsBitIdenticalAndCloseToTheExactProduct(int[] mnk) {
        int m = mnk[0], n = mnk[1], k = mnk[2];
        long seed = 0xF3AL + m * 1_000_003L + n * 1009L + k;
        SplittableRandom r = new SplittableRandom(seed);
        int lda = k + 2, ldb = n + 3, ldc = n + 1;
        float[] a = random(r, 2 + m * lda, 1f, false), b = random(r, 1 + k * ldb, 1f, false);
        float[] c1 = random(r, 3 + m * ldc, 1f, false), c2 = c1.clone(), exact = c1.clone();
        SIMD.gemmFma(a, 2, lda, b, 1, ldb, c1, 3, ldc, m, n, k);
        SCALAR.gemmFma(a, 2, lda, b, 1, ldb, c2, 3, ldc, m, n, k);
        SCALAR.gemm(a, 2, lda, b, 1, ldb, exact, 3, ldc, m, n, k);
        for (int q = 0; q < c1.length; q++) {
            if (Float.floatToIntBits(c1[q]) != Float.floatToIntBits(c2[q])) {
                fail("gemmFma m=" + m + " n=" + n + " k=" + k + " seed=" + seed + ": element " + q + ": SIMD " + c1[q] + ", scalar "
                        + c2[q]);
            }
        }
        // the fast mode's deviation from the exact one: a few float32 roundings of the sum of |terms| at most
        for (int row = 0; row < m; row++) {
            for (int j = 0; j < n; j++) {
                double mag = 0;
                for (int p = 0; p < k; p++) {
                    mag += Math.abs((double) a[2 + row * lda + p] * b[1 + p * ldb + j]);
                }
                int q = 3 + row * ldc + j;
                double bound = 2 * k * Math.ulp(1f) * mag;
                org.junit.jupiter.api.Assertions.assertTrue(Math.abs(c1[q] - exact[q]) <= bound, "fast vs exact at " + row
                        + "," + j + ": " + c1[q] + " vs " + exact[q] + ", bound " + bound);
            }
        }
        // outside the m x n block nothing is written
        for (int row = 0; row < m; row++) {
            for (int j = n; j < ldc && 3 + row * ldc + j < c1.length; j++) {
                int q = 3 + row * ldc + j;
                org.junit.jupiter.api.Assertions.assertEquals(Float.floatToIntBits(exact[q]), Float.floatToIntBits(c1[q]));
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void sumRowsIsBitIdentical(int n) {
        sumRowsMatches(n, 80);
    }

    /**
     * The same for matrices larger than 8 MB, which the SIMD kernel traverses by groups of rows instead of
     * column blocks (a speed choice: the same sums), as it does for more than 96 rows of any matrix.
     */
    @Test
    void sumRowsOfALargeMatrixIsBitIdentical() {
        sumRowsMatches(4100, 520); // 520 x 4102 floats: past 2^21
        sumRowsMatches(9 * SIMD.lanes() + 3, (1 << 21) / (9 * SIMD.lanes() + 5) + 7);
    }

    private static void sumRowsMatches(int n, int rowsTotal) {
        long seed = 0x5075L + n;
        SplittableRandom r = new SplittableRandom(seed);
        int ldw = n + 2;
        for (boolean specials : new boolean[] {false, true}) {
            float[] w = random(r, rowsTotal * ldw + 1, 1f, specials);
            int[] rows = r.ints(0, rowsTotal).limit(130).sorted().toArray(); // some rows twice
            // no rows, few and many, a recurrent cell step's 51, and more than the SIMD kernel takes by column
            // blocks (96); the sizes give blocks of eight vectors, single vectors and the scalar tail
            for (int count : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 24, 51, 96, 97, 130}) {
                float[] o1 = random(r, n + 4, 1f, false), o2 = o1.clone();
                SIMD.sumRows(rows, count, w, 1, ldw, o1, 2, n);
                SCALAR.sumRows(rows, count, w, 1, ldw, o2, 2, n);
                for (int q = 0; q < o1.length; q++) {
                    if (Float.floatToIntBits(o1[q]) != Float.floatToIntBits(o2[q])) {
                        fail("sumRows n=" + n + " count=" + count + " specials=" + specials + " seed=" + seed + ": element " + q
                                + ": SIMD " + o1[q] + ", scalar " + o2[q]);
                    }
                }
            }
        }
    }

    /**
     * Rows of -0 sum to +0 (the sum starts at +0, and +0 + -0 is +0) whatever was in the output before, for
     * every count up to twelve rows.
     */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void sumRowsOfNegativeZerosIsPositiveZero(int n) {
        float[] w = new float[12 * n + 1];
        Arrays.fill(w, -0f);
        int[] rows = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        for (int count = 1; count <= rows.length; count++) {
            for (Kernels k : new Kernels[] {SIMD, SCALAR}) {
                float[] o = new float[n + 1];
                Arrays.fill(o, -0f);
                k.sumRows(rows, count, w, 0, n, o, 1, n);
                for (int q = 1; q <= n; q++) {
                    assertEquals(0, Float.floatToRawIntBits(o[q]),
                            k.name() + " count=" + count + " n=" + n + " element " + q);
                }
                assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(o[0]),
                        "wrote before the output");
            }
        }
    }

    /**
     * {@code sumEventRows} over column ranges {@code [j0, j1)} (starts and widths that are not multiples of
     * the panel or the vector, and matrices deep enough for several depth blocks of the SIMD kernel, with a
     * block's last row and the next block's first), eleven rows of ragged lengths (a row without events, a row
     * with events only in the last rows, a row whose events stop early), weights and values with NaN, infinities and -0: SIMD
     * and scalar bit for bit, equal to the columns of {@code sumEvents} of each row, with and without the
     * rows' {@link EventBlocks} table and the {@link EventPanels} layout (and with a layout of another matrix
     * depth, which must be ignored), and nothing written outside the range's columns.
     */
    @ParameterizedTest(name = "kRows={0}")
    @MethodSource("eventDepths")
    void eventRowColumnRangesAreBitIdentical(int kRows) {
        int l = SIMD.lanes();
        int n = 17 * l + 5, ldw = n + 3, m = 11;
        SplittableRandom r = new SplittableRandom(0xC0L + kRows);
        float[] w = random(r, kRows * ldw, 1f, true);
        int[] rowStart = new int[m + 1];
        int[] idx = new int[m * kRows];
        float[] val = random(r, m * kRows, 2f, true);
        int e = 0;
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < kRows; k++) {
                boolean drawn = r.nextInt(kRows > 100 ? 300 : 3) == 0;
                boolean take = switch (i) {
                    case 9 -> false; // no events at all
                    case 10 -> k >= kRows - 3; // only the last rows
                    case 4 -> drawn && k < kRows / 3; // stops early
                    default -> drawn || i == 2 && (k == kRows - 1 || k == EventBlocks.DEPTH - 1 || k == EventBlocks.DEPTH);
                };
                if (take) {
                    idx[e++] = k;
                }
            }
            rowStart[i + 1] = e;
        }
        int[] rows = {6, 0, 2, 9, 1, 3, 10, 5, 4, 8, 7};
        int[] table = new int[EventBlocks.ints(m, kRows) + 5];
        EventBlocks.fill(rowStart, idx, rows, m, kRows, table);
        int[][] ranges = {{0, n}, {l + 3, n}, {1, 2}, {2 * l, 2 * l + 4 * l}, {3, 3 + 4 * l + 1}, {5, 5 + 3 * l - 2},
                {n - 1, n}, {7, 7}, {4 * l, n}, {4 * l, 8 * l + 3}, {8 * l, n}, {0, 16 * l}, {3, 3 + 8 * l + 1},
                {8 * l - 1, 16 * l + 2}};
        // the SIMD kernels' layout of w, and one of a matrix with another depth (it does not fit: ignored)
        EventPanels own = SIMD.packEvents(w, ldw, kRows, n), other = kRows > 1 ? SIMD.packEvents(w, ldw, kRows - 1, n) : null;
        if (SIMD != SCALAR && own == null) {
            fail("the SIMD kernels keep a layout for the event products");
        }
        for (float[] v : new float[][] {null, val}) {
            for (int[] jr : ranges) {
                for (int mode = 0; mode < 5; mode++) {
                    int[] blocks = mode % 2 == 1 ? table : null;
                    EventPanels panels = mode < 2 ? null : mode < 4 ? own : other;
                    int j0 = jr[0], j1 = jr[1], ldo = j1 - j0 + 2;
                    float[] o1 = random(r, m * ldo + 3, 1f, false), o2 = o1.clone(), before = o1.clone();
                    SIMD.sumEventRows(rowStart, idx, v, rows, m, w, ldw, kRows, j0, j1, o1, 1, ldo,
                            new float[SIMD.eventPackFloats(kRows)], panels, blocks);
                    SCALAR.sumEventRows(rowStart, idx, v, rows, m, w, ldw, kRows, j0, j1, o2, 1, ldo,
                            new float[SCALAR.eventPackFloats(kRows)], null, blocks);
                    String at = "kRows=" + kRows + " values=" + (v != null) + " mode=" + mode + " columns ["
                            + j0 + ", " + j1 + ")";
                    float[] one = new float[n];
                    for (int q = 0; q < m; q++) {
                        SCALAR.sumEvents(idx, v, rowStart[rows[q]], rowStart[rows[q] + 1], w, 0, ldw, one, 0, n);
                        for (int j = j0; j < j1; j++) {
                            int o = 1 + q * ldo + j - j0;
                            if (Float.floatToIntBits(o1[o]) != Float.floatToIntBits(one[j])
                                    || Float.floatToIntBits(o2[o]) != Float.floatToIntBits(one[j])) {
                                fail(at + ": row " + q + " column " + j + ": SIMD " + o1[o] + ", scalar " + o2[o]
                                        + ", sumEvents " + one[j]);
                            }
                        }
                    }
                    for (int o = 0; o < o1.length; o++) {
                        int q = (o - 1) / ldo, c = (o - 1) % ldo;
                        boolean inRange = o >= 1 && q < m && c < j1 - j0;
                        if (!inRange && (Float.floatToIntBits(o1[o]) != Float.floatToIntBits(before[o])
                                || Float.floatToIntBits(o2[o]) != Float.floatToIntBits(before[o]))) {
                            fail(at + ": element " + o + " outside the rows' columns was written");
                        }
                    }
                }
            }
        }
    }

    /**
     * A range whose last panel is narrower than the SIMD kernel's (its sums go through a scratch) allocates
     * nothing once compiled, when the rows' table and the layout are given: the scratch is kept between
     * calls. (Allocating it per call was {@code rows x panel} floats: 150 KB here.)
     */
    @Test
    @Tag(Allocations.TAG)
    void eventRowsWithANarrowLastPanelAllocateNothing() {
        int kRows = 2000, n = 300, m = 300;
        SplittableRandom r = new SplittableRandom(0xA110C);
        float[] w = random(r, kRows * n, 1f, false);
        int[] rowStart = new int[m + 1];
        int[] idx = new int[m * kRows / 20];
        int e = 0;
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < kRows && e < idx.length; k++) {
                if (r.nextInt(30) == 0) {
                    idx[e++] = k;
                }
            }
            rowStart[i + 1] = e;
        }
        int[] rows = IntStream.range(0, m).toArray();
        int[] table = new int[EventBlocks.ints(m, kRows)];
        EventBlocks.fill(rowStart, idx, rows, m, kRows, table);
        EventPanels panels = SIMD.packEvents(w, n, kRows, n);
        float[] out = new float[m * n], pack = new float[SIMD.eventPackFloats(kRows)];
        // ten calls a round: reading the thread's allocation counter allocates about 800 bytes itself
        Allocations.assertSteadyStateAtMost(10 * 100, "ten sumEventRows calls with a narrow last panel", () -> {
            for (int c = 0; c < 10; c++) {
                SIMD.sumEventRows(rowStart, idx, null, rows, m, w, n, kRows, 0, n, out, 0, n, pack, panels, table);
            }
        });
    }

    /**
     * The {@link EventBlocks} table: for each row and depth block, the row's first event at or past the
     * block's first row of {@code W^T}, and the row's end after the last block.
     */
    @Test
    void eventBlocksTableMarksEachBlocksFirstEvent() {
        int d = EventBlocks.DEPTH, kRows = 2 * d + 7;
        int[] idx = {0, 5, d - 1, d, d + 3, 2 * d + 6, /* row 1: */ 2 * d, /* row 2: none, row 3: */ d - 1};
        int[] rowStart = {0, 6, 7, 7, 8};
        int[] rows = {3, 0, 2, 1};
        int[] table = new int[EventBlocks.ints(4, kRows)];
        assertEquals(3, EventBlocks.blocks(kRows));
        assertEquals(1, EventBlocks.blocks(1));
        assertEquals(1, EventBlocks.blocks(d));
        assertEquals(2, EventBlocks.blocks(d + 1));
        assertEquals(16, table.length);
        EventBlocks.fill(rowStart, idx, rows, 4, kRows, table);
        assertArrayEquals(new int[] {7, 8, 8, 8, /* row 0 */ 0, 3, 5, 6, /* row 2 */ 7, 7, 7, 7, /* row 1 */ 6, 6, 6, 7},
                table);
    }

    /** Matrix depths for the event kernels: shallow, and deeper than the SIMD kernel's depth block at any width. */
    static Stream<Integer> eventDepths() {
        return IntStream.of(1, 37, EventBlocks.DEPTH, EventBlocks.DEPTH + 1, 9001).boxed();
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void eventSumsAreBitIdentical(int n) {
        long seed = 0xE7E7L + n;
        SplittableRandom r = new SplittableRandom(seed);
        int kRows = 29, ldw = n + 5, m = 9;
        float[] w = random(r, kRows * ldw + 1, 1f, true);
        int[] rowStart = new int[m + 1];
        int[] idx = new int[m * kRows];
        float[] val = random(r, m * kRows, 2f, true);
        int e = 0;
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < kRows; k++) {
                if (r.nextInt(3) == 0) {
                    idx[e++] = k;
                }
            }
            rowStart[i + 1] = e;
        }
        int[] rows = {4, 0, 8, 1, 2, 3, 5, 6, 7};
        for (float[] v : new float[][] {null, val}) {
            float[] o1 = random(r, m * (n + 3) + 2, 1f, false), o2 = o1.clone();
            SIMD.sumEventRows(rowStart, idx, v, rows, m, w, ldw, kRows, 0, n, o1, 2, n + 3, new float[SIMD.eventPackFloats(kRows)], null, null);
            SCALAR.sumEventRows(rowStart, idx, v, rows, m, w, ldw, kRows, 0, n, o2, 2, n + 3, new float[SCALAR.eventPackFloats(kRows)], null, null);
            float[] s1 = random(r, n + 4, 1f, false), s2 = s1.clone();
            SIMD.sumEvents(idx, v, rowStart[2], rowStart[7], w, 1, ldw, s1, 1, n);
            SCALAR.sumEvents(idx, v, rowStart[2], rowStart[7], w, 1, ldw, s2, 1, n);
            for (int q = 0; q < o1.length; q++) {
                if (Float.floatToIntBits(o1[q]) != Float.floatToIntBits(o2[q])) {
                    fail("sumEventRows n=" + n + " values=" + (v != null) + " seed=" + seed + ": element " + q + ": SIMD "
                            + o1[q] + ", scalar " + o2[q]);
                }
            }
            for (int q = 0; q < s1.length; q++) {
                if (Float.floatToIntBits(s1[q]) != Float.floatToIntBits(s2[q])) {
                    fail("sumEvents n=" + n + " values=" + (v != null) + " seed=" + seed + ": element " + q + ": SIMD "
                            + s1[q] + ", scalar " + s2[q]);
                }
            }
        }
    }

    /**
     * The sparse scatter against its scalar twin (columns of every length from 0 to past a few vectors,
     * rows in random order within a column, scaled and plain events, a repeated event) and against the
     * dense event sum of the same weights: bit for bit.
     */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void sparseScatterIsBitIdentical(int n) {
        long seed = 0x5CA7L + n;
        SplittableRandom r = new SplittableRandom(seed);
        int cols = 23;
        int[] colStart = new int[cols + 1];
        int[] rows = new int[cols * n];
        float[] dense = new float[cols * n]; // (cols, n): row k is column k's fan-out, as sumEvents reads it
        int nz = 0;
        for (int k = 0; k < cols; k++) {
            int len = n == 0 ? 0 : r.nextInt(Math.min(n, 3 * SIMD.lanes() + 2) + 1);
            int[] perm = r.ints(0, Integer.MAX_VALUE).limit(n).toArray();
            Integer[] order = new Integer[n];
            for (int q = 0; q < n; q++) {
                order[q] = q;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(perm[a], perm[b]));
            for (int q = 0; q < len; q++) {
                rows[nz] = order[q];
                float v = (float) r.nextGaussian();
                dense[k * n + order[q]] = v;
                nz++;
            }
            colStart[k + 1] = nz;
        }
        float[] w = new float[nz];
        for (int p = 0; p < nz; p++) {
            int k = 0;
            while (colStart[k + 1] <= p) {
                k++;
            }
            w[p] = dense[k * n + rows[p]];
        }
        int[] idx = {0, 2, 3, 3, 7, 11, 12, 19, 22};
        float[] val = random(r, idx.length, 2f, false);
        for (float[] v : new float[][] {null, val}) {
            float[] o1 = new float[n + 3], o2 = new float[n + 3], d = new float[n + 3];
            SIMD.scatterColumns(idx, v, 1, idx.length, colStart, rows, w, o1, 2);
            SCALAR.scatterColumns(idx, v, 1, idx.length, colStart, rows, w, o2, 2);
            SCALAR.sumEvents(idx, v, 1, idx.length, dense, 0, n, d, 2, n);
            for (int q = 0; q < o1.length; q++) {
                if (Float.floatToIntBits(o1[q]) != Float.floatToIntBits(o2[q])
                        || Float.floatToIntBits(o2[q]) != Float.floatToIntBits(d[q])) {
                    fail("scatterColumns n=" + n + " values=" + (v != null) + " seed=" + seed + ": element " + q + ": SIMD "
                            + o1[q] + ", scalar " + o2[q] + ", dense " + d[q]);
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void nonzerosAreTheSame(int n) {
        long seed = 0x2E50L + n;
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = random(r, n + 3, 1f, true);
        for (int k = 0; k < x.length; k++) {
            if (r.nextInt(3) > 0) {
                x[k] = r.nextBoolean() ? 0f : -0f; // mostly zero, with NaN, infinities and ones among the rest
            }
        }
        for (int limit : new int[] {n + 1, n / 20, 0}) {
            int[] a = new int[1 + limit], b = new int[1 + limit]; // room for limit positions after at = 1: no more
            int ca = SIMD.nonzeros(x, 2, n, a, 1, limit), cb = SCALAR.nonzeros(x, 2, n, b, 1, limit);
            if (ca != cb || (ca >= 0 && !Arrays.equals(a, 0, ca + 1, b, 0, cb + 1))) {
                fail("nonzeros n=" + n + " limit=" + limit + " seed=" + seed + ": SIMD " + ca + " " + Arrays.toString(a)
                        + ", scalar " + cb + " " + Arrays.toString(b));
            }
            if (limit > n) {
                int want = 0;
                for (int k = 0; k < n; k++) {
                    want += x[2 + k] != 0f ? 1 : 0;
                }
                if (cb != want) {
                    fail("nonzeros n=" + n + " seed=" + seed + ": counted " + cb + ", expected " + want);
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void spikeIndicesAreTheSame(int n) {
        long seed = 0x5B1CL + n;
        SplittableRandom r = new SplittableRandom(seed);
        float[] odd = {Float.NaN, 2f, -1f, Float.POSITIVE_INFINITY, 0.5f};
        // plain spikes (0, -0, 1) at several densities, then the same with one other value somewhere
        for (int variant = 0; variant < 8; variant++) {
            float[] z = new float[n + 3];
            double density = new double[] {0, 0.05, 0.5, 1}[variant % 4];
            for (int k = 0; k < z.length; k++) {
                z[k] = r.nextDouble() < density ? 1f : r.nextBoolean() ? 0f : -0f;
            }
            int bad = -1;
            if (variant >= 4 && n > 0) {
                bad = r.nextInt(n);
                z[2 + bad] = odd[r.nextInt(odd.length)];
            }
            int[] a = new int[n], b = new int[n];
            int ca = SIMD.spikeIndices(z, 2, n, a), cb = SCALAR.spikeIndices(z, 2, n, b);
            String what = "spikeIndices n=" + n + " variant=" + variant + " seed=" + seed;
            if (bad >= 0) {
                assertEquals(-1, ca, what + ": SIMD, value " + z[2 + bad] + " at " + bad);
                assertEquals(-1, cb, what + ": scalar, value " + z[2 + bad] + " at " + bad);
                continue;
            }
            int[] want = new int[n];
            int cw = 0;
            for (int k = 0; k < n; k++) {
                if (z[2 + k] == 1f) {
                    want[cw++] = k;
                }
            }
            assertEquals(cw, cb, what + ": scalar count");
            assertArrayEquals(Arrays.copyOf(want, cw), Arrays.copyOf(b, cb), what + ": scalar list");
            assertEquals(cw, ca, what + ": SIMD count");
            assertArrayEquals(Arrays.copyOf(want, cw), Arrays.copyOf(a, ca), what + ": SIMD list");
        }
    }

    /**
     * Every position of spike lists of lengths around 64 and the vectors (a mask's bits are a long; whole
     * vectors, a vector tail, a scalar tail): a spike at position p alone, beside the last neuron's spike,
     * a value other than 1 at p (the answer must be -1), and -0 at p (no spike), on both kernels.
     */
    @Test
    void spikeIndicesFindEveryPosition() {
        int l = SIMD.lanes();
        for (int n : new int[] {63, 64, 65, 64 + l, 64 + l + 3, 127, 128, 129, 200}) {
            for (int p = 0; p < n; p++) {
                for (Kernels k : new Kernels[] {SIMD, SCALAR}) {
                    String what = k.name() + " n=" + n + " p=" + p;
                    float[] z = new float[n + 1];
                    z[1 + p] = 1f;
                    int[] idx = new int[n];
                    assertEquals(1, k.spikeIndices(z, 1, n, idx), what + ": count");
                    assertEquals(p, idx[0], what + ": position");
                    z[n] = 1f;
                    int c = k.spikeIndices(z, 1, n, idx);
                    assertArrayEquals(p == n - 1 ? new int[] {p} : new int[] {p, n - 1}, Arrays.copyOf(idx, c), what + " and the last");
                    z[1 + p] = p % 2 == 0 ? 2f : Float.NaN;
                    assertEquals(-1, k.spikeIndices(z, 1, n, idx), what + ": " + z[1 + p]);
                    z[1 + p] = -0f;
                    z[n] = 0f;
                    assertEquals(0, k.spikeIndices(z, 1, n, idx), what + ": -0");
                }
            }
        }
    }

    // The neuron-model zoo: arrays are inputs first, then the state, then the output.

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lifBox(int n) {
        for (boolean subtract : new boolean[] {false, true}) {
            compare("lifBox" + subtract, n, 3, 4, (k, s, off, len, c, cOff) -> k.lifBox(s[0], off, s[1], off + 1, s[2], off + 2,
                    len, c, cOff, subtract));
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void liBox(int n) {
        compare("liBox", n, 3, 2, (k, s, off, len, c, cOff) -> k.liBox(s[0], off, s[1], off + 1, s[2], off + 2, len, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void iaf(int n) {
        compare("iaf", n, 3, 2, (k, s, off, len, c, cOff) -> k.iaf(s[0], off, s[1], off + 1, s[2], off + 2, len, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lsnn(int n) {
        compare("lsnn", n, 6, 7, (k, s, off, len, c, cOff) -> k.lsnn(s[0], off, s[1], off + 3, s[2], s[3], s[4], off + 1, s[5],
                off + 2, len, c, cOff));
        compare("lsnn-ff", n, 5, 7, (k, s, off, len, c, cOff) -> k.lsnn(s[0], off, null, 0, s[1], s[2], s[3], off + 1, s[4],
                off + 2, len, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lifEx(int n) {
        compare("lifEx", n, 5, 6, (k, s, off, len, c, cOff) -> k.lifEx(s[0], off, s[1], off + 3, s[2], s[3], off + 1, s[4],
                off + 2, len, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lifAdEx(int n) {
        compare("lifAdEx", n, 6, 9, (k, s, off, len, c, cOff) -> k.lifAdEx(s[0], off, s[1], off + 3, s[2], s[3], s[4], off + 1,
                s[5], off + 2, len, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lifAdExRefrac(int n) {
        for (boolean norse : new boolean[] {false, true}) {
            compare("lifAdExRefrac" + norse, n, 7, 10, (k, s, off, len, c, cOff) -> k.lifAdExRefrac(s[0], off, s[1], off + 3,
                    s[2], s[3], s[4], s[5], off + 1, s[6], off + 2, len, c, cOff, norse));
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lifRefrac(int n) {
        compare("lifRefrac", n, 6, 6, (k, s, off, len, c, cOff) -> k.lifRefrac(s[0], off, s[1], off + 3, s[2], s[3], s[4],
                off + 1, s[5], off + 2, len, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void izhikevich(int n) {
        compare("izhikevich", n, 5, 9, (k, s, off, len, c, cOff) -> k.izhikevich(s[0], off, s[1], off + 3, s[2], s[3], off + 1,
                s[4], off + 2, len, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void cobaLif(int n) {
        compare("coba-split", n, 5, 9, (k, s, off, len, c, cOff) -> k.cobaLif(s[0], off, null, 0, true, s[1], s[2], s[3],
                off + 1, s[4], off + 2, len, c, cOff));
        compare("coba-two", n, 6, 9, (k, s, off, len, c, cOff) -> k.cobaLif(s[0], off, s[1], off + 3, false, s[2], s[3], s[4],
                off + 1, s[5], off + 2, len, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lifMcRefrac(int n) {
        for (boolean mask : new boolean[] {false, true}) {
            compare("lifMcRefrac" + mask, n, 7, 8, (k, s, off, len, c, cOff) -> k.lifMcRefrac(s[0], off, s[1], off + 3, s[2],
                    off + 4, s[3], s[4], s[5], off + 1, s[6], off + 2, len, c, cOff, mask));
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void lifCurrentEncoder(int n) {
        compare("encoder", n, 3, 4, (k, s, off, len, c, cOff) -> k.lifCurrentEncoder(s[0], off, s[1], off + 1, s[2], off + 2,
                len, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void addScaled(int n) {
        compare("addScaled", n, 2, 1, (k, s, off, len, c, cOff) -> k.addScaled(s[0], off, s[1], off + 3, 0.37f, len));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void divide(int n) {
        compare("divide", n, 1, 1, (k, s, off, len, c, cOff) -> k.divide(s[0], off, 9f, len));
        compare("divide by 3", n, 1, 1, (k, s, off, len, c, cOff) -> k.divide(s[0], off, 3f, len));
    }

    @Test
    void expIsBitIdenticalIncludingEdges() {
        SplittableRandom r = new SplittableRandom(77);
        int n = 4099;
        float[] x = new float[n];
        for (int k = 0; k < n; k++) {
            x[k] = (float) (r.nextDouble() * 220 - 110);
        }
        float[] special = {0f, -0f, 88.72283f, 88.7229f, -103.97208f, -103.973f, -87.33654f, Float.NaN,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-30f, -1e-30f, 0.5f, -0.5f, 80f, -100f};
        System.arraycopy(special, 0, x, 0, special.length);
        // lifEx with v_th = 0, delta_T = 1: dv_exp = exp(v); compare the resulting voltages
        float[][] c = {{0f}, {0f}, {0f}, {0f}, {0f}, {1f}};
        float[] zeros = new float[n];
        float[] v1 = x.clone(), v2 = x.clone(), i1 = new float[n], i2 = new float[n], z = new float[n];
        SIMD.lifEx(zeros, 0, null, 0, v1, i1, 0, z, 0, n, c, 0);
        SCALAR.lifEx(zeros, 0, null, 0, v2, i2, 0, z, 0, n, c, 0);
        for (int k = 0; k < n; k++) {
            if (Float.floatToIntBits(v1[k]) != Float.floatToIntBits(v2[k])) {
                fail("exp of " + x[k] + " (seed 77, element " + k + "): SIMD path " + v1[k] + ", scalar " + v2[k]);
            }
        }
    }
}
