package io.snn4j.cli;

import static io.snn4j.cli.CliTest.concat;
import static io.snn4j.cli.CliTest.snn;
import static io.snn4j.cli.CliTest.usageError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.io.NpyArray;
import io.snn4j.io.NumPy;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code snn demo --spike-events}, {@code --record-v} with {@code --traces}: what they write, bad values, and resuming. */
class DemoRecordingTest {
    @TempDir
    Path tmp;

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String[] demo(String... more) {
        return concat(new String[] {"demo", "--quiet", "--neurons", "1000", "--steps", "300", "--out",
            tmp.resolve("r.png").toString()}, more);
    }

    @Test
    void spikeEventsAreTheSimulatedSpikesAndTracesTheVoltages() throws IOException {
        Path events = tmp.resolve("e.npy"), dense = tmp.resolve("s.npy"), traces = tmp.resolve("v.npy"), ck = tmp.resolve("c.ckpt");
        CliTest.Result r = snn(demo("--spike-events", events.toString(), "--spikes", dense.toString(), "--record-v", "0,5,990-999",
                "--traces", traces.toString(), "--checkpoint", ck.toString()));
        assertEquals(0, r.status(), r.err());
        NpyArray e = NumPy.readNpy(events);
        assertEquals("<i4", e.dtype());
        long[] ev = e.toLongArray();
        Tensor s = NumPy.readNpy(dense).toTensor();
        assertEquals(s.countNonZero(), ev.length / 2, "one event per spike");
        assertTrue(ev.length / 2 > 1000, "the network fires");
        assertTrue(r.out().contains("spike events " + events + " (" + ev.length / 2 + " events"), r.out());
        for (int k = 0; k < ev.length; k += 2) {
            assertEquals(1f, s.get((int) ev[k], (int) ev[k + 1]), "event " + k / 2);
            assertTrue(k == 0 || ev[k] > ev[k - 2] || (ev[k] == ev[k - 2] && ev[k + 1] > ev[k - 1]), "ordered by step, neuron");
        }
        Tensor v = NumPy.readNpy(traces).toTensor();
        assertArrayEquals(new int[] {300, 12}, v.shape());
        // the last row is the final state's voltage of the listed neurons
        Tensor finalV = Checkpoint.read(ck, "demo").tensors().get("state.v");
        int[] listed = {0, 5, 990, 991, 992, 993, 994, 995, 996, 997, 998, 999};
        for (int c = 0; c < listed.length; c++) {
            assertEquals(finalV.data()[finalV.offset() + listed[c]], v.get(299, c), "neuron " + listed[c]);
        }
        // a neuron's voltage falls back after each of its spikes (reset to 0) and differs between steps
        assertTrue(v.get(100, 0) != v.get(101, 0) || v.get(200, 0) != v.get(201, 0), "traces change over time");
        assertEquals(List.of("c.ckpt", "e.npy", "r.png", "s.npy", "v.npy"), files(), "no partial files left");
    }

    @Test
    void recordingsResumedFromACheckpointEqualAnUninterruptedRun() throws IOException {
        Path fe = tmp.resolve("full-e.npy"), fv = tmp.resolve("full-v.npy"), pe = tmp.resolve("e.npy"), pv = tmp.resolve("v.npy");
        Path ck = tmp.resolve("c.ckpt");
        assertEquals(0, snn(demo("--spike-events", fe.toString(), "--record-v", "1-20", "--traces", fv.toString())).status());
        String[] part = demo("--spike-events", pe.toString(), "--record-v", "1-20", "--traces", pv.toString(), "--checkpoint",
                ck.toString(), "--checkpoint-every", "50");
        // the process dies at step 250 (here: an error after the chunk, before its checkpoint), so the last
        // checkpoint is that of step 200: the
        // partial files hold 50 steps more than the checkpoint counted, which the resumed run cuts off
        RunLoop.hook = (t, ctrlC) -> {
            if (t == 250) {
                throw new IllegalStateException("simulated crash at step 250");
            }
        };
        CliTest.Result b;
        try {
            b = snn(part);
        } finally {
            RunLoop.hook = null;
        }
        assertTrue(b.err().contains("simulated crash"), b.err());
        assertFalse(Files.exists(pe) || Files.exists(pv), "nothing that looks complete");
        assertTrue(Files.size(tmp.resolve("e.npy.partial")) > 128 && Files.size(tmp.resolve("v.npy.partial")) == 128 + 250 * 20 * 4,
                "the partial files hold the steps to 250");
        assertEquals("200", Checkpoint.read(ck, "demo").metadata().get("step"));
        CliTest.Result c = snn(concat(part, "--resume", ck.toString()));
        assertEquals(0, c.status(), c.err());
        assertArrayEquals(Files.readAllBytes(fe), Files.readAllBytes(pe), "events byte for byte");
        assertArrayEquals(Files.readAllBytes(fv), Files.readAllBytes(pv), "traces byte for byte");
        assertFalse(Files.exists(tmp.resolve("e.npy.partial")) || Files.exists(tmp.resolve("v.npy.partial")));
    }

    @Test
    void resumingARecordingTheCheckpointsRunDidNotMakeIsRefused() throws IOException {
        Path ck = tmp.resolve("c.ckpt");
        assertEquals(Main.INTERRUPTED, snn(demo("--checkpoint", ck.toString(), "--stop-after", "100")).status());
        usageError(snn(demo("--resume", ck.toString(), "--spike-events", tmp.resolve("e.npy").toString())),
                "--spike-events: the checkpoint " + ck + " was made without --spike-events, so the recording of its first 100 steps "
                        + "is missing");
        Path ck2 = tmp.resolve("d.ckpt");
        CliTest.Result stopped = snn(demo("--checkpoint", ck2.toString(), "--stop-after", "100", "--record-v", "3",
                "--traces", tmp.resolve("v.npy").toString()));
        assertEquals(Main.INTERRUPTED, stopped.status());
        assertTrue(stopped.err().contains("partial outputs kept as " + tmp.resolve("v.npy.partial") + " for --resume " + ck2),
                stopped.err());
        usageError(snn(demo("--resume", ck2.toString(), "--record-v", "4", "--traces", tmp.resolve("v.npy").toString())),
                "--record-v 4 differs from the interrupted run's --record-v 3");
        Files.delete(tmp.resolve("v.npy.partial"));
        usageError(snn(demo("--resume", ck2.toString(), "--record-v", "3", "--traces", tmp.resolve("v.npy").toString())),
                "cannot continue the interrupted run's recording");
        // the run without the recording resumes fine
        assertEquals(0, snn(demo("--resume", ck2.toString())).status());
    }

    @Test
    void anInterruptedRunWithoutACheckpointLeavesNoRecording() throws IOException {
        CliTest.Result r = snn(demo("--spike-events", tmp.resolve("e.npy").toString(), "--record-v", "0", "--traces",
                tmp.resolve("v.npy").toString(), "--stop-after", "50"));
        assertEquals(Main.INTERRUPTED, r.status());
        assertTrue(r.err().contains("partial outputs removed"), r.err());
        assertEquals(List.of(), files());
    }

    @Test
    void badRecordingOptionsAreRefusedBeforeSimulating() throws IOException {
        String v = tmp.resolve("v.npy").toString();
        usageError(snn(demo("--record-v", "0,1000", "--traces", v)), "--record-v 0,1000: neuron 1000 is outside [0, 1000)");
        usageError(snn(demo("--record-v", "5,3-6", "--traces", v)), "--record-v 5,3-6: neuron 5 is listed twice");
        usageError(snn(demo("--record-v", "10-5", "--traces", v)), "the range 10-5 runs backwards");
        usageError(snn(demo("--record-v", "1,,2", "--traces", v)), "'' is not a neuron index or a range like 100-110");
        usageError(snn(demo("--record-v", "-3", "--traces", v)), "'-3' is not a neuron index");
        usageError(snn(demo("--record-v", "99999999999", "--traces", v)), "is not a neuron index");
        usageError(snn(demo("--record-v", "1")), "--record-v needs --traces FILE");
        usageError(snn(demo("--traces", v)), "--traces needs --record-v LIST");
        usageError(snn(demo("--spike-events", tmp.resolve("e.csv").toString())), "--spike-events " + tmp.resolve("e.csv")
                + ": the file name must end in .npy");
        usageError(snn(demo("--spike-events", v, "--record-v", "1", "--traces", v)), "--traces " + v + " is also --spike-events");
        usageError(snn("demo", "--quiet", "--neurons", "3000", "--steps", "10", "--out", tmp.resolve("r.png").toString(), "--spikes",
                tmp.resolve("s.npy").toString()), "use --spike-events FILE");
        assertEquals(List.of(), files(), "nothing written");
    }

    @Test
    void aLargerNetworksRasterIsASampleAndSaysSo() throws IOException {
        Path ck = tmp.resolve("c.ckpt");
        CliTest.Result r = snn("demo", "--quiet", "--neurons", "2500", "--steps", "200", "--out", tmp.resolve("r.png").toString(),
                "--checkpoint", ck.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("raster       " + tmp.resolve("r.png") + " (raster: 2000 of 2500 neurons, evenly spaced)"), r.out());
        // the checkpoint keeps the sample's spikes and one set of accumulators per neuron, not every spike
        Checkpoint c = Checkpoint.read(ck, "demo");
        assertEquals(2500, c.ints().get("stats.count").length);
        int[] sampled = new RasterSample(2500).neuronIds();
        assertTrue(c.ints().get("spikes.neuron").length > 100, "the sample's spikes are kept");
        for (int j : c.ints().get("spikes.neuron")) {
            assertTrue(java.util.Arrays.binarySearch(sampled, j) >= 0, "neuron " + j + " is in the sample");
        }
    }

    @Test
    void anOlderCheckpointWithEverySpikeStillResumes() throws IOException {
        Path ck = tmp.resolve("c.ckpt"), old = tmp.resolve("old.ckpt");
        CliTest.Result full = snn(demo());
        assertEquals(Main.INTERRUPTED, snn(demo("--checkpoint", ck.toString(), "--stop-after", "200")).status());
        // the demo's checkpoints before the accumulators: every spike (here all 1000 neurons are the sample), no stats.*
        Checkpoint c = Checkpoint.read(ck, "demo");
        java.util.Map<String, int[]> ints = new java.util.LinkedHashMap<>(c.ints());
        ints.keySet().removeIf(k -> k.startsWith("stats."));
        java.util.Map<String, String> meta = new java.util.LinkedHashMap<>(c.metadata());
        meta.remove("stats.spikes");
        meta.remove("format");
        new Checkpoint(c.tensors(), ints, meta).write(old);
        CliTest.Result resumed = snn(demo("--resume", old.toString()));
        assertEquals(0, resumed.status(), resumed.err());
        List<String> lines = full.out().lines().filter(l -> l.contains("rates") || l.contains("CV") || l.contains("spikes  ")).toList();
        assertEquals(3, lines.size(), full.out());
        assertEquals(lines, resumed.out().lines().filter(l -> l.contains("rates") || l.contains("CV") || l.contains("spikes  ")).toList());
        // a spike of a neuron twice at one step is refused
        int[] times = ints.get("spikes.time").clone(), neurons = ints.get("spikes.neuron");
        int q = 0;
        while (neurons[q] != neurons[q + 1]) {
            q++;
        }
        times[q + 1] = times[q];
        ints.put("spikes.time", times);
        new Checkpoint(c.tensors(), ints, meta).write(old);
        usageError(snn(demo("--resume", old.toString())), "is not after the neuron's previous spike");
    }

    @Test
    void neuronListsAreParsedInOrderAndDescribedCompactly() {
        assertArrayEquals(new int[] {0, 5, 100, 101, 102, 7}, DemoCommand.parseNeurons("--record-v", "0, 5,100-102,7", 200));
        assertEquals("0,5,100-102,7", DemoCommand.describeNeurons(new int[] {0, 5, 100, 101, 102, 7}));
        assertArrayEquals(new int[] {199}, DemoCommand.parseNeurons("--record-v", "199-199", 200));
    }
}
