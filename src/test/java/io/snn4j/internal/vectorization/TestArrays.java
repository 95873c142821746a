package io.snn4j.internal.vectorization;

import java.util.SplittableRandom;

/** Seeded random test arrays. */
final class TestArrays {
    private TestArrays() {
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
}
