package io.snn4j.internal;

/**
 * The heap the JVM can still allocate, for code that sizes an optional copy or refuses a run before
 * allocating it. Internal to snn4j. Stateless and thread-safe (a snapshot: other threads allocate too).
 */
public final class Heap {
    private Heap() {
    }

    /** Bytes the JVM can still allocate: its maximum heap minus what is in use (garbage counts as in use). */
    public static long available() {
        Runtime r = Runtime.getRuntime();
        return r.maxMemory() - (r.totalMemory() - r.freeMemory());
    }
}
