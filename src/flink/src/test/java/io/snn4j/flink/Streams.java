package io.snn4j.flink;

import io.snn4j.io.ModelLoader;
import io.snn4j.io.NumPy;
import io.snn4j.nn.SequentialState;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tests' model and data: the Norse-trained digits network of the core's test resources, and a
 * synthetic stream of many keys, each a digit image fed for a number of steps, half of the keys as
 * dense input currents and half as spike indices. Element {@code i} of the stream is step
 * {@code i / keys} of key {@code i % keys}, so the elements are a pure function of their index (a
 * generator source can replay them after a restore).
 */
final class Streams {
    static final Path DIGITS = Path.of(System.getProperty("snn4j.digits.dir", "../test/resources/digits"));
    static final String DESCRIPTION = DIGITS.resolve("model.json").toString();
    static final String WEIGHTS = DIGITS.resolve("digits.safetensors").toString();
    private static float[][] images;

    private Streams() {
    }

    static ModelSource digits() {
        return ModelSource.files(DESCRIPTION, WEIGHTS);
    }

    static SequentialState loadDigits() {
        try {
            return ModelLoader.load(Path.of(DESCRIPTION), Path.of(WEIGHTS)).network();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static synchronized float[][] images() {
        if (images == null) {
            try {
                Tensor x = NumPy.readNpy(DIGITS.resolve("test_inputs.npy")).toTensor();
                images = new float[x.dim(0)][];
                for (int s = 0; s < images.length; s++) {
                    images[s] = x.step(s).toArray();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return images;
    }

    static String key(int k) {
        return "k" + k;
    }

    /** Element {@code i} of a stream of {@code keys} keys. */
    static StepInput element(long i, int keys) {
        int k = (int) (i % keys);
        long t = i / keys;
        float[] img = images()[k % images().length];
        if (k % 2 == 0) {
            return StepInput.dense(key(k), t, img.clone());
        }
        // odd keys: spike input, the bright pixels at every other step (offset by the key)
        List<Integer> on = new ArrayList<>();
        if ((t + k) % 2 == 0) {
            for (int p = 0; p < img.length; p++) {
                if (img[p] > 0.5f) {
                    on.add(p);
                }
            }
        }
        return StepInput.spikes(key(k), t, on.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The plain library: each key's elements stepped alone (B = 1) through a fresh network. */
    static Map<String, List<float[]>> direct(int keys, int steps) {
        SequentialState net = loadDigits();
        Map<String, List<float[]>> out = new LinkedHashMap<>();
        for (int k = 0; k < keys; k++) {
            List<io.snn4j.functional.NeuronState> s = null;
            List<float[]> ys = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                StepInput e = element((long) t * keys + k, keys);
                Tensor x = Tensor.zeros(1, 64);
                if (e.values != null) {
                    System.arraycopy(e.values, 0, x.data(), 0, 64);
                } else {
                    for (int i : e.spikes) {
                        x.data()[i] = 1f;
                    }
                }
                SequentialState.Result r = net.forward(x, s);
                s = r.states();
                ys.add(r.output().toArray());
            }
            out.put(key(k), ys);
        }
        return out;
    }
}
