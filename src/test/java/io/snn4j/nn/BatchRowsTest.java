package io.snn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFFeedForwardState;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.functional.LIState;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.Param;
import io.snn4j.module.LICell;
import io.snn4j.module.LIFCell;
import io.snn4j.module.LIFRecurrentCell;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link NeuronState#copyRowTo}: the gather and scatter of batching independent streams. Stepping B
 * streams stacked into one B-row state gives every stream, bit for bit, what stepping it alone gives
 * (the Flink operator's micro-batching rests on this), for a feed-forward chain with dense and sparse
 * input and for a recurrent cell (whose spikes take the sparse or the dense product).
 */
class BatchRowsTest {

    static SequentialState network() {
        // low thresholds, so that both LIF layers spike within the test's steps
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.05f));
        return new SequentialState(Linear.initialized(37, 61, true, 11), Layer.of(new LIFCell(p, 0.001)),
                Layer.of(new LIFRecurrentCell(61, 29, p, RecurrentOptions.DEFAULT.withSeed(5))),
                Linear.initialized(29, 7, true, 12), Layer.of(new LICell()));
    }

    /** Stream s's input at step t: a spike pattern (0/1) that differs per stream and step. */
    static Tensor input(int s, int t) {
        Tensor x = Tensor.zeros(1, 37);
        for (int k = 0; k < 37; k++) {
            if ((k * 7 + s * 13 + t * 5) % 4 == 0) {
                x.data()[k] = 1f;
            }
        }
        return x;
    }

    @Test
    void steppingRowsTogetherEqualsSteppingEachAlone() {
        SequentialState net = network();
        int streams = 9, steps = 40;
        // alone: B = 1 per stream
        List<List<NeuronState>> alone = new ArrayList<>();
        float[][][] aloneOut = new float[streams][steps][];
        for (int s = 0; s < streams; s++) {
            List<NeuronState> st = null;
            for (int t = 0; t < steps; t++) {
                SequentialState.Result r = net.forward(input(s, t), st);
                st = r.states();
                aloneOut[s][t] = r.output().toArray();
            }
            alone.add(st);
        }
        // together: the one-row states are gathered into a B-row state every step and scattered back
        List<List<NeuronState>> rows = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            rows.add(null);
        }
        long spikes = 0;
        for (int t = 0; t < steps; t++) {
            Tensor x = Tensor.zeros(streams, 37);
            for (int s = 0; s < streams; s++) {
                x.step(s).copyFrom(input(s, t).step(0));
            }
            List<NeuronState> batch = null;
            if (t > 0) {
                batch = new ArrayList<>();
                for (int k = 0; k < net.layers().size(); k++) {
                    NeuronState one = rows.get(0).get(k);
                    if (one == null) {
                        batch.add(null);
                        continue;
                    }
                    int[] shape = one.shape();
                    shape[0] = streams;
                    NeuronState b = one.newLike(shape);
                    for (int s = 0; s < streams; s++) {
                        rows.get(s).get(k).copyRowTo(0, b, s);
                    }
                    batch.add(b);
                }
            }
            // odd steps take the event-driven path of the first layer: the same numbers
            SequentialState.Result r = t % 2 == 1 ? net.forward(SparseSpikes.fromDense(x), batch) : net.forward(x, batch);
            for (int s = 0; s < streams; s++) {
                assertArrayEquals(aloneOut[s][t], r.output().step(s).toArray(), "stream " + s + " step " + t);
                List<NeuronState> mine = new ArrayList<>();
                for (NeuronState b : r.states()) {
                    if (b == null) {
                        mine.add(null);
                        continue;
                    }
                    int[] shape = b.shape();
                    shape[0] = 1;
                    NeuronState one = b.newLike(shape);
                    b.copyRowTo(s, one, 0);
                    mine.add(one);
                }
                rows.set(s, mine);
            }
            spikes += count(((LIFState) r.states().get(2)).z);
        }
        assertTrue(spikes > 0, "the recurrent layer must spike for the test to mean something");
        for (int s = 0; s < streams; s++) {
            for (int k = 0; k < net.layers().size(); k++) {
                NeuronState a = alone.get(s).get(k), b = rows.get(s).get(k);
                assertEquals(a == null, b == null);
                if (a != null) {
                    for (int f = 0; f < a.names().size(); f++) {
                        assertArrayEquals(a.buffers()[f], b.buffers()[f], "stream " + s + " layer " + k + " " + a.names().get(f));
                    }
                }
            }
        }
    }

    static int count(float[] z) {
        int n = 0;
        for (float v : z) {
            n += v != 0f ? 1 : 0;
        }
        return n;
    }

    @Test
    void rowsAndRowSize() {
        LIFFeedForwardState s = new LIFFeedForwardState(new int[] {3, 4, 5});
        assertEquals(3, s.rows());
        assertEquals(20, s.rowSize());
        LIFFeedForwardState empty = new LIFFeedForwardState(new int[] {0, 5});
        assertEquals(0, empty.rows());
        assertEquals(0, empty.rowSize());
    }

    @Test
    void copyRowToCopiesEveryBufferAndNothingElse() {
        LIFFeedForwardState a = new LIFFeedForwardState(new int[] {2, 3});
        for (int k = 0; k < 6; k++) {
            a.v[k] = k + 1;
            a.i[k] = -(k + 1);
        }
        LIFFeedForwardState b = new LIFFeedForwardState(new int[] {4, 3});
        Arrays.fill(b.v, 9f);
        a.copyRowTo(1, b, 2);
        assertArrayEquals(new float[] {9, 9, 9, 9, 9, 9, 4, 5, 6, 9, 9, 9}, b.v);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, -4, -5, -6, 0, 0, 0}, b.i);
    }

    @Test
    void aRowAsFloatArraysAndBack() {
        LIFFeedForwardState a = new LIFFeedForwardState(new int[] {3, 2});
        for (int k = 0; k < 6; k++) {
            a.v[k] = k + 1;
            a.i[k] = 10 * (k + 1);
        }
        float[][] row = new float[2][2];
        a.copyRowTo(2, row);
        assertArrayEquals(new float[] {5, 6}, row[0]);
        assertArrayEquals(new float[] {50, 60}, row[1]);
        LIFFeedForwardState b = new LIFFeedForwardState(new int[] {2, 2});
        b.copyRowFrom(row, 0);
        assertArrayEquals(new float[] {5, 6, 0, 0}, b.v);
        assertArrayEquals(new float[] {50, 60, 0, 0}, b.i);
        // wrong count, wrong length, null, row out of range: named, nothing copied
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.copyRowFrom(new float[1][2], 1));
        assertTrue(e.getMessage().contains("2 arrays [v, i]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.copyRowFrom(new float[][] {{1, 1}, {1, 1, 1}}, 1));
        assertTrue(e.getMessage().contains("field 'i'") && e.getMessage().contains("got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.copyRowTo(0, new float[][] {{0, 0}, null}));
        assertTrue(e.getMessage().contains("got null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.copyRowFrom(row, 2));
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
        assertArrayEquals(new float[] {5, 6, 0, 0}, b.v);
        assertArrayEquals(new float[] {50, 60, 0, 0}, b.i);
    }

    @Test
    void copyRowToRejectsWhatDoesNotFitAndChangesNothing() {
        LIFFeedForwardState a = new LIFFeedForwardState(new int[] {2, 3});
        Arrays.fill(a.v, 1f);
        LIFFeedForwardState b = new LIFFeedForwardState(new int[] {2, 4});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.copyRowTo(0, b, 0));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.copyRowTo(0, new LIState(2, 3), 0));
        assertTrue(e.getMessage().contains("LIFFeedForwardState") && e.getMessage().contains("LIState"), e.getMessage());
        LIFFeedForwardState c = new LIFFeedForwardState(new int[] {5, 3});
        e = assertThrows(IllegalArgumentException.class, () -> a.copyRowTo(2, c, 0));
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.copyRowTo(0, c, 5));
        assertTrue(e.getMessage().contains("target row 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.copyRowTo(0, new LIFFeedForwardState(new int[] {2, 3, 1}), 0));
        assertThrows(IllegalArgumentException.class, () -> a.copyRowTo(0, null, 0));
        for (float v : c.v) {
            assertEquals(0f, v);
        }
    }

    @Test
    void aRowsDelayLineTravelsWithItInArrivalOrder() {
        // two rows of 2 neurons, a line of 3 slots whose head is at slot 1: slot q after the head holds q
        LIFFeedForwardState a = new LIFFeedForwardState(new int[] {2, 2});
        io.snn4j.functional.DelayLine line = new io.snn4j.functional.DelayLine(3, 4);
        float[] arrival = new float[12];
        for (int q = 0; q < 3; q++) {
            for (int e = 0; e < 4; e++) {
                arrival[q * 4 + e] = 10 * q + e;             // row 0: e = 0, 1; row 1: e = 2, 3
            }
        }
        line.setFromArrivalOrder(arrival);
        line.advance(1);                                     // head 1: arrival order is now slots 1, 2, 0
        a.setDelayLine(line);
        float[] order = line.toArrivalOrder();
        // as arrays: the fields, then the row's line in arrival order
        float[][] row = new float[3][];
        row[0] = new float[2];
        row[1] = new float[2];
        row[2] = new float[6];
        a.copyRowTo(1, row);
        assertArrayEquals(new float[] {order[2], order[3], order[6], order[7], order[10], order[11]}, row[2]);
        // into a state without a line: one is attached (head 0), the other row empty
        LIFFeedForwardState b = new LIFFeedForwardState(new int[] {3, 2});
        b.copyRowFrom(row, 2);
        assertEquals(3, b.delayLine().slots());
        float[] bOrder = b.delayLine().toArrivalOrder();
        for (int q = 0; q < 3; q++) {
            assertArrayEquals(new float[] {0, 0, 0, 0, row[2][2 * q], row[2][2 * q + 1]},
                    Arrays.copyOfRange(bOrder, q * 6, q * 6 + 6), "slot " + q);
        }
        // state to state across lines with different heads: the same arrival order
        LIFFeedForwardState c = new LIFFeedForwardState(new int[] {1, 2});
        c.setDelayLine(new io.snn4j.functional.DelayLine(3, 2));
        c.delayLine().advance(2);
        a.copyRowTo(1, c, 0);
        float[] back = c.delayLine().toArrivalOrder();
        assertArrayEquals(row[2], back);
        // a state with a line needs the line's array; a line of another length is named; nothing changes
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.copyRowFrom(new float[][] {{1, 1}, {1, 1}}, 0));
        assertTrue(e.getMessage().contains("delay line of 3 steps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.copyRowFrom(new float[][] {{1, 1}, {1, 1}, new float[4]}, 0));
        assertTrue(e.getMessage().contains("delay line") && e.getMessage().contains("got 4"), e.getMessage());
        assertArrayEquals(bOrder, b.delayLine().toArrivalOrder());
        LIFFeedForwardState d = new LIFFeedForwardState(new int[] {1, 2});
        d.setDelayLine(new io.snn4j.functional.DelayLine(2, 2));
        e = assertThrows(IllegalArgumentException.class, () -> a.copyRowTo(0, d, 0));
        assertTrue(e.getMessage().contains("2 steps") && e.getMessage().contains("3"), e.getMessage());
    }
}
