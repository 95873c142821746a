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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages that used to be cryptic or missing, and options that used to be ignored silently. */
class CliErrorsTest {
    @TempDir
    Path tmp;

    private Path input(int features) throws IOException {
        Path in = tmp.resolve("in" + features + ".npy");
        NumPy.writeNpy(in, Tensor.full(0.5f, 2, features));
        return in;
    }

    private static String model() {
        return TrainCommandTest.resources().resolve("model.json").toString();
    }

    private static String nir() {
        return TrainCommandTest.resources().resolve("digits.nir").toString();
    }

    @Test
    void aNonJsonModelIsNamedForWhatItIs() throws IOException {
        Path in = input(64);
        usageError(snn("run", "--quiet", "--model", in.toString(), "--input", in.toString(), "--steps", "3", "--output",
                tmp.resolve("o.npy").toString()), "--model " + in + " is a NumPy .npy array, not a JSON model description");
        Path st = TrainCommandTest.resources().resolve("digits.safetensors");
        usageError(snn("run", "--quiet", "--model", st.toString(), "--input", in.toString(), "--steps", "3", "--output",
                tmp.resolve("o.npy").toString()), "is a safetensors file");
        Path latin1 = tmp.resolve("m.json");
        Files.write(latin1, new byte[] {'{', '"', 'n', (byte) 0xe9, '"', ':', '1', '}'});
        usageError(snn("run", "--quiet", "--model", latin1.toString(), "--input", in.toString(), "--steps", "3", "--output",
                tmp.resolve("o.npy").toString()), "is not UTF-8 text");
        // snn train says the same
        Path y = tmp.resolve("y.npy");
        TrainCommandTest.writeIntNpy(y, new long[] {0, 1}, true);
        usageError(snn("train", "--quiet", "--model", in.toString(), "--inputs", in.toString(), "--labels", y.toString(),
                "--out", tmp.resolve("t").toString()), "is a NumPy .npy array");
    }

    @Test
    void foldersGivenAsInputFilesAreNamedAsFolders() throws IOException {
        Path in = input(64), dir = Files.createDirectory(tmp.resolve("d"));
        usageError(snn("run", "--quiet", "--model", model(), "--input", dir.toString(), "--steps", "3", "--output",
                tmp.resolve("o.npy").toString()), "--input " + dir + " is a folder, not a file");
        usageError(snn("run", "--quiet", "--model", model(), "--weights", dir.toString(), "--input", in.toString(), "--steps",
                "3", "--output", tmp.resolve("o.npy").toString()), "--weights " + dir + " is a folder, not a file");
        usageError(snn("run", "--quiet", "--model", dir.toString(), "--input", in.toString(), "--output",
                tmp.resolve("o.npy").toString()), "--model " + dir + " is a folder");
        usageError(snn("run", "--quiet", "--model", model(), "--input", tmp.resolve("none.npy").toString(), "--output",
                tmp.resolve("o.npy").toString()), "--input " + tmp.resolve("none.npy") + ": no such file");
    }

    @Test
    void everySubcommandPrintsTheVersion() {
        for (String c : new String[] {"demo", "run", "train", "bench", "plot"}) {
            CliTest.Result r = snn(c, "-V");
            assertEquals(0, r.status(), c);
            assertEquals(Main.VERSION, r.out().strip(), "snn " + c + " -V");
        }
        assertEquals(Main.VERSION, snn("train", "digits", "--version").out().strip());
        assertEquals(Main.VERSION, snn("-V").out().strip());
    }

    @Test
    void plotRefusesANegativeOrTooLargeExcitatoryCountAndANonPngOutput() throws IOException {
        Path s = tmp.resolve("s.npy");
        NumPy.writeNpy(s, Tensor.zeros(10, 4));
        usageError(snn("plot", s.toString(), "--out", tmp.resolve("p.png").toString(), "--excitatory", "-5"),
                "--excitatory must be 0 or more");
        usageError(snn("plot", s.toString(), "--out", tmp.resolve("p.png").toString(), "--excitatory", "5"),
                "--excitatory must be at most 4");
        usageError(snn("plot", s.toString(), "--out", tmp.resolve("x.npy").toString()), "the file name must end in .png");
        usageError(snn("plot", s.toString(), "--out", tmp.resolve("p.png").toString(), "--dt", "Infinity"), "--dt");
        assertFalse(Files.exists(tmp.resolve("x.npy")) || Files.exists(tmp.resolve("p.png")));
        assertEquals(0, snn("plot", s.toString(), "--out", tmp.resolve("P.PNG").toString(), "--excitatory", "4").status());
        // the demo and run check their extensions the same way
        usageError(snn("demo", "--out", tmp.resolve("r.npy").toString()), "--out " + tmp.resolve("r.npy") + ": the file name "
                + "must end in .png");
        usageError(snn("demo", "--out", tmp.resolve("r.png").toString(), "--spikes", tmp.resolve("s.png").toString()),
                "must end in .npy");
    }

    @Test
    void optionsThatDoNotApplyToTheModelAreRefused() throws IOException {
        Path in = input(64), out = tmp.resolve("o.npy");
        usageError(snn("run", "--quiet", "--model", model(), "--nir-mode", "norse-export", "--input", in.toString(), "--steps",
                "3", "--output", out.toString()), "--nir-mode applies to .nir models");
        usageError(snn("run", "--quiet", "--model", model(), "--nir-reset", "subtract", "--input", in.toString(), "--steps",
                "3", "--output", out.toString()), "--nir-reset applies to .nir models");
        usageError(snn("run", "--quiet", "--model", nir(), "--nir-discretisation", "backwards", "--input", in.toString(), "--steps",
                "3", "--output", out.toString()), "--nir-discretisation must be one of [euler, exponential]");
        usageError(snn("run", "--quiet", "--model", nir(), "--weights", TrainCommandTest.resources().resolve(
                "digits.safetensors").toString(), "--input", in.toString(), "--steps", "3", "--output", out.toString()),
                "--weights applies to JSON models");
        usageError(snn("run", "--quiet", "--model", nir(), "--nir-mode", "sideways", "--input", in.toString(), "--steps", "3",
                "--output", out.toString()), "--nir-mode must be auto, norse-import");
        usageError(snn("run", "--quiet", "--model", nir(), "--nir-recurrent-bias", "maybe", "--input", in.toString(), "--steps",
                "3", "--output", out.toString()), "--nir-recurrent-bias");
        assertFalse(Files.exists(out));
        // the documented form takes its value: true or false
        CliTest.Result ok = snn("run", "--quiet", "--model", nir(), "--nir-recurrent-bias", "false", "--input", in.toString(),
                "--steps", "3", "--output", out.toString());
        assertEquals(0, ok.status(), ok.err());
        assertTrue(Files.exists(out));
    }

    @Test
    void nirModeIsCaseInsensitiveAndTheAutomaticReadingSaysWhatItChose() throws IOException {
        Path in = input(64), out = tmp.resolve("o.npy");
        for (String mode : new String[] {"NORSE_EXPORT", "norse-export", "Norse_Export"}) {
            CliTest.Result r = snn("run", "--quiet", "--model", nir(), "--nir-mode", mode, "--input", in.toString(), "--steps",
                    "3", "--output", out.toString());
            assertEquals(0, r.status(), mode + ": " + r.err());
            assertFalse(r.err().contains("warning"), r.err());
        }
        CliTest.Result r = snn("run", "--quiet", "--model", nir(), "--input", in.toString(), "--steps", "3", "--output",
                out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains(nir() + " read as norse-export (") && r.err().contains("norse.torch"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        // a graph whose file names no producer: NIR's own (Norse's from_nir) reading
        Path tiny = TrainCommandTest.resources().resolve("nir_tiny").resolve("tiny.nir");
        CliTest.Result t = snn("run", "--quiet", "--model", tiny.toString(), "--input", input(3).toString(), "--steps", "3",
                "--output", out.toString());
        assertEquals(0, t.status(), t.err());
        assertTrue(t.err().contains(tiny + " read as norse-import ("), t.err());
    }

    @Test
    void anUnwritableCheckpointFolderIsNamedNotATemporaryFile() throws IOException {
        Path ro = Files.createDirectory(tmp.resolve("ro"));
        ro.toFile().setWritable(false, false);
        try {
            // as root every ordinary folder is writable: /proc takes no new files, not even root's
            Path folder = Files.isWritable(ro) ? Path.of("/proc") : ro;
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(folder), "no unwritable folder on this system");
            Path ck = folder.resolve("c.ckpt");
            CliTest.Result r = snn("demo", "--quiet", "--out", tmp.resolve("r.png").toString(), "--checkpoint", ck.toString());
            usageError(r, "--checkpoint " + ck + ": cannot write into the folder " + folder);
            assertFalse(r.err().contains(".tmp"), r.err());
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }
}
