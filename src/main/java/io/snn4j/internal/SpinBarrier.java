package io.snn4j.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable barrier for a fixed number of threads that meet very often (once per simulated step, every
 * few microseconds to a millisecond): the waiting threads spin with {@link Thread#onSpinWait()} for a
 * while, then yield, then park for short intervals, so that on idle cores a step's barrier costs well
 * under a microsecond while a busy machine still makes progress. Written by hand because the JDK's
 * barriers ({@code Phaser}, {@code CyclicBarrier}) park their waiters soon, and waking a parked thread
 * costs tens of microseconds per step. Thread-safe; each party calls {@link #await()} once per phase.
 */
public final class SpinBarrier {
    private static final int SPINS = 20_000;
    private static final int YIELDS = 200;

    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int phase;

    /** A barrier for {@code parties} threads. @throws IllegalArgumentException if {@code parties < 1} */
    public SpinBarrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier needs at least one party, got " + parties);
        }
        this.parties = parties;
    }

    /** Waits until all parties have arrived at this phase, then returns in every one of them. */
    public void await() {
        int p = phase;
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0); // before the phase moves on, so that no party arrives at the next phase early
            phase = p + 1;
            return;
        }
        int n = 0;
        while (phase == p) {
            if (n < SPINS) {
                Thread.onSpinWait();
            } else if (n < SPINS + YIELDS) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(20_000);
            }
            n++;
        }
    }
}
