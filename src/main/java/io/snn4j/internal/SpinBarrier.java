package io.snn4j.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reusable barrier for a fixed number of parties that meet once per time step: the last to arrive
 * opens the next generation. Waiters spin briefly (a step of a large layer takes tens of microseconds,
 * far less than parking and waking a thread) and then yield, so that an oversubscribed machine still
 * makes progress. Internal to snn4j. Thread-safe.
 */
public final class SpinBarrier {
    private static final int SPINS = 1 << 14;

    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int generation;

    /** A barrier for {@code parties} threads. */
    public SpinBarrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be at least 1, got " + parties);
        }
        this.parties = parties;
    }

    /**
     * Waits until all parties have called this method for the current generation. Memory effects before
     * the call in any party are visible to every party after it.
     */
    public void await() {
        int g = generation;
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);
            generation = g + 1;
            return;
        }
        int spins = 0;
        while (generation == g) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }
}
