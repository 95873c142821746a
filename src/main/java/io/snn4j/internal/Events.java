package io.snn4j.internal;

/**
 * What the layers that switch to their event-driven products by themselves (when an input is mostly
 * zero) share: the density threshold and the values of the events found (the kernels' {@code nonzeros}
 * finds them). Internal to snn4j. Stateless and thread-safe.
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
     * Fills in the values of events found in dense rows: row r of {@code x} starts at
     * {@code xOff + r * width}, its events are {@code idx[start[r] .. start[r + 1])} (positions in the row);
     * {@code val[e]} becomes the element at event e. Returns whether every value is exactly 1 (then the
     * events are plain spikes, and the sums need no multiplication).
     */
    public static boolean values(float[] x, int xOff, int width, int rows, int[] start, int[] idx, float[] val) {
        boolean ones = true;
        for (int r = 0; r < rows; r++) {
            int base = xOff + r * width;
            for (int e = start[r]; e < start[r + 1]; e++) {
                float v = x[base + idx[e]];
                val[e] = v;
                ones &= v == 1f;
            }
        }
        return ones;
    }
}
