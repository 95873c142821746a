package io.snn4j.internal;

import java.lang.management.ManagementFactory;

/**
 * The calling thread's allocation count ({@code ThreadMXBean}), and the steady state of code that should
 * allocate nothing once the JIT has compiled it. Test helper; each call measures the calling thread only.
 */
public final class Allocations {
    private Allocations() {
    }

    /**
     * The JUnit tag of the tests that wait for allocation-free C2 code ({@link #assertSteadyStateAtMost}). They
     * run in JVMs of their own (the pom's {@code allocation}, {@code allocation-128} and
     * {@code jdk17-allocation} executions; the whole-suite executions leave them out). In the JVM of the whole
     * suite, C2 compiled kernels from the profiles of earlier tests into code that boxed some of their vectors
     * on every call, and kept that code for the test's whole deadline without a trap or a recompilation: on
     * JDK 17 often ({@code plainRows}, {@code rowEvents}, the Izhikevich and refractory pairs), on JDK 25 once
     * in CI ({@code rowEvents}, about six boxed vectors per event). The compilation log of one such JDK 17 run
     * shows the cause: every call inlined, but some of the Vector API's intrinsics, which C2 inlines late,
     * failed without a message (there the stores of the Izhikevich pairs' state), so their vectors were boxed.
     * {@code scripts/jit-check} lists such failed intrinsics. In a JVM of their own the tests warm the kernels
     * with their own calls, and that has not failed.
     */
    public static final String TAG = "allocation";

    /**
     * How long {@link #assertSteadyStateAtMost} waits for C2: a minute, three on JDK 17, whose tiered policy
     * raises its C2 thresholds with the length of C2's queue: in the whole suite on a loaded machine it queued
     * a kernel for C2 only after 132 s (JDK 25: after 33 s at worst).
     */
    public static final double DEADLINE_SECONDS = Runtime.version().feature() >= 21 ? 60 : 180;

    /** The bytes the calling thread has allocated so far. */
    public static long bytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * Asserts that each of {@code paths} reaches a round of at most {@code limit} allocated bytes: runs rounds
     * (each path once per round, in order) until every path has had one, and fails naming {@code what}, the
     * path and its fewest bytes if {@link #DEADLINE_SECONDS} pass first. The first rounds run in the
     * interpreter and C1, whose Vector API code allocates its temporaries, and on a busy machine C2's queue may
     * reach a method only after tens of seconds; code that C2 compiled into allocating code (boxed vectors)
     * never gets under the limit, so it fails after the deadline. Passing code returns as soon as it is there.
     */
    public static void assertSteadyStateAtMost(long limit, String what, Runnable... paths) {
        long[] fewest = new long[paths.length];
        java.util.Arrays.fill(fewest, Long.MAX_VALUE);
        long deadline = System.nanoTime() + (long) (DEADLINE_SECONDS * 1e9);
        while (true) {
            boolean all = true;
            for (int p = 0; p < paths.length; p++) {
                long before = bytes();
                paths[p].run();
                fewest[p] = Math.min(fewest[p], bytes() - before);
                all &= fewest[p] <= limit;
            }
            if (all) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                for (int p = 0; p < paths.length; p++) {
                    if (fewest[p] > limit) {
                        throw new AssertionError(what + ", path " + p + ": " + fewest[p] + " bytes in its fewest round"
                                + " (limit " + limit + ") after " + DEADLINE_SECONDS + " s of rounds");
                    }
                }
            }
        }
    }
}
