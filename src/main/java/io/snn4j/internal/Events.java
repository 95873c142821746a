package io.snn4j.internal;

/**
 * Finds the events (nonzero elements) of dense input rows, for the layers that switch to their
 * event-driven products by themselves when an input is mostly zero. Internal to snn4j. Stateless and
 * thread-safe.
 *
 * <p>An element equal to 0 or -0 is no event: it would add {@code 0 * w}, a signed zero, which does not
 * change a sum that starts at +0, so the event-driven sums equal the dense products bit for bit (for
 * finite weights). Every other value, NaN and infinities included, is an event with its value.
 */
public final class Events {
    /**
     * Inputs with at most this fraction of nonzero elements take the event-driven products by themselves
     * (Linear, the recurrent cells): one pass over the input decides, stopped early when it is denser.
     */
    public static final double DENSITY = 0.25;

    private Events() {
    }

    /**
     * The number of nonzero elements of {@code x[off .. off + len)}, or -1 as soon as it exceeds
     * {@code limit} (so a dense input costs only a partial pass).
     */
    public static long count(float[] x, int off, int len, long limit) {
        long c = 0;
        for (int k = off, end = off + len; k < end; k++) {
            if (x[k] != 0f && ++c > limit) {
                return -1;
            }
        }
        return c;
    }

    /**
     * Writes the positions (relative to {@code off}) and values of the nonzero elements of
     * {@code x[off .. off + len)}, ascending, to {@code idx[at ..]} and {@code val[at ..]} (val may be null);
     * returns how many there were. The arrays must have room for them.
     */
    public static int gather(float[] x, int off, int len, int[] idx, float[] val, int at) {
        int q = at;
        for (int k = 0; k < len; k++) {
            float v = x[off + k];
            if (v != 0f) {
                idx[q] = k;
                if (val != null) {
                    val[q] = v;
                }
                q++;
            }
        }
        return q - at;
    }

    /** Whether every element of {@code val[from .. to)} is exactly 1 (then the events are plain spikes). */
    public static boolean allOnes(float[] val, int from, int to) {
        for (int q = from; q < to; q++) {
            if (val[q] != 1f) {
                return false;
            }
        }
        return true;
    }
}
