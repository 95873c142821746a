package io.snn4j.internal.vectorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The build runs the suite twice; each run must get the kernels it was configured for. */
class KernelProviderTest {

    @Test
    void eachSurefireRunGetsItsKernelPath() {
        String expected = System.getProperty("snn4j.test.expectedKernels");
        assertNotNull(expected, "run the tests through Maven (scripts/test): it sets snn4j.test.expectedKernels");
        assertEquals(expected, KernelProvider.kernels().name());
        assertEquals(expected.equals("panama"), KernelProvider.panamaAvailable());
    }

    @Test
    void theBaselineRunsOnTheJavaItWasConfiguredFor() {
        String feature = System.getProperty("snn4j.test.expectedJavaFeature");
        if (feature != null) {
            assertEquals(Integer.parseInt(feature), Runtime.version().feature(), "this surefire run must use a JDK " + feature);
        } else {
            assertTrue(Runtime.version().feature() >= 25, "the default runs use the build's JDK 25");
        }
    }

    @Test
    void theSimdKernelsUseTheRequestedVectorSize() {
        String bits = System.getProperty(KernelProvider.VECTOR_BITS_PROPERTY);
        if (bits != null && KernelProvider.panamaAvailable()) {
            assertEquals(Integer.parseInt(bits) / 32, KernelProvider.panama().lanes(), "lanes for " + bits + " bits");
        }
    }

    @Test
    void panamaHasSeveralLanesAndScalarOne() {
        assertEquals(1, KernelProvider.scalar().lanes());
        if (KernelProvider.panamaAvailable()) {
            assertTrue(KernelProvider.panama().lanes() >= 4, "lanes: " + KernelProvider.panama().lanes());
        } else {
            IllegalStateException e = assertThrows(IllegalStateException.class, KernelProvider::panama);
            assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
        }
    }
}
