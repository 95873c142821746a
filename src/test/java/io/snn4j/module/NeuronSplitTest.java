package io.snn4j.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFState;
import io.snn4j.functional.Param;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * A wide recurrent layer with one batch row runs its neurons on several threads (a barrier per step):
 * the same numbers as one thread, bit for bit, for the sequence module (dense and sparse input, recorded
 * states) and the cell; with a spike rate that crosses the dense fallback and back.
 */
class NeuronSplitTest {
    static final int IN = 24, H = 2 * RecurrentModule.MIN_COLUMNS_PER_THREAD + 48;

    private static final java.util.Map<Long, RecurrentOptions> MADE = new java.util.HashMap<>();

    static synchronized RecurrentOptions options(long seed, boolean record) {
        return MADE.computeIfAbsent(seed, NeuronSplitTest::weights).withRecordStates(record);
    }

    static RecurrentOptions weights(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        FMatrixRMaj win = new FMatrixRMaj(H, IN), wrec = new FMatrixRMaj(H, H);
        for (int k = 0; k < win.data.length; k++) {
            win.data[k] = (float) (r.nextGaussian() * 0.8);
        }
        for (int k = 0; k < wrec.data.length; k++) {
            wrec.data[k] = (float) (r.nextGaussian() * 0.02);
        }
        return RecurrentOptions.DEFAULT.withInputWeights(win).withRecurrentWeights(wrec);
    }

    static final LIFParameters P = LIFParameters.DEFAULT.withVTh(Param.of(0.08f));

    static void assertBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int q = 0; q < want.length; q++) {
            assertEquals(Float.floatToIntBits(want[q]), Float.floatToIntBits(got[q]), what + ": element " + q);
        }
    }

    @Test
    void sequenceIsTheSameOnAnyNumberOfThreads() {
        int steps = 14;
        Tensor x = input(steps, 3, true);
        for (int threads : new int[] {2}) {
            LIFRecurrent one = new LIFRecurrent(IN, H, P, options(1, true));
            one.setThreads(1);
            SequenceResult<LIFState> want = one.forward(x);
            long fired = want.output().countNonZero();
            assertTrue(fired > steps * 20L, "spikes: " + fired);
            double most = 0, least = 1;
            for (int t = 0; t < steps; t++) {
                double rate = want.output().step(t).countNonZero() / (double) H;
                most = Math.max(most, rate);
                least = Math.min(least, rate);
            }
            // both recurrent paths run: event-driven below the switch, the dense product above it
            assertTrue(least < one.denseAbove() && most > one.denseAbove(), "rates " + least + " .. " + most);
            LIFRecurrent split = new LIFRecurrent(IN, H, P, options(1, true));
            split.setThreads(threads);
            split.setSplitNeurons(true);
            assertTrue(split.columnPieces(1) > 1, "the layer is wide enough to split");
            SequenceResult<LIFState> got = split.forward(x);
            assertBits(want.output().data(), got.output().data(), "threads " + threads + " output");
            assertBits(want.state().v, got.state().v, "threads " + threads + " v");
            assertBits(want.recorded().i, got.recorded().i, "threads " + threads + " recorded i");
            SequenceResult<LIFState> sparse = split.forward(SparseSpikes.fromDenseValues(x), null);
            assertBits(want.output().data(), sparse.output().data(), "threads " + threads + " sparse input");
            SparseResult<LIFState> lists = split.forwardSparse(SparseSpikes.fromDenseValues(x), null);
            assertBits(want.output().data(), lists.output().toDense().data(), "threads " + threads + " sparse output");
            assertBits(want.state().v, lists.state().v, "threads " + threads + " sparse output v");
            // continuing from a state
            SequenceResult<LIFState> w2 = one.forward(x, want.state());
            SequenceResult<LIFState> g2 = split.forward(x, got.state());
            assertBits(w2.output().data(), g2.output().data(), "threads " + threads + " second call");
        }
    }

    /**
     * A piece that throws at step 5, on the caller's thread and then on the helper: the call ends with its
     * exception rather than leaving the other piece at the barrier, and the layer works afterwards.
     */
    @Test
    void aFailingPieceEndsTheCall() {
        Tensor x = input(12, 5, false);
        SequenceResult<LIFState> want = layer(1).forward(x);
        LIFRecurrent split = layer(2);
        assertEquals(2, split.columnPieces(1));
        try {
            for (int failing = 0; failing < 2; failing++) {
                int f = failing;
                java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
                RecurrentModule.aheadHook = (piece, step) -> {
                    calls.incrementAndGet();
                    if (piece == f && step == 5) {
                        throw new IllegalStateException("piece " + piece + " failed at step " + step);
                    }
                };
                IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                        () -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                                () -> split.forward(x)));
                assertEquals("piece " + f + " failed at step 5", e.getMessage());
                assertTrue(calls.get() >= 11, "the hook ran in both pieces: " + calls.get());
            }
        } finally {
            RecurrentModule.aheadHook = null;
        }
        assertBits(want.output().data(), split.forward(x).output().data(), "after the failures");
    }

    /** A piece that throws a checked exception past the compiler also ends the call. */
    @Test
    void aPieceThrowingACheckedExceptionEndsTheCall() {
        Tensor x = Tensor.zeros(8, 1, IN);
        LIFRecurrent split = layer(2);
        java.io.IOException io = new java.io.IOException("sneaky");
        try {
            RecurrentModule.aheadHook = (piece, step) -> {
                if (piece == 1 && step == 3) {
                    NeuronSplitTest.<RuntimeException>sneak(io);
                }
            };
            java.lang.reflect.UndeclaredThrowableException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.lang.reflect.UndeclaredThrowableException.class, () -> org.junit.jupiter.api.Assertions
                            .assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> split.forward(x)));
            org.junit.jupiter.api.Assertions.assertSame(io, e.getCause());
        } finally {
            RecurrentModule.aheadHook = null;
        }
    }

    /**
     * Every helper busy with another call and a pool that refuses: the call's second piece cannot have a
     * thread, and the call fails with the refusal instead of waiting at the barrier for a piece that would only
     * run after the first; the layer works again once threads can be had.
     */
    @Test
    void aCallWhosePiecesCannotAllHaveAThreadFails() throws Exception {
        Tensor x = Tensor.zeros(6, 1, IN);
        java.util.Arrays.fill(x.data(), 1f);
        SequenceResult<LIFState> want = layer(1).forward(x);
        LIFRecurrent split = layer(2);
        int helpers = Math.max(1, io.snn4j.internal.Parallel.defaultThreads() - 1);
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(helpers);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread occupier = new Thread(() -> io.snn4j.internal.Parallel.forEach(helpers + 1, k -> {
            if (k > 0) {
                busy.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        java.util.concurrent.ForkJoinPool rejecting = new java.util.concurrent.ForkJoinPool(1);
        rejecting.shutdown();
        java.util.concurrent.ForkJoinPool real = io.snn4j.internal.ParallelAccess.pool();
        occupier.start();
        try {
            assertTrue(busy.await(30, java.util.concurrent.TimeUnit.SECONDS), "the helpers were not all taken");
            io.snn4j.internal.ParallelAccess.setPool(rejecting);
            java.util.concurrent.atomic.AtomicInteger stepped = new java.util.concurrent.atomic.AtomicInteger();
            RecurrentModule.aheadHook = (piece, step) -> stepped.incrementAndGet();
            org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.RejectedExecutionException.class,
                    () -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                            () -> split.forward(x)));
            assertEquals(0, stepped.get(), "no piece started a step once the barrier had ended");
        } finally {
            RecurrentModule.aheadHook = null;
            io.snn4j.internal.ParallelAccess.setPool(real);
            release.countDown();
            occupier.join(30_000);
        }
        assertBits(want.output().data(), split.forward(x).output().data(), "once threads can be had");
    }

    /** {@code steps} steps of one row: 30 % of the inputs active, with values in [0, 2) or 1. */
    private static Tensor input(int steps, long seed, boolean scaled) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor x = Tensor.zeros(steps, 1, IN);
        for (int k = 0; k < x.size(); k++) {
            x.data()[k] = r.nextDouble() < 0.3 ? scaled ? (float) (r.nextDouble() * 2) : 1f : 0f;
        }
        return x;
    }

    /** The test's layer (weights of seed 1, no recording) on {@code threads} threads, split by neurons. */
    private static LIFRecurrent layer(int threads) {
        LIFRecurrent l = new LIFRecurrent(IN, H, P, options(1, false));
        l.setThreads(threads);
        l.setSplitNeurons(true);
        return l;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneak(Throwable t) throws T {
        throw (T) t;
    }

    @Test
    void cellIsTheSameOnAnyNumberOfThreads() {
        SplittableRandom r = new SplittableRandom(4);
        LIFRecurrentCell one = new LIFRecurrentCell(IN, H, P, options(2, false));
        LIFRecurrentCell split = new LIFRecurrentCell(IN, H, P, options(2, false));
        one.setThreads(1);
        split.setThreads(2);
        split.setSplitNeurons(true);
        LIFState a = null, b = null;
        Tensor out = Tensor.zeros(1, H);
        long fired = 0;
        for (int t = 0; t < 10; t++) {
            Tensor x = Tensor.zeros(1, IN);
            for (int k = 0; k < IN; k++) {
                x.data()[k] = r.nextDouble() < 0.2 ? 1f : 0f;
            }
            StepResult<LIFState> ra = one.forward(x, a);
            StepResult<LIFState> rb = split.forward(x, b, out);
            a = ra.state();
            b = rb.state();
            assertBits(ra.output().data(), out.data(), "step " + t);
            assertBits(a.i, b.i, "step " + t + " i");
            fired += ra.output().countNonZero();
        }
        assertTrue(fired > 100, "spikes: " + fired);
    }
}
