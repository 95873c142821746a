package io.snn4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reproducible exp used by LIFEx/LIFAdEx: within 2 ulp of the correctly rounded value. */
class ExpTest {

    @Test
    void withinTwoUlpOverTheWholeRange() {
        SplittableRandom r = new SplittableRandom(2024);
        int worst = 0;
        for (int k = 0; k < 200_000; k++) {
            float x = (float) (r.nextDouble() * 192 - 104);
            float want = (float) Math.exp(x);
            float got = ScalarKernels.exp(x);
            int ulps = Math.abs(Float.floatToIntBits(want) - Float.floatToIntBits(got));
            worst = Math.max(worst, ulps);
            assertTrue(ulps <= 2, "seed 2024: exp(" + x + ") = " + got + ", correctly rounded " + want);
        }
        assertTrue(worst <= 2);
    }

    @Test
    void edges() {
        assertEquals(1f, ScalarKernels.exp(0f));
        assertEquals(Float.POSITIVE_INFINITY, ScalarKernels.exp(89f));
        assertEquals(0f, ScalarKernels.exp(-104f));
        assertTrue(Float.isNaN(ScalarKernels.exp(Float.NaN)));
        assertTrue(Float.isFinite(ScalarKernels.exp(88.72f)));
        assertTrue(ScalarKernels.exp(-100f) > 0f, "subnormal results are kept");
        assertEquals((float) Math.exp(-0.5), ScalarKernels.exp(-0.5f), Math.ulp((float) Math.exp(-0.5)) * 2);
    }
}
