package io.snn4j.cli;

import io.snn4j.io.MalformedFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The demo's spike statistics, accumulated step by step in primitive arrays instead of from every spike
 * time: per neuron, the spikes at or after the warm-up, the first and last of them and the sum of squared
 * inter-spike intervals between them (the sum of the intervals is {@code last - first}), 20 bytes per
 * neuron however long the run; plus the count of all spikes. From these, {@link #stats} gives the same
 * rates and coefficient of variation as a computation over the full spike lists: the rate of a population
 * is its spikes after the warm-up per neuron and second; the CV is averaged over the neurons with at least
 * three spikes after the warm-up, each neuron's being the standard deviation of its intervals (divided by
 * the number of intervals) over their mean. Times are step indices. Not thread-safe.
 */
final class SpikeStats {
    /** Bytes per neuron of the accumulators. */
    static final int BYTES_PER_NEURON = 20;

    private final int neurons;
    private final int excitatory;
    private final int warmup;
    private final int[] count;
    private final int[] first;
    private final int[] last;
    private final long[] squares;
    private long spikes;

    /**
     * Spike statistics of the neurons {@code [0, neurons)}, of which {@code [0, excitatory)} are excitatory,
     * leaving the first {@code warmup} steps out of rates and CV.
     */
    SpikeStats(int neurons, int excitatory, int warmup) {
        if (neurons < 1 || excitatory < 0 || excitatory > neurons || warmup < 0) {
            throw new IllegalArgumentException("bad spike statistics: " + neurons + " neurons, " + excitatory
                    + " excitatory, warm-up " + warmup);
        }
        this.neurons = neurons;
        this.excitatory = excitatory;
        this.warmup = warmup;
        this.count = new int[neurons];
        this.first = new int[neurons];
        this.last = new int[neurons];
        this.squares = new long[neurons];
    }

    /**
     * Adds the spikes of step {@code step}: the first {@code n} entries of {@code fired}. Steps come in
     * order, each neuron at most once per step (as a simulation produces them).
     */
    void add(int step, int[] fired, int n) {
        spikes += n;
        if (step < warmup) {
            return;
        }
        for (int k = 0; k < n; k++) {
            int j = fired[k];
            if (count[j]++ == 0) {
                first[j] = step;
            } else {
                long d = step - last[j];
                squares[j] += d * d; // at most steps^2 in all: sum d^2 <= (sum d)^2 < 2^62
            }
            last[j] = step;
        }
    }

    /** All spikes added, warm-up included. */
    long spikes() {
        return spikes;
    }

    /**
     * Spike statistics of a recorded run.
     *
     * @param rateExcitatory mean rate of an excitatory neuron after the warm-up, Hz
     * @param rateInhibitory mean rate of an inhibitory neuron after the warm-up, Hz
     * @param cv             mean coefficient of variation of inter-spike intervals over {@code cvNeurons}
     *                       neurons (NaN when there are none)
     * @param cvNeurons      neurons with at least three spikes after the warm-up (those the CV is over)
     * @param spikes         all spikes, warm-up included
     * @param steps          steps of the run
     * @param warmup         steps left out of the rates and the CV
     */
    record Stats(double rateExcitatory, double rateInhibitory, double cv, int cvNeurons, long spikes, int steps,
            int warmup) {
    }

    /** The statistics of a run of {@code steps} steps of {@code dt} seconds (the spikes added so far). */
    Stats stats(int steps, double dt) {
        long se = 0, si = 0;
        double cvSum = 0;
        int cvCount = 0;
        for (int j = 0; j < neurons; j++) {
            if (j < excitatory) {
                se += count[j];
            } else {
                si += count[j];
            }
            if (count[j] >= 3) {
                long m = count[j] - 1, sum = last[j] - first[j];
                double mean = sum / (double) m;
                // the variance of the m intervals, (m * sum d^2 - (sum d)^2) / m^2, with the numerator exact
                cvSum += Math.sqrt(variance(m, sum, squares[j])) / mean;
                cvCount++;
            }
        }
        double seconds = Math.max(1, steps - warmup) * dt;
        return new Stats(se / (excitatory * seconds), si / ((neurons - excitatory) * seconds),
                cvCount == 0 ? Double.NaN : cvSum / cvCount, cvCount, spikes, steps, warmup);
    }

    /** {@code (m * squares - sum^2) / m^2}, the numerator in exact integer arithmetic (it is never negative). */
    static double variance(long m, long sum, long squares) {
        long hi = Math.multiplyHigh(m, squares), lo = m * squares;
        long s2 = sum * sum; // sum < 2^31
        if (hi == 0 && lo >= 0) {
            return (lo - s2) / ((double) m * m);
        }
        java.math.BigInteger num = java.math.BigInteger.valueOf(m).multiply(java.math.BigInteger.valueOf(squares))
                .subtract(java.math.BigInteger.valueOf(s2));
        return num.doubleValue() / ((double) m * m);
    }

    /** The accumulators for a checkpoint: int32 arrays named {@code stats.*} (the squares as high and low words). */
    void save(Map<String, int[]> ints, Map<String, String> meta) {
        int[] hi = new int[neurons], lo = new int[neurons];
        for (int j = 0; j < neurons; j++) {
            hi[j] = (int) (squares[j] >>> 32);
            lo[j] = (int) squares[j];
        }
        ints.put("stats.count", count.clone());
        ints.put("stats.first", first.clone());
        ints.put("stats.last", last.clone());
        ints.put("stats.squares.hi", hi);
        ints.put("stats.squares.lo", lo);
        meta.put("stats.spikes", Long.toString(spikes));
    }

    /** Whether a checkpoint holds accumulators (older demo checkpoints hold every spike instead). */
    static boolean saved(Checkpoint c) {
        return c.ints().containsKey("stats.count");
    }

    /**
     * Restores the accumulators of a checkpoint taken after {@code step} steps, each checked: the arrays
     * have one entry per neuron, and every neuron's first and last spike lie between the warm-up and the
     * step, in order, with its count and squared intervals possible for them.
     */
    void restore(Checkpoint c, Path file, int step) throws java.io.IOException {
        int[] cn = c.ints("stats.count", file), f = c.ints("stats.first", file), l = c.ints("stats.last", file);
        int[] hi = c.ints("stats.squares.hi", file), lo = c.ints("stats.squares.lo", file);
        for (int[] a : new int[][] {cn, f, l, hi, lo}) {
            if (a.length != neurons) {
                throw new MalformedFileException(file + ": the checkpoint's spike statistics have " + a.length
                        + " entries, not one per neuron (" + neurons + ")");
            }
        }
        long total;
        try {
            total = Long.parseLong(c.get("stats.spikes", file));
        } catch (NumberFormatException e) {
            throw new MalformedFileException(file + ": checkpoint's stats.spikes is not an integer", e);
        }
        long after = 0;
        for (int j = 0; j < neurons; j++) {
            long sq = ((long) hi[j] << 32) | (lo[j] & 0xffffffffL);
            long span = (long) l[j] - f[j], m = cn[j] - 1L;
            // m intervals of at least one step summing to span: span^2 / m <= sum d^2 <= (span - m + 1)^2 + m - 1
            boolean ok = cn[j] == 0 ? f[j] == 0 && l[j] == 0 && sq == 0
                    : f[j] >= warmup && span >= 0 && l[j] < step && m <= span && (m == 0 ? span == 0 && sq == 0
                    : sq >= span * span / m && sq <= (span - m + 1) * (span - m + 1) + m - 1);
            if (cn[j] < 0 || !ok) {
                throw new MalformedFileException(file + ": the checkpoint's spike statistics of neuron " + j + " (" + cn[j]
                        + " spikes from step " + f[j] + " to " + l[j] + ", squared intervals " + sq
                        + ") are impossible for " + step + " steps after a warm-up of " + warmup);
            }
            after += cn[j];
        }
        if (total < after) {
            throw new MalformedFileException(file + ": the checkpoint counts " + total + " spikes in all, fewer than the "
                    + after + " after the warm-up");
        }
        System.arraycopy(cn, 0, count, 0, neurons);
        System.arraycopy(f, 0, first, 0, neurons);
        System.arraycopy(l, 0, last, 0, neurons);
        for (int j = 0; j < neurons; j++) {
            squares[j] = ((long) hi[j] << 32) | (lo[j] & 0xffffffffL);
        }
        spikes = total;
    }
}
