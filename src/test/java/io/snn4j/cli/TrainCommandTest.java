package io.snn4j.cli;

import static io.snn4j.cli.CliTest.snn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.io.LoadedModel;
import io.snn4j.io.ModelLoader;
import io.snn4j.io.NumPy;
import io.snn4j.io.SafeTensors;
import io.snn4j.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code snn train}: the digits example, a described model, reproducibility and every user error. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    private static final List<String> FILES = List.of("weights.safetensors", "model.json", "learning_curve.png", "history.csv");

    static Path resources() {
        return Path.of(TrainCommandTest.class.getResource("/digits/model.json").getPath()).getParent();
    }

    /** The first {@code n} test samples of the digits data (inputs), and their labels as int64. */
    private Path[] subset(int n) throws IOException {
        Tensor x = NumPy.readNpy(resources().resolve("test_inputs.npy")).toTensor();
        long[] y = NumPy.readNpy(resources().resolve("test_labels.npy")).toLongArray();
        Path xs = tmp.resolve("x" + n + ".npy"), ys = tmp.resolve("y" + n + ".npy");
        NumPy.writeNpy(xs, Tensor.of(Arrays.copyOf(x.toArray(), n * 64), n, 64));
        writeIntNpy(ys, Arrays.copyOf(y, n), true);
        return new Path[] {xs, ys};
    }

    /** An integer {@code .npy} (int64 or int32) of one dimension. */
    static void writeIntNpy(Path file, long[] values, boolean int64) throws IOException {
        String dict = "{'descr': '" + (int64 ? "<i8" : "<i4") + "', 'fortran_order': False, 'shape': (" + values.length + ",), }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + values.length * (int64 ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (long v : values) {
            if (int64) {
                b.putLong(v);
            } else {
                b.putInt((int) v);
            }
        }
        Files.write(file, b.array());
    }

    private static String value(String out, String prefix) {
        return out.lines().map(String::strip).filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(
                "no line '" + prefix + "' in\n" + out)).substring(prefix.length()).strip();
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void digitsTrainsFromScratchAndWritesWeightsThatNorseAndSnnRunLoad() throws IOException {
        Path out = tmp.resolve("new/digits");
        CliTest.Result r = snn("train", "digits", "--epochs", "2", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        double acc = Double.parseDouble(value(r.out(), "test accuracy"));
        assertTrue(acc > 0.5, "test accuracy after 2 epochs: " + acc);
        assertTrue(r.out().strip().endsWith("test accuracy " + String.format(Locale.ROOT, "%.4f", acc)), r.out());
        for (String s : new String[] {"snn train: digits (Linear 64->128, LIFCell, Linear 128->10, LICell), from scratch (seed 0)",
            "1437 training samples, 360 test samples, 64 features, 10 classes, T = 32 steps", "Adam lr 0.002, batch 32",
            "epochs          2 in", "final loss", "train accuracy", "weights.safetensors, model.json, learning_curve.png"}) {
            assertTrue(r.out().contains(s), "missing '" + s + "' in\n" + r.out());
        }
        // one progress line per epoch on stderr (not a terminal)
        assertEquals(2, r.err().lines().filter(l -> l.matches("epoch [12]/2: loss .*, train accuracy .*, test accuracy .*")).count(),
                r.err());
        assertEquals(FILES.stream().sorted().toList(), listing(out), "the four files and nothing else");

        SafeTensors w = SafeTensors.read(out.resolve("weights.safetensors"));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(w.tensors().keySet()));
        assertArrayEquals(new int[] {128, 64}, w.get("0.weight").shape());
        assertArrayEquals(new int[] {128}, w.get("0.bias").shape());
        assertArrayEquals(new int[] {10, 128}, w.get("2.weight").shape());
        assertArrayEquals(new int[] {10}, w.get("2.bias").shape());

        List<String> csv = Files.readAllLines(out.resolve("history.csv"));
        assertEquals("epoch,loss,train_accuracy,test_accuracy,seconds", csv.get(0));
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(csv.get(2).startsWith("2,"), csv.toString());
        assertEquals(acc, Double.parseDouble(csv.get(2).split(",")[3]), 5e-5);
        BufferedImage png = ImageIO.read(out.resolve("learning_curve.png").toFile());
        assertEquals(LearningCurve.WIDTH, png.getWidth());

        // snn run on the written description and weights: its logits give the reported test accuracy
        Path o = tmp.resolve("o.npy");
        CliTest.Result run = snn("run", "--quiet", "--model", out.resolve("model.json").toString(), "--weights",
                out.resolve("weights.safetensors").toString(), "--input", resources().resolve("test_inputs.npy").toString(),
                "--steps", "32", "--output", o.toString());
        assertEquals(0, run.status(), run.err());
        Tensor v = NumPy.readNpy(o).toTensor();
        assertArrayEquals(new int[] {32, 360, 10}, v.shape());
        long[] labels = NumPy.readNpy(resources().resolve("test_labels.npy")).toLongArray();
        int correct = 0;
        for (int s = 0; s < 360; s++) {
            int arg = 0;
            float best = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < 10; c++) {
                float m = Float.NEGATIVE_INFINITY;
                for (int t = 0; t < 32; t++) {
                    m = Math.max(m, v.get(t, s, c));
                }
                if (m > best) {
                    best = m;
                    arg = c;
                }
            }
            correct += arg == labels[s] ? 1 : 0;
        }
        assertEquals(acc, correct / 360.0, 5e-5, "snn run reproduces the test accuracy");
        // the description alone names its weights
        LoadedModel m = ModelLoader.load(out.resolve("model.json"));
        assertEquals(32, m.steps());
        assertEquals("digits", m.name());
    }

    @Test
    void trainsTheNorseDigitsModelFromItsWeightsForOneEpoch() throws IOException {
        Path[] d = subset(192);
        Path out = tmp.resolve("norse");
        CliTest.Result r = snn("train", "--quiet", "--model", resources().resolve("model.json").toString(), "--inputs",
                d[0].toString(), "--labels", d[1].toString(), "--test-inputs", d[0].toString(), "--test-labels", d[1].toString(),
                "--epochs", "1", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err(), "--quiet");
        assertTrue(r.out().contains("snn train: norse-digits-snn (Linear 64->128, LIFCell, Linear 128->10, LICell), from "), r.out());
        assertTrue(r.out().contains("digits.safetensors"), r.out());
        assertTrue(Double.parseDouble(value(r.out(), "train accuracy")) > 0.9, "starts from Norse's trained weights: " + r.out());
        SafeTensors before = SafeTensors.read(resources().resolve("digits.safetensors"));
        SafeTensors after = SafeTensors.read(out.resolve("weights.safetensors"));
        assertEquals(before.tensors().keySet(), after.tensors().keySet(), "the JSON's tensor names");
        assertNotEquals(before.get("0.weight"), after.get("0.weight"), "trained");
        LoadedModel m = ModelLoader.load(out.resolve("model.json"), out.resolve("weights.safetensors"));
        assertEquals("norse-digits-snn", m.name());
        assertEquals(4, m.network().layers().size());
        // from the .npz and with SGD: the same start, another optimizer
        CliTest.Result s = snn("train", "--quiet", "--model", resources().resolve("model.json").toString(), "--weights",
                resources().resolve("digits_weights.npz").toString(), "--inputs", d[0].toString(), "--labels", d[1].toString(),
                "--epochs", "1", "--optimizer", "sgd", "--lr", "0.01", "--out", tmp.resolve("sgd").toString());
        assertEquals(0, s.status(), s.err());
        assertTrue(s.out().contains("SGD lr 0.01, momentum 0.9"), s.out());
        assertFalse(s.out().contains("test accuracy"), "no test data: " + s.out());
        assertTrue(Files.readAllLines(tmp.resolve("sgd/history.csv")).get(1).matches("1,[0-9.]+,[0-9.]+,,[0-9.]+"));
    }

    @Test
    void aRunIsReproducibleWhateverTheThreadCount() throws IOException {
        Path[] d = subset(160);
        Path y32 = tmp.resolve("y32.npy"), yf = tmp.resolve("yf.npy");
        long[] y = NumPy.readNpy(d[1]).toLongArray();
        writeIntNpy(y32, y, false);
        float[] f = new float[y.length];
        for (int k = 0; k < y.length; k++) {
            f[k] = y[k];
        }
        NumPy.writeNpy(yf, Tensor.of(f, y.length));
        String model = resources().resolve("model.json").toString();
        byte[][] weights = new byte[4][];
        String[][] runs = {{"1", d[1].toString(), "0"}, {"2", d[1].toString(), "0"}, {"2", y32.toString(), "0"},
            {"1", yf.toString(), "1"}};
        for (int k = 0; k < runs.length; k++) {
            Path out = tmp.resolve("r" + k);
            CliTest.Result r = snn("train", "--quiet", "--model", model, "--init", "random", "--inputs", d[0].toString(),
                    "--labels", runs[k][1], "--epochs", "1", "--batch-size", "32", "--threads", runs[k][0], "--seed", runs[k][2],
                    "--out", out.toString());
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("from scratch (seed " + runs[k][2] + ")"), r.out());
            weights[k] = Files.readAllBytes(out.resolve("weights.safetensors"));
        }
        assertArrayEquals(weights[0], weights[1], "1 and 2 threads: the same weights bit for bit");
        assertArrayEquals(weights[1], weights[2], "int32 labels as int64");
        assertFalse(Arrays.equals(weights[0], weights[3]), "another seed, other weights");
        assertEquals(csvWithoutSeconds(tmp.resolve("r0/history.csv")), csvWithoutSeconds(tmp.resolve("r1/history.csv")));
    }

    private static List<String> csvWithoutSeconds(Path p) throws IOException {
        return Files.readAllLines(p).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void userErrorsPrintOneLineExit2AndWriteNothing() throws IOException {
        Path[] d = subset(64);
        String model = resources().resolve("model.json").toString(), x = d[0].toString(), y = d[1].toString();
        Path existing = tmp.resolve("existing");
        Files.createDirectories(existing);
        Files.writeString(existing.resolve("keep.txt"), "the user's");
        Tensor xs = NumPy.readNpy(d[0]).toTensor();
        long[] ys = NumPy.readNpy(d[1]).toLongArray();

        Path short1 = tmp.resolve("short.npy");
        writeIntNpy(short1, Arrays.copyOf(ys, 63), true);
        long[] bad = ys.clone();
        bad[7] = 10;
        Path range = tmp.resolve("range.npy");
        writeIntNpy(range, bad, true);
        bad[7] = -1;
        Path negative = tmp.resolve("negative.npy");
        writeIntNpy(negative, bad, false);
        float[] fl = new float[64];
        fl[3] = 3.5f;
        Path fractional = tmp.resolve("fractional.npy");
        NumPy.writeNpy(fractional, Tensor.of(fl, 64));
        Path narrow = tmp.resolve("narrow.npy");
        NumPy.writeNpy(narrow, Tensor.zeros(64, 63));
        float[] nan = xs.toArray();
        nan[2 * 64 + 5] = Float.NaN;
        Path nonFinite = tmp.resolve("nan.npy");
        NumPy.writeNpy(nonFinite, Tensor.of(nan, 64, 64));
        Path notADir = tmp.resolve("file.txt");
        Files.writeString(notADir, "x");
        Path inputDir = tmp.resolve("indir");
        Files.createDirectories(inputDir);
        Files.copy(Path.of(model), inputDir.resolve("model.json"));
        Files.copy(resources().resolve("digits.safetensors"), inputDir.resolve("digits.safetensors"));

        String[][] cases = {
            {"no such file", "--model", tmp.resolve("none.json").toString(), "--inputs", x, "--labels", y},
            {"no such file", "--model", model, "--inputs", tmp.resolve("none.npy").toString(), "--labels", y},
            {"no such file", "--model", model, "--inputs", x, "--labels", tmp.resolve("none.npy").toString()},
            {"no such file", "--model", model, "--weights", tmp.resolve("w.safetensors").toString(), "--inputs", x, "--labels", y},
            {"has 63 labels but", "--model", model, "--inputs", x, "--labels", short1.toString()},
            {"label 10 at index 7 is outside [0, 10)", "--model", model, "--inputs", x, "--labels", range.toString()},
            {"label -1 at index 7 is outside [0, 10)", "--model", model, "--inputs", x, "--labels", negative.toString()},
            {"label 3.5 at index 3 is not a whole number", "--model", model, "--inputs", x, "--labels", fractional.toString()},
            {"has 63 features per sample, but the model's first layer (Linear) takes 64", "--model", model, "--inputs",
                narrow.toString(), "--labels", y},
            {"non-finite input NaN at sample 2, feature 5", "--model", model, "--inputs", nonFinite.toString(), "--labels", y},
            {"has 63 labels but", "--model", model, "--inputs", x, "--labels", y, "--test-inputs", x, "--test-labels",
                short1.toString()},
            {"--test-inputs and --test-labels go together", "--model", model, "--inputs", x, "--labels", y, "--test-inputs", x},
            {"--epochs must be between 1 and", "--model", model, "--inputs", x, "--labels", y, "--epochs", "0"},
            {"--batch-size must be at least 1", "--model", model, "--inputs", x, "--labels", y, "--batch-size", "0"},
            {"--lr must be a finite number > 0", "--model", model, "--inputs", x, "--labels", y, "--lr", "0"},
            {"--lr must be a finite number > 0", "--model", model, "--inputs", x, "--labels", y, "--lr", "-1e-3"},
            {"--lr must be a finite number > 0", "--model", model, "--inputs", x, "--labels", y, "--lr", "Infinity"},
            {"--optimizer must be adam or sgd", "--model", model, "--inputs", x, "--labels", y, "--optimizer", "rmsprop"},
            {"--momentum applies to --optimizer sgd only", "--model", model, "--inputs", x, "--labels", y, "--momentum", "0.5"},
            {"--steps must be at least 1", "--model", model, "--inputs", x, "--labels", y, "--steps", "0"},
            {"--init must be 'random'", "--model", model, "--inputs", x, "--labels", y, "--init", "zeros"},
            {"--model, --inputs and --labels are required", "--inputs", x, "--labels", y},
            {"training diverged: epoch 1, batch ", "--model", model, "--inputs", x, "--labels", y, "--lr", "1e38",
                "--batch-size", "16"},
        };
        for (String[] c : cases) {
            for (Path out : new Path[] {tmp.resolve("fresh/out"), existing}) {
                String[] args = CliTest.concat(new String[] {"train", "--quiet", "--out", out.toString()},
                        Arrays.copyOfRange(c, 1, c.length));
                CliTest.usageError(snn(args), c[0]);
                assertFalse(Files.exists(tmp.resolve("fresh")), "no folder left behind: " + String.join(" ", args));
                assertEquals(List.of("keep.txt"), listing(existing), "nothing written: " + String.join(" ", args));
            }
        }
        CliTest.Result diverged = snn("train", "--quiet", "--model", model, "--inputs", x, "--labels", y, "--lr", "1e38",
                "--out", existing.toString());
        assertTrue(diverged.err().contains("nothing was written to " + existing), diverged.err());
        CliTest.usageError(snn("train", "--model", model, "--inputs", x, "--labels", y, "--out", notADir.toString()),
                "exists and is not a folder");
        CliTest.usageError(snn("train", "--model", inputDir.resolve("model.json").toString(), "--inputs", x, "--labels", y,
                "--out", inputDir.toString()), "is an input of this run");
        CliTest.usageError(snn("train", "--model", model, "--inputs", x, "--labels", y), "--out DIR is required");
        CliTest.usageError(snn("train", "digits"), "--out DIR is required");
        CliTest.usageError(snn("train", "digits", "--out", tmp.resolve("d").toString(), "--epochs", "-1"), "--epochs");
        CliTest.usageError(snn("train", "--epochs", "1", "digits", "--out", tmp.resolve("d").toString()),
                "options go after 'digits'");
        CliTest.usageError(snn("train", "digits", "--out", tmp.resolve("d").toString(), "--bogus"), "Unknown option: '--bogus'");
        assertFalse(Files.exists(tmp.resolve("d")));
        assertTrue(snn("train", "digits", "--out", tmp.resolve("d").toString(), "--epochs", "-1").err()
                .startsWith("snn train digits: "), "errors name the subcommand");
        for (String[] help : new String[][] {{"train", "--help"}, {"train", "digits", "--help"}}) {
            CliTest.Result h = snn(help);
            assertEquals(0, h.status(), h.err());
            assertTrue(h.out().contains("Usage: snn " + String.join(" ", Arrays.copyOf(help, help.length - 1))), h.out());
        }
    }
}
