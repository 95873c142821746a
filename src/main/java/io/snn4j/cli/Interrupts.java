package io.snn4j.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during a run: a shutdown hook asks the run loop to stop and waits (up to 30 s) until the loop
 * has written its final checkpoint. Tests can request a stop without a signal. Not reusable.
 */
final class Interrupts implements AutoCloseable {
    private volatile boolean stop;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook;

    Interrupts() {
        hook = new Thread(() -> {
            stop = true;
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "snn-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether the run should stop (Ctrl-C, or {@link #request()}). */
    boolean stopRequested() {
        return stop;
    }

    /** Asks the run to stop as Ctrl-C would. */
    void request() {
        stop = true;
    }

    /** Tells the waiting hook that the run has stopped cleanly. */
    void acknowledge() {
        stopped.countDown();
    }

    @Override
    public void close() {
        stopped.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) { // the hook is running: let it finish
        }
    }
}
