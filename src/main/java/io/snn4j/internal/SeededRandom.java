package io.snn4j.internal;

/**
 * A small seeded generator whose output is fixed by its seed on every machine and JDK: SplitMix64 for
 * the bits, 53-bit doubles, and Box-Muller with {@link StrictMath} (fdlibm-exact) for Gaussians. Used for
 * default weights, Poisson input and the demo network, so that a seed names one result. Its whole state
 * is one {@code long} ({@link #state()}), so it can be checkpointed. Not thread-safe.
 */
public final class SeededRandom {
    private long state;
    private double spareGaussian = Double.NaN;

    /** A generator started from {@code seed}. */
    public SeededRandom(long seed) {
        this.state = seed;
    }

    /** The next 64 random bits (SplitMix64). */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1), 53 bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) ((nextLong() >>> 33) * bound >>> 31);
    }

    /** A standard normal sample (Box-Muller, both values of each pair used). */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u1 = 1.0 - nextDouble(); // (0, 1]
        double u2 = nextDouble();
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double angle = 2.0 * StrictMath.PI * u2;
        spareGaussian = radius * StrictMath.sin(angle);
        return radius * StrictMath.cos(angle);
    }

    /** The generator's state, for checkpoints: {@code [bits state, spare Gaussian as raw double bits]}. */
    public long[] state() {
        return new long[] {state, Double.doubleToRawLongBits(spareGaussian)};
    }

    /** Restores a state returned by {@link #state()}. */
    public void restore(long[] saved) {
        if (saved == null || saved.length != 2) {
            throw new IllegalArgumentException("a generator state is two longs");
        }
        state = saved[0];
        spareGaussian = Double.longBitsToDouble(saved[1]);
    }
}
