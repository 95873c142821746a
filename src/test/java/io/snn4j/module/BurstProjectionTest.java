package io.snn4j.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.functional.Param;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A sequence whose steps' input projections are large projects its event-driven input
 * {@link RecurrentModule#BURST_STEPS} steps at a time ({@link RecurrentModule.BurstIn}): the numbers are
 * those of the same steps run one call per step (where nothing is projected ahead) bit for bit, for plain
 * spikes ({@code sumRows}) and scaled events ({@code sumEvents}), one and several batch rows, rows split into
 * pieces on two threads (a piece not starting at row 0), sequence lengths that do not divide into bursts or
 * are shorter than one, a layer that fires, and later calls with other inputs reusing the kept scratch and
 * its buffer; the rule leaves out single steps, small projections, oversized buffers, inputs projected up
 * front and sparse input weights.
 */
class BurstProjectionTest {
    static final int IN = SharedProjectionTest.IN, H = SharedProjectionTest.H;

    /** (steps, rows, IN) input with about half the inputs active, values 1 or (if scaled) in (0, 2). */
    static Tensor input(long seed, int steps, int rows, boolean scaled) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = Tensor.zeros(steps, rows, IN);
        for (int k = 0; k < x.size(); k++) {
            if (r.nextDouble() < 0.5) {
                x.data()[k] = scaled && r.nextBoolean() ? (float) (r.nextDouble() * 2) : 1f;
            }
        }
        return x;
    }

    /** Plain spikes (no values: the {@code sumRows} path) or scaled events (values: {@code sumEvents}). */
    static SparseSpikes events(Tensor x, boolean scaled) {
        SparseSpikes sx = scaled ? SparseSpikes.fromDenseValues(x) : SparseSpikes.fromDense(x);
        assertEquals(scaled, sx.hasValues());
        return sx;
    }

    /** One call per step from a copy of {@code start}: the output spikes of all steps and the last state. */
    static Object[] stepByStep(LIFRecurrent l, Tensor x, boolean scaled, LIFState start) {
        int steps = x.dim(0), rows = x.dim(1);
        float[] out = new float[steps * rows * H];
        LIFState s = start == null ? null : start.copy(); // a call may advance the state it is given in place
        for (int t = 0; t < steps; t++) {
            float[] one = Arrays.copyOfRange(x.data(), t * rows * IN, (t + 1) * rows * IN);
            SparseSpikes xt = events(Tensor.wrap(one, 1, rows, IN), scaled);
            assertFalse(l.projectsInBursts(1, rows, rows, l.sparseInput(xt, rows)), "a single step is not burst");
            SequenceResult<LIFState> r = l.forward(xt, s);
            System.arraycopy(r.output().data(), 0, out, t * rows * H, rows * H);
            s = r.state();
        }
        return new Object[] {out, s};
    }

    /**
     * Calls of {@code lengths} steps (each its own input, each from the state the last one left) on
     * {@code threads} threads against one call per step on one thread; returns the spikes the calls fired.
     */
    static long sameAsStepByStep(int rows, boolean scaled, long seed, int threads, int... lengths) {
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.3f));
        RecurrentOptions o = SharedProjectionTest.spiking(seed);
        LIFRecurrent ref = SharedProjectionTest.layer(o, p, 1), l = SharedProjectionTest.layer(o, p, threads);
        LIFState start = null;
        long fired = 0;
        for (int call = 0; call < lengths.length; call++) {
            int steps = lengths[call];
            Tensor x = input(seed + 1 + call, steps, rows, scaled);
            SparseSpikes sx = events(x, scaled);
            String what = rows + " rows, " + threads + " threads" + (scaled ? ", scaled events" : "") + ", call " + call
                    + " of " + steps + " steps";
            assertTrue(l.projectsInBursts(steps, rows, rows, l.sparseInput(sx, rows)), what + ": projected in bursts");
            Object[] want = stepByStep(ref, x, scaled, start);
            SequenceResult<LIFState> got = l.forward(sx, start == null ? null : start.copy());
            float[] spikes = (float[]) want[0];
            LIFState s = (LIFState) want[1];
            NeuronSplitTest.assertBits(spikes, got.output().data(), what + " output");
            NeuronSplitTest.assertBits(s.v, got.state().v, what + " v");
            NeuronSplitTest.assertBits(s.i, got.state().i, what + " i");
            NeuronSplitTest.assertBits(s.z, got.state().z, what + " z");
            for (float z : spikes) {
                fired += z != 0 ? 1 : 0;
            }
            start = got.state();
        }
        return fired;
    }

    /** How many calls the scratch that {@code l} keeps for rows [r0, r1) has projected in bursts. */
    static int burstCalls(LIFRecurrent l, int r0, int r1, int rows) {
        RecurrentModule.Scratch sc = l.takeScratch(r0, r1, l.slots(), l.defaultState(new int[] {rows, H}));
        int n = sc.burstCalls();
        l.keepScratch(sc); // given back, as a call would
        return n;
    }

    @Test
    void oneRowPlainSpikes() {
        long fired = sameAsStepByStep(1, false, 3, 1, 11, 3, 9);
        assertTrue(fired > 23 && fired < 23 * H / 2, "the layer fires, but not everywhere (" + fired + ")");
    }

    @Test
    void oneRowScaledEvents() {
        sameAsStepByStep(1, true, 5, 1, 11, 2, 7);
    }

    @Test
    void severalRowsOnOneThread() {
        sameAsStepByStep(3, false, 7, 1, 11, 4, 6);
        sameAsStepByStep(2, true, 9, 1, 5, 11);
    }

    @Test
    void rowsSplitIntoPiecesOnTwoThreads() {
        LIFRecurrent l = SharedProjectionTest.layer(SharedProjectionTest.spiking(1), LIFParameters.DEFAULT, 2);
        int[] b = l.rowPieces(4, 11L * 4 * H);
        assertEquals(3, b.length, "four rows on two threads: two pieces");
        sameAsStepByStep(4, false, 11, 2, 11, 3);
        sameAsStepByStep(4, true, 13, 2, 9);
    }

    @Test
    void theCallsTakeTheBurstPath() {
        LIFRecurrent l = SharedProjectionTest.layer(SharedProjectionTest.spiking(17), LIFParameters.DEFAULT, 1);
        for (int call = 0; call < 3; call++) {
            l.forward(events(input(18 + call, 11, 1, false), false), null);
        }
        assertEquals(3, burstCalls(l, 0, 1, 1), "each call projected through the kept scratch's bursts");
        l.forward(events(input(30, 1, 1, false), false), null); // a single step: one step at a time
        assertEquals(3, burstCalls(l, 0, 1, 1));
    }

    @Test
    void ruleLeavesOutSmallProjectionsLargeBuffersAndSparseWeights() {
        int steps = 11;
        LIFRecurrent l = SharedProjectionTest.layer(SharedProjectionTest.spiking(11), LIFParameters.DEFAULT, 1);
        SparseSpikes dense = events(input(12, steps, 1, false), false);
        assertTrue(l.projectsInBursts(steps, 1, 1, l.sparseInput(dense, 1)));
        // about 2.5 events a step: 5,000 floats added per step, far below PIPE_MIN_WORK
        Tensor few = input(13, steps, 1, false);
        SplittableRandom r = new SplittableRandom(14);
        for (int k = 0; k < few.size(); k++) {
            few.data()[k] = r.nextDouble() < 0.01 ? 1f : 0f;
        }
        assertFalse(l.projectsInBursts(steps, 1, 1, l.sparseInput(events(few, false), 1)));
        // 32 rows of 2,048 neurons: a buffer of four steps would be 1 MB
        SparseSpikes wide = events(input(15, steps, 32, false), false);
        assertFalse(l.projectsInBursts(steps, 32, 32, l.sparseInput(wide, 32)));
        assertTrue(l.projectsInBursts(steps, 32, 16, l.sparseInput(wide, 32)), "a piece of 16 of the 32 rows fits");
        // a dense projection computed up front is not an event-driven input
        assertFalse(l.projectsInBursts(steps, 1, 1, l.denseInput(new float[steps * H], 1)));
        // sparse input weights
        SplittableRandom w = new SplittableRandom(16);
        LIFRecurrent sparse = SharedProjectionTest.layer(RecurrentOptions.DEFAULT
                .withInputWeights(SparseWeightsTest.csc(SharedProjectionTest.gaussian(w, H, IN, 0.3, 0.5), true)), LIFParameters.DEFAULT, 1);
        assertFalse(sparse.projectsInBursts(steps, 1, 1, sparse.sparseInput(dense, 1)));
    }
}
