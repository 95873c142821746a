package io.snn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Linear's event-driven paths (spikes and scaled events as {@link SparseSpikes}, and dense input that is
 * mostly zero, detected by itself) against torch's sequential dot product, bit for bit, at awkward sizes
 * and thread counts.
 */
class EventDrivenLinearTest {

    /** torch's order: {@code acc = 0; acc = acc + x[k] * W[j][k]} ascending, then {@code + b[j]}. */
    static float[] reference(Tensor w, Tensor b, float[] x, int rows) {
        int out = w.dim(0), in = w.dim(1);
        float[] y = new float[rows * out];
        float[] wd = w.toArray();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                float acc = 0f;
                for (int k = 0; k < in; k++) {
                    acc = acc + x[r * in + k] * wd[j * in + k];
                }
                y[r * out + j] = b == null ? acc : acc + b.get(j);
            }
        }
        return y;
    }

    /** Mostly-zero input: a fraction {@code density} nonzero, 0/1 or (with {@code values}) any values, some -0. */
    static Tensor sparseInput(SplittableRandom r, double density, boolean values, int... shape) {
        Tensor x = Tensor.zeros(shape);
        for (int k = 0; k < x.size(); k++) {
            if (r.nextDouble() < density) {
                x.data()[k] = values ? (float) (r.nextGaussian() * 2) : 1f;
            } else if (r.nextInt(50) == 0) {
                x.data()[k] = -0f;
            }
        }
        return x;
    }

    static void assertBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int q = 0; q < want.length; q++) {
            if (Float.floatToIntBits(want[q]) != Float.floatToIntBits(got[q])) {
                assertEquals(want[q], got[q], what + ": element " + q + " (bits differ)");
                assertEquals(Float.floatToIntBits(want[q]), Float.floatToIntBits(got[q]), what + ": element " + q);
            }
        }
    }

    @Test
    void eventPathsEqualTheDenseProductAtAwkwardSizesAndThreadCounts() {
        int[][] sizes = {{1, 1, 1}, {3, 17, 5}, {40, 33, 65}, {37, 129, 203}, {70, 64, 64}, {130, 31, 97}, {300, 200, 301}};
        for (int[] s : sizes) {
            int rows = s[0], in = s[1], out = s[2];
            for (boolean values : new boolean[] {false, true}) {
                for (boolean withBias : new boolean[] {false, true}) {
                    long seed = 31L * rows + 7L * in + out + (values ? 1000 : 0) + (withBias ? 5 : 0);
                    SplittableRandom r = new SplittableRandom(seed);
                    Tensor w = NetworkTest.random(seed, 0.3f, out, in);
                    Tensor b = withBias ? NetworkTest.random(seed + 1, 0.1f, out) : null;
                    Tensor x = sparseInput(r, 0.1, values, rows, in);
                    float[] want = reference(w, b, x.data(), rows);
                    String what = "rows=" + rows + " in=" + in + " out=" + out + " values=" + values + " bias=" + withBias
                            + " seed=" + seed;
                    for (int threads : new int[] {1, 2, 3}) {
                        Linear l = Linear.of(w, b);
                        l.setThreads(threads);
                        assertBits(want, l.apply(x).data(), what + " threads=" + threads + " dense input (detected)");
                        SparseSpikes ev = values ? SparseSpikes.fromDenseValues(x) : SparseSpikes.fromDense(x);
                        assertBits(want, l.apply(ev).data(), what + " threads=" + threads + " SparseSpikes");
                    }
                }
            }
        }
    }

    @Test
    void denseInputStaysOnTheProductAndAgrees() {
        SplittableRandom r = new SplittableRandom(3);
        Tensor w = NetworkTest.random(3, 0.3f, 45, 70);
        Tensor x = sparseInput(r, 0.6, true, 4, 6, 70); // too dense for events
        Linear l = Linear.of(w, null);
        assertBits(reference(w, null, x.data(), 24), l.apply(x).data(), "seed 3, 60 % nonzero");
        assertEquals(null, l.eventsOf(x.data(), 0, 24), "60 % nonzero is no event input");
        Tensor y = sparseInput(r, 0.1, true, 24, 70);
        Linear.EventRows ev = l.eventsOf(y.data(), 0, 24);
        assertEquals(y.countNonZero(), ev.idx().length, "every nonzero element is an event");
    }

    @Test
    void eventsRejectWrongWidthWithoutState() {
        Linear l = Linear.of(NetworkTest.random(1, 0.3f, 4, 6), null);
        SparseSpikes wrong = SparseSpikes.fromCompressed(new int[] {2, 5}, new int[] {0, 1, 2}, new int[] {0, 4},
                new float[] {0.5f, -2f});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.apply(wrong));
        assertEquals(true, e.getMessage().contains("in_features = 6"), e.getMessage());
    }
}
