package io.snn4j.internal;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs independent pieces of work on a few shared daemon threads. Internal to snn4j.
 *
 * <p>The calling thread runs piece 0 itself and waits for the others, so {@code forEach(1, body)} is a
 * plain call. When pieces throw, the call ends once every piece has ended and rethrows the first exception
 * or error thrown, the original object (its message and stack trace as thrown); a checked exception thrown
 * past the compiler comes back wrapped in an {@link UndeclaredThrowableException}. Results never depend on
 * the number of pieces: callers split work into pieces whose outputs do not overlap.
 *
 * <p>The pieces of one call run at the same time, each on a thread of its own, when there are threads free
 * for them: then they may wait for each other (a barrier per step). A piece handed to the pool that no pool
 * thread has started by the time piece 0 ends runs on the caller after piece 0 (so nested calls cannot wait
 * on each other); pieces handed to helpers always run there. When no thread can be had at all (the pool
 * refuses a task, or the system has no thread to give), the pieces not handed out run on the caller after
 * piece 0 and a warning is logged once (logger {@code io.snn4j}); pieces that wait for each other cannot
 * run that way, so {@link #forEach(int, IntConsumer, Runnable)} gives them a way out instead.
 *
 * <p>Where the other pieces run: each goes to one of the library's helper threads
 * ({@code availableProcessors() - 1} of them, at least one) that is free, and the rest to a
 * {@link ForkJoinPool}. A helper that has finished a piece waits for the next one spinning, for up to
 * {@link #spinNanos()} (the system property {@code snn4j.spinMicros}, default {@value #DEFAULT_SPIN_MICROS}
 * microseconds, 0 on a one-processor machine; 0 parks after a few checks, about a microsecond), and only
 * then parks; a helper parked for a minute ends (a new one starts
 * when needed), so that an idle library holds no thread. The caller waits for its pieces the same way.
 *
 * <p>Why threads of its own: the wide recurrent row ({@code WideRecurrentBenchmark}) calls for a second
 * thread every 1.3-1.5 ms, and a {@code ForkJoinPool} worker, parked by then, took 40-80 us at the median
 * to start its piece on this project's virtual machine (waking a parked thread wakes an idle virtual CPU,
 * which the host has to schedule), with a tail of milliseconds. A thread still spinning starts in a few
 * microseconds (3-11 us at the median, measured the same way). The JDK's pools spin only briefly, for a fixed
 * time, before they park; OpenMP runtimes spin between parallel regions for the same reason. A spinning
 * helper keeps its CPU busy for that time after each call: on a machine shared with other work, set
 * {@code snn4j.spinMicros} lower or to 0.
 *
 * <p>Thread-safe: any number of threads may call {@link #forEach} at once, and a piece may call it again.
 */
public final class Parallel {
    /** The default of {@link #spinNanos()}, in microseconds, on a machine of several processors (one: 0). */
    public static final long DEFAULT_SPIN_MICROS = 200;
    /** How long a helper stays parked without work before it ends (a minute; tests shorten it). */
    static volatile long keepAliveNanos = 60_000_000_000L;

    /** The pool for pieces beyond the helpers, made when first needed (tests may put another in). */
    static volatile ForkJoinPool pool;
    private static final AtomicReferenceArray<Helper> HELPERS =
            new AtomicReferenceArray<>(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
    private static volatile long spin = -1;

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

    /**
     * How long (nanoseconds) an idle helper thread, or a caller waiting for its pieces, spins before it
     * parks: the system property {@code snn4j.spinMicros} (whole microseconds, 0 to 1,000,000), read at the
     * first call that uses another thread; when it is not set, {@value #DEFAULT_SPIN_MICROS} us, or 0 on a
     * machine with one processor.
     *
     * @throws IllegalArgumentException if the property is set to anything else (then no call that needs
     *     another thread runs until it is mended)
     */
    public static long spinNanos() {
        long s = spin;
        if (s < 0) {
            s = spinMicros(System.getProperty("snn4j.spinMicros")) * 1000;
            spin = s;
        }
        return s;
    }

    /**
     * The spin time in microseconds that the property's value {@code p} (null when not set) asks for: when
     * not set, {@value #DEFAULT_SPIN_MICROS} on a machine of several processors and 0 on one processor,
     * where a spinning thread would only hold up the thread it waits for.
     */
    static long spinMicros(String p) {
        return spinMicros(p, Runtime.getRuntime().availableProcessors());
    }

    /** {@link #spinMicros(String)} on a machine of {@code processors} processors. */
    static long spinMicros(String p, int processors) {
        if (p == null) {
            return processors > 1 ? DEFAULT_SPIN_MICROS : 0;
        }
        long us;
        try {
            us = Long.parseLong(p.trim());
        } catch (NumberFormatException e) {
            us = -1;
        }
        if (us < 0 || us > 1_000_000) {
            throw new IllegalArgumentException(
                    "snn4j.spinMicros must be a whole number of microseconds from 0 to 1000000, got '" + p + "'");
        }
        return us;
    }

    /**
     * Whether the current thread is a pool thread: one of the helpers or a {@link ForkJoinWorkerThread}.
     * Modules that could split their own work do not when called from one, since the threads are taken.
     */
    public static boolean inPool() {
        Thread t = Thread.currentThread();
        return t instanceof Helper || t instanceof ForkJoinWorkerThread;
    }

    /** Runs {@code body.accept(k)} for k = 0 .. pieces-1, piece 0 on the calling thread. */
    public static void forEach(int pieces, IntConsumer body) {
        forEach(pieces, body, null);
    }

    /**
     * As {@link #forEach(int, IntConsumer)}, for pieces that wait for each other (a barrier per step), which
     * cannot run one after another on the caller: if handing out the pieces fails (no thread to be had),
     * {@code abort} runs on the caller before piece 0 (it should make every piece return at once, e.g. by
     * ending their barrier), every piece is still run and waited for, and the call then throws what the
     * handing out threw (unless a piece threw first).
     */
    public static void forEach(int pieces, IntConsumer body, Runnable abort) {
        if (pieces <= 1) {
            if (pieces == 1) {
                body.accept(0);
            }
            return;
        }
        spinNanos(); // a malformed property fails here, before any piece has run
        // each piece keeps what it throws, so that the caller rethrows the original (a pool's join would
        // rethrow a copy made on its thread, with whatever constructor the class has: an AssertionError lost
        // its message that way)
        Call call = new Call(body, pieces);
        int k = 1;
        boolean claimable = false;
        try {
            for (int q = 0; q < HELPERS.length() && k < pieces; q++) {
                Helper h = helper(q);
                if (h != null && h.offer(call, k)) {
                    k++;
                }
            }
            if (k < pieces) { // the rest are claimed in turn by pool tasks and, once piece 0 is done, by the caller
                call.next.set(k);
                claimable = true;
                ForkJoinPool p = pool();
                for (int n = k; n < pieces; n++) {
                    p.execute(call::runOne); // one piece per task, so that the pieces can run at once
                }
            }
        } catch (Throwable e) {
            // no thread to be had (a pool that rejects, no native thread): the pieces not handed out are still
            // claimable and run on this thread below; leaving now would strand the pieces already handed out
            if (!claimable) {
                call.next.set(k);
            }
            if (abort != null) {
                call.failure.compareAndSet(null, e);
                abort.run();
            } else {
                warnOnce(e);
            }
        }
        run(body, 0, call.failure);
        // pieces no pool thread has started yet run here: a pool whose threads all wait in calls of their own
        // (nested calls) would otherwise never start them
        call.runClaimed();
        call.await();
        Throwable f = call.failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error er) {
            throw er;
        }
        if (f != null) { // a checked exception thrown past the compiler
            throw new UndeclaredThrowableException(f);
        }
    }

    /** Whether {@link #warnOnce} has logged (tests set it back). */
    static final AtomicBoolean WARNED = new AtomicBoolean();

    /** Logs, once per JVM, that pieces ran on their caller because no thread could be had. */
    private static void warnOnce(Throwable e) {
        if (WARNED.compareAndSet(false, true)) {
            System.getLogger("io.snn4j").log(System.Logger.Level.WARNING,
                    "snn4j: no thread could be had for a parallel call, so its pieces ran on the calling thread"
                            + " (further such calls are not logged): " + e);
        }
    }

    /** Runs one piece; the first piece to throw keeps what it threw in {@code failure}. */
    private static void run(IntConsumer body, int piece, AtomicReference<Throwable> failure) {
        try {
            body.accept(piece);
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    /**
     * Whether a thread that has waited {@code i} rounds since {@code since} ({@link System#nanoTime}) should
     * spin on rather than park: until {@link #spinNanos()} has passed, the clock read every 64th round.
     */
    private static boolean spinning(int i, long since) {
        return (i & 63) != 63 || System.nanoTime() - since < spin;
    }

    /** Tests: how many helper slots hold a helper (running, spinning or parked). */
    static int liveHelpers() {
        int n = 0;
        for (int q = 0; q < HELPERS.length(); q++) {
            n += HELPERS.get(q) != null ? 1 : 0;
        }
        return n;
    }

    /** The helper in slot {@code q}, started if the slot is empty (at first, or after its helper ended). */
    private static Helper helper(int q) {
        Helper h = HELPERS.get(q);
        while (h == null) {
            Helper fresh = newHelper(q);
            if (HELPERS.compareAndSet(q, null, fresh)) {
                try {
                    fresh.start();
                } catch (Throwable e) { // e.g. no native thread to be had: the slot must not keep a dead helper
                    HELPERS.compareAndSet(q, fresh, null);
                    return null;
                }
                return fresh;
            }
            h = HELPERS.get(q);
        }
        return h;
    }

    /**
     * A helper for slot {@code q}, made with no caller's frames in view: on JDK 17 a new thread keeps the
     * access-control context of the code that made it, whose protection domains hold their class loaders,
     * so a helper made from a caller's stack would keep that caller's class loader (a web application's,
     * say) alive for as long as the helper lives. JDK 25 keeps no such context (tested), and the API is
     * marked for removal, so from 25 on it is not called.
     */
    @SuppressWarnings("removal")
    private static Helper newHelper(int q) {
        if (Runtime.version().feature() >= 25) {
            return new Helper(q);
        }
        return java.security.AccessController.doPrivileged((java.security.PrivilegedAction<Helper>) () -> new Helper(q));
    }

    /**
     * One {@link #forEach} call's pieces other than 0: what they run, the first failure, the next piece for
     * the pool's tasks to claim, and how many have not ended.
     */
    private static final class Call {
        final IntConsumer body;
        final int pieces;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicInteger next;
        final AtomicInteger left;
        final Thread caller = Thread.currentThread();
        volatile boolean parked;

        Call(IntConsumer body, int pieces) {
            this.body = body;
            this.pieces = pieces;
            next = new AtomicInteger(pieces); // none to claim unless forEach sets where they start
            left = new AtomicInteger(pieces - 1);
        }

        /** Runs one of the pool's pieces if one is not yet claimed; whether it did. */
        boolean runOne() {
            int k = next.getAndIncrement();
            if (k >= pieces) {
                return false;
            }
            run(body, k, failure);
            finished();
            return true;
        }

        /** Runs the pool's pieces not yet claimed, one after another. */
        void runClaimed() {
            while (runOne()) {
                // each call claims and runs one
            }
        }

        /** Counts one piece as ended; the last wakes the caller if it parked. */
        void finished() {
            if (left.decrementAndGet() == 0 && parked) {
                LockSupport.unpark(caller);
            }
        }

        /**
         * Waits until every other piece has ended: spins for up to {@link #spinNanos()}, then parks. Not
         * interruptible (the pieces cannot be stopped from here); an interrupt is kept for the caller. On a
         * fork-join worker the park goes through {@link ForkJoinPool#managedBlock}, so that the pool can start
         * another worker for the pieces still queued while this one waits (as {@code ForkJoinTask.join} did).
         */
        void await() {
            long since = System.nanoTime();
            for (int i = 0; left.get() != 0 && spinning(i, since); i++) {
                Thread.onSpinWait();
            }
            if (left.get() == 0) {
                return;
            }
            boolean interrupted = false;
            parked = true; // before the check: a piece ending after it sees the flag and unparks
            Parked blocker = new Parked();
            if (Thread.currentThread() instanceof ForkJoinWorkerThread) {
                while (left.get() != 0) {
                    try {
                        ForkJoinPool.managedBlock(blocker);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                interrupted |= blocker.interrupted;
            } else {
                interrupted = blocker.parkUntilDone();
            }
            parked = false;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** The caller's park until the pieces have ended, as a blocker a fork-join pool can compensate for. */
        private final class Parked implements ForkJoinPool.ManagedBlocker {
            boolean interrupted;

            @Override
            public boolean block() {
                interrupted |= parkUntilDone();
                return true;
            }

            @Override
            public boolean isReleasable() {
                return left.get() == 0;
            }

            /** Parks until no piece is left; whether the thread was interrupted meanwhile (the flag cleared). */
            boolean parkUntilDone() {
                boolean was = false;
                while (left.get() != 0) {
                    LockSupport.park(Call.this);
                    was |= Thread.interrupted(); // else park would return at once from now on
                }
                return was;
            }
        }
    }

    /**
     * A daemon thread that runs one piece at a time, handed to it by {@link #offer} when it is free; between
     * pieces it spins for up to {@link #spinNanos()}, then parks until the next one, and ends after
     * {@link #keepAliveNanos} parked without one.
     */
    private static final class Helper extends Thread {
        private final int slot;
        /** 1 while no piece is handed to it; taken (0) by {@link #offer}, or by the helper itself as it ends. */
        private final AtomicInteger free = new AtomicInteger(1);
        private volatile Call call;
        private volatile int piece;
        private volatile boolean parked;

        Helper(int slot) {
            super(null, null, "snn4j-helper-" + (slot + 1), 0, false); // no inherited thread locals
            this.slot = slot;
            setDaemon(true);
            setContextClassLoader(Parallel.class.getClassLoader());
        }

        /** Hands it piece {@code k} of {@code c} if it is free; false if it is running another or ending. */
        boolean offer(Call c, int k) {
            if (!free.compareAndSet(1, 0)) {
                return false;
            }
            piece = k;
            call = c; // after the piece: the helper reads call first
            if (parked) {
                LockSupport.unpark(this);
            }
            return true;
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            for (int i = 0;; i++) {
                Call c = call;
                if (c != null) {
                    int k = piece;
                    call = null;
                    Thread.interrupted(); // a piece's interrupt is not the next piece's
                    Parallel.run(c.body, k, c.failure);
                    free.set(1); // before the caller goes on, so that its next call finds this helper free
                    c.finished();
                    idleSince = System.nanoTime();
                    i = 0;
                    continue;
                }
                if (spinning(i, idleSince)) {
                    Thread.onSpinWait();
                    continue;
                }
                Thread.interrupted(); // else a piece's leftover interrupt would make parkNanos return at once
                parked = true; // before the check: an offer after it sees the flag and unparks
                long keep = keepAliveNanos;
                if (call == null) {
                    LockSupport.parkNanos(this, keep);
                }
                parked = false;
                if (call == null && System.nanoTime() - idleSince >= keep && free.compareAndSet(1, 0)) {
                    HELPERS.compareAndSet(slot, this, null); // no offer can reach it now: end
                    return;
                }
            }
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

    static ForkJoinPool pool() {
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
