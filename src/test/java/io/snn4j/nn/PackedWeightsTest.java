package io.snn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.snn4j.functional.Numerics;
import io.snn4j.tensor.Parameter;
import io.snn4j.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Linear in evaluation mode multiplies a batch through {@code W^T} packed once (PackedMatrix): the outputs
 * equal the unpacked product (training mode multiplies without the layout) bit for bit, in both numeric
 * modes and on any thread count, and a change of the weights is followed (the layout is made again).
 */
class PackedWeightsTest {
    static Tensor dense(long seed, int rows, int in) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[rows * in];
        for (int k = 0; k < d.length; k++) {
            d[k] = (float) (r.nextDouble() * 2 - 1);       // every element nonzero: the dense product, not events
        }
        return Tensor.wrap(d, rows, in);
    }

    /** The layer's product without the packed layout: the same weights, in training mode. */
    static float[] unpacked(Linear l, Tensor x) {
        l.train(true);
        try {
            return l.apply(x).toArray();
        } finally {
            l.train(false);
        }
    }

    @Test
    void packedProductEqualsTheUnpackedOneAndFollowsWeightChanges() {
        // 70 outputs: whole panels and leftover columns; 300 inputs: two depth blocks of the product
        for (Numerics numerics : Numerics.values()) {
            for (int threads : new int[] {1, 2}) {
                Linear l = Linear.initialized(300, 70, true, 11);
                l.setNumerics(numerics);
                l.setThreads(threads);
                l.train(false);
                for (int rows : new int[] {4, 13, 64}) {
                    Tensor x = dense(rows, rows, 300);
                    float[] want = unpacked(l, x);
                    assertArrayEquals(want, l.apply(x).toArray(), numerics + " threads " + threads + " rows " + rows);
                    assertArrayEquals(want, l.apply(x).toArray(), "the second call reuses the layout");
                }
                Tensor x = dense(99, 13, 300);
                float[] before = l.apply(x).toArray();
                Parameter w = l.parameters().get(0);
                for (int k = 0; k < w.data().length; k += 7) {
                    w.data()[k] += 0.25f;
                }
                w.changed();
                float[] after = l.apply(x).toArray();
                assertFalse(Arrays.equals(before, after), "the new weights are used");
                assertArrayEquals(unpacked(l, x), after, numerics + " threads " + threads + " after a weight change");
                assertEquals(13 * 70, after.length);
            }
        }
    }
}
