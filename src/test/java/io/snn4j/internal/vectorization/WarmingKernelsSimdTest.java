package io.snn4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link WarmingKernels} with the real kernels (vector module only; the scalar surefire run excludes
 * *SimdTest): the warm-up workload computes the same numbers on both, bit for bit (so its timings compare
 * like with like), and the SIMD kernels take over within the time limit.
 */
class WarmingKernelsSimdTest {

    @Test
    void theWorkloadIsBitIdenticalOnBothKernels() {
        WarmingKernels.Workload a = new WarmingKernels.Workload(), b = new WarmingKernels.Workload();
        for (int round = 0; round < 5; round++) {
            a.round(KernelProvider.panama());
            b.round(KernelProvider.scalar());
            float[][] x = a.outputs(), y = b.outputs();
            for (int q = 0; q < x.length; q++) {
                assertArrayEquals(x[q], y[q], "round " + round + ", output " + q);
            }
        }
    }

    @Test
    void theSimdKernelsTakeOverWithinTheTimeLimit() throws Exception {
        Kernels simd = KernelProvider.panama();
        WarmingKernels k = new WarmingKernels(KernelProvider.scalar(), simd);
        long t0 = System.nanoTime();
        k.awaitWarm();
        assertTrue(k.warm());
        assertTrue(System.nanoTime() - t0 <= WarmingKernels.DELAY_NANOS + WarmingKernels.MAX_WARMUP_NANOS + 1_000_000_000L);
        assertEquals(simd.name(), k.name());
        assertEquals(simd.lanes(), k.lanes());
    }
}
