package io.snn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void rowMajorIndexingAndStepViews() {
        Tensor t = Tensor.zeros(3, 2, 4);
        t.set(7f, 2, 1, 3);
        assertEquals(7f, t.data()[2 * 8 + 1 * 4 + 3]);
        Tensor s = t.step(2);
        assertArrayEquals(new int[] {2, 4}, s.shape());
        assertEquals(7f, s.get(1, 3));
        s.set(5f, 0, 0);
        assertEquals(5f, t.get(2, 0, 0), "a step is a view");
        assertEquals(16, s.offset());
        assertEquals(24, t.size());
        assertEquals(4, t.dim(-1));
    }

    @Test
    void factoriesCopyOrWrap() {
        float[] a = {1, 2, 3, 4, 5, 6};
        Tensor copied = Tensor.of(a, 2, 3);
        Tensor wrapped = Tensor.wrap(a, 2, 3);
        a[0] = 9;
        assertEquals(1f, copied.get(0, 0));
        assertEquals(9f, wrapped.get(0, 0));
        assertEquals(Tensor.full(1f, 2, 2), Tensor.ones(2, 2));
        assertEquals(0, Tensor.scalar(3f).rank());
        assertEquals(3f, Tensor.scalar(3f).get());
        assertEquals(2, Tensor.ones(3, 2).reshape(6).countNonZero() - 4);
    }

    @Test
    void shapeErrorsNameExpectedAndActual() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).copyFrom(Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("expected [2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1 << 16, 1 << 16));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).step(2));
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 2).get(0, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 2).get(0));
    }

    @Test
    void equalityIsBitwise() {
        assertEquals(Tensor.vector(Float.NaN), Tensor.vector(Float.NaN));
        assertNotEquals(Tensor.vector(0f), Tensor.vector(-0f));
        assertNotEquals(Tensor.zeros(2, 3), Tensor.zeros(3, 2));
        assertEquals(Tensor.zeros(2, 3).hashCode(), Tensor.zeros(2, 3).hashCode());
    }
}
