package io.snn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFState;
import io.snn4j.internal.Allocations;
import io.snn4j.io.MalformedFileException;
import io.snn4j.tensor.SparseSpikes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's accumulated spike statistics equal the computation over full spike lists; the raster sample is bounded. */
class SpikeStatsTest {
    @TempDir
    Path tmp;

    /**
     * The statistics as the demo computed them before, from every neuron's full list of spike times: rates
     * after the warm-up, and the CV over neurons with at least three spikes after it, from the intervals.
     */
    static SpikeStats.Stats fromSpikeLists(List<int[]> spikeTimesByNeuron, int excitatory, int steps, int warmup, double dt) {
        int neurons = spikeTimesByNeuron.size();
        long se = 0, si = 0, total = 0;
        double cvSum = 0;
        int cvCount = 0;
        for (int j = 0; j < neurons; j++) {
            int[] ts = spikeTimesByNeuron.get(j);
            total += ts.length;
            List<Integer> kept = new ArrayList<>();
            for (int t : ts) {
                if (t >= warmup) {
                    kept.add(t);
                }
            }
            if (j < excitatory) {
                se += kept.size();
            } else {
                si += kept.size();
            }
            if (kept.size() >= 3) {
                double mean = (kept.get(kept.size() - 1) - kept.get(0)) / (double) (kept.size() - 1);
                double var = 0;
                for (int k = 1; k < kept.size(); k++) {
                    double d = kept.get(k) - kept.get(k - 1) - mean;
                    var += d * d;
                }
                var /= kept.size() - 1;
                cvSum += Math.sqrt(var) / mean;
                cvCount++;
            }
        }
        double seconds = Math.max(1, steps - warmup) * dt;
        return new SpikeStats.Stats(se / (excitatory * seconds), si / ((neurons - excitatory) * seconds),
                cvCount == 0 ? Double.NaN : cvSum / cvCount, cvCount, total, steps, warmup);
    }

    private static List<int[]> lists(SparseSpikes sp, int neurons) {
        List<List<Integer>> l = new ArrayList<>();
        for (int j = 0; j < neurons; j++) {
            l.add(new ArrayList<>());
        }
        for (int t = 0; t < sp.rows(); t++) {
            for (int j : sp.indices(t)) {
                l.get(j).add(t);
            }
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> x : l) {
            out.add(x.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    private static void assertSame(SpikeStats.Stats expected, SpikeStats.Stats got) {
        assertEquals(expected.rateExcitatory(), got.rateExcitatory(), "excitatory rate, exactly");
        assertEquals(expected.rateInhibitory(), got.rateInhibitory(), "inhibitory rate, exactly");
        assertEquals(expected.cvNeurons(), got.cvNeurons());
        assertEquals(expected.spikes(), got.spikes());
        assertEquals(expected.cv(), got.cv(), 1e-12 * Math.max(1, expected.cv()), "CV");
        assertEquals(String.format(Locale.ROOT, "%.1f %.1f %.2f", expected.rateExcitatory(), expected.rateInhibitory(), expected.cv()),
                String.format(Locale.ROOT, "%.1f %.1f %.2f", got.rateExcitatory(), got.rateInhibitory(), got.cv()), "as printed");
    }

    @Test
    void accumulatorsGiveTheStatisticsOfTheFullSpikeListsOnARecordedRun() {
        BalancedNetwork net = new BalancedNetwork(1000, 0.001, 42, 1);
        LIFState state = net.initialState();
        SparseSpikes sp = net.advance(state, 600);
        List<int[]> full = lists(sp, 1000);
        SpikeStats.Stats old = fromSpikeLists(full, net.excitatory, 600, 60, 0.001);
        assertTrue(old.cvNeurons() > 100 && old.spikes() > 3000, "the network fires: " + old);
        SpikeStats acc = new SpikeStats(1000, net.excitatory, 60);
        int[] buf = new int[1000];
        for (int t = 0; t < 600; t++) {
            acc.add(t, buf, sp.copyIndices(t, buf));
        }
        assertSame(old, acc.stats(600, 0.001));
    }

    @Test
    void accumulatorsEqualTheListsOnAwkwardTrains() {
        // random trains with bursts, long gaps, spikes only in the warm-up, exactly 2 and 3 spikes after it
        SplittableRandom r = new SplittableRandom(3);
        int neurons = 57, steps = 5000, warmup = 500;
        List<int[]> trains = new ArrayList<>();
        for (int j = 0; j < neurons; j++) {
            double p = j % 7 == 0 ? 0.0008 : j % 5 == 0 ? 0.3 : 0.02;
            List<Integer> ts = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                if ((j % 11 == 0 && t < warmup) || (j % 11 != 0 && r.nextDouble() < p)) {
                    ts.add(t);
                }
            }
            trains.add(ts.stream().mapToInt(Integer::intValue).toArray());
        }
        trains.set(1, new int[] {10, 600, 601});          // 2 after the warm-up: no CV
        trains.set(2, new int[] {600, 700, 900});         // 3: a CV
        trains.set(3, new int[] {499, 500, 510, 4999});   // the warm-up's last step is left out, its end kept
        SpikeStats acc = new SpikeStats(neurons, 40, warmup);
        for (int t = 0; t < steps; t++) {
            int[] fired = new int[neurons];
            int n = 0;
            for (int j = 0; j < neurons; j++) {
                for (int x : trains.get(j)) {
                    if (x == t) {
                        fired[n++] = j;
                    }
                }
            }
            acc.add(t, fired, n);
        }
        assertSame(fromSpikeLists(trains, 40, steps, warmup, 0.001), acc.stats(steps, 0.001));
    }

    @Test
    void theVarianceNumeratorIsExactBeyondLongRange() {
        // m * squares overflows a long: the BigInteger path agrees with the direct formula in doubles
        long m = 3, sum = 2_000_000_000L, squares = 3_900_000_000_000_000_000L;
        double direct = (m * (double) squares - (double) sum * sum) / (m * m);
        assertEquals(direct, SpikeStats.variance(m, sum, squares), 1e-6 * direct);
        assertEquals(2.0 / 9, SpikeStats.variance(3, 4, 6), 0); // intervals 1, 1, 2: mean 4/3, variance 2/9
    }

    @Test
    void checkpointedAccumulatorsRoundTripAndBadOnesAreRefused() throws Exception {
        SpikeStats a = new SpikeStats(4, 2, 2);
        a.add(1, new int[] {0}, 1);
        a.add(3, new int[] {0, 2}, 2);
        a.add(70_000, new int[] {0, 2}, 2); // a squared interval beyond int range
        a.add(70_010, new int[] {0}, 1);
        Map<String, int[]> ints = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>(Map.of("command", "demo", "step", "70011"));
        a.save(ints, meta);
        Path f = tmp.resolve("s.ckpt");
        new Checkpoint(Map.of(), ints, meta).write(f);
        SpikeStats b = new SpikeStats(4, 2, 2);
        b.restore(Checkpoint.read(f, "demo"), f, 70_011);
        assertEquals(a.stats(70_011, 0.001), b.stats(70_011, 0.001));
        assertEquals(6, b.spikes());
        // a neuron with 3 spikes within 1 step, and one whose last spike is after the checkpoint's step
        int[] count = ints.get("stats.count").clone();
        count[2] = 3;
        Map<String, int[]> bad = new LinkedHashMap<>(ints);
        bad.put("stats.count", count);
        new Checkpoint(Map.of(), bad, meta).write(f);
        MalformedFileException e = assertThrows(MalformedFileException.class,
                () -> new SpikeStats(4, 2, 2).restore(Checkpoint.read(f, "demo"), f, 70_011));
        assertTrue(e.getMessage().contains("neuron 2"), e.getMessage());
        new Checkpoint(Map.of(), ints, meta).write(f);
        e = assertThrows(MalformedFileException.class, () -> new SpikeStats(4, 2, 2).restore(Checkpoint.read(f, "demo"), f, 70_005));
        assertTrue(e.getMessage().contains("neuron 0") && e.getMessage().contains("impossible for 70005 steps"), e.getMessage());
        e = assertThrows(MalformedFileException.class, () -> new SpikeStats(5, 2, 2).restore(Checkpoint.read(f, "demo"), f, 70_011));
        assertTrue(e.getMessage().contains("not one per neuron (5)"), e.getMessage());
    }

    @Test
    void theRasterSampleIsBoundedAndEvenlySpaced() {
        RasterSample small = new RasterSample(1500);
        assertTrue(small.complete());
        RasterSample big = new RasterSample(1_000_000);
        int[] ids = big.neuronIds();
        assertEquals(RasterSample.MAX_NEURONS, ids.length);
        assertEquals(0, ids[0]);
        assertEquals(500, ids[1]);
        assertEquals(999_500, ids[ids.length - 1]);
        // every neuron fires at steps 0..9: only the sample's are kept
        int[] all = new int[1_000_000];
        for (int j = 0; j < all.length; j++) {
            all[j] = j;
        }
        for (int t = 0; t < 10; t++) {
            big.add(t, all, all.length);
        }
        List<int[]> kept = big.spikeTimes();
        assertEquals(RasterSample.MAX_NEURONS, kept.size());
        for (int[] ts : kept) {
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, ts);
        }
        // an awkward size: 2001 neurons, ids floor(k * 2001 / 2000) ascend and are all found
        RasterSample odd = new RasterSample(2001);
        int[] oid = odd.neuronIds();
        odd.add(0, new int[] {oid[0], oid[1], oid[1999]}, 3);
        assertEquals(1, odd.spikeTimes().get(1999).length);
        assertEquals(1, odd.spikeTimes().get(1).length);
    }

    @Test
    void recordingASecondOf200000NeuronsAllocatesLittleBeyondTheAccumulators() {
        // 200,000 neurons at 14 Hz for 1000 steps: 2.8 million spikes. Kept per neuron (the old demo) they would
        // take 11 MB as ints alone; the accumulators take 4 MB once, and only the 2000 sampled neurons grow
        int n = 200_000, steps = 1000, perStep = 2800;
        SplittableRandom r = new SplittableRandom(7);
        int[][] rows = new int[steps][];
        for (int t = 0; t < steps; t++) {
            rows[t] = r.ints(perStep, 0, n).sorted().distinct().toArray();
        }
        long before = Allocations.bytes();
        SpikeStats stats = new SpikeStats(n, 160_000, 100);
        RasterSample sample = new RasterSample(n);
        long built = Allocations.bytes() - before;
        for (int t = 0; t < steps; t++) {
            stats.add(t, rows[t], rows[t].length);
            sample.add(t, rows[t], rows[t].length);
        }
        long grew = Allocations.bytes() - before - built;
        assertTrue(built < 20L * n + (1 << 20), "accumulators: " + built + " bytes");
        assertTrue(grew < 2 << 20, "bytes allocated while adding 2.8 million spikes (the sample: about 0.6 MB): " + grew);
        assertTrue(stats.spikes() > 2_700_000 && stats.stats(steps, 0.001).cvNeurons() > 100_000);
    }

    @Test
    void theDemosSpikeRecordPerNeuronIsBounded() {
        // memory per neuron does not grow with the run: the accumulators are 20 bytes per neuron, and the
        // raster sample's spike times grow with the steps but not with the neurons beyond the sample
        long perNeuron = (Memory.demoRecord(1_000_000, 1000, 0.001, false) - Memory.demoRecord(0, 1000, 0.001, false)) / 1_000_000;
        assertTrue(perNeuron <= 25, "bytes per neuron: " + perNeuron);
        assertEquals(Memory.demoRecord(100_000, 1000, 0.001, false) - 20L * 100_000,
                Memory.demoRecord(1_000_000, 1000, 0.001, false) - 20L * 1_000_000, "the sample does not grow with N");
    }
}
