package io.snn4j.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs independent pieces of work on a shared pool of daemon threads. Internal to snn4j.
 *
 * <p>The calling thread runs piece 0 itself and waits for the others, so {@code forEach(1, body)} is a
 * plain call. When pieces throw, the call ends once every piece has ended and rethrows the first exception
 * or error thrown, the original object (its message and stack trace as thrown). Results never depend on the
 * number of pieces: callers split work into pieces whose outputs do not overlap.
 */
public final class Parallel {
    private static volatile ForkJoinPool pool;

    private Parallel() {
    }

    /** The number of threads the library uses when a module is not told otherwise. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Checks a user-supplied thread count. */
    public static int checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return threads;
    }

    /** Runs {@code body.accept(k)} for k = 0 .. pieces-1, piece 0 on the calling thread. */
    public static void forEach(int pieces, IntConsumer body) {
        if (pieces <= 1) {
            if (pieces == 1) {
                body.accept(0);
            }
            return;
        }
        ForkJoinPool p = pool();
        // each piece keeps what it throws, so that the caller rethrows the original (ForkJoinTask.join would
        // rethrow a copy from a pool thread, made with whatever constructor the class has: an AssertionError
        // lost its message that way)
        AtomicReference<Throwable> failure = new AtomicReference<>();
        @SuppressWarnings("unchecked")
        ForkJoinTask<Void>[] tasks = new ForkJoinTask[pieces - 1];
        for (int k = 1; k < pieces; k++) {
            final int piece = k;
            tasks[k - 1] = p.submit(() -> run(body, piece, failure), null);
        }
        run(body, 0, failure);
        for (ForkJoinTask<Void> t : tasks) {
            t.join(); // never throws: run keeps the failure
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error er) {
            throw er;
        }
    }

    /** Runs one piece; the first piece to throw keeps its exception in {@code failure}. */
    private static void run(IntConsumer body, int piece, AtomicReference<Throwable> failure) {
        try {
            body.accept(piece);
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        }
    }

    /**
     * Splits {@code [0, n)} into at most {@code pieces} contiguous ranges whose inner boundaries are
     * multiples of {@code grain}; returns the boundaries (length = ranges + 1).
     */
    public static int[] split(int n, int pieces, int grain) {
        int units = (n + grain - 1) / grain;
        int k = Math.max(1, Math.min(pieces, units));
        int[] b = new int[k + 1];
        for (int j = 1; j < k; j++) {
            b[j] = (int) ((long) units * j / k) * grain;
        }
        b[k] = n;
        return b;
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
                    pool = p;
                }
            }
        }
        return p;
    }
}
