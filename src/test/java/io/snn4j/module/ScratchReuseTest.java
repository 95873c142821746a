package io.snn4j.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.functional.Param;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The scratches a sequence call keeps for the module's next call ({@link RecurrentModule#takeScratch}): a
 * kept scratch meeting another state, another row count or sparse weights changes no number (each call
 * against a fresh layer's, bit for bit, on one thread and with the shared projection on two), and the module
 * does hand back the same scratch.
 */
class ScratchReuseTest {
    static final int IN = 256, H = 2048, T = 40;

    static RecurrentOptions weights(long seed, boolean sparse) {
        SplittableRandom r = new SplittableRandom(seed);
        RecurrentOptions o = RecurrentOptions.DEFAULT.withInputWeights(SharedProjectionTest.gaussian(r, H, IN, 0.3, 1))
                .withRecurrentWeights(SharedProjectionTest.gaussian(r, H, H, 0.02, 1));
        if (!sparse) {
            return o;
        }
        r = new SplittableRandom(seed);
        return RecurrentOptions.DEFAULT
                .withInputWeights(SparseWeightsTest.csc(SharedProjectionTest.gaussian(r, H, IN, 0.3, 0.5), true))
                .withRecurrentWeights(SparseWeightsTest.csc(SharedProjectionTest.gaussian(r, H, H, 0.05, 0.1), false));
    }

    static LIFRecurrent layer(RecurrentOptions o, int threads) {
        LIFRecurrent l = new LIFRecurrent(IN, H, LIFParameters.DEFAULT.withVTh(Param.of(0.1f)), o);
        l.setThreads(threads);
        l.aheadOff = true; // the shared projection, not the column split, on two threads
        return l;
    }

    @Test
    void keptScratchesMeetOtherStatesRowsAndWeightsWithTheSameNumbers() {
        for (boolean sparse : new boolean[] {false, true}) {
            RecurrentOptions o = weights(21, sparse);
            for (int threads : new int[] {1, 2}) {
                String what = (sparse ? "sparse" : "dense") + " weights, " + threads + " thread(s)";
                LIFRecurrent kept = layer(o, threads);
                Tensor[] xs = {SharedProjectionTest.input(22, 1, 0.5, false), SharedProjectionTest.input(23, 1, 0.4, true),
                        SharedProjectionTest.input(24, 2, 0.5, false), SharedProjectionTest.input(25, 1, 0.5, false)};
                LIFState carried = null; // calls 1 and 3 continue from the state the call before left
                for (int k = 0; k < xs.length; k++) {
                    SparseSpikes sx = SparseSpikes.fromDenseValues(xs[k]);
                    LIFState from = k % 2 == 1 && carried != null && carried.v.length == H ? carried : null;
                    SequenceResult<LIFState> want = layer(o, threads).forward(sx, from == null ? null : from.copy());
                    SequenceResult<LIFState> got = kept.forward(sx, from);
                    assertTrue(want.output().countNonZero() > 50, what + ", call " + k + ": spikes");
                    SharedProjectionTest.assertSame(want, got, what + ", call " + k);
                    carried = got.state();
                }
            }
        }
    }

    @Test
    void callsTakeTheScratchesTheCallBeforeGaveBack() {
        SparseSpikes sx = SparseSpikes.fromDenseValues(SharedProjectionTest.input(27, 1, 0.5, false));
        LIFRecurrent one = layer(weights(26, false), 1);
        assertEquals(0, one.keptScratches());
        for (int k = 1; k <= 3; k++) {
            one.forward(sx, null);
            assertEquals(1, one.keptScratches(), "one thread, call " + k + ": its one scratch, taken again");
        }
        LIFRecurrent two = layer(weights(26, false), 2);
        for (int k = 1; k <= 3; k++) {
            two.forward(sx, null);
            // the shared projection: the neurons' scratch and one per thread projecting
            assertEquals(3, two.keptScratches(), "two threads, call " + k);
        }
    }

    @Test
    void aKeptScratchComesBackReadyForWholeRows() {
        LIFRecurrent l = layer(weights(26, false), 1);
        LIFState s = l.defaultState(new int[] {1, H});
        RecurrentModule.Scratch a = l.takeScratch(0, 1, l.slots(), s);
        a.j0 = 16; // as a column piece leaves it
        a.j1 = 512;
        a.listAfterStep = false;
        l.keepScratch(a);
        assertSame(a, l.takeScratch(0, 1, l.slots(), s), "the kept scratch comes back");
        assertEquals(0, a.j0, "whole rows again");
        assertEquals(H, a.j1);
        assertTrue(a.listAfterStep);
        assertEquals(0, l.keptScratches(), "taken: a scratch is never held by two calls");
    }

    @Test
    void largeScratchesAreNotKeptAndAFullModuleMakesRoom() {
        LIFRecurrent l = layer(weights(26, false), 1);
        int rows = RecurrentModule.KEEP_SCRATCH_NEURONS / H + 1;
        l.keepScratch(l.takeScratch(0, rows, l.slots(), l.defaultState(new int[] {rows, H})));
        assertEquals(0, l.keptScratches(), "larger than the bound: dropped");
        LIFState s = l.defaultState(new int[] {1, H});
        int slotsKept = 0;
        for (int k = 0; k < 20; k++) { // more than the module keeps, all of one row
            l.keepScratch(l.newScratch(0, 1, l.slots(), s));
            slotsKept = l.keptScratches();
        }
        RecurrentModule.Scratch last = l.newScratch(0, 2, l.slots(), l.defaultState(new int[] {2, H}));
        l.keepScratch(last);
        assertEquals(slotsKept, l.keptScratches(), "full: one makes room for the latest");
        assertSame(last, l.takeScratch(0, 2, l.slots(), l.defaultState(new int[] {2, H})), "the latest shape is kept");
    }
}
