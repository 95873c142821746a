package io.snn4j.cli;

import static io.snn4j.cli.CliTest.concat;
import static io.snn4j.cli.CliTest.snn;
import static io.snn4j.cli.CliTest.usageError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.io.NumPy;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output files: never complete-looking after an interrupted run, checked before a run starts, never
 * replacing a folder or an input.
 */
class OutputsTest {
    @TempDir
    Path tmp;

    private String[] digitsRun(Path in, Path out) throws IOException {
        Path dir = TrainCommandTest.resources();
        Tensor x = NumPy.readNpy(dir.resolve("test_inputs.npy")).toTensor();
        NumPy.writeNpy(in, Tensor.of(java.util.Arrays.copyOf(x.toArray(), 2 * 64), 2, 64));
        return new String[] {"run", "--quiet", "--model", dir.resolve("model.json").toString(), "--input", in.toString(),
            "--steps", "30", "--output", out.toString()};
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anInterruptedRunWithoutCheckpointLeavesNoOutputThatLooksComplete() throws IOException {
        Path in = tmp.resolve("in.npy"), out = tmp.resolve("out.npy"), layers = tmp.resolve("layers");
        CliTest.Result r = snn(concat(digitsRun(in, out), "--layer-outputs", layers.toString(), "--stop-after", "12"));
        assertEquals(Main.INTERRUPTED, r.status(), r.err());
        assertFalse(Files.exists(out), "no out.npy after an interrupted run");
        assertEquals(List.of("in.npy", "layers"), files(), "no partial files either");
        try (Stream<Path> s = Files.list(layers)) {
            assertEquals(0, s.count(), "no layer files");
        }
        assertTrue(r.err().contains("interrupted at step 12 (no --checkpoint given); no output written"), r.err());
    }

    @Test
    void anInterruptedRunWithCheckpointKeepsAPartialFileThatSaysSoAndResumeCompletesIt() throws IOException {
        Path in = tmp.resolve("in.npy"), out = tmp.resolve("out.npy"), ck = tmp.resolve("r.ckpt");
        String[] run = concat(digitsRun(in, out), "--checkpoint", ck.toString());
        CliTest.Result r = snn(concat(run, "--stop-after", "12"));
        assertEquals(Main.INTERRUPTED, r.status(), r.err());
        assertFalse(Files.exists(out));
        assertTrue(Files.exists(tmp.resolve("out.npy.partial")));
        assertTrue(r.err().contains("partial outputs kept as " + tmp.resolve("out.npy.partial")), r.err());
        assertEquals(0, snn(concat(run, "--resume", ck.toString())).status());
        assertArrayEquals(new int[] {30, 2, 10}, NumPy.readNpy(out).shape());
        assertFalse(Files.exists(tmp.resolve("out.npy.partial")), "the partial file became out.npy");
    }

    @Test
    void theOutputCannotBeTheInput() throws IOException {
        Path in = tmp.resolve("in.npy");
        String[] run = digitsRun(in, in);
        byte[] before = Files.readAllBytes(in);
        usageError(snn(run), "--output " + in + " is also --input");
        assertArrayEquals(before, Files.readAllBytes(in), "the input is untouched");
        // also through another spelling of the same path
        usageError(snn(digitsRun(in, tmp.resolve(".").resolve("in.npy"))), "is also --input");
        assertArrayEquals(before, Files.readAllBytes(in));
    }

    @Test
    void aFolderIsNeverReplacedByAnOutputFile() throws IOException {
        Path folder = Files.createDirectory(tmp.resolve("raster.png"));
        usageError(snn("demo", "--quiet", "--neurons", "100", "--steps", "10", "--out", folder.toString()), "is a folder");
        assertTrue(Files.isDirectory(folder), "the (empty) folder is still there");
        Path spikes = Files.createDirectory(tmp.resolve("s.npy"));
        usageError(snn("demo", "--quiet", "--neurons", "100", "--steps", "10", "--out", tmp.resolve("r.png").toString(),
                "--spikes", spikes.toString()), "--spikes " + spikes + " is a folder");
        assertTrue(Files.isDirectory(spikes));
        Path npyFolder = Files.createDirectory(tmp.resolve("o.npy"));
        usageError(snn(digitsRun(tmp.resolve("in.npy"), npyFolder)), "--output " + npyFolder + " is a folder");
        assertTrue(Files.isDirectory(npyFolder));
        Tensor s = Tensor.zeros(10, 3);
        NumPy.writeNpy(tmp.resolve("sp.npy"), s);
        usageError(snn("plot", tmp.resolve("sp.npy").toString(), "--out", folder.toString()), "is a folder");
        assertTrue(Files.isDirectory(folder));
        assertFalse(Files.exists(tmp.resolve("r.png")), "nothing was simulated and written");
    }

    @Test
    void outputsThatCannotBeWrittenAreRefusedBeforeSimulatingNamingThePath() throws IOException {
        Path missing = tmp.resolve("no-such-folder").resolve("r.png");
        long t0 = System.nanoTime();
        // a run that would take long: refused at once
        usageError(snn("demo", "--quiet", "--steps", "1000000", "--out", missing.toString()), missing.getParent().toString());
        assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "refused before simulating");
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        usageError(snn("demo", "--quiet", "--steps", "1000000", "--out", file.resolve("r.png").toString()),
                file + " is not a folder");
        usageError(snn("demo", "--quiet", "--steps", "1000000", "--out", tmp.resolve("r.png").toString(), "--spikes",
                missing.resolveSibling("s.npy").toString()), "does not exist");
        usageError(snn("demo", "--quiet", "--steps", "1000000", "--out", tmp.resolve("r.png").toString(), "--checkpoint",
                missing.resolveSibling("c.ckpt").toString()), "--checkpoint " + missing.resolveSibling("c.ckpt"));
        usageError(snn(digitsRun(tmp.resolve("in.npy"), missing.resolveSibling("o.npy"))), "does not exist");
        usageError(snn(concat(digitsRun(tmp.resolve("in.npy"), tmp.resolve("o.npy")), "--layer-outputs", file.toString())),
                "--layer-outputs " + file + " exists and is not a folder");
        assertEquals(List.of("in.npy", "plain-file"), files(), "nothing written");
    }

    @Test
    void theDemoWritesItsFilesOnlyWhenComplete() throws IOException {
        Path png = tmp.resolve("r.png"), spikes = tmp.resolve("s.npy");
        CliTest.Result r = snn("demo", "--quiet", "--neurons", "100", "--steps", "300", "--out", png.toString(), "--spikes",
                spikes.toString(), "--stop-after", "100");
        assertEquals(Main.INTERRUPTED, r.status());
        assertEquals(List.of(), files(), "an interrupted demo writes no raster and no spike file");
        assertEquals(0, snn("demo", "--quiet", "--neurons", "100", "--steps", "30", "--out", png.toString(), "--spikes",
                spikes.toString()).status());
        assertEquals(List.of("r.png", "s.npy"), files(), "no temporary files left");
    }

    @Test
    void layerOutputsDoNotReadTheInputAgain() throws IOException {
        // the input disappears once the first layer output is written: a re-read (once per stateful layer, as
        // before) would fail; the run reads it once, before the first step
        Path in = tmp.resolve("in.npy"), out = tmp.resolve("out.npy"), layers = tmp.resolve("layers");
        NumPy.writeNpy(in, Tensor.full(0.5f, 30, 2, 64));   // time-first: the old code re-read it for its length
        String[] run = {"run", "--quiet", "--model", TrainCommandTest.resources().resolve("model.json").toString(), "--input",
            in.toString(), "--output", out.toString(), "--layer-outputs", layers.toString()};
        OutputFile.writeHook = (target, t) -> Files.deleteIfExists(in);
        try {
            CliTest.Result r = snn(run);
            assertEquals(0, r.status(), r.err());
        } finally {
            OutputFile.writeHook = null;
        }
        assertFalse(Files.exists(in));
        assertArrayEquals(new int[] {30, 2, 128}, NumPy.readNpy(layers.resolve("layer1.npy")).shape());
        assertArrayEquals(new int[] {30, 2, 10}, NumPy.readNpy(layers.resolve("layer3.npy")).shape());
    }
}
