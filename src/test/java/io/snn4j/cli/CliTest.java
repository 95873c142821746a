package io.snn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.io.NumPy;
import io.snn4j.io.SafeTensors;
import io.snn4j.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {
    }

    static Result snn(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Result(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    static void usageError(Result r, String mustMention) {
        assertEquals(Main.USAGE, r.status, r.out + r.err);
        assertTrue(r.err.contains(mustMention), "stderr should mention '" + mustMention + "': " + r.err);
        assertFalse(r.err.contains("\tat "), "no stack trace without --verbose: " + r.err);
        assertTrue(r.err.strip().lines().count() <= 2, "one clear line: " + r.err);
    }

    @AfterEach
    void noCrashHook() {
        Checkpoint.crashHook = null;
    }

    @Test
    void demoIsInTheAsynchronousIrregularRegime() {
        BalancedNetwork net = new BalancedNetwork(1000, 0.001, 42, 2);
        var state = net.initialState();
        var spikes = net.advance(state, 1000);
        List<int[]> times = new ArrayList<>();
        List<List<Integer>> lists = new ArrayList<>();
        for (int j = 0; j < 1000; j++) {
            lists.add(new ArrayList<>());
        }
        for (int t = 0; t < 1000; t++) {
            for (int j : spikes.indices(t)) {
                lists.get(j).add(t);
            }
        }
        for (List<Integer> l : lists) {
            times.add(l.stream().mapToInt(Integer::intValue).toArray());
        }
        SpikeStats.Stats s = SpikeStatsTest.fromSpikeLists(times, net.excitatory, 1000, 100, 0.001);
        assertTrue(s.rateExcitatory() > 1 && s.rateExcitatory() < 50, "excitatory rate " + s.rateExcitatory());
        assertTrue(s.rateInhibitory() > 1 && s.rateInhibitory() < 50, "inhibitory rate " + s.rateInhibitory());
        assertTrue(s.cv() > 0.5, "CV " + s.cv());
        assertEquals(180_000, net.synapses);
    }

    @Test
    void demoPrintsWhatItDidAndDrawsTheRaster() throws IOException {
        Path png = tmp.resolve("raster.png");
        Result r = snn("demo", "--quiet", "--out", png.toString(), "--steps", "500");
        assertEquals(0, r.status, r.err);
        for (String s : new String[] {"neurons      1000 (800 excitatory, 200 inhibitory)", "synapses", "steps        500",
            "kernels", "threads", "rates        excitatory", "ISI CV", "spikes", "neuron-steps/s", "raster"}) {
            assertTrue(r.out.contains(s), "missing '" + s + "' in\n" + r.out);
        }
        assertTrue(r.out.matches("(?s).*\\n  first result \\d+\\.\\d\\d s from JVM launch to the first steps simulated\\R.*"),
                "no time to first result in\n" + r.out);
        assertTrue(r.out.matches("(?s).*\\n  memory       synapses \\d+ MiB, peak Java heap in use \\d+(\\.\\d)? [MG]iB "
                + "\\(estimated \\d+(\\.\\d)? [MG]iB before building; the JVM may use .*"), "no memory line in\n" + r.out);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(RasterPlot.WIDTH, img.getWidth());
        assertEquals(RasterPlot.HEIGHT, img.getHeight());
    }

    @Test
    void rasterDrawsSpikesWhereTheArraySaysWithAxes() {
        // neuron 0 (excitatory) fires at step 10; neuron 3 (inhibitory) at 50
        List<int[]> times = List.of(new int[] {10}, new int[0], new int[0], new int[] {50});
        BufferedImage img = RasterPlot.draw(times, 100, 0.001, 2, "test");
        // the time axis runs 0..100 ms over the plot width; the neuron axis 0..4 (round ticks) over its height
        int w = RasterPlot.RIGHT - RasterPlot.LEFT, h = RasterPlot.RASTER_BOTTOM - 1 - RasterPlot.RASTER_TOP;
        int x10 = RasterPlot.LEFT + Math.round(0.1f * w), y0 = RasterPlot.RASTER_BOTTOM - 1;
        int x50 = RasterPlot.LEFT + w / 2, y3 = RasterPlot.RASTER_BOTTOM - 1 - Math.round(0.75f * h);
        assertEquals(RasterPlot.EXCITATORY.getRGB(), img.getRGB(x10, y0));
        assertEquals(RasterPlot.INHIBITORY.getRGB(), img.getRGB(x50, y3));
        // nothing else in the raster area at those rows/columns
        assertEquals(0xFFFFFFFF, img.getRGB(x50, y0));
        // axes: the y axis and the x axis of the raster are black lines
        for (int y = RasterPlot.RASTER_TOP; y < RasterPlot.RASTER_BOTTOM; y += 37) {
            assertEquals(RasterPlot.AXIS.getRGB(), img.getRGB(RasterPlot.LEFT, y), "y axis at " + y);
        }
        for (int x = RasterPlot.LEFT; x < RasterPlot.RIGHT; x += 41) {
            assertEquals(RasterPlot.AXIS.getRGB(), img.getRGB(x, RasterPlot.RASTER_BOTTOM), "x axis at " + x);
            assertEquals(RasterPlot.AXIS.getRGB(), img.getRGB(x, RasterPlot.RATE_BOTTOM), "rate x axis at " + x);
        }
    }

    @Test
    void plotCommandReadsASavedSpikeArray() throws IOException {
        Tensor s = Tensor.zeros(100, 4);
        s.set(1f, 10, 0);
        s.set(1f, 50, 3);
        Path f = tmp.resolve("s.npy"), png = tmp.resolve("p.png");
        NumPy.writeNpy(f, s);
        Result r = snn("plot", f.toString(), "--out", png.toString(), "--excitatory", "2");
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("4 neurons, 100 steps, 2 spikes"), r.out);
        BufferedImage img = ImageIO.read(png.toFile());
        int w = RasterPlot.RIGHT - RasterPlot.LEFT;
        assertEquals(RasterPlot.EXCITATORY.getRGB(), img.getRGB(RasterPlot.LEFT + Math.round(0.1f * w), RasterPlot.RASTER_BOTTOM - 1));
    }

    @Test
    void demoResumedFromACheckpointEqualsAnUninterruptedRun() throws IOException {
        Path full = tmp.resolve("full.ckpt"), part = tmp.resolve("part.ckpt");
        Path fullSpikes = tmp.resolve("full.npy"), partSpikes = tmp.resolve("part.npy");
        // 1000 neurons: smaller networks of this construction stay silent, and silent runs would compare zeros
        String[] common = {"demo", "--quiet", "--neurons", "1000", "--steps", "400", "--out", tmp.resolve("r.png").toString()};
        Result a = snn(concat(common, "--checkpoint", full.toString(), "--spikes", fullSpikes.toString()));
        assertEquals(0, a.status, a.err);
        Result b = snn(concat(common, "--checkpoint", part.toString(), "--checkpoint-every", "100", "--stop-after", "250"));
        assertEquals(Main.INTERRUPTED, b.status, b.err);
        assertTrue(b.err.contains("interrupted at step 250"), b.err);
        assertEquals("250", Checkpoint.read(part, "demo").metadata().get("step"));
        Result c = snn(concat(common, "--resume", part.toString(), "--checkpoint", part.toString(), "--spikes", partSpikes.toString()));
        assertEquals(0, c.status, c.err);
        assertEquals(NumPy.readNpy(fullSpikes).toTensor(), NumPy.readNpy(partSpikes).toTensor(), "spikes bit for bit");
        assertTrue(NumPy.readNpy(fullSpikes).toTensor().countNonZero() > 1000, "the network fires");
        Checkpoint x = Checkpoint.read(full, "demo"), y = Checkpoint.read(part, "demo");
        assertEquals(x.tensors().keySet(), y.tensors().keySet());
        for (String k : x.tensors().keySet()) {
            assertEquals(x.tensors().get(k), y.tensors().get(k), "final " + k);
        }
        assertEquals(x.ints().keySet(), y.ints().keySet());
        for (String k : x.ints().keySet()) {
            assertArrayEquals(x.ints().get(k), y.ints().get(k), "final " + k);
        }
        assertEquals(x.metadata().get("rng"), y.metadata().get("rng"));
        // the printed statistics agree too
        assertEquals(a.out.lines().filter(l -> l.contains("rates") || l.contains("CV")).toList(),
                c.out.lines().filter(l -> l.contains("rates") || l.contains("CV")).toList());
    }

    @Test
    void aCrashDuringACheckpointWriteLeavesThePreviousOneIntact() throws IOException {
        Path ckpt = tmp.resolve("c.ckpt");
        String[] common = {"demo", "--quiet", "--neurons", "200", "--steps", "300", "--out", tmp.resolve("r.png").toString(),
            "--checkpoint", ckpt.toString(), "--checkpoint-every", "100"};
        // the second checkpoint write dies half way through, as if the process were killed
        int[] writes = {0};
        Checkpoint.crashHook = temporary -> {
            if (++writes[0] == 2) {
                throw new IOException("simulated crash while writing " + temporary);
            }
        };
        Result r = snn(common);
        assertEquals(Main.USAGE, r.status);
        assertTrue(r.err.contains("simulated crash"), r.err);
        Checkpoint previous = Checkpoint.read(ckpt, "demo");
        assertEquals("100", previous.metadata().get("step"), "the checkpoint of step 100 is intact");
        Checkpoint.crashHook = null;
        // and the run continues from it to the same end as an uninterrupted run
        Path full = tmp.resolve("full.ckpt");
        assertEquals(0, snn("demo", "--quiet", "--neurons", "200", "--steps", "300", "--out", tmp.resolve("r2.png").toString(),
                "--checkpoint", full.toString()).status);
        assertEquals(0, snn(concat(common, "--resume", ckpt.toString())).status);
        assertEquals(Checkpoint.read(full, "demo").tensors().get("state.v"), Checkpoint.read(ckpt, "demo").tensors().get("state.v"));
        try (var s = Files.list(tmp)) {
            assertEquals(0, s.filter(p -> p.toString().endsWith(".tmp")).count(), "stale temporary files are removed");
        }
    }

    @Test
    void runWritesOutputsAndResumesBitForBit() throws IOException {
        Path dir = Path.of(getClass().getResource("/digits/model.json").getPath()).getParent();
        Tensor x = NumPy.readNpy(dir.resolve("test_inputs.npy")).toTensor();
        Tensor few = Tensor.of(java.util.Arrays.copyOf(x.toArray(), 8 * 64), 8, 64);
        Path in = tmp.resolve("in.npy");
        NumPy.writeNpy(in, few);
        Path out1 = tmp.resolve("o1.npy"), out2 = tmp.resolve("o2.npy"), layers1 = tmp.resolve("l1"), layers2 = tmp.resolve("l2");
        Path ck1 = tmp.resolve("r1.ckpt"), ck2 = tmp.resolve("r2.ckpt");
        String model = dir.resolve("model.json").toString();
        Result a = snn("run", "--quiet", "--model", model, "--input", in.toString(), "--steps", "32", "--output", out1.toString(),
                "--layer-outputs", layers1.toString(), "--checkpoint", ck1.toString());
        assertEquals(0, a.status, a.err);
        Tensor y = NumPy.readNpy(out1).toTensor();
        assertArrayEquals(new int[] {32, 8, 10}, y.shape());
        // Norse's logits for these 8 samples: max over time
        Tensor logits = NumPy.readNpy(dir.resolve("test_logits.npy")).toTensor();
        for (int s = 0; s < 8; s++) {
            for (int c = 0; c < 10; c++) {
                float m = Float.NEGATIVE_INFINITY;
                for (int t = 0; t < 32; t++) {
                    m = Math.max(m, y.get(t, s, c));
                }
                assertEquals(logits.get(s, c), m, 1e-4);
            }
        }
        assertArrayEquals(new int[] {32, 8, 128}, NumPy.readNpy(layers1.resolve("layer1.npy")).shape());
        // interrupted at step 13, then resumed
        Result b = snn("run", "--quiet", "--model", model, "--input", in.toString(), "--steps", "32", "--output", out2.toString(),
                "--layer-outputs", layers2.toString(), "--checkpoint", ck2.toString(), "--stop-after", "13");
        assertEquals(Main.INTERRUPTED, b.status, b.err);
        Result c = snn("run", "--quiet", "--model", model, "--input", in.toString(), "--steps", "32", "--output", out2.toString(),
                "--layer-outputs", layers2.toString(), "--checkpoint", ck2.toString(), "--resume", ck2.toString());
        assertEquals(0, c.status, c.err);
        assertEquals(y, NumPy.readNpy(out2).toTensor());
        assertEquals(NumPy.readNpy(layers1.resolve("layer1.npy")).toTensor(), NumPy.readNpy(layers2.resolve("layer1.npy")).toTensor());
        Checkpoint f1 = Checkpoint.read(ck1, "run"), f2 = Checkpoint.read(ck2, "run");
        for (String k : f1.tensors().keySet()) {
            assertEquals(f1.tensors().get(k), f2.tensors().get(k), k);
        }
    }

    @Test
    void runTakesTheSparsePathForSpikeInput() throws IOException {
        // a LIFRecurrentCell model fed 0/1 spikes: same outputs as the dense path of the library
        Path dir = tmp;
        Files.writeString(dir.resolve("m.json"), "{\"dt\": 0.001, \"layers\": [{\"type\": \"Linear\", \"weight\": \"w\"},"
                + "{\"type\": \"LIFCell\"}]}");
        java.util.Map<String, Tensor> w = new java.util.LinkedHashMap<>();
        Tensor weight = Tensor.zeros(6, 4);
        for (int k = 0; k < 24; k++) {
            weight.data()[k] = (k % 5) * 0.7f;
        }
        w.put("w", weight);
        SafeTensors.write(dir.resolve("w.safetensors"), w, java.util.Map.of());
        Tensor spikes = Tensor.zeros(20, 2, 4);
        for (int k = 0; k < spikes.size(); k += 3) {
            spikes.data()[k] = 1f;
        }
        NumPy.writeNpy(dir.resolve("s.npy"), spikes);
        Result r = snn("run", "--quiet", "--model", dir.resolve("m.json").toString(), "--weights", dir.resolve("w.safetensors").toString(),
                "--input", dir.resolve("s.npy").toString(), "--output", dir.resolve("o.npy").toString());
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("spike input"), r.out);
        var net = io.snn4j.io.ModelLoader.load(dir.resolve("m.json"), dir.resolve("w.safetensors")).network();
        assertEquals(net.run(spikes, null).output(), NumPy.readNpy(dir.resolve("o.npy")).toTensor());
    }

    @Test
    void benchPrintsThroughputPerWorkloadAndThreadCount() {
        Result r = snn("bench", "--seconds", "0.05", "--threads", "1,2");
        assertEquals(0, r.status, r.err);
        assertTrue(r.out.contains("not JMH") && r.out.contains("scripts/bench"), r.out);
        assertEquals(6, r.out.lines().filter(l -> l.matches(".*\\s[12]\\s+\\d.*")).count(), r.out);
    }

    @Test
    void userErrorsPrintOneLineAndExit2() throws IOException {
        usageError(snn("demo", "--neurons", "3"), "--neurons must be between 10 and");
        usageError(snn("demo", "--bogus"), "Unknown option: '--bogus'");
        usageError(snn("demo", "--steps", "abc"), "--steps");
        usageError(snn("demo", "--checkpoint-every", "10"), "--checkpoint");
        usageError(snn("demo", "--resume", tmp.resolve("none.ckpt").toString()), "no such checkpoint");
        usageError(snn(), "missing command");
        usageError(snn("frobnicate"), "frobnicate");
        usageError(snn("run", "--input", "x.npy"), "--model");
        usageError(snn("run", "--model", tmp.resolve("nope.json").toString(), "--input", "x.npy"), "no such file");
        Path dir = Path.of(getClass().getResource("/digits/model.json").getPath()).getParent();
        Path bad = tmp.resolve("bad.npy");
        NumPy.writeNpy(bad, Tensor.zeros(5, 2, 63));
        usageError(snn("run", "--quiet", "--model", dir.resolve("model.json").toString(), "--input", bad.toString(), "--output",
                tmp.resolve("o.npy").toString()), "in_features = 64");
        usageError(snn("run", "--model", dir.resolve("model.json").toString(), "--input", bad.toString(), "--dt", "0.002"), "--dt");
        Path notSpikes = tmp.resolve("v.npy");
        NumPy.writeNpy(notSpikes, Tensor.full(0.5f, 3, 2));
        usageError(snn("plot", notSpikes.toString(), "--out", tmp.resolve("p.png").toString()), "a spike array holds 0 and 1");
        usageError(snn("plot", tmp.resolve("missing.npy").toString()), "no such file");
        usageError(snn("plot"), "SPIKES.npy");
        usageError(snn("bench", "--seconds", "-1"), "--seconds");
        usageError(snn("bench", "--threads", "0"), "threads");
        // a checkpoint of another configuration
        Path ck = tmp.resolve("c.ckpt");
        assertEquals(Main.INTERRUPTED, snn("demo", "--quiet", "--neurons", "100", "--steps", "50", "--out",
                tmp.resolve("r.png").toString(), "--checkpoint", ck.toString(), "--stop-after", "20").status);
        usageError(snn("demo", "--quiet", "--neurons", "120", "--steps", "50", "--resume", ck.toString()), "neurons = 100");
        // --verbose shows the stack trace
        Result v = snn("demo", "--neurons", "3", "--verbose");
        assertEquals(Main.USAGE, v.status);
        assertTrue(v.err.contains("\tat "), v.err);
        // help for every subcommand
        for (String c : new String[] {"demo", "run", "bench", "plot"}) {
            Result h = snn(c, "--help");
            assertEquals(0, h.status);
            assertTrue(h.out.contains("Usage: snn " + c), h.out);
        }
        assertThrows(IllegalArgumentException.class, () -> new BalancedNetwork(5, 0.001, 1, 1));
    }

    static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
