package io.snn4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.snn4j.nn.SequentialState;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The hand-built NIR graph (Affine -> CubaLIF -> Affine -> LI), imported as Norse's from_nir does, against
 * the outputs Norse recorded: LI voltage, CubaLIF spikes, synapse state and voltage at every step.
 */
class TinyNirTest {
    static final Path DIR = TestFiles.resource("digits/nir_tiny/tiny.nir").getParent();

    static Tensor npy(String name) throws IOException {
        return NumPy.readNpy(DIR.resolve(name)).toTensor();
    }

    static void assertClose(String what, float want, float got, double tol) {
        if (!(Math.abs(want - got) <= tol)) {
            fail(what + ": " + got + ", Norse " + want);
        }
    }

    @Test
    void reproducesNorsesFromNirAtEveryStep() throws IOException {
        LoadedModel m = NirImporter.load(DIR.resolve("tiny.nir"), 0.001);
        SequentialState net = m.network();
        // Linear, Scale(w_in), LIBox (synapse), Scale(r), LIFBox, Linear, LIBox
        assertEquals(7, net.layers().size(), net.toString());
        Tensor x = npy("tiny_input.npy");          // (60, 4, 3)
        Tensor out = npy("tiny_output.npy");       // (60, 4, 2)
        Tensor spikes = npy("tiny_cubalif_spikes.npy");
        Tensor syn = npy("tiny_cubalif_syn.npy");
        Tensor v = npy("tiny_cubalif_v.npy");
        int[] count = {0};
        SequentialState.Result r = net.run(x, null, (t, layer, o, s) -> {
            for (int b = 0; b < 4; b++) {
                for (int j = 0; j < 5; j++) {
                    if (layer == 2) {
                        assertClose("synapse b" + b + " n" + j + " t" + t, syn.get(t, b, j), s.buffer("v")[b * 5 + j], 1e-6);
                    }
                    if (layer == 4) {
                        assertEquals(spikes.get(t, b, j), o.get(b, j), "spike b" + b + " n" + j + " t" + t);
                        assertClose("CubaLIF v b" + b + " n" + j + " t" + t, v.get(t, b, j), s.buffer("v")[b * 5 + j], 1e-6);
                        count[0] += (int) o.get(b, j);
                    }
                }
            }
        });
        assertEquals(315, count[0], "Norse's spike count");
        for (int k = 0; k < out.size(); k++) {
            assertClose("LI output element " + k, out.data()[k], r.output().data()[k], 1e-6);
        }
        assertTrue(r.output().countNonZero() > 0);
    }
}
