package io.snn4j.module;

/**
 * Supplies a long simulation's input one time step at a time, so that the sequence never has to fit in
 * memory. Called from one thread, in step order.
 */
@FunctionalInterface
public interface StepSource {
    /**
     * Writes the input of time step {@code t} into {@code into} (one step, flat, row-major) and returns
     * true, or returns false when the sequence has ended.
     */
    boolean next(long t, float[] into);
}
