package io.snn4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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

    /** A random array with a sprinkling of awkward values: zeros, exactly-threshold, NaN, infinities. */
    static float[] random(SplittableRandom r, int n, float scale, boolean specials) {
        float[] a = new float[n];
        for (int k = 0; k < n; k++) {
            a[k] = (float) ((r.nextDouble() * 2 - 0.5) * scale);
            if (specials) {
                int pick = r.nextInt(40);
                if (pick == 0) {
                    a[k] = 0f;
                } else if (pick == 1) {
                    a[k] = Float.NaN;
                } else if (pick == 2) {
                    a[k] = Float.POSITIVE_INFINITY;
                } else if (pick == 3) {
                    a[k] = -0f;
                } else if (pick == 4) {
                    a[k] = 1f;
                }
            }
        }
        return a;
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
        compare("lif", n, 4, 5, (k, s, off, len, c, cOff) -> k.lif(s[0], off, s[1], s[2], off + 1, s[3], off + 2, len, c, cOff));
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void li(int n) {
        compare("li", n, 4, 3, (k, s, off, len, c, cOff) -> k.li(s[0], off, s[1], s[2], off + 1, s[3], off + 2, len, c, cOff));
    }
}
