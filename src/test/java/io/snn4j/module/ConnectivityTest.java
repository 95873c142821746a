package io.snn4j.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.module.Connectivity.Builder;
import io.snn4j.module.Connectivity.Duplicates;
import io.snn4j.module.Connectivity.Range;
import io.snn4j.module.Connectivity.Weights;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixSparseCSC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The connectivity builders: exact degrees, statistics with fixed seeds, determinism, lists, every rejection. */
class ConnectivityTest {

    static Range r(int from, int to) {
        return Range.of(from, to);
    }

    /** Checks the CSC structure and returns in-degree per target. */
    static int[] inDegrees(Synapses s) {
        FMatrixSparseCSC w = s.weights();
        int[] deg = new int[s.targets()];
        assertEquals(0, w.col_idx[0]);
        assertEquals(s.count(), w.col_idx[s.sources()]);
        for (int k = 0; k < s.sources(); k++) {
            for (int p = w.col_idx[k]; p < w.col_idx[k + 1]; p++) {
                int j = w.nz_rows[p];
                assertTrue(j >= 0 && j < s.targets(), "target in range");
                if (p > w.col_idx[k]) {
                    assertTrue(w.nz_rows[p - 1] < j, "column " + k + " strictly ascending (no multapse)");
                }
                deg[j]++;
            }
        }
        return deg;
    }

    /** An excitatory/inhibitory recurrent network: 800 E and 200 I sources, K_E = 80, K_I = 20 per target. */
    static Builder balanced(long seed) {
        return Connectivity.recurrent(1000, seed)
                .fixedIndegree(r(0, 800), r(0, 1000), 80, Weights.constant(0.1f))
                .fixedIndegree(r(800, 1000), r(0, 1000), 20, Weights.constant(-0.5f));
    }

    @Test
    void fixedIndegreeGivesExactDegreesWithoutAutapsesOrMultapses() {
        Synapses s = balanced(7).build();
        assertEquals(1000, s.targets());
        assertEquals(1000, s.sources());
        assertEquals(100_000, s.count());
        assertFalse(s.hasDelays());
        assertNull(s.delays());
        int[] deg = inDegrees(s);
        FMatrixSparseCSC w = s.weights();
        int[] exc = new int[1000], inh = new int[1000];
        for (int k = 0; k < 1000; k++) {
            for (int p = w.col_idx[k]; p < w.col_idx[k + 1]; p++) {
                int j = w.nz_rows[p];
                assertTrue(j != k, "autapse " + k);
                assertEquals(k < 800 ? 0.1f : -0.5f, w.nz_values[p]);
                (k < 800 ? exc : inh)[j]++;
            }
        }
        for (int j = 0; j < 1000; j++) {
            assertEquals(100, deg[j]);
            assertEquals(80, exc[j], "excitatory in-degree of " + j);
            assertEquals(20, inh[j], "inhibitory in-degree of " + j);
        }
        // The result passes Synapses' own checks when copied through the public constructor.
        Synapses copy = new Synapses(s.weights(), null);
        assertEquals(s.count(), copy.count());
    }

    @Test
    void fixedIndegreeCanUseEveryOtherSourceAndAutapsesWhenAllowed() {
        Synapses all = Connectivity.recurrent(50, 3).fixedIndegree(r(0, 50), r(0, 50), 49, Weights.constant(1f)).build();
        for (int j = 0; j < 50; j++) {
            for (int k = 0; k < 50; k++) {
                assertEquals(j == k ? 0f : 1f, all.get(j, k));
            }
        }
        Synapses self = Connectivity.recurrent(50, 3).autapses(true).fixedIndegree(r(0, 50), r(0, 50), 50,
                Weights.constant(1f)).build();
        assertEquals(2500, self.count());
        // A projection has no autapses to leave out: K may equal the source range.
        assertEquals(40 * 30, Connectivity.projection(30, 40, 1).fixedIndegree(r(0, 30), r(0, 40), 30,
                Weights.constant(2f)).build().count());
    }

    @Test
    void fixedIndegreeDrawsSourcesUniformly() {
        // 20,000 targets x K = 10 from 100 sources (a projection): each source expects 2,000 synapses.
        Synapses s = Connectivity.projection(100, 20_000, 11).fixedIndegree(r(0, 100), r(0, 20_000), 10,
                Weights.constant(1f)).build();
        FMatrixSparseCSC w = s.weights();
        double expected = 20_000 * 10 / 100.0, chi2 = 0;
        for (int k = 0; k < 100; k++) {
            double d = (w.col_idx[k + 1] - w.col_idx[k]) - expected;
            chi2 += d * d / expected;
        }
        // Chi-square with 99 degrees of freedom (sampling without replacement only narrows it): mean 99, sd 14.
        assertTrue(chi2 < 99 + 5 * 14.1, "chi-square " + chi2);
        assertTrue(chi2 > 99 - 5 * 14.1, "chi-square " + chi2 + " is suspiciously small");
        // Without autapses, each of 2,000 targets takes 5 of the other 9 in a block of 10: pair counts uniform.
        Synapses rec = Connectivity.recurrent(10, 5).fixedIndegree(r(0, 10), r(0, 10), 5, Weights.constant(1f)).build();
        assertEquals(50, rec.count());
        int[][] pairs = new int[10][10];
        for (int seed = 0; seed < 400; seed++) {
            Synapses t = Connectivity.recurrent(10, seed).fixedIndegree(r(0, 10), r(0, 10), 5, Weights.constant(1f)).build();
            for (int j = 0; j < 10; j++) {
                for (int k = 0; k < 10; k++) {
                    pairs[j][k] += t.get(j, k) != 0 ? 1 : 0;
                }
            }
        }
        double chi2Pairs = 0;
        double e = 400 * 5 / 9.0;
        for (int j = 0; j < 10; j++) {
            assertEquals(0, pairs[j][j]);
            for (int k = 0; k < 10; k++) {
                if (k != j) {
                    double d = pairs[j][k] - e;
                    chi2Pairs += d * d / e;
                }
            }
        }
        // 90 cells, each row's counts sum to 2000 (80 degrees of freedom): mean 80, sd 12.6.
        assertTrue(chi2Pairs < 80 + 5 * 12.6, "pair chi-square " + chi2Pairs);
    }

    @Test
    void sameSeedSameSynapsesForEveryThreadCountAndStrategy() {
        Builder a = Connectivity.recurrent(5000, 99)
                .fixedIndegree(r(0, 4000), r(0, 5000), 40, Weights.normal(0.1f, 0.02f))
                .fixedIndegree(r(4000, 5000), r(0, 5000), 10, Weights.uniform(-1f, -0.5f));
        Synapses one = a.build();
        Synapses again = balancedCopy(99).build();
        assertSame(one, again);
        for (int threads : new int[] {2, 3}) {
            assertSame(one, a.threads(threads).build());
        }
        assertSame(one, a.threads(1).build(Connectivity.Strategy.DIRECT));
        assertSame(one, a.threads(2).build(Connectivity.Strategy.DIRECT));
        Synapses other = balancedCopy(100).build();
        assertFalse(java.util.Arrays.equals(one.weights().nz_rows, other.weights().nz_rows), "another seed, other synapses");

        Builder p = Connectivity.recurrent(3000, 5).fixedProbability(r(0, 2990), r(0, 3000), 0.02, Weights.constant(1f))
                .list(new int[] {2995, 2999}, new int[] {0, 2999}, new float[] {3f, 4f}, null);
        assertThrows(IllegalArgumentException.class, () -> p.list(new int[] {2995}, new int[] {0}, new float[] {1f}, null));
        Synapses p1 = p.build();
        assertSame(p1, p.threads(2).build());
        assertSame(p1, p.threads(3).build(Connectivity.Strategy.DIRECT));
    }

    private static Builder balancedCopy(long seed) {
        return Connectivity.recurrent(5000, seed)
                .fixedIndegree(r(0, 4000), r(0, 5000), 40, Weights.normal(0.1f, 0.02f))
                .fixedIndegree(r(4000, 5000), r(0, 5000), 10, Weights.uniform(-1f, -0.5f));
    }

    static void assertSame(Synapses a, Synapses b) {
        FMatrixSparseCSC x = a.weights(), y = b.weights();
        assertArrayEquals(x.col_idx, y.col_idx);
        assertArrayEquals(java.util.Arrays.copyOf(x.nz_rows, x.nz_length), java.util.Arrays.copyOf(y.nz_rows, y.nz_length));
        assertArrayEquals(java.util.Arrays.copyOf(x.nz_values, x.nz_length), java.util.Arrays.copyOf(y.nz_values, y.nz_length));
        assertArrayEquals(a.delays(), b.delays());
    }

    @Test
    void fixedProbabilityIsWithinBinomialBounds() {
        int n = 2000;
        double p = 0.05;
        Synapses s = Connectivity.recurrent(n, 2024).fixedProbability(r(0, n), r(0, n), p, Weights.constant(1f)).build();
        int[] deg = inDegrees(s);
        double pairs = (double) n * (n - 1), mean = pairs * p, sd = Math.sqrt(pairs * p * (1 - p));
        assertTrue(Math.abs(s.count() - mean) < 5 * sd, s.count() + " synapses, expected " + mean + " +- " + sd);
        for (int j = 0; j < n; j++) {
            assertEquals(0f, s.get(j, j), "no autapse");
        }
        // Each target's in-degree is Binomial(n - 1, p): chi-square of the n in-degrees against it.
        double m = (n - 1) * p, v = (n - 1) * p * (1 - p), chi2 = 0;
        for (int d : deg) {
            chi2 += (d - m) * (d - m) / v;
        }
        assertTrue(Math.abs(chi2 - n) < 5 * Math.sqrt(2.0 * n), "in-degree chi-square " + chi2 + " for " + n + " targets");
        // The same for each source's out-degree.
        FMatrixSparseCSC w = s.weights();
        double chi2Out = 0;
        for (int k = 0; k < n; k++) {
            double d = w.col_idx[k + 1] - w.col_idx[k] - m;
            chi2Out += d * d / v;
        }
        assertTrue(Math.abs(chi2Out - n) < 5 * Math.sqrt(2.0 * n), "out-degree chi-square " + chi2Out);
        // The estimate is the expected value.
        Builder b = Connectivity.recurrent(n, 1).fixedProbability(r(0, n), r(0, n), p, Weights.constant(1f));
        assertEquals(Math.round(mean), b.expectedSynapses());
        assertEquals(Synapses.bytes(n, Math.round(mean), false), b.estimateBytes());
    }

    @Test
    void smallAndExtremeProbabilities() {
        // p = 1e-4 over 1000 x 1000 pairs: cost follows the synapses; 100 expected.
        Synapses sparse = Connectivity.projection(1000, 1000, 8).fixedProbability(r(0, 1000), r(0, 1000), 1e-4,
                Weights.constant(1f)).build();
        assertTrue(Math.abs(sparse.count() - 100) < 5 * 10, sparse.count() + " synapses");
        inDegrees(sparse);
        // 10^12 pairs at p = 1e-7: geometric skipping visits the 10^5 synapses (and one draw per target), not the pairs.
        Synapses huge = Connectivity.projection(1_000_000, 1_000_000, 8).fixedProbability(r(0, 1_000_000),
                r(0, 1_000_000), 1e-7, Weights.constant(1f)).build();
        assertTrue(Math.abs(huge.count() - 100_000) < 5 * Math.sqrt(100_000), huge.count() + " synapses");
        assertEquals(0, Connectivity.recurrent(100, 8).fixedProbability(r(0, 100), r(0, 100), 0, Weights.constant(1f))
                .build().count());
        Synapses full = Connectivity.recurrent(100, 8).fixedProbability(r(10, 60), r(0, 100), 1, Weights.constant(1f)).build();
        assertEquals(50 * 100 - 50, full.count());
        for (int j = 0; j < 100; j++) {
            for (int k = 0; k < 100; k++) {
                assertEquals(k >= 10 && k < 60 && j != k ? 1f : 0f, full.get(j, k));
            }
        }
    }

    @Test
    void estimateEqualsBuiltSizeForFixedIndegreeAndLists() {
        Builder b = balanced(1);
        assertEquals(100_000, b.expectedSynapses());
        Synapses s = b.build();
        // the estimate is the per-synapse layout; weights shared by each source are kept once per source
        assertEquals(Synapses.bytes(1000, 100_000, false), b.estimateBytes());
        assertTrue(s.bytes() <= b.estimateBytes(), s.bytes() + " > " + b.estimateBytes());
        Builder d = Connectivity.projection(300, 500, 1).fixedIndegree(r(0, 300), r(0, 400), 7, Weights.constant(1f), 3)
                .list(new int[] {1, 2}, new int[] {450, 499}, new float[] {1f, 2f}, new int[] {1, 9});
        assertEquals(400 * 7 + 2, d.expectedSynapses());
        Synapses ds = d.build();
        assertEquals(d.estimateBytes(), ds.bytes());
        assertTrue(ds.hasDelays());
        assertEquals(9, ds.maxDelay());
        assertTrue(d.scratchBytes() >= 4 * 300);
    }

    @Test
    void blockDelaysApplyToEverySynapseOfTheBlock() {
        Synapses s = Connectivity.recurrent(200, 4)
                .fixedIndegree(r(0, 150), r(0, 200), 10, Weights.constant(1f), 2)
                .fixedProbability(r(150, 200), r(0, 200), 0.3, Weights.constant(-2f), 5).build();
        FMatrixSparseCSC w = s.weights();
        int[] d = s.delays();
        for (int k = 0; k < 200; k++) {
            for (int p = w.col_idx[k]; p < w.col_idx[k + 1]; p++) {
                assertEquals(k < 150 ? 2 : 5, d[p]);
                assertEquals(k < 150 ? 1f : -2f, w.nz_values[p]);
            }
        }
        assertEquals(5, s.maxDelay());
    }

    @Test
    void perSynapseDelaysInBlocks() {
        // Uniform over 1..4 steps: each value about a quarter of 40,000 synapses (chi-square, 3 degrees of freedom).
        Synapses u = Connectivity.projection(400, 1000, 12).fixedIndegree(r(0, 400), r(0, 1000), 40, Weights.constant(1f),
                Connectivity.Delays.uniform(1, 4)).build();
        int[] hist = new int[6];
        for (int d : u.delays()) {
            hist[d]++;
        }
        assertEquals(0, hist[0]);
        assertEquals(0, hist[5]);
        double chi2 = 0;
        for (int d = 1; d <= 4; d++) {
            chi2 += (hist[d] - 10_000.0) * (hist[d] - 10_000.0) / 10_000.0;
        }
        assertTrue(chi2 < 3 + 5 * Math.sqrt(6), "delay chi-square " + chi2);
        // A function of the pair, in the synapses' column order.
        Synapses f = Connectivity.projection(50, 60, 12).fixedProbability(r(0, 50), r(0, 60), 0.3, Weights.constant(1f),
                Connectivity.Delays.of((source, target) -> 1 + (source + target) % 5)).build();
        FMatrixSparseCSC w = f.weights();
        int[] d = f.delays();
        for (int k = 0; k < 50; k++) {
            for (int p = w.col_idx[k]; p < w.col_idx[k + 1]; p++) {
                assertEquals(1 + (k + w.nz_rows[p]) % 5, d[p]);
            }
        }
        // The same for 1, 2 and 3 threads, and with or without the write queues.
        Builder b = Connectivity.recurrent(4000, 3).fixedIndegree(r(0, 4000), r(0, 4000), 30, Weights.normal(0f, 1f),
                Connectivity.Delays.uniform(2, 9));
        Synapses one = b.build();
        assertSame(one, b.threads(2).build());
        assertSame(one, b.threads(3).build(Connectivity.Strategy.DIRECT));
        rejects(() -> Connectivity.Delays.uniform(0, 3), "1 <= min <= max", "[0, 3]");
        rejects(() -> Connectivity.Delays.uniform(3, 2), "[3, 2]");
        rejects(() -> Connectivity.Delays.of(null), "null");
        rejects(() -> b.fixedIndegree(r(0, 10), r(0, 10), 1, Weights.constant(1f), (Connectivity.Delays) null),
                "delays is null");
        rejects(Connectivity.projection(10, 10, 0).fixedIndegree(r(0, 10), r(0, 10), 2, Weights.constant(1f),
                Connectivity.Delays.of((source, target) -> target == 4 ? 0 : 1))::build, "-> 4", "delay 0");
    }

    @Test
    void listsRoundTripAndMixWithBlocks() {
        // 3000 distinct pairs in a scrambled order, with weights and delays, plus a block in another corner.
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 3000;
        int[] src = new int[n], tgt = new int[n], del = new int[n];
        float[] wts = new float[n];
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < n; ) {
            int s = rnd.nextInt(100), t = rnd.nextInt(200);
            if (seen.add((long) s << 32 | t)) {
                src[i] = s;
                tgt[i] = t;
                wts[i] = (float) rnd.nextGaussian();
                del[i] = 1 + rnd.nextInt(7);
                i++;
            }
        }
        Synapses s = Connectivity.projection(150, 200, 0)
                .fixedIndegree(r(100, 150), r(0, 200), 5, Weights.constant(9f), 4)
                .list(src, tgt, wts, del).build();
        assertEquals(n + 200 * 5, s.count());
        inDegrees(s);
        FMatrixSparseCSC w = s.weights();
        int[] d = s.delays();
        for (int i = 0; i < n; i++) {
            int p = java.util.Arrays.binarySearch(w.nz_rows, w.col_idx[src[i]], w.col_idx[src[i] + 1], tgt[i]);
            assertTrue(p >= 0, "listed synapse " + src[i] + " -> " + tgt[i]);
            assertEquals(wts[i], w.nz_values[p]);
            assertEquals(del[i], d[p]);
        }
        for (int k = 100; k < 150; k++) {
            for (int p = w.col_idx[k]; p < w.col_idx[k + 1]; p++) {
                assertEquals(9f, w.nz_values[p]);
                assertEquals(4, d[p]);
            }
        }
        // Self-connections in a list are kept as given, also in a recurrent builder without autapses.
        Synapses self = Connectivity.recurrent(3, 0).list(new int[] {1}, new int[] {1}, new float[] {2f}, null).build();
        assertEquals(2f, self.get(1, 1));
        // An empty list builds an empty projection.
        assertEquals(0, Connectivity.projection(2, 2, 0).list(new int[0], new int[0], new float[0], null).build().count());
    }

    @Test
    void duplicatesAreRejectedOrSummedAsAsked() {
        int[] s = {4, 1, 4}, t = {2, 3, 2};
        float[] w = {0.5f, 1f, 0.25f};
        rejects(() -> Connectivity.projection(5, 5, 0).list(s, t, w, null), "4 -> 2", "twice");
        Synapses summed = Connectivity.projection(5, 5, 0).list(s, t, w, null, Duplicates.SUM).build();
        assertEquals(2, summed.count());
        assertEquals(0.75f, summed.get(2, 4));
        assertEquals(1f, summed.get(3, 1));
        // Across lists too; equal delays may be summed, different ones not.
        Builder b = Connectivity.projection(5, 5, 0).list(new int[] {0}, new int[] {0}, new float[] {1f}, new int[] {2});
        rejects(() -> b.list(new int[] {0}, new int[] {0}, new float[] {1f}, new int[] {2}), "0 -> 0", "twice");
        rejects(() -> b.list(new int[] {0}, new int[] {0}, new float[] {1f}, new int[] {3}, Duplicates.SUM), "0 -> 0",
                "delays 2 and 3");
        b.list(new int[] {0}, new int[] {0}, new float[] {1.5f}, new int[] {2}, Duplicates.SUM);
        Synapses bs = b.build();
        assertEquals(1, bs.count());
        assertEquals(2.5f, bs.get(0, 0));
        assertArrayEquals(new int[] {2}, bs.delays());
        rejects(() -> Connectivity.projection(5, 5, 0).list(new int[] {1, 1}, new int[] {1, 1},
                new float[] {3e38f, 3e38f}, null, Duplicates.SUM), "1 -> 1", "overflows");
    }

    @Test
    void weightRules() {
        Synapses u = Connectivity.projection(1000, 100, 6).fixedIndegree(r(0, 1000), r(0, 100), 100,
                Weights.uniform(-2f, 3f)).build();
        float[] v = java.util.Arrays.copyOf(u.weights().nz_values, u.count());
        double sum = 0;
        for (float x : v) {
            assertTrue(x >= -2f && x <= 3f, "uniform weight " + x);
            sum += x;
        }
        double sdOfMean = 5 / Math.sqrt(12) / Math.sqrt(v.length);
        assertTrue(Math.abs(sum / v.length - 0.5) < 5 * sdOfMean, "uniform mean " + sum / v.length);

        Synapses g = Connectivity.projection(1000, 100, 6).fixedIndegree(r(0, 1000), r(0, 100), 100,
                Weights.normal(1f, 0.5f)).build();
        float[] gv = java.util.Arrays.copyOf(g.weights().nz_values, g.count());
        double mean = 0, sq = 0;
        for (float x : gv) {
            mean += x;
        }
        mean /= gv.length;
        for (float x : gv) {
            sq += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(sq / (gv.length - 1));
        assertTrue(Math.abs(mean - 1) < 5 * 0.5 / Math.sqrt(gv.length), "normal mean " + mean);
        assertTrue(Math.abs(sd - 0.5) < 5 * 0.5 / Math.sqrt(2.0 * gv.length), "normal sd " + sd);

        Synapses f = Connectivity.projection(30, 20, 6).fixedProbability(r(0, 30), r(0, 20), 0.5,
                Weights.of((source, target) -> source + 1000f * target)).build();
        FMatrixSparseCSC fw = f.weights();
        for (int k = 0; k < 30; k++) {
            for (int p = fw.col_idx[k]; p < fw.col_idx[k + 1]; p++) {
                assertEquals(k + 1000f * fw.nz_rows[p], fw.nz_values[p]);
            }
        }
        // A weight does not depend on the block's other synapses: adding a list leaves block weights alone.
        Synapses g2 = Connectivity.projection(1001, 100, 6).fixedIndegree(r(0, 1000), r(0, 100), 100,
                Weights.normal(1f, 0.5f)).list(new int[] {1000}, new int[] {5}, new float[] {1f}, null).build();
        for (int j = 0; j < 100; j += 9) {
            for (int k = 0; k < 1000; k += 7) {
                assertEquals(g.get(j, k), g2.get(j, k));
            }
        }
    }

    static void rejects(Executable call, String... mustMention) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String m : mustMention) {
            assertTrue(e.getMessage().contains(m), "message '" + e.getMessage() + "' should mention '" + m + "'");
        }
    }

    @Test
    void badInputIsRejectedAndTheBuilderUnchanged() {
        Builder b = Connectivity.recurrent(100, 1)
                .fixedIndegree(r(0, 80), r(0, 100), 10, Weights.constant(1f))
                .list(new int[] {90}, new int[] {3}, new float[] {1f}, null);
        Synapses before = b.build();
        String described = b.toString();
        Weights one = Weights.constant(1f);
        // Ranges and sizes.
        rejects(() -> Range.of(-1, 5), "[-1, 5)");
        rejects(() -> Range.of(5, 5), "[5, 5)");
        rejects(() -> Connectivity.recurrent(0, 1), "at least 1");
        rejects(() -> Connectivity.projection(3, 0, 1), "at least 1");
        rejects(() -> b.fixedIndegree(r(80, 101), r(0, 10), 1, one), "source range [80, 101)", "[0, 100)");
        rejects(() -> b.fixedIndegree(r(80, 100), r(50, 120), 1, one), "target range [50, 120)");
        rejects(() -> b.fixedIndegree(null, r(0, 10), 1, one), "null");
        rejects(() -> b.fixedIndegree(r(80, 90), r(0, 10), 1, null), "weights is null");
        // In-degree.
        rejects(() -> b.fixedIndegree(r(80, 90), r(0, 10), 0, one), "in-degree must be at least 1, got 0");
        rejects(() -> b.fixedIndegree(r(80, 90), r(80, 100), 10, one), "in-degree 10", "9 distinct sources", "without autapses");
        rejects(() -> b.fixedIndegree(r(80, 90), r(0, 10), 11, one), "in-degree 11", "10 distinct sources");
        // Probability.
        rejects(() -> b.fixedProbability(r(80, 90), r(0, 10), 1.5, one), "p must be in [0, 1], got 1.5");
        rejects(() -> b.fixedProbability(r(80, 90), r(0, 10), -0.1, one), "got -0.1");
        rejects(() -> b.fixedProbability(r(80, 90), r(0, 10), Double.NaN, one), "got NaN");
        // Overlaps: with a block, with a listed synapse.
        rejects(() -> b.fixedProbability(r(70, 90), r(50, 60), 0.1, one), "overlaps block 0", "[0, 80)");
        rejects(() -> b.fixedProbability(r(85, 95), r(0, 10), 0.1, one), "contains the listed synapse 90 -> 3");
        rejects(() -> b.list(new int[] {5}, new int[] {5}, new float[] {1f}, null), "5 -> 5", "lies in block 0");
        // Lists.
        rejects(() -> b.list(new int[] {100}, new int[] {5}, new float[] {1f}, null), "source 100", "[0, 100)");
        rejects(() -> b.list(new int[] {85}, new int[] {-1}, new float[] {1f}, null), "target -1");
        rejects(() -> b.list(new int[] {85}, new int[] {5}, new float[] {Float.NaN}, null), "85 -> 5", "non-finite");
        rejects(() -> b.list(new int[] {85, 86}, new int[] {5}, new float[] {1f}, null), "differ in length");
        rejects(() -> b.list(null, new int[] {5}, new float[] {1f}, null), "null");
        rejects(() -> b.list(new int[] {85, 90}, new int[] {5, 3}, new float[] {1f, 1f}, null), "90 -> 3", "twice");
        // Delays: not positive, or given for some parts only.
        rejects(() -> b.fixedIndegree(r(80, 90), r(0, 10), 1, one, 0), "delay must be at least 1 step, got 0");
        rejects(() -> b.fixedProbability(r(80, 90), r(0, 10), 0.5, one, -2), "got -2");
        rejects(() -> b.fixedIndegree(r(80, 90), r(0, 10), 1, one, 3), "has delays", "give every part");
        rejects(() -> b.list(new int[] {85}, new int[] {5}, new float[] {1f}, new int[] {2}), "has delays");
        rejects(() -> Connectivity.projection(5, 5, 0).list(new int[] {1}, new int[] {1}, new float[] {1f}, new int[] {0}),
                "1 -> 1", "delay 0");
        rejects(() -> Connectivity.projection(5, 5, 0).fixedIndegree(r(0, 5), r(0, 2), 1, one, 2)
                .fixedIndegree(r(0, 5), r(2, 5), 1, one), "block 1 has no delays");
        // Weights.
        rejects(() -> Weights.constant(Float.POSITIVE_INFINITY), "weight must be finite");
        rejects(() -> Weights.uniform(2f, 1f), "low <= high");
        rejects(() -> Weights.uniform(-3e38f, 3e38f), "low <= high");
        rejects(() -> Weights.normal(0f, -1f), "sd must be at least 0");
        rejects(() -> Weights.normal(Float.NaN, 1f), "mean must be finite");
        rejects(() -> Weights.of(null), "null");
        rejects(() -> b.threads(0), "threads");
        // Disallowing autapses after a block that needs them.
        Builder full = Connectivity.recurrent(10, 0).autapses(true).fixedIndegree(r(0, 10), r(0, 10), 10, one);
        rejects(() -> full.autapses(false), "block 0", "in-degree 10", "only 9");
        assertEquals(100, full.build().count());

        assertEquals(described, b.toString());
        assertSame(before, b.build());
    }

    @Test
    void failuresWhileBuildingNameTheSynapse() {
        Builder b = Connectivity.projection(10, 10, 0).fixedIndegree(r(0, 10), r(0, 10), 3,
                Weights.of((s, t) -> t == 7 ? Float.NaN : 1f));
        rejects(b::build, "-> 7", "non-finite weight NaN");
    }

    @Test
    void projectionsLargerThanOneSynapsesCanHoldAreRefusedBeforeAllocating() {
        // 100,000 targets x 30,000 sources each = 3e9 synapses: refused from the count alone, in no time.
        Builder b = Connectivity.projection(100_000, 100_000, 0).fixedIndegree(r(0, 100_000), r(0, 100_000), 30_000,
                Weights.constant(1f));
        assertEquals(3_000_000_000L, b.expectedSynapses());
        assertEquals(Synapses.bytes(100_000, 3_000_000_000L, false), b.estimateBytes());
        rejects(b::build, "3000000000 synapses", String.valueOf(Connectivity.MAX_SYNAPSES));
    }
}
