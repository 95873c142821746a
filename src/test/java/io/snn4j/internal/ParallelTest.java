package io.snn4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Parallel#forEach}: every piece once, piece 0 on the caller, failures passed on, nested and concurrent calls. */
class ParallelTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
