package io.snn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.snn4j.functional.NeuronState;
import io.snn4j.nn.SequentialState;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Norse-trained digits network (Linear 64->128, LIFCell, Linear 128->10, LICell; 32 steps of constant
 * current), loaded four ways (safetensors, npz, NIR in Norse-export mode, NIR with the default mode, which
 * detects that Norse's exporter wrote the file), on the whole held-out set: Norse's predictions and
 * logits, and for the first five samples the hidden spikes of every step and the LI voltages.
 */
class DigitsModelTest {
    static final Path DIR = TestFiles.resource("digits/model.json").getParent();

    static Stream<String> ways() {
        return Stream.of("safetensors", "npz", "nir-export", "nir-default");
    }

    static LoadedModel load(String way) throws IOException {
        return switch (way) {
            case "safetensors" -> ModelLoader.load(DIR.resolve("model.json"), DIR.resolve("digits.safetensors"));
            case "npz" -> ModelLoader.load(DIR.resolve("model.json"), DIR.resolve("digits_weights.npz"));
            case "nir-export" -> NirImporter.load(DIR.resolve("digits.nir"), 0.001, NirImporter.Mode.NORSE_EXPORT);
            default -> NirImporter.load(DIR.resolve("digits.nir"), 0.001);
        };
    }

    static Tensor npy(String name) throws IOException {
        return NumPy.readNpy(DIR.resolve(name)).toTensor();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ways")
    void reproducesNorseOnTheHeldOutSet(String way) throws IOException {
        LoadedModel model = load(way);
        SequentialState net = model.network();
        assertEquals(4, net.layers().size(), net.toString());
        Tensor x = npy("test_inputs.npy");                 // (360, 64)
        long[] labels = NumPy.readNpy(DIR.resolve("test_labels.npy")).toLongArray();
        long[] norsePred = NumPy.readNpy(DIR.resolve("test_predictions.npy")).toLongArray();
        Tensor norseLogits = npy("test_logits.npy");       // (360, 10)
        Tensor spikes5 = npy("first5_hidden_spikes.npy");  // (32, 5, 128)
        Tensor liV5 = npy("first5_li_v.npy");              // (32, 5, 10)
        int n = x.dim(0), steps = 32;

        Tensor seq = Tensor.zeros(steps, n, 64);
        for (int t = 0; t < steps; t++) {
            seq.step(t).copyFrom(x);
        }
        SequentialState.Result r = net.run(seq, null, (t, layer, out, state) -> {
            if (layer == 1) {
                for (int s = 0; s < 5; s++) {
                    for (int j = 0; j < 128; j++) {
                        if (out.get(s, j) != spikes5.get(t, s, j)) {
                            fail(way + ": hidden spike of sample " + s + " neuron " + j + " at step " + t + " is " + out.get(s, j)
                                    + ", Norse " + spikes5.get(t, s, j));
                        }
                    }
                }
            }
            if (layer == 3) {
                NeuronState li = state;
                for (int s = 0; s < 5; s++) {
                    for (int c = 0; c < 10; c++) {
                        assertEquals(liV5.get(t, s, c), li.buffer("v")[s * 10 + c], 1e-5, way + " LI v, sample " + s + " step " + t);
                    }
                }
            }
        });
        Tensor out = r.output(); // (32, 360, 10) LI voltages
        int correct = 0, norseCorrect = 0;
        for (int s = 0; s < n; s++) {
            float[] logits = new float[10];
            java.util.Arrays.fill(logits, Float.NEGATIVE_INFINITY);
            for (int t = 0; t < steps; t++) {
                for (int c = 0; c < 10; c++) {
                    logits[c] = Math.max(logits[c], out.get(t, s, c));
                }
            }
            int pred = 0;
            for (int c = 1; c < 10; c++) {
                if (logits[c] > logits[pred]) {
                    pred = c;
                }
            }
            assertEquals(norsePred[s], pred, way + ": prediction of sample " + s);
            for (int c = 0; c < 10; c++) {
                assertEquals(norseLogits.get(s, c), logits[c], 1e-4, way + ": logit " + c + " of sample " + s);
            }
            correct += pred == labels[s] ? 1 : 0;
            norseCorrect += norsePred[s] == labels[s] ? 1 : 0;
        }
        assertEquals(norseCorrect, correct);
        assertEquals(349, correct, "Norse's test accuracy is 349 / 360");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ways")
    void allThreeWaysGiveTheSameWeights(String way) throws IOException {
        SequentialState a = load("safetensors").network(), b = load(way).network();
        var la = (io.snn4j.nn.Linear) a.layers().get(0);
        var lb = (io.snn4j.nn.Linear) b.layers().get(0);
        assertArrayEquals(la.weight().data, lb.weight().data);
        assertArrayEquals(la.bias(), lb.bias());
    }
}
