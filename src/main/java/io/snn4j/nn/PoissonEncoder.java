package io.snn4j.nn;

import io.snn4j.internal.SeededRandom;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;

/**
 * Norse's {@code PoissonEncoder}: for inputs {@code x} in [0, 1], a spike at each of {@code seqLength}
 * steps with probability {@code f_max * dt * x} (so {@code x = 1} fires at {@code f_max} Hz), compared in
 * float32 as Norse does: {@code u < f(f_max * dt) * x} with {@code u} uniform in [0, 1). The generator is
 * seeded, so a seed gives the same spikes on every machine; successive calls continue its stream. Not
 * thread-safe (one encoder per thread).
 */
public final class PoissonEncoder {
    private final int seqLength;
    private final float rate;
    private final SeededRandom random;
    private final double fMax;
    private final double dt;

    /**
     * An encoder over {@code seqLength} steps at up to {@code fMax} Hz with time step {@code dt} (seconds).
     *
     * @throws IllegalArgumentException if an argument is out of range
     */
    public PoissonEncoder(int seqLength, double fMax, double dt, long seed) {
        if (seqLength < 1) {
            throw new IllegalArgumentException("seqLength must be at least 1, got " + seqLength);
        }
        if (!(fMax >= 0) || !Double.isFinite(fMax)) {
            throw new IllegalArgumentException("f_max must be finite and >= 0, got " + fMax);
        }
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("dt must be finite and > 0, got " + dt);
        }
        this.seqLength = seqLength;
        this.fMax = fMax;
        this.dt = dt;
        this.rate = (float) (fMax * dt);
        this.random = new SeededRandom(seed);
    }

    /** Norse's defaults f_max = 100 Hz, dt = 1 ms. */
    public PoissonEncoder(int seqLength, long seed) {
        this(seqLength, 100, 0.001, seed);
    }

    /** The spike train as active indices, shape {@code (seqLength, ...)}. */
    public SparseSpikes encodeSparse(Tensor x) {
        int[] shape = Shapes.prepend(seqLength, x.shape());
        int n = Shapes.lastDim(x.shape());
        int rowsPerStep = x.size() / Math.max(1, n);
        int[][] rows = new int[seqLength * rowsPerStep][];
        int[] buf = new int[n];
        for (int t = 0; t < seqLength; t++) {
            for (int r = 0; r < rowsPerStep; r++) {
                int c = 0;
                for (int j = 0; j < n; j++) {
                    if ((float) random.nextDouble() < rate * x.data()[x.offset() + r * n + j]) {
                        buf[c++] = j;
                    }
                }
                rows[t * rowsPerStep + r] = java.util.Arrays.copyOf(buf, c);
            }
        }
        return SparseSpikes.fromIndices(shape, rows);
    }

    /** The spike train as a dense 0/1 tensor {@code (seqLength, ...)}. */
    public Tensor encode(Tensor x) {
        return encodeSparse(x).toDense();
    }

    /** The generator's state, for checkpoints. */
    public long[] randomState() {
        return random.state();
    }

    /** Restores a generator state from {@link #randomState()}. */
    public void restoreRandomState(long[] state) {
        random.restore(state);
    }

    @Override
    public String toString() {
        return "PoissonEncoder(seq_length=" + seqLength + ", f_max=" + io.snn4j.functional.Reprs.pyFloat(fMax) + ", dt="
                + io.snn4j.functional.Reprs.pyFloat(dt) + ")";
    }
}
