package io.snn4j.cli;

import static io.snn4j.cli.CliTest.snn;
import static io.snn4j.cli.CliTest.usageError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.io.NumPy;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write failures (a full disk) name the file and leave nothing that looks complete; spike files are streamed. */
class OutputFileTest {
    @TempDir
    Path tmp;

    @AfterEach
    void noHooks() {
        OutputFile.writeHook = null;
    }

    @Test
    void aFullDiskNamesTheFileAndLeavesNoFullSizeFile() throws IOException {
        Path dir = TrainCommandTest.resources();
        Tensor x = NumPy.readNpy(dir.resolve("test_inputs.npy")).toTensor();
        Path in = tmp.resolve("in.npy"), out = tmp.resolve("out.npy");
        NumPy.writeNpy(in, Tensor.of(java.util.Arrays.copyOf(x.toArray(), 2 * 64), 2, 64));
        OutputFile.writeHook = (target, t) -> {
            if (t == 18 && target.equals(out)) {
                throw new IOException("No space left on device");
            }
        };
        CliTest.Result r = snn("run", "--quiet", "--model", dir.resolve("model.json").toString(), "--input", in.toString(),
                "--steps", "30", "--output", out.toString());
        usageError(r, "--output " + out + ": writing step 18 failed (No space left on device)");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("in.npy"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void spikeFilesAreWrittenInBlocksOfRows() throws IOException {
        // 3 neurons over 10 steps, written with blocks of 4 rows (the last block partial)
        List<int[]> times = new ArrayList<>(List.of(new int[] {0, 3, 4, 9}, new int[0], new int[] {5, 8}));
        Path f = tmp.resolve("s.npy");
        DemoCommand.writeSpikes(times, 10, 3, f, 4 * 3 * 4);
        Tensor s = NumPy.readNpy(f).toTensor();
        Tensor expected = Tensor.zeros(10, 3);
        for (int j = 0; j < 3; j++) {
            for (int t : times.get(j)) {
                expected.set(1f, t, j);
            }
        }
        assertEquals(expected, s);
        assertFalse(Files.exists(OutputFile.partial(f)));
        assertTrue(Files.isRegularFile(f));
    }

    /** A 4 x 4 white image. */
    private static java.awt.image.BufferedImage image() {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, 0xffffff);
            }
        }
        return img;
    }

    @Test
    void aPngSnnWroteSaysSoAndOthersDoNot() throws IOException {
        byte[] ours = OutputFile.png(image());
        Path mine = tmp.resolve("ours.png");
        Files.write(mine, ours);
        assertTrue(OutputFile.writtenBySnn(mine), "the Software text comes before the image data");
        assertEquals(image().getRGB(1, 1), javax.imageio.ImageIO.read(mine.toFile()).getRGB(1, 1), "still a plain PNG");

        Path plain = tmp.resolve("plain.png");
        assertTrue(javax.imageio.ImageIO.write(image(), "png", plain.toFile()));
        assertFalse(OutputFile.writtenBySnn(plain), "a PNG another program wrote");
        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "my own notes");
        assertFalse(OutputFile.writtenBySnn(text), "not a PNG");
        Path cut = tmp.resolve("cut.png");
        Files.write(cut, java.util.Arrays.copyOf(ours, 40)); // the signature and the header chunk, no text
        assertFalse(OutputFile.writtenBySnn(cut), "a PNG that ends before its text");
        assertFalse(OutputFile.writtenBySnn(tmp.resolve("missing.png")));
    }

    @Test
    void aDefaultOutputReplacesOnlyAFileSnnWrote() throws IOException {
        Path user = tmp.resolve("raster.png");
        Files.writeString(user, "my own drawing");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OutputFile.checkDefault("--out", user, false));
        assertTrue(e.getMessage().contains(user + " exists and is not a plot snn wrote, so it is not replaced")
                && e.getMessage().contains("--out"), e.getMessage());
        assertEquals("my own drawing", Files.readString(user));
        OutputFile.checkDefault("--out", user, true); // named on the command line: replaced, as asked

        Files.write(user, OutputFile.png(image()));
        OutputFile.checkDefault("--out", user, false); // an earlier run's plot
        OutputFile.checkDefault("--output", tmp.resolve("output.npy"), false); // nothing there yet
        Path npy = tmp.resolve("output.npy");
        NumPy.writeNpy(npy, Tensor.zeros(2, 3));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OutputFile.checkDefault("--output", npy, false), "an .npy is never known to be snn's");

        // a link of that name is the user's, even to a plot snn wrote, and even when it leads nowhere
        Path link = tmp.resolve("link.png"), dangling = tmp.resolve("dangling.png");
        Files.createSymbolicLink(link, user);
        Files.createSymbolicLink(dangling, tmp.resolve("nothing-here.png"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OutputFile.checkDefault("--out", link, false));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OutputFile.checkDefault("--out", dangling, false));
    }
}
