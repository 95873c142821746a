package io.snn4j.module;

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
 * A sequence on one thread whose steps' input projections are large projects its event-driven input
 * {@link RecurrentModule#BURST_STEPS} steps at a time ({@link RecurrentModule.BurstIn}): the numbers are
 * those of the same steps run one call per step (where nothing is projected ahead) bit for bit, for plain and
 * scaled events, one and several batch rows, a sequence length that does not divide into bursts, a layer that
 * fires, and a second call reusing the scratch; the rule leaves out single steps, oversized buffers and
 * sparse input weights.
 */
class BurstProjectionTest {
    static final int IN = SharedProjectionTest.IN, H = SharedProjectionTest.H, T = 11;

    /** (T, rows, IN) input with about half the inputs active, values 1 or (if scaled) in (0, 2). */
    static Tensor input(long seed, int rows, boolean scaled) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = Tensor.zeros(T, rows, IN);
        for (int k = 0; k < x.size(); k++) {
            if (r.nextDouble() < 0.5) {
                x.data()[k] = scaled && r.nextBoolean() ? (float) (r.nextDouble() * 2) : 1f;
            }
        }
        return x;
    }

    /** One call per step from {@code start}: the output spikes of all steps and the last state. */
    static Object[] stepByStep(LIFRecurrent l, Tensor x, LIFState start) {
        int rows = x.dim(1);
        float[] out = new float[T * rows * H];
        LIFState s = start;
        for (int t = 0; t < T; t++) {
            float[] one = Arrays.copyOfRange(x.data(), t * rows * IN, (t + 1) * rows * IN);
            SparseSpikes xt = SparseSpikes.fromDenseValues(Tensor.wrap(one, 1, rows, IN));
            assertFalse(l.projectsInBursts(1, rows, rows, l.sparseInput(xt, rows)), "a single step is not burst");
            SequenceResult<LIFState> r = l.forward(xt, s);
            System.arraycopy(r.output().data(), 0, out, t * rows * H, rows * H);
            s = r.state();
        }
        return new Object[] {out, s};
    }

    static void sameAsStepByStep(int rows, boolean scaled, long seed) {
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.3f));
        LIFRecurrent l = SharedProjectionTest.layer(SharedProjectionTest.spiking(seed), p, 1);
        Tensor x = input(seed + 1, rows, scaled);
        SparseSpikes sx = SparseSpikes.fromDenseValues(x);
        String what = rows + " rows" + (scaled ? ", scaled events" : "");
        assertTrue(l.projectsInBursts(T, rows, rows, l.sparseInput(sx, rows)), what + ": the sequence is projected in bursts");
        LIFState start = null;
        for (int call = 0; call < 2; call++) { // the second call reuses the first call's scratch and its buffer
            // a call may advance the state it is given in place: each way starts from a copy
            Object[] want = stepByStep(l, x, start == null ? null : start.copy());
            SequenceResult<LIFState> got = l.forward(sx, start == null ? null : start.copy());
            float[] spikes = (float[]) want[0];
            LIFState s = (LIFState) want[1];
            NeuronSplitTest.assertBits(spikes, got.output().data(), what + ", call " + call + " output");
            NeuronSplitTest.assertBits(s.v, got.state().v, what + ", call " + call + " v");
            NeuronSplitTest.assertBits(s.i, got.state().i, what + ", call " + call + " i");
            NeuronSplitTest.assertBits(s.z, got.state().z, what + ", call " + call + " z");
            int fired = 0;
            for (float z : spikes) {
                fired += z != 0 ? 1 : 0;
            }
            assertTrue(fired > T && fired < T * rows * H / 2, what + ": the layer fires, but not everywhere (" + fired + ")");
            start = got.state();
        }
    }

    @Test
    void oneRowPlainEvents() {
        sameAsStepByStep(1, false, 3);
    }

    @Test
    void oneRowScaledEvents() {
        sameAsStepByStep(1, true, 5);
    }

    @Test
    void severalRowsOnOneThread() {
        sameAsStepByStep(3, false, 7);
        sameAsStepByStep(2, true, 9);
    }

    @Test
    void ruleLeavesOutSmallProjectionsLargeBuffersAndSparseWeights() {
        LIFRecurrent l = SharedProjectionTest.layer(SharedProjectionTest.spiking(11), LIFParameters.DEFAULT, 1);
        SparseSpikes dense = SparseSpikes.fromDenseValues(input(12, 1, false));
        assertTrue(l.projectsInBursts(T, 1, 1, l.sparseInput(dense, 1)));
        // about 2.5 events a step: 5,000 floats added per step, far below PIPE_MIN_WORK
        Tensor few = input(13, 1, false);
        SplittableRandom r = new SplittableRandom(14);
        for (int k = 0; k < few.size(); k++) {
            few.data()[k] = r.nextDouble() < 0.01 ? 1f : 0f;
        }
        assertFalse(l.projectsInBursts(T, 1, 1, l.sparseInput(SparseSpikes.fromDenseValues(few), 1)));
        // 32 rows of 2,048 neurons: a buffer of four steps would be 1 MB
        SparseSpikes wide = SparseSpikes.fromDenseValues(input(15, 32, false));
        assertFalse(l.projectsInBursts(T, 32, 32, l.sparseInput(wide, 32)));
        assertTrue(l.projectsInBursts(T, 32, 16, l.sparseInput(wide, 32)), "a piece of 16 of the 32 rows fits");
        // a dense projection computed up front is not an event-driven input
        assertFalse(l.projectsInBursts(T, 1, 1, l.denseInput(new float[T * H], 1)));
        // sparse input weights
        SplittableRandom w = new SplittableRandom(16);
        LIFRecurrent sparse = SharedProjectionTest.layer(RecurrentOptions.DEFAULT
                .withInputWeights(SparseWeightsTest.csc(SharedProjectionTest.gaussian(w, H, IN, 0.3, 0.5), true)), LIFParameters.DEFAULT, 1);
        assertFalse(sparse.projectsInBursts(T, 1, 1, sparse.sparseInput(dense, 1)));
    }
}
