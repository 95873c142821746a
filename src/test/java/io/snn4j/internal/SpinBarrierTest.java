package io.snn4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** No party leaves a phase before every party has arrived at it, over many phases; bad sizes are refused. */
class SpinBarrierTest {
    @Test
    void everyPartyHasArrivedBeforeAnyLeaves() throws InterruptedException {
        int parties = 3, phases = 500;
        SpinBarrier b = new SpinBarrier(parties);
        AtomicIntegerArray arrived = new AtomicIntegerArray(phases);
        AtomicReference<String> failure = new AtomicReference<>();
        Thread[] ts = new Thread[parties];
        for (int k = 0; k < parties; k++) {
            ts[k] = new Thread(() -> {
                for (int p = 0; p < phases; p++) {
                    arrived.incrementAndGet(p);
                    b.await();
                    if (arrived.get(p) != parties) {
                        failure.compareAndSet(null, "phase " + p + " left with " + arrived.get(p) + " arrived");
                    }
                }
            });
            ts[k].start();
        }
        for (Thread t : ts) {
            t.join(60_000);
        }
        assertEquals(null, failure.get());
        for (int p = 0; p < phases; p++) {
            assertEquals(parties, arrived.get(p));
        }
    }

    @Test
    void needsAParty() {
        assertThrows(IllegalArgumentException.class, () -> new SpinBarrier(0));
        new SpinBarrier(1).await(); // alone: returns at once
    }
}
