package io.snn4j.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.Coefficients;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.functional.Param;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.time.Duration;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * A sequence of fewer batch rows than threads whose input projection is large shares that projection
 * across the threads ahead of the neurons ({@link RecurrentModule#runPipelined}), without being asked:
 * the numbers are those of one thread bit for bit (dense and sparse input weights, plain and scaled input
 * events, many and few recurrent spikes, dense and index output, recorded states, a recurrent delay,
 * calls that continue from a state); a failure on either side ends the call with that failure instead of
 * leaving the other thread waiting; below the threshold, in training mode and for the cell nothing changes.
 * (The layers here turn the column split, {@link RecurrentModule#runColumnsAhead}, off; ColumnsAheadTest is its.)
 */
class SharedProjectionTest {
    static final int IN = 256, H = 2048, T = 40;

    static FMatrixRMaj gaussian(SplittableRandom r, int rows, int cols, double scale, double density) {
        FMatrixRMaj w = new FMatrixRMaj(rows, cols);
        for (int k = 0; k < w.data.length; k++) {
            if (r.nextDouble() < density) {
                w.data[k] = (float) (r.nextGaussian() * scale);
            }
        }
        return w;
    }

    /** (T, rows, IN) input with about {@code rate} of the inputs active, values 1 or (if scaled) in (0, 2). */
    static Tensor input(long seed, int rows, double rate, boolean scaled) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = Tensor.zeros(T, rows, IN);
        for (int k = 0; k < x.size(); k++) {
            if (r.nextDouble() < rate) {
                x.data()[k] = scaled && r.nextBoolean() ? (float) (r.nextDouble() * 2) : 1f;
            }
        }
        return x;
    }

    /** Input weights N(0, 0.3^2) and recurrent N(0, 0.02^2) drawn from {@code seed}: the layer most tests step. */
    static RecurrentOptions spiking(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return RecurrentOptions.DEFAULT.withInputWeights(gaussian(r, H, IN, 0.3, 1))
                .withRecurrentWeights(gaussian(r, H, H, 0.02, 1));
    }

    /** A layer on {@code threads} threads, with {@link RecurrentModule#runColumnsAhead} off: these tests are the pipeline's. */
    static LIFRecurrent layer(RecurrentOptions o, LIFParameters p, int threads) {
        LIFRecurrent l = new LIFRecurrent(IN, H, p, o);
        l.setThreads(threads);
        l.aheadOff = true;
        return l;
    }

    static void assertSame(SequenceResult<LIFState> want, SequenceResult<LIFState> got, String what) {
        NeuronSplitTest.assertBits(want.output().data(), got.output().data(), what + " output");
        NeuronSplitTest.assertBits(want.state().v, got.state().v, what + " v");
        NeuronSplitTest.assertBits(want.state().i, got.state().i, what + " i");
        NeuronSplitTest.assertBits(want.state().z, got.state().z, what + " z");
        if (want.recorded() != null) {
            NeuronSplitTest.assertBits(want.recorded().v, got.recorded().v, what + " recorded v");
        }
    }

    /** Runs {@code x} on one thread and on {@code threads}, as dense-output and index-output calls, twice in a row. */
    static void compare(RecurrentOptions o, LIFParameters p, Tensor x, int threads, String what) {
        SparseSpikes sx = SparseSpikes.fromDenseValues(x);
        LIFRecurrent one = layer(o, p, 1), many = layer(o, p, threads);
        int rows = x.dim(1);
        assertTrue(many.pipeThreads(rows, sx.count(), T) > 1, what + ": the projection is shared");
        assertEquals(1, one.pipeThreads(rows, sx.count(), T), what + ": one thread runs alone");
        sameAsOneThread(one, many, sx, what);
    }

    /**
     * {@code many}'s results against {@code one}'s, bit for bit: the dense output and state, the index output,
     * and a second call from the state the first left (the spikes and the delay line carry over); returns
     * one thread's first result.
     */
    static SequenceResult<LIFState> sameAsOneThread(LIFRecurrent one, LIFRecurrent many, SparseSpikes sx, String what) {
        SequenceResult<LIFState> want = one.forward(sx, null);
        SequenceResult<LIFState> got = many.forward(sx, null);
        assertSame(want, got, what);
        // into a given output (stale numbers in it): that tensor comes back, every element written
        Tensor given = Tensor.full(7f, want.output().shape());
        SequenceResult<LIFState> into = many.forward(sx, null, given);
        org.junit.jupiter.api.Assertions.assertSame(given, into.output(), what + " into: the given tensor");
        assertSame(want, into, what + " into");
        SparseResult<LIFState> idx = many.forwardSparse(sx, null);
        NeuronSplitTest.assertBits(want.output().data(), idx.output().toDense().data(), what + " index output");
        NeuronSplitTest.assertBits(want.state().v, idx.state().v, what + " index output v");
        assertSame(one.forward(sx, want.state()), many.forward(sx, got.state()), what + " second call");
        return want;
    }

    @Test
    void manyRecurrentSpikesCrossingTheDenseFallback() {
        RecurrentOptions o = spiking(1).withRecordStates(true).withDenseAbove(0.435);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.08f));
        Tensor x = input(2, 1, 0.5, false);
        LIFRecurrent one = layer(o, p, 1);
        Tensor out = one.forward(x).output();
        double most = 0, least = 1;
        for (int t = 1; t < T; t++) {
            double rate = out.step(t).countNonZero() / (double) H;
            most = Math.max(most, rate);
            least = Math.min(least, rate);
        }
        // both recurrent paths run: event-driven below the switch, the dense product above it
        assertTrue(least < one.denseAbove() && most > one.denseAbove(), "rates " + least + " .. " + most);
        compare(o, p, x, 2, "many spikes");
        compare(o, p, x, 3, "many spikes, three threads");
    }

    @Test
    void fewRecurrentSpikesScaledEventsAndTwoRows() {
        SplittableRandom r = new SplittableRandom(3);
        RecurrentOptions o = RecurrentOptions.DEFAULT.withInputWeights(gaussian(r, H, IN, 0.05, 1))
                .withRecurrentWeights(gaussian(r, H, H, 0.01, 1));
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(2f));
        Tensor x = input(4, 1, 0.5, true);
        long fired = layer(o, p, 1).forward(x).output().countNonZero();
        assertTrue(fired > 0 && fired < (long) T * H / 50, "few spikes: " + fired);
        compare(o, p, x, 2, "few spikes");
        compare(o, p, input(5, 2, 0.3, true), 4, "two rows on four threads");
    }

    /**
     * One layer called with one row, two rows, one row again and a short sequence: the ring a call keeps for
     * the next one is reused only at its own size and never changes a number; the diagnostic counters see
     * every step projected once into the ring or aside and the neurons stepped on the caller.
     */
    @Test
    void ringKeptAcrossCallsOfOtherShapesAndStepsCounted() {
        RecurrentOptions o = spiking(12);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.08f));
        LIFRecurrent one = layer(o, p, 1), many = layer(o, p, 3);
        Tensor[] xs = {input(13, 1, 0.5, false), input(14, 2, 0.4, true), input(15, 1, 0.5, true),
                Tensor.zeros(5, 1, IN)};
        for (int k = 0; k < 5 * IN; k++) {
            xs[3].data()[k] = k % 3 == 0 ? 1f : 0f;
        }
        RecurrentModule.PipeStats st = new RecurrentModule.PipeStats();
        RecurrentModule.pipeStats = st;
        try {
            long steps = 0;
            for (int k = 0; k < xs.length; k++) {
                SparseSpikes sx = SparseSpikes.fromDenseValues(xs[k]);
                int rows = xs[k].dim(1), len = xs[k].dim(0);
                assertTrue(many.pipeThreads(rows, sx.count(), len) > 1, "call " + k + " shares the projection");
                assertSame(one.forward(sx, null), many.forward(sx, null), "call " + k);
                steps += len;
            }
            long projected = 0;
            for (long n : st.steps) {
                projected += n;
            }
            assertEquals(xs.length, st.calls, "calls");
            assertTrue(projected <= steps && projected + st.asides >= steps,
                    projected + " steps projected into the ring and " + st.asides + " aside, of " + steps);
            assertTrue(st.neuronNanos > 0 && st.wallNanos >= st.neuronNanos, st.toString());
        } finally {
            RecurrentModule.pipeStats = null;
        }
    }

    @Test
    void recurrentDelay() {
        RecurrentOptions o = spiking(6).withRecurrentDelay(3);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.1f));
        Tensor x = input(7, 1, 0.5, false);
        assertTrue(layer(o, p, 1).forward(x).output().countNonZero() > 100, "spikes");
        compare(o, p, x, 2, "delay 3");
    }

    @Test
    void sparseInputWeightsShareWithoutBeingAsked() {
        SplittableRandom r = new SplittableRandom(8);
        FMatrixRMaj win = gaussian(r, H, IN, 0.5, 0.6), wrec = gaussian(r, H, H, 0.1, 0.02);
        RecurrentOptions dense = RecurrentOptions.DEFAULT.withInputWeights(win).withRecurrentWeights(wrec);
        RecurrentOptions sparse = RecurrentOptions.DEFAULT.withInputWeights(SparseWeightsTest.csc(win, true))
                .withRecurrentWeights(SparseWeightsTest.csc(wrec, false));
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.1f));
        Tensor x = input(9, 1, 0.5, true);
        SparseSpikes sx = SparseSpikes.fromDenseValues(x);
        SequenceResult<LIFState> want = layer(dense, p, 1).forward(sx, null);
        assertTrue(want.output().countNonZero() > 100, "spikes: " + want.output().countNonZero());
        LIFRecurrent shared = layer(sparse, p, 2);
        assertTrue(shared.pipeThreads(1, sx.count(), T) > 1, "the projection is shared");
        assertSame(want, shared.forward(sx, null), "sparse weights");
    }

    @Test
    void smallProjectionsTrainingAndCellsAreLeftAlone() {
        RecurrentOptions o = spiking(10);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.08f));
        LIFRecurrent l = layer(o, p, 2);
        long few = RecurrentModule.PIPE_MIN_WORK / H - 1; // input events per step just below the threshold
        assertEquals(1, l.pipeThreads(1, few * T, T), "below the threshold");
        assertTrue(l.pipeThreads(1, (few + 2) * T, T) > 1, "above it");
        assertEquals(1, l.pipeThreads(2, (few + 2) * T, T), "as many rows as threads: rows split");
        l.train(true);
        Tensor x = input(11, 1, 0.5, false);
        SequenceResult<LIFState> trained = l.forward(SparseSpikes.fromDenseValues(x), null); // recorded: not shared
        SequenceResult<LIFState> want = layer(o, p, 1).forward(x);
        NeuronSplitTest.assertBits(want.output().data(), trained.output().data(), "training mode");
        // the cell steps one step at a time: nothing to project ahead, and its neurons split only when asked
        LIFRecurrentCell cell = new LIFRecurrentCell(IN, H, p, o);
        cell.setThreads(2);
        assertEquals(1, cell.columnPieces(1), "the cell does not split unasked");
        LIFState s = null;
        for (int t = 0; t < T; t++) {
            StepResult<LIFState> st = cell.forward(SparseSpikes.fromDenseValues(x.step(t).copy()), s);
            NeuronSplitTest.assertBits(want.output().step(t).copy().data(), st.output().data(), "cell step " + t);
            s = st.state();
        }
    }

    @Test
    void theOutputIsMadeWhileAnotherThreadProjects() {
        LIFRecurrent l = layer(spiking(14), LIFParameters.DEFAULT.withVTh(Param.of(0.08f)), 2);
        SparseSpikes sx = SparseSpikes.fromDenseValues(input(15, 1, 0.5, false));
        Thread caller = Thread.currentThread();
        java.util.concurrent.CountDownLatch projected = new java.util.concurrent.CountDownLatch(1);
        RecurrentModule.StepInput in = l.sparseInput(sx, 1);
        RecurrentModule.StepInput watched = new RecurrentModule.StepInput() {
            @Override
            public float[] array(int t, int row, RecurrentModule.Scratch sc) {
                return in.array(t, row, sc);
            }

            @Override
            public int offset(int t, int row) {
                return in.offset(t, row);
            }

            @Override
            public void projectInto(int t, int row, RecurrentModule.Scratch sc, float[] dst, int off, int h) {
                in.projectInto(t, row, sc, dst, off, h);
                if (Thread.currentThread() != caller) {
                    projected.countDown();
                }
            }
        };
        boolean[] overlapped = {false};
        Tensor out = Tensor.zeros(T, 1, H);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> l.runPipelined(T, 1, 2, watched,
                l.defaultState(new int[] {1, H}), l.coefficients(H), () -> {
                    // made on the calling thread while the other one projects: it has projected a step by now
                    try {
                        overlapped[0] = projected.await(20, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    return l.denseOutput(out.data(), 0, 1);
                }, null));
        assertTrue(overlapped[0], "another thread projected a step before the output was made");
        NeuronSplitTest.assertBits(layer(spiking(14), LIFParameters.DEFAULT.withVTh(Param.of(0.08f)), 1)
                .forward(sx, null).output().data(), out.data(), "output");
    }

    @Test
    void aWrongOutputIsRejectedBeforeAnythingRuns() {
        LIFRecurrent l = layer(spiking(16), LIFParameters.DEFAULT.withVTh(Param.of(0.08f)), 2);
        SparseSpikes sx = SparseSpikes.fromDenseValues(input(17, 1, 0.5, false));
        assertTrue(l.pipeThreads(1, sx.count(), T) > 1, "the projection is shared");
        LIFState s = l.forward(sx, null).state();
        LIFState before = s.copy();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.forward(sx, s, Tensor.zeros(T, 1, H + 1)));
        assertTrue(e.getMessage().contains("out"), e.getMessage());
        NeuronSplitTest.assertBits(before.v, s.v, "v unchanged");
        NeuronSplitTest.assertBits(before.i, s.i, "i unchanged");
        NeuronSplitTest.assertBits(before.z, s.z, "z unchanged");
        // and the call with a right output goes on from the same state as one thread's
        LIFRecurrent one = layer(spiking(16), LIFParameters.DEFAULT.withVTh(Param.of(0.08f)), 1);
        assertSame(one.forward(sx, before.copy()), l.forward(sx, s, Tensor.zeros(T, 1, H)), "after");
    }

    /**
     * A projection that fails on pool threads; on the caller its first step waits until a pool thread has
     * failed, so that one surely does.
     */
    private static RecurrentModule.StepInput failingOnPool(RecurrentModule.StepInput in, Thread caller) {
        java.util.concurrent.CountDownLatch failed = new java.util.concurrent.CountDownLatch(1);
        return new RecurrentModule.StepInput() {
            @Override
            public float[] array(int t, int row, RecurrentModule.Scratch sc) {
                throw new AssertionError("not used by the pipeline");
            }

            @Override
            public int offset(int t, int row) {
                return 0;
            }

            @Override
            public void projectInto(int t, int row, RecurrentModule.Scratch sc, float[] dst, int off, int h) {
                if (Thread.currentThread() != caller) {
                    failed.countDown();
                    throw new IllegalStateException("projection failed at step " + t);
                }
                try {
                    assertTrue(failed.await(20, java.util.concurrent.TimeUnit.SECONDS), "a pool thread projected");
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                in.projectInto(t, row, sc, dst, off, h);
            }
        };
    }

    @Test
    void aFailureOnEitherSideEndsTheCall() {
        RecurrentOptions o = spiking(12);
        LIFParameters p = LIFParameters.DEFAULT.withVTh(Param.of(0.08f));
        LIFRecurrent l = layer(o, p, 2);
        SparseSpikes sx = SparseSpikes.fromDenseValues(input(13, 1, 0.5, false));
        Coefficients c = l.coefficients(H);
        // a projecting thread fails: the neurons' thread stops waiting for it, the call throws its exception
        IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(
                IllegalStateException.class, () -> l.runPipelined(T, 1, 2, failingOnPool(l.sparseInput(sx, 1),
                        Thread.currentThread()),
                        l.defaultState(new int[] {1, H}), c, (t, row, z, zOff, a, n) -> { }, null)));
        assertTrue(e.getMessage().contains("projection failed at step "), e.getMessage());
        // the neurons' thread fails: the projecting thread stops instead of waiting for the ring to drain
        IllegalArgumentException f = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(
                IllegalArgumentException.class, () -> l.runPipelined(T, 1, 2, l.sparseInput(sx, 1),
                        l.defaultState(new int[] {1, H}), c, (t, row, z, zOff, a, n) -> {
                            if (t == 5) {
                                throw new IllegalArgumentException("sink failed at step 5");
                            }
                        }, null)));
        assertEquals("sink failed at step 5", f.getMessage());
        // making the output fails (after the projecting thread has started): that exception ends the call
        IllegalStateException g = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(
                IllegalStateException.class, () -> l.runPipelined(T, 1, 2, l.sparseInput(sx, 1),
                        l.defaultState(new int[] {1, H}), c, () -> {
                            throw new IllegalStateException("no output");
                        }, null)));
        assertEquals("no output", g.getMessage());
        // and the layer still works
        LIFRecurrent one = layer(o, p, 1);
        NeuronSplitTest.assertBits(one.forward(sx, null).output().data(), l.forward(sx, null).output().data(), "after");
    }
}
