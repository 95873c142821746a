package io.snn4j.cli;

import io.snn4j.io.MalformedFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The spike times that the demo keeps for its raster plot: those of every neuron when there are at most
 * {@link #MAX_NEURONS}, otherwise of {@code MAX_NEURONS} evenly spaced neurons ({@code floor(k N / S)} for
 * {@code k < S}: both populations in proportion), so that memory grows with the run's length but not with
 * the network's size. Times are step indices, ascending per neuron. Not thread-safe.
 */
final class RasterSample {
    /** The most neurons whose spike times are kept. */
    static final int MAX_NEURONS = 2000;

    private final int neurons;
    private final int[] ids;
    private final int[][] times;
    private final int[] sizes;

    /** The sample of a network of {@code neurons} neurons. */
    RasterSample(int neurons) {
        this.neurons = neurons;
        int s = Math.min(neurons, MAX_NEURONS);
        this.ids = new int[s];
        for (int k = 0; k < s; k++) {
            ids[k] = (int) ((long) k * neurons / s);
        }
        this.times = new int[s][];
        this.sizes = new int[s];
        Arrays.fill(times, new int[0]);
    }

    /** Whether every neuron is in the sample. */
    boolean complete() {
        return ids.length == neurons;
    }

    /** The sampled neurons, ascending (a copy). */
    int[] neuronIds() {
        return ids.clone();
    }

    /** The position of neuron {@code j} in the sample, or -1: the smallest k with floor(k N / S) >= j. */
    private int slot(int j) {
        long s = ids.length;
        int k = (int) (((long) j * s + neurons - 1) / neurons);
        return k < ids.length && ids[k] == j ? k : -1;
    }

    /** Adds the spikes of step {@code step}: the first {@code n} entries of {@code fired}. */
    void add(int step, int[] fired, int n) {
        for (int q = 0; q < n; q++) {
            int k = slot(fired[q]);
            if (k >= 0) {
                if (sizes[k] == times[k].length) {
                    times[k] = Arrays.copyOf(times[k], Math.max(8, 2 * sizes[k]));
                }
                times[k][sizes[k]++] = step;
            }
        }
    }

    /** The spike times of the sampled neurons, in sample order. */
    List<int[]> spikeTimes() {
        List<int[]> l = new ArrayList<>(ids.length);
        for (int k = 0; k < ids.length; k++) {
            l.add(Arrays.copyOf(times[k], sizes[k]));
        }
        return l;
    }

    /** The sample's spikes for a checkpoint: int32 {@code spikes.time} and {@code spikes.neuron}, by neuron then time. */
    void save(Map<String, int[]> ints) {
        int n = 0;
        for (int s : sizes) {
            n = Math.addExact(n, s);
        }
        int[] st = new int[n], sn = new int[n];
        int at = 0;
        for (int k = 0; k < ids.length; k++) {
            System.arraycopy(times[k], 0, st, at, sizes[k]);
            Arrays.fill(sn, at, at + sizes[k], ids[k]);
            at += sizes[k];
        }
        ints.put("spikes.time", st);
        ints.put("spikes.neuron", sn);
    }

    /**
     * Restores the spikes of a checkpoint taken after {@code step} steps, each checked (a neuron in range,
     * a step before {@code step}, ascending per neuron). With {@code all} (a checkpoint of an older demo,
     * holding every spike) neurons outside the sample are passed over and given to {@code stats}; otherwise
     * every spike must be of a sampled neuron.
     */
    void restore(Checkpoint c, Path file, int step, boolean all, SpikeStats stats) throws IOException {
        int[] st = c.ints("spikes.time", file), sn = c.ints("spikes.neuron", file);
        if (st.length != sn.length) {
            throw new MalformedFileException(file + ": spikes.time and spikes.neuron differ in length");
        }
        int[] previous = new int[all ? neurons : 0];
        Arrays.fill(previous, -1);
        int[] one = new int[1];
        for (int q = 0; q < st.length; q++) {
            int j = sn[q], t = st[q];
            if (j < 0 || j >= neurons || t < 0 || t >= step) {
                throw new MalformedFileException(file + ": spike " + q + " (neuron " + j + ", step " + t + ") is outside "
                        + neurons + " neurons and " + step + " steps");
            }
            int k = slot(j);
            int before = all ? previous[j] : k >= 0 && sizes[k] > 0 ? times[k][sizes[k] - 1] : -1;
            if ((!all && k < 0) || t <= before) {
                throw new MalformedFileException(file + ": spike " + q + " (neuron " + j + ", step " + t + ") is "
                        + (t <= before ? "not after the neuron's previous spike" : "of a neuron outside the raster's sample"));
            }
            if (all) {
                previous[j] = t;
                one[0] = j;
                stats.add(t, one, 1);
            }
            one[0] = j;
            add(t, one, 1);
        }
    }
}
