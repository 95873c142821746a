package io.snn4j.cli;

import static io.snn4j.cli.CliTest.snn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's summary says what its numbers mean, also when the network is silent or bursty. */
class DemoSummaryTest {
    @TempDir
    Path tmp;

    private static SpikeStats.Stats stats(double cv, int cvNeurons, long spikes) {
        return new SpikeStats.Stats(10, 10, cv, cvNeurons, spikes, 1000, 100);
    }

    @Test
    void theCvIsDescribedByTheRegimeItIndicates() {
        assertTrue(DemoCommand.describeCv(stats(Double.NaN, 0, 0), 0.001).startsWith("n/a (no spikes"));
        String few = DemoCommand.describeCv(stats(Double.NaN, 0, 12), 0.001);
        assertTrue(few.contains("too few spikes") && few.contains("after the first 100 ms"), few);
        assertTrue(DemoCommand.describeCv(stats(0.2, 50, 900), 0.001).startsWith("0.20 (regular firing"));
        assertTrue(DemoCommand.describeCv(stats(0.65, 50, 900), 0.001).contains("moderately irregular"));
        String poisson = DemoCommand.describeCv(stats(0.97, 998, 13000), 0.001);
        assertTrue(poisson.startsWith("0.97 (irregular, Poisson-like") && poisson.contains("mean over 998 neurons"), poisson);
        assertTrue(DemoCommand.describeCv(stats(1.35, 50, 900), 0.001).contains("more variable than Poisson"));
        String bursty = DemoCommand.describeCv(stats(2.2, 50, 900), 0.001);
        assertTrue(bursty.startsWith("2.20 (bursty"), bursty);
        assertFalse(bursty.contains("near 1"), bursty);
    }

    @Test
    void aSilentNetworkIsReportedAsSilent() {
        CliTest.Result r = snn("demo", "--quiet", "--neurons", "100", "--steps", "50", "--out", tmp.resolve("r.png").toString());
        assertEquals(0, r.status(), r.err());
        String cv = r.out().lines().filter(l -> l.contains("ISI CV")).findFirst().orElseThrow();
        assertTrue(cv.contains("n/a (no spikes"), cv);
        assertFalse(r.out().contains("CV near 1"), r.out());
        assertTrue(r.out().contains("spikes       0"), r.out());
    }

    @Test
    void theRatesSayWhatTheyAverage() {
        CliTest.Result r = snn("demo", "--quiet", "--steps", "300", "--out", tmp.resolve("r.png").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("(mean per neuron, after the first 30 ms)"), r.out());
        assertTrue(r.out().contains("neurons with 3+ spikes"), r.out());
    }
}
