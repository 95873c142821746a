package io.snn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.Numerics;
import io.snn4j.module.LIF;
import io.snn4j.tensor.Parameter;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Linear in evaluation mode multiplies a batch through {@code W^T} packed once (PackedMatrix) and sums a
 * batch of events through {@code W^T}'s event layout (EventPanels): the outputs equal the product without a
 * layout (training mode multiplies densely) bit for bit, in both numeric modes and on any thread count, and a
 * change of the weights is followed (the layout is made again), also by the fused {@code Linear -> LIF} run.
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

    @Test
    void eventLayoutEqualsTheDenseProductAndFollowsWeightChanges() {
        // 1100 inputs: two depth blocks of the event kernel; 70 outputs: a whole panel and a partial one;
        // 6 x 8 = 48 rows: the blocked event product on one or two threads
        for (int threads : new int[] {1, 2}) {
            for (boolean values : new boolean[] {false, true}) {
                Linear l = Linear.initialized(1100, 70, true, 5);
                l.setThreads(threads);
                l.train(false);
                Tensor x = EventDrivenLinearTest.sparseInput(new SplittableRandom(threads + (values ? 2 : 0)), 0.05, values,
                        6, 8, 1100);
                SparseSpikes sx = values ? SparseSpikes.fromDenseValues(x) : SparseSpikes.fromDense(x);
                String at = "threads " + threads + " values " + values;
                float[] want = unpacked(l, x);
                assertArrayEquals(want, l.apply(sx).toArray(), at);
                assertArrayEquals(want, l.apply(sx).toArray(), at + ": the second call reuses the layout");
                SequentialState net = new SequentialState(l, Layer.of(new LIF(LIFParameters.DEFAULT, 0.001)));
                float[] fusedBefore = net.forwardSequence(sx, null, null).output().toArray();
                Parameter w = l.parameters().get(0);
                for (int k = 0; k < w.data().length; k += 5) {
                    w.data()[k] += 0.5f;
                }
                w.changed();
                float[] after = l.apply(sx).toArray();
                assertFalse(Arrays.equals(want, after), at + ": the new weights are used");
                assertArrayEquals(unpacked(l, x), after, at + " after a weight change");
                // the fused run after the change: the same as a layer that never saw the old weights
                Linear fresh = Linear.of(Tensor.wrap(w.data().clone(), 70, 1100),
                        Tensor.wrap(l.parameters().get(1).data().clone(), 70));
                fresh.setThreads(threads);
                fresh.train(false);
                SequentialState freshNet = new SequentialState(fresh, Layer.of(new LIF(LIFParameters.DEFAULT, 0.001)));
                float[] fusedAfter = net.forwardSequence(sx, null, null).output().toArray();
                assertArrayEquals(freshNet.forwardSequence(sx, null, null).output().toArray(), fusedAfter,
                        at + ": fused run after a weight change");
                assertFalse(Arrays.equals(fusedBefore, fusedAfter), at + ": the fused run uses the new weights");
            }
        }
    }
}
