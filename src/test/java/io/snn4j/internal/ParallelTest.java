package io.snn4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link Parallel#forEach}: every piece once, piece 0 on the caller, the pieces at the same time, failures passed
 * on, nested and concurrent calls, the helpers' reuse and end, interrupts and the spin property.
 */
class ParallelTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** The library's helper threads: one fewer than the processors, at least one. */
    private static final int HELPERS = Math.max(1, Parallel.defaultThreads() - 1);

    @Test
    void everyPieceRunsOnceWhateverTheCountAndPieceZeroOnTheCaller() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Thread caller = Thread.currentThread();
            for (int pieces = 0; pieces <= 9; pieces++) { // more pieces than the pool has threads too
                AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(1, pieces));
                AtomicReference<Thread> zero = new AtomicReference<>();
                Parallel.forEach(pieces, k -> {
                    runs.incrementAndGet(k);
                    if (k == 0) {
                        zero.set(Thread.currentThread());
                    }
                });
                for (int k = 0; k < pieces; k++) {
                    assertEquals(1, runs.get(k), "piece " + k + " of " + pieces);
                }
                if (pieces > 0) {
                    assertSame(caller, zero.get());
                } else {
                    assertEquals(0, runs.get(0));
                }
            }
        });
    }

    @Test
    void theFirstFailureIsRethrownAsThrownAfterEveryPieceHasEnded() {
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int failing = 0; failing < 3; failing++) {
                IllegalStateException boom = new IllegalStateException("piece failed");
                AtomicInteger ended = new AtomicInteger();
                int f = failing;
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forEach(3, k -> {
                    if (k == f) {
                        throw boom;
                    }
                    sleep(20); // the others end after the failure
                    ended.incrementAndGet();
                }));
                assertSame(boom, e); // the original, whichever thread threw it
                assertEquals(2, ended.get(), "the call returned before the other pieces ended");
            }
            AssertionError err = new AssertionError("an error"); // ForkJoinTask.join's copy of it had no message
            assertSame(err, assertThrows(AssertionError.class, () -> Parallel.forEach(2, k -> {
                if (k == 1) {
                    throw err;
                }
            })));
            // and the pool still works after failures
            AtomicInteger sum = new AtomicInteger();
            Parallel.forEach(4, sum::addAndGet);
            assertEquals(6, sum.get());
        });
    }

    @Test
    void manyCallersAtOnceAndCallsFromInsidePiecesAllComplete() {
        assertTimeoutPreemptively(LIMIT, () -> {
            int callers = 4, calls = 300;
            AtomicInteger total = new AtomicInteger();
            List<Thread> ts = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int c = 0; c < callers; c++) {
                Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; i < calls; i++) {
                            // each piece splits again, from a pool thread
                            Parallel.forEach(3, k -> Parallel.forEach(2, j -> total.incrementAndGet()));
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                ts.add(t);
                t.start();
            }
            for (Thread t : ts) {
                t.join();
            }
            assertEquals(null, failure.get());
            assertEquals(callers * calls * 3 * 2, total.get());
        });
    }

    @Test
    void thePiecesOfOneCallRunAtTheSameTime() {
        // runColumns' pieces meet at a Phaser every step: none may wait for another to end first (with more
        // pieces than threads, the fork-join pool adds threads while its own wait at a Phaser)
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int pieces : new int[] {2, 3, 6}) { // 6: more than the helpers, the rest on the fork-join pool
                for (int rep = 0; rep < 50; rep++) {
                    Phaser meet = new Phaser(pieces);
                    Parallel.forEach(pieces, k -> {
                        try {
                            meet.awaitAdvanceInterruptibly(meet.arrive(), 10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new AssertionError("piece " + k + " of " + pieces + " did not meet the others", e);
                        }
                    });
                }
            }
        });
    }

    @Test
    void aCallRightAfterAnotherFindsAHelperAndOnlyOtherPiecesAreInThePool() {
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int rep = 0; rep < 200; rep++) {
                AtomicReference<Boolean> zeroInPool = new AtomicReference<>(), oneInPool = new AtomicReference<>();
                Thread one = pieceOneOf(k -> (k == 0 ? zeroInPool : oneInPool).set(Parallel.inPool()));
                // the helper is free again before the call returns: back to back, piece 1 never goes to the pool
                assertTrue(one.getName().startsWith("snn4j-helper-"), "piece 1 ran on " + one.getName());
                assertTrue(one.isDaemon());
                assertEquals(false, zeroInPool.get());
                assertEquals(true, oneInPool.get());
            }
            // more pieces than helpers: piece 1 on the helper, the rest on fork-join threads or, those not started
            // by the time piece 0 ends, on the caller
            AtomicIntegerArray inPool = new AtomicIntegerArray(5);
            Parallel.forEach(5, k -> inPool.set(k, Parallel.inPool() ? 1 : 0));
            assertEquals(0, inPool.get(0));
            assertEquals(1, inPool.get(1));
        });
    }

    @Test
    void aHelperLeftIdleEndsAndANewOneTakesItsPlace() {
        assertTimeoutPreemptively(LIMIT, () -> {
            long keep = Parallel.keepAliveNanos;
            try {
                Parallel.keepAliveNanos = 20_000_000L;
                Thread first = pieceOneOf(k -> { });
                first.join(20_000); // spin, then park for the keep-alive, then end
                assertEquals(false, first.isAlive(), "the idle helper did not end");
                AtomicInteger sum = new AtomicInteger();
                Thread second = pieceOneOf(k -> sum.addAndGet(k + 1));
                assertEquals(3, sum.get());
                assertTrue(second != first && second.getName().startsWith("snn4j-helper-"), "piece 1 ran on " + second);
            } finally {
                Parallel.keepAliveNanos = keep;
            }
        });
    }

    @Test
    void anIdleHelperParksAfterItsSpin() {
        assertTimeoutPreemptively(LIMIT, () -> {
            assertParksWhenIdle(pieceOneOf(k -> { }));
        });
    }

    @Test
    void aPieceThatInterruptsItsHelperLeavesNothingForTheNext() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Thread helper = pieceOneOf(k -> {
                if (k == 1) {
                    Thread.currentThread().interrupt();
                }
            });
            AtomicReference<Boolean> seen = new AtomicReference<>();
            Parallel.forEach(2, k -> {
                if (k == 1) {
                    seen.set(Thread.currentThread().isInterrupted());
                }
            });
            assertEquals(false, seen.get(), "the next piece found the last one's interrupt");
            assertParksWhenIdle(helper); // parked, not spinning on the interrupt
        });
    }

    @Test
    void anInterruptedCallerWaitsForItsPiecesAndKeepsTheInterrupt() {
        assertTimeoutPreemptively(LIMIT, () -> {
            AtomicInteger ended = new AtomicInteger();
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            Thread.currentThread().interrupt();
            try {
                long cpu0 = mx.getCurrentThreadCpuTime();
                Parallel.forEach(2, k -> {
                    if (k == 1) {
                        sleep(300); // longer than the caller spins: it parks, interrupted
                        ended.incrementAndGet();
                    }
                });
                long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                assertEquals(1, ended.get(), "the call returned before piece 1 ended");
                assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt was lost");
                // parked, not spinning on the interrupt: a fraction of the 300 ms in CPU time
                assertTrue(cpu < 150_000_000L, "the interrupted caller used " + cpu / 1_000_000 + " ms of CPU waiting");
            } finally {
                Thread.interrupted();
            }
        });
    }

    @Test
    void aCheckedExceptionThrownPastTheCompilerComesBackWrapped() {
        assertTimeoutPreemptively(LIMIT, () -> {
            java.io.IOException io = new java.io.IOException("sneaky");
            for (int failing = 0; failing < 2; failing++) {
                int f = failing;
                java.lang.reflect.UndeclaredThrowableException e = assertThrows(
                        java.lang.reflect.UndeclaredThrowableException.class, () -> Parallel.forEach(2, k -> {
                            if (k == f) {
                                ParallelTest.<RuntimeException>sneak(io);
                            }
                        }));
                assertSame(io, e.getCause());
            }
            AtomicInteger sum = new AtomicInteger();
            Parallel.forEach(2, sum::addAndGet); // the helper survived it
            assertEquals(1, sum.get());
        });
    }

    @Test
    void theSpinPropertyIsCheckedAndNamed() {
        assertEquals(Parallel.DEFAULT_SPIN_MICROS, Parallel.spinMicros(null, 2));
        assertEquals(0, Parallel.spinMicros("0"));
        assertEquals(1_000_000, Parallel.spinMicros(" 1000000 "));
        for (String bad : new String[] {"-1", "1000001", "fast", "", "2.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.spinMicros(bad));
            assertTrue(e.getMessage().contains("snn4j.spinMicros") && e.getMessage().contains("'" + bad + "'"),
                    e.getMessage());
        }
    }

    @Test
    void theSpinDefaultsToNoneOnOneProcessor() {
        assertEquals(Parallel.DEFAULT_SPIN_MICROS, Parallel.spinMicros(null, 2));
        assertEquals(0, Parallel.spinMicros(null, 1));
        assertEquals(50, Parallel.spinMicros("50", 1), "a value set is kept on one processor too");
    }

    /**
     * A pool that rejects every task: the pieces not handed out run on the caller, each once, none is lost, and
     * a warning says so once.
     */
    @Test
    void piecesThePoolRejectsRunOnTheCaller() {
        java.util.concurrent.ForkJoinPool real = Parallel.pool();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.snn4j");
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler catcher = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel() == java.util.logging.Level.WARNING) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(catcher);
        try {
            assertTimeoutPreemptively(LIMIT, () -> {
                java.util.concurrent.ForkJoinPool rejecting = new java.util.concurrent.ForkJoinPool(1);
                rejecting.shutdown();
                int pieces = HELPERS + 4; // more than the helpers: some go to the pool
                Thread caller = Thread.currentThread();
                for (int call = 0; call < 2; call++) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(pieces);
                    Thread[] on = new Thread[pieces];
                    Parallel.WARNED.set(call > 0);
                    try {
                        Parallel.pool = rejecting;
                        Parallel.forEach(pieces, k -> {
                            runs.incrementAndGet(k);
                            on[k] = Thread.currentThread();
                        });
                    } finally {
                        Parallel.pool = real;
                    }
                    int onCaller = 0;
                    for (int k = 0; k < pieces; k++) {
                        assertEquals(1, runs.get(k), "piece " + k + " runs");
                        onCaller += on[k] == caller ? 1 : 0;
                    }
                    assertTrue(onCaller >= pieces - HELPERS,
                            onCaller + " pieces ran on the caller: piece 0 and at least the 3 the pool refused");
                }
            });
        } finally {
            Parallel.pool = real; // also when the body above is still running after a timeout
            log.removeHandler(catcher);
        }
        assertEquals(1, warnings.size(), "one warning for two calls: " + warnings);
        assertTrue(warnings.get(0).contains("calling thread") && warnings.get(0).contains("RejectedExecutionException"),
                warnings.get(0));
    }

    /** A pool that runs the first task it is given in place and refuses the rest: still every piece once. */
    @Test
    void aPoolThatTakesOneTaskAndRefusesTheRestRunsEveryPieceOnce() {
        java.util.concurrent.ForkJoinPool real = Parallel.pool();
        AtomicInteger offered = new AtomicInteger();
        java.util.concurrent.ForkJoinPool once = new java.util.concurrent.ForkJoinPool(1) {
            @Override
            public void execute(Runnable task) {
                if (offered.getAndIncrement() > 0) {
                    throw new java.util.concurrent.RejectedExecutionException("only one");
                }
                task.run();
            }
        };
        try {
            assertTimeoutPreemptively(LIMIT, () -> {
                int pieces = HELPERS + 4;
                AtomicIntegerArray runs = new AtomicIntegerArray(pieces);
                Parallel.pool = once;
                Parallel.forEach(pieces, runs::incrementAndGet);
                for (int k = 0; k < pieces; k++) {
                    assertEquals(1, runs.get(k), "piece " + k + " runs");
                }
                assertEquals(2, offered.get(), "the second task was refused");
            });
        } finally {
            Parallel.pool = real;
            once.shutdown();
        }
    }

    /**
     * Pieces that meet at a barrier, one more than the helpers plus the caller, and a pool that refuses: the
     * way out ends the barrier, every piece returns, and the call throws the refusal.
     */
    @Test
    void piecesThatWaitForEachOtherAreLetOutWhenNoThreadCanBeHad() {
        java.util.concurrent.ForkJoinPool real = Parallel.pool();
        java.util.concurrent.ForkJoinPool rejecting = new java.util.concurrent.ForkJoinPool(1);
        rejecting.shutdown();
        try {
            assertTimeoutPreemptively(LIMIT, () -> {
                int pieces = HELPERS + 2;
                Phaser meet = new Phaser(pieces);
                AtomicInteger ended = new AtomicInteger();
                Parallel.pool = rejecting;
                assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> Parallel.forEach(pieces, k -> {
                    meet.arriveAndAwaitAdvance();
                    ended.incrementAndGet();
                }, meet::forceTermination));
                assertEquals(pieces, ended.get(), "every piece returned");
                assertTrue(meet.isTerminated());
            });
        } finally {
            Parallel.pool = real;
        }
    }

    /**
     * A helper made during a call from code of a child class loader does not keep that loader alive (on JDK 17
     * a thread keeps the access-control context of the code that made it; later JDKs keep none).
     */
    @Test
    void aHelperDoesNotKeepTheClassLoaderOfTheCodeThatStartedIt() throws Exception {
        assertTimeoutPreemptively(LIMIT, () -> {
            long keep = Parallel.keepAliveNanos;
            java.lang.ref.WeakReference<ClassLoader> child;
            try {
                Parallel.keepAliveNanos = 20_000_000L;
                for (int i = 0; i < 2000 && Parallel.liveHelpers() > 0; i++) {
                    for (Thread t : Thread.getAllStackTraces().keySet()) {
                        if (t.getName().startsWith("snn4j-helper-")) {
                            java.util.concurrent.locks.LockSupport.unpark(t); // parked for the old keep-alive
                        }
                    }
                    sleep(10); // the helpers spin, park for the new keep-alive, then end
                }
                assertEquals(0, Parallel.liveHelpers(), "helpers still alive");
            } finally {
                Parallel.keepAliveNanos = keep;
            }
            child = callFromChildLoader();
            assertTrue(Parallel.liveHelpers() > 0, "the call started a helper");
            for (int i = 0; i < 100 && child.get() != null; i++) {
                System.gc();
                sleep(20);
            }
            assertEquals(null, child.get(), "the child class loader is still reachable");
        });
    }

    /** Runs {@link FromChildLoader} loaded by a class loader of its own; the loader, weakly. */
    private static java.lang.ref.WeakReference<ClassLoader> callFromChildLoader() throws Exception {
        String name = FromChildLoader.class.getName();
        byte[] bytes;
        try (java.io.InputStream in = ParallelTest.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        ClassLoader loader = new ClassLoader(ParallelTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                if (!n.equals(name)) {
                    return super.loadClass(n, resolve);
                }
                synchronized (getClassLoadingLock(n)) {
                    Class<?> c = findLoadedClass(n);
                    return c != null ? c : defineClass(n, bytes, 0, bytes.length);
                }
            }
        };
        Class<?> c = loader.loadClass(name);
        assertTrue(c.getClassLoader() == loader, "loaded by the child");
        java.lang.reflect.Constructor<?> make = c.getDeclaredConstructor();
        make.setAccessible(true);
        Runnable r = (Runnable) make.newInstance();
        r.run();
        assertEquals(3, ((java.util.function.IntSupplier) r).getAsInt(), "both pieces ran");
        return new java.lang.ref.WeakReference<>(loader);
    }

    /** Runs {@code body} as a call of two pieces; the thread that ran piece 1. */
    private static Thread pieceOneOf(java.util.function.IntConsumer body) {
        AtomicReference<Thread> one = new AtomicReference<>();
        Parallel.forEach(2, k -> {
            body.accept(k);
            if (k == 1) {
                one.set(Thread.currentThread());
            }
        });
        return one.get();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneak(Throwable t) throws T {
        throw (T) t;
    }

    /** Past its spin, {@code helper} uses less than 50 ms of CPU in 300 ms without work. */
    private static void assertParksWhenIdle(Thread helper) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        sleep(50); // past its spin (200 us)
        long id = helper.getId();
        long cpu0 = mx.getThreadCpuTime(id);
        sleep(300);
        long cpu = mx.getThreadCpuTime(id) - cpu0;
        assertTrue(cpu < 50_000_000L, helper.getName() + " used " + cpu / 1_000_000 + " ms of CPU in 300 ms idle");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

/**
 * Calls {@link Parallel#forEach} from its own code; {@link ParallelTest} loads it in a class loader of its own.
 * No lambda and no nesting, so that it needs nothing of that loader but itself.
 */
final class FromChildLoader implements Runnable, java.util.function.IntConsumer, java.util.function.IntSupplier {
    private final java.util.concurrent.atomic.AtomicInteger sum = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void run() {
        Parallel.forEach(2, this);
    }

    @Override
    public void accept(int k) {
        sum.addAndGet(k + 1);
    }

    /** The sum of the pieces' numbers plus one: 3 once both pieces of a call have run. */
    @Override
    public int getAsInt() {
        return sum.get();
    }
}
