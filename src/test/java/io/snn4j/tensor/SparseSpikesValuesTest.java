package io.snn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** SparseSpikes carrying values (scaled events): construction, round trips, slicing, equality, bad input. */
class SparseSpikesValuesTest {

    @Test
    void denseValuesRoundTripAndSlice() {
        Tensor x = Tensor.of(new float[] {0f, 2.5f, 0f, -1f, /* row 1 */ 0f, 0f, 0f, 0f, /* row 2 */ 1f, -0f, 0.25f, 0f},
                3, 1, 4);
        SparseSpikes s = SparseSpikes.fromDenseValues(x);
        assertTrue(s.hasValues());
        assertEquals(4, s.count());
        assertArrayEquals(new int[] {1, 3}, s.indices(0));
        assertArrayEquals(new float[] {2.5f, -1f}, s.values(0));
        assertEquals(0, s.count(1));
        assertArrayEquals(new int[] {0, 2}, s.indices(2)); // -0 is no event
        assertArrayEquals(new int[] {0, 2, 2, 4}, s.rowStarts());
        assertArrayEquals(new int[] {1, 3, 0, 2}, s.indices());
        assertArrayEquals(new float[] {2.5f, -1f, 1f, 0.25f}, s.values());
        assertArrayEquals(new float[] {0f, 2.5f, 0f, -1f, 0f, 0f, 0f, 0f, 1f, 0f, 0.25f, 0f}, s.toDense().data());
        SparseSpikes step2 = s.step(2);
        assertArrayEquals(new int[] {1, 4}, step2.shape());
        assertArrayEquals(new float[] {1f, 0.25f}, step2.values(0));
        float[] into = new float[4];
        assertEquals(2, s.copyValues(0, into));
        assertArrayEquals(new float[] {2.5f, -1f, 0f, 0f}, into);
        assertTrue(s.toString().contains("values"), s.toString());
    }

    @Test
    void plainSpikesHaveValueOneAndDifferFromScaledOnes() {
        SparseSpikes plain = SparseSpikes.fromIndices(new int[] {2, 3}, new int[][] {{2, 0}, {1}});
        assertFalse(plain.hasValues());
        assertNull(plain.values());
        assertArrayEquals(new float[] {1f, 1f}, plain.values(0));
        float[] into = {7f, 7f};
        assertEquals(2, plain.copyValues(0, into));
        assertArrayEquals(new float[] {7f, 7f}, into, "plain spikes copy no values");
        SparseSpikes ones = SparseSpikes.fromCompressed(new int[] {2, 3}, new int[] {0, 2, 3}, new int[] {0, 2, 1},
                new float[] {1f, 1f, 1f});
        assertEquals(plain.toDense(), ones.toDense());
        assertNotEquals(plain, ones);
        assertEquals(plain, SparseSpikes.fromCompressed(new int[] {2, 3}, new int[] {0, 2, 3}, new int[] {0, 2, 1}, null));
        assertEquals(ones, SparseSpikes.fromDenseValues(ones.toDense()));
        assertEquals(ones.hashCode(), SparseSpikes.fromDenseValues(ones.toDense()).hashCode());
    }

    @Test
    void compressedValuesAreCopied() {
        float[] v = {0.5f, 3f};
        int[] idx = {1, 0};
        int[] start = {0, 1, 2};
        SparseSpikes s = SparseSpikes.fromCompressed(new int[] {2, 2}, start, idx, v);
        v[0] = 99f;
        idx[0] = 0;
        assertArrayEquals(new float[] {0.5f}, s.values(0));
        assertArrayEquals(new int[] {1}, s.indices(0));
        s.values()[0] = 42f;
        assertArrayEquals(new float[] {0.5f}, s.values(0));
    }

    @Test
    void badValuesAreRejectedNamingTheProblem() {
        Tensor nan = Tensor.of(new float[] {0f, Float.NaN, 1f}, 1, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparseSpikes.fromDenseValues(nan));
        assertTrue(e.getMessage().contains("element 1") && e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparseSpikes.fromCompressed(new int[] {1, 3}, new int[] {0, 2},
                new int[] {0, 2}, new float[] {1f}));
        assertTrue(e.getMessage().contains("values has 1 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparseSpikes.fromCompressed(new int[] {1, 3}, new int[] {0, 2},
                new int[] {0, 2}, new float[] {1f, Float.NEGATIVE_INFINITY}));
        assertTrue(e.getMessage().contains("values[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SparseSpikes.fromDenseValues(Tensor.scalar(1f)));
        // 0/1 only for plain spikes
        assertThrows(IllegalArgumentException.class, () -> SparseSpikes.fromDense(Tensor.of(new float[] {0.5f}, 1, 1)));
    }
}
