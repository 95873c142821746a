package io.snn4j.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.functional.Param;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.time.Duration;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.ejml.data.FMatrixSparseCSC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code SparseSpikes} sequence of fewer batch rows than threads with a large input projection splits
 * each row's neurons into column pieces, one per thread, each thread projecting its own columns ahead
 * ({@link RecurrentModule#runColumnsAhead}), without being asked: the numbers are those of one thread bit
 * for bit (output, v, i, z, recorded states, index output, a second call from the state) with recurrent
 * spikes on both recurrent paths, dense and sparse recurrent weights, a recurrent delay and per-synapse
 * delays, one row and two rows on three threads; also when a thread is held up so that another takes
 * over its piece's steps (forced by a hook), and a failure on either thread ends the call.
 */
class ColumnsAheadTest {
    static final int IN = SharedProjectionTest.IN, H = SharedProjectionTest.H, T = SharedProjectionTest.T;

    @AfterEach
    void noHook() {
        RecurrentModule.aheadHook = null;
        RecurrentModule.pipeStats = null;
    }

    /** A layer on {@code threads} threads that splits by columns wherever it can (whatever its recurrent work). */
    static LIFRecurrent layer(RecurrentOptions o, LIFParameters p, int threads, int hidden) {
        LIFRecurrent l = new LIFRecurrent(IN, hidden, p, o);
        l.setThreads(threads);
        l.aheadOn = true;
        return l;
    }

    static void assertSame(SequenceResult<LIFState> want, SequenceResult<LIFState> got, String what) {
        SharedProjectionTest.assertSame(want, got, what);
    }

    /**
     * Runs {@code x} on one thread and on {@code threads} (in {@code pieces} column pieces) as dense-output and
     * index-output calls, and a second call from the state the first left; returns the one-thread result.
     */
    static SequenceResult<LIFState> compare(RecurrentOptions o, LIFParameters p, Tensor x, int threads, int pieces,
            int hidden, String what) {
        SparseSpikes sx = SparseSpikes.fromDenseValues(x);
        LIFRecurrent one = layer(o, p, 1, hidden), many = layer(o, p, threads, hidden);
        int rows = x.dim(1), steps = x.dim(0);
        assertEquals(pieces, many.aheadThreads(rows, sx.count(), steps), what + ": column pieces");
        assertEquals(1, one.aheadThreads(rows, sx.count(), steps), what + ": one thread runs alone");
        SequenceResult<LIFState> want = SharedProjectionTest.sameAsOneThread(one, many, sx, what);
        assertTrue(want.output().countNonZero() > 50, what + ": the layer fires (" + want.output().countNonZero() + ")");
        return want;
    }

    @Test
    void manyRecurrentSpikesCrossingTheDenseFallback() {
        RecurrentOptions o = SharedProjectionTest.spiking(1).withRecordStates(true).withDenseAbove(0.435);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.08f));
        Tensor x = SharedProjectionTest.input(2, 1, 0.5, false);
        SequenceResult<LIFState> want = compare(o, p, x, 2, 2, H, "many spikes");
        double most = 0, least = 1;
        for (int t = 1; t < T; t++) {
            double rate = want.output().step(t).countNonZero() / (double) H;
            most = Math.max(most, rate);
            least = Math.min(least, rate);
        }
        // both recurrent paths ran: event-driven below the switch, the dense product above it
        assertTrue(least < 0.435 && most > 0.435, "rates " + least + " .. " + most);
    }

    @Test
    void fewSpikesScaledEventsAndTwoRowsOnThreeThreads() {
        SplittableRandom r = new SplittableRandom(3);
        int hidden = 3 * RecurrentModule.AHEAD_MIN_COLUMNS + 40; // three pieces, the last one wider
        RecurrentOptions o = RecurrentOptions.DEFAULT
                .withInputWeights(SharedProjectionTest.gaussian(r, hidden, IN, 0.08, 1))
                .withRecurrentWeights(SharedProjectionTest.gaussian(r, hidden, hidden, 0.01, 1));
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(1f));
        compare(o, p, SharedProjectionTest.input(4, 1, 0.5, true), 3, 3, hidden, "one row, three pieces");
        compare(o, p, SharedProjectionTest.input(5, 2, 0.5, true), 3, 3, hidden, "two rows, three pieces");
    }

    @Test
    void sparseRecurrentWeightsAndDelays() {
        SplittableRandom r = new SplittableRandom(8);
        FMatrixRMaj win = SharedProjectionTest.gaussian(r, H, IN, 0.3, 1);
        FMatrixRMaj wrec = SharedProjectionTest.gaussian(r, H, H, 0.1, 0.02);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.1f));
        Tensor x = SharedProjectionTest.input(9, 1, 0.5, false);
        FMatrixSparseCSC sparse = SparseWeightsTest.csc(wrec, false);
        RecurrentOptions base = RecurrentOptions.DEFAULT.withInputWeights(win).withRecordStates(true);
        compare(base.withRecurrentWeights(sparse), p, x, 2, 2, H, "sparse recurrent weights");
        compare(base.withRecurrentWeights(wrec).withRecurrentDelay(3), p, x, 2, 2, H, "dense, delay 3");
        int[] delays = new int[sparse.nz_length];
        for (int k = 0; k < delays.length; k++) {
            delays[k] = 1 + k % 4;
        }
        compare(base.withRecurrentWeights(new Synapses(sparse, delays)), p, x, 2, 2, H, "per-synapse delays 1-4");
        // sparse input weights as well: the pieces' parts of each input column
        RecurrentOptions allSparse = base.withInputWeights(SparseWeightsTest.csc(win, true)).withRecurrentWeights(sparse);
        SparseSpikes sx = SparseSpikes.fromDenseValues(x);
        SequenceResult<LIFState> want = layer(base.withRecurrentWeights(sparse), p, 1, H).forward(sx, null);
        LIFRecurrent many = layer(allSparse, p, 2, H);
        assertEquals(2, many.aheadThreads(1, sx.count(), T), "sparse input weights split too");
        assertSame(want, many.forward(sx, null), "sparse input weights");
    }

    /**
     * Thread {@code slow} sleeps before it claims its piece's steps 3, 4 and 10: the other thread takes
     * those steps over (the counters see it) and the numbers do not change, for either thread held up and
     * for both outputs.
     */
    @Test
    void aHeldUpThreadsStepsAreTakenOverExactlyOnce() {
        RecurrentOptions o = SharedProjectionTest.spiking(12).withRecordStates(true);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.08f));
        SparseSpikes sx = SparseSpikes.fromDenseValues(SharedProjectionTest.input(13, 1, 0.5, false));
        SequenceResult<LIFState> want = layer(o, p, 1, H).forward(sx, null);
        LIFRecurrent many = layer(o, p, 2, H);
        for (int slow = 0; slow < 2; slow++) {
            int held = slow;
            RecurrentModule.PipeStats st = new RecurrentModule.PipeStats();
            RecurrentModule.pipeStats = st;
            RecurrentModule.aheadHook = (thread, step) -> {
                if (thread == held && (step == 3 || step == 4 || step == 10)) {
                    try {
                        Thread.sleep(30);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            };
            SequenceResult<LIFState> got = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> many.forward(sx, null));
            SparseResult<LIFState> idx = many.forwardSparse(sx, null);
            RecurrentModule.aheadHook = null;
            RecurrentModule.pipeStats = null;
            assertSame(want, got, "thread " + slow + " held up");
            NeuronSplitTest.assertBits(want.output().data(), idx.output().toDense().data(), "thread " + slow
                    + " held up, index output");
            long own = 0;
            for (long n : st.steps) {
                own += n;
            }
            // every piece's step ran once: by its owner or taken over
            assertEquals(2L * 2 * T, own + st.takeovers, st.toString());
            if (slow == 1) {
                // the helper sleeps (or has not started) while the caller waits for its piece: taken over
                assertTrue(st.takeovers >= 2, st.toString());
            }
        }
    }

    @Test
    void aFailureOnEitherThreadEndsTheCall() {
        RecurrentOptions o = SharedProjectionTest.spiking(12);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.08f));
        SparseSpikes sx = SparseSpikes.fromDenseValues(SharedProjectionTest.input(13, 1, 0.5, false));
        LIFRecurrent many = layer(o, p, 2, H);
        SequenceResult<LIFState> want = layer(o, p, 1, H).forward(sx, null);
        int failures = 0;
        for (int call = 0; call < 12; call++) {
            int failing = call % 2; // the caller's thread, then the helper
            RecurrentModule.aheadHook = (thread, step) -> {
                if (thread == failing && step >= 7) {
                    throw new IllegalStateException("thread " + thread + " failed at step " + step);
                }
            };
            // the failing thread's exception is the call's, and nobody waits for it; only if the other thread
            // took over every step of the failing thread's piece from step 7 on (it was descheduled, or the
            // helper had not started) does the call finish, and then with the numbers of one thread
            try {
                SequenceResult<LIFState> got = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> many.forward(sx, null));
                assertSame(want, got, "thread " + failing + " never reached its step 7");
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage().contains("thread " + failing + " failed at step "), e.getMessage());
                failures++;
            }
        }
        // the caller's own steps from 7 on all go to the helper only if the caller is off its core that long
        assertTrue(failures > 0, "no call failed");
        RecurrentModule.aheadHook = null;
        // and the layer still works
        assertSame(want, many.forward(sx, null), "after");
    }

    /**
     * The rule: split by columns when the last call's recurrent work per step is large and at least the input
     * projection's and the recurrent weights are dense; the first call, a layer that does not fire and one with
     * sparse recurrent weights do not.
     */
    @Test
    void chosenByTheRecurrentWorkOfTheLastCall() {
        RecurrentOptions o = SharedProjectionTest.spiking(10);
        LIFParameters firing = LIFParameters.DEFAULT.withVTh(Param.of(0.08f));
        Tensor x = SharedProjectionTest.input(11, 1, 0.5, false);
        SparseSpikes sx = SparseSpikes.fromDenseValues(x);
        long events = sx.count();
        LIFRecurrent auto = new LIFRecurrent(IN, H, firing, o);
        auto.setThreads(2);
        assertEquals(-1.0, auto.recentSpikes(), "nothing counted yet");
        assertEquals(1, auto.aheadThreads(1, events, T), "first call: the shared projection");
        assertTrue(auto.pipeThreads(1, events, T) > 1);
        SequenceResult<LIFState> first = auto.forward(sx, null);
        double rate = (double) first.output().countNonZero() / T;
        assertEquals(rate, auto.recentSpikes(), 1e-9, "the spikes per step of the call");
        double inWork = (double) events / T * H, recWork = rate * H;
        assertTrue(recWork >= inWork && recWork >= RecurrentModule.AHEAD_MIN_WORK, recWork + " vs " + inWork);
        assertEquals(2, auto.aheadThreads(1, events, T), "a layer whose recurrent term is the larger part");
        SequenceResult<LIFState> second = auto.forward(sx, null); // split by columns: the same numbers
        assertSame(first, second, "second call");
        assertEquals(rate, auto.recentSpikes(), 1e-9, "counted by the column split too");
        // the index output counts as well
        auto.forwardSparse(sx, null);
        assertEquals(rate, auto.recentSpikes(), 1e-9, "counted on the index output");
        // more input than recurrent work: the shared projection
        assertEquals(1, auto.aheadThreads(1, (long) (recWork / H * 2) * T, T), "the input projection is larger");
        assertEquals(1, auto.aheadThreads(2, events, T), "as many rows as threads: rows split");
        auto.aheadOff = true;
        assertEquals(1, auto.aheadThreads(1, events, T), "turned off");
        // a layer that does not fire keeps the shared projection
        LIFRecurrent quiet = new LIFRecurrent(IN, H, LIFParameters.DEFAULT.withVTh(Param.of(100f)), o);
        quiet.setThreads(2);
        quiet.forward(sx, null);
        assertEquals(0.0, quiet.recentSpikes(), "no spikes");
        assertEquals(1, quiet.aheadThreads(1, events, T), "no recurrent work");
        // an empty batch (no rows) counts nothing: the next call is judged by the last real one
        quiet.forward(SparseSpikes.fromIndices(new int[] {5, 0, IN}, new int[0][]), null);
        assertEquals(0.0, quiet.recentSpikes(), "an empty call leaves the count");
        assertEquals(1, quiet.aheadThreads(1, events, T), "still no recurrent work after an empty call");
        assertEquals(1, quiet.aheadThreads(1, 0, 0), "no steps: not split");
        // sparse recurrent weights keep the shared projection however much they fire
        FMatrixRMaj wrec = SharedProjectionTest.gaussian(new SplittableRandom(12), H, H, 0.02, 1);
        LIFRecurrent sparse = new LIFRecurrent(IN, H, firing, o.withRecurrentWeights(SparseWeightsTest.csc(wrec, false)));
        sparse.setThreads(2);
        sparse.forward(sx, null);
        assertTrue(sparse.recentSpikes() * H >= inWork, "fires: " + sparse.recentSpikes());
        assertEquals(1, sparse.aheadThreads(1, events, T), "sparse recurrent weights");
        LIFRecurrent narrow = new LIFRecurrent(IN, 2 * RecurrentModule.AHEAD_MIN_COLUMNS - 16, firing, RecurrentOptions.DEFAULT);
        narrow.setThreads(2);
        narrow.aheadOn = true;
        assertEquals(1, narrow.aheadThreads(1, 1000L * T, T), "too few neurons per thread");
        // training mode records per step on one path: the column split is not used, the numbers are the same
        LIFRecurrent trained = layer(o, firing, 2, H);
        trained.train(true);
        NeuronSplitTest.assertBits(layer(o, firing, 1, H).forward(x).output().data(),
                trained.forward(sx, null).output().data(), "training mode");
    }
}
