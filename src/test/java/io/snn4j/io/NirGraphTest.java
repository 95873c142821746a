package io.snn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.IAFParameters;
import io.snn4j.functional.LIBoxParameters;
import io.snn4j.functional.LIFBoxParameters;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.Param;
import io.snn4j.internal.SeededRandom;
import io.snn4j.module.IAFCell;
import io.snn4j.module.LIBoxCell;
import io.snn4j.module.LICell;
import io.snn4j.module.LIFBoxCell;
import io.snn4j.module.LIFCell;
import io.snn4j.nn.Graph;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.Scale;
import io.snn4j.nn.SequentialState;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NIR graphs beyond chains, on small files written here with jhdf: recurrent edges (against spikes computed
 * independently in the test), nested subgraphs, every node type's parsing and shapes, the importer's
 * options, bad files, and export / import round trips.
 */
class NirGraphTest {
    static final double DT = 1e-3;
    @TempDir
    Path tmp;

    static NirWriter.Node node(String type, Object... kv) {
        return new NirWriter.Node(type, NirWriter.fields(kv));
    }

    static float[][] matrix(SeededRandom r, int rows, int cols, float scale) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) (r.nextDouble() * 2 - 1) * scale;
            }
        }
        return m;
    }

    static float[] vector(SeededRandom r, int n, float lo, float hi) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = lo + (float) r.nextDouble() * (hi - lo);
        }
        return v;
    }

    static float[] fill(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** A Braille-shaped recurrent network: fc1 (H x I) -> CubaLIF lif <-> Affine rec (H x H), lif -> fc2 -> LI out. */
    record Srnn(float[][] w1, float[] b1, float[][] wr, float[] br, float[] tauSyn, float[] tauMem, float[] r, float[] wIn,
            float[] th, float[][] w2) {
        static Srnn random(long seed, int in, int hidden, int out) {
            SeededRandom rnd = new SeededRandom(seed);
            return new Srnn(matrix(rnd, hidden, in, 3f), vector(rnd, hidden, -0.5f, 0.5f), matrix(rnd, hidden, hidden, 1.5f),
                    vector(rnd, hidden, 0.5f, 1.5f), vector(rnd, hidden, 0.002f, 0.006f), vector(rnd, hidden, 0.004f, 0.02f),
                    vector(rnd, hidden, 0.8f, 2f), vector(rnd, hidden, 1f, 3f), vector(rnd, hidden, 0.05f, 0.2f),
                    matrix(rnd, out, hidden, 1f));
        }

        Map<String, NirWriter.Node> hiddenNodes(String lif, String rec) {
            Map<String, NirWriter.Node> m = new LinkedHashMap<>();
            m.put(lif, node("CubaLIF", "tau_syn", tauSyn, "tau_mem", tauMem, "r", r, "w_in", wIn, "v_leak", fill(th.length, 0f),
                    "v_threshold", th, "v_reset", fill(th.length, 0f)));
            m.put(rec, node("Affine", "weight", wr, "bias", br));
            return m;
        }

        NirWriter.Graph flat() {
            Map<String, NirWriter.Node> m = new LinkedHashMap<>();
            m.put("input", node("Input", "shape", new long[] {w1[0].length}));
            m.put("fc1", node("Affine", "weight", w1, "bias", b1));
            m.putAll(hiddenNodes("lif1.lif", "lif1.w_rec"));
            m.put("fc2", node("Linear", "weight", w2));
            m.put("out", node("LI", "tau", fill(w2.length, 0.01f), "r", fill(w2.length, 1f), "v_leak", fill(w2.length, 0f)));
            m.put("output", node("Output", "shape", new long[] {w2.length}));
            // edges deliberately not in evaluation order
            return new NirWriter.Graph(m, List.of(new String[] {"lif1.w_rec", "lif1.lif"}, new String[] {"fc2", "out"},
                    new String[] {"input", "fc1"}, new String[] {"lif1.lif", "lif1.w_rec"}, new String[] {"fc1", "lif1.lif"},
                    new String[] {"lif1.lif", "fc2"}, new String[] {"out", "output"}), Map.of());
        }

        NirWriter.Graph nested() {
            Map<String, NirWriter.Node> inner = new LinkedHashMap<>();
            inner.put("input", node("Input", "shape", new long[] {th.length}));
            inner.putAll(hiddenNodes("lif", "w_rec"));
            inner.put("output", node("Output", "shape", new long[] {th.length}));
            NirWriter.Graph sub = new NirWriter.Graph(inner, List.of(new String[] {"input", "lif"}, new String[] {"lif", "w_rec"},
                    new String[] {"w_rec", "lif"}, new String[] {"lif", "output"}), Map.of());
            NirWriter.Graph f = flat();
            Map<String, NirWriter.Node> m = new LinkedHashMap<>();
            m.put("input", f.nodes().get("input"));
            m.put("fc1", f.nodes().get("fc1"));
            m.put("lif1", new NirWriter.Node("NIRGraph", Map.of(), sub));
            m.put("fc2", f.nodes().get("fc2"));
            m.put("out", f.nodes().get("out"));
            m.put("output", f.nodes().get("output"));
            return new NirWriter.Graph(m, List.of(new String[] {"input", "fc1"}, new String[] {"fc1", "lif1"},
                    new String[] {"lif1", "fc2"}, new String[] {"fc2", "out"}, new String[] {"out", "output"}), Map.of());
        }

        /** The hidden spikes (T, H) computed here from NIR's equations (forward Euler, reset to 0), one sample. */
        float[][] hiddenSpikes(float[][] x, boolean biasAtStart) {
            int h = th.length;
            float[] syn = new float[h];
            float[] v = new float[h];
            float[] rec = biasAtStart ? br.clone() : new float[h];
            float[][] out = new float[x.length][];
            float fdt = (float) DT;
            for (int t = 0; t < x.length; t++) {
                float[] z = new float[h];
                for (int i = 0; i < h; i++) {
                    float a = 0f;
                    for (int j = 0; j < x[t].length; j++) {
                        a += w1[i][j] * x[t][j];
                    }
                    float in = (a + b1[i]) + rec[i];
                    float as = fdt * (1f / tauSyn[i]);
                    syn[i] = syn[i] + as * ((0f - syn[i]) + wIn[i] * in);
                    float am = fdt * (1f / tauMem[i]);
                    v[i] = v[i] + am * ((r[i] * syn[i] + 0f) - v[i]);
                    z[i] = v[i] - th[i] > 0 ? 1f : 0f;
                    v[i] = z[i] > 0 ? 0f : v[i];
                }
                for (int i = 0; i < h; i++) {
                    float a = 0f;
                    for (int j = 0; j < h; j++) {
                        a += wr[i][j] * z[j];
                    }
                    rec[i] = a + br[i];
                }
                out[t] = z;
            }
            return out;
        }
    }

    static float[][] spikeTrain(long seed, int steps, int n, double p) {
        SeededRandom r = new SeededRandom(seed);
        float[][] x = new float[steps][n];
        for (float[] row : x) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextDouble() < p ? 1f : 0f;
            }
        }
        return x;
    }

    /** Runs the graph of an imported model one step at a time, recording node {@code name}'s output (T, N). */
    static float[][] record(LoadedModel m, float[][] x, String name) {
        Graph g = assertInstanceOf(Graph.class, m.network().layers().get(0));
        int k = g.indexOf(name);
        float[][] out = new float[x.length][];
        NeuronState s = null;
        for (int t = 0; t < x.length; t++) {
            int tt = t;
            s = g.forward(Tensor.of(x[t], 1, x[t].length), s, (i, n, o) -> {
                if (i == k) {
                    out[tt] = o.toArray();
                }
            }).state();
        }
        return out;
    }

    Path write(String name, NirWriter.Graph g) throws IOException {
        Path f = tmp.resolve(name);
        NirWriter.write(f, g);
        return f;
    }

    @Test
    void recurrentEdgesDeliverThePreviousStepAndTheBiasOptionDecidesStepZero() throws IOException {
        Srnn net = Srnn.random(7, 5, 9, 3);
        Path f = write("srnn.nir", net.flat());
        float[][] x = spikeTrain(11, 120, 5, 0.3);
        int spikes = 0;
        int differ = 0;
        for (boolean bias : new boolean[] {true, false}) {
            LoadedModel m = NirImporter.load(f, DT, NirImporter.Options.DEFAULT.withRecurrentBiasAtStart(bias));
            Graph g = assertInstanceOf(Graph.class, m.network().layers().get(0));
            assertEquals(List.of("lif1.w_rec", "lif1.lif"), List.of(g.recurrentEdges().get(0)[0], g.recurrentEdges().get(0)[1]));
            // the recurrent edge is cut: lif1.lif runs before its recurrent source (HDF5 lists nodes by name)
            assertEquals(List.of("input", "fc1", "lif1.lif", "fc2", "lif1.w_rec", "out", "output"), g.order());
            float[][] got = record(m, x, "lif1.lif");
            float[][] want = net.hiddenSpikes(x, bias);
            for (int t = 0; t < x.length; t++) {
                assertArrayEquals(want[t], got[t], "hidden spikes at step " + t + " (bias at start " + bias + ")");
                for (float z : got[t]) {
                    spikes += (int) z;
                }
            }
            float[][] other = net.hiddenSpikes(x, !bias);
            for (int t = 0; t < x.length; t++) {
                differ += java.util.Arrays.equals(other[t], got[t]) ? 0 : 1;
            }
        }
        assertTrue(spikes > 50, "the network spikes: " + spikes);
        assertTrue(differ > 0, "the recurrent bias at step 0 changes the spikes");
    }

    @Test
    void nestedSubgraphsAreFlattenedToTheSameNetwork() throws IOException {
        Srnn net = Srnn.random(3, 4, 6, 2);
        LoadedModel flat = NirImporter.load(write("flat.nir", net.flat()), DT);
        LoadedModel nested = NirImporter.load(write("nested.nir", net.nested()), DT);
        Graph g = assertInstanceOf(Graph.class, nested.network().layers().get(0));
        assertTrue(g.nodeNames().containsAll(List.of("lif1.lif", "lif1.w_rec", "lif1.input", "lif1.output")), g.nodeNames().toString());
        Tensor x = Tensor.of(toFlat(spikeTrain(5, 80, 4, 0.4)), 80, 1, 4);
        Tensor a = flat.network().run(x, null).output();
        Tensor b = nested.network().run(x, null).output();
        assertEquals(a, b);
        assertTrue(a.countNonZero() > 0);
        // stepping and whole-sequence calls carry the same state
        Tensor c = nested.network().forwardSequence(x, null).output();
        assertEquals(a, c);
    }

    static float[] toFlat(float[][] m) {
        float[] f = new float[m.length * m[0].length];
        for (int t = 0; t < m.length; t++) {
            System.arraycopy(m[t], 0, f, t * m[0].length, m[t].length);
        }
        return f;
    }

    static NirWriter.Graph chain(long[] inShape, Object... typesAndNodes) {
        Map<String, NirWriter.Node> m = new LinkedHashMap<>();
        List<String[]> e = new ArrayList<>();
        m.put("input", node("Input", "shape", inShape));
        String prev = "input";
        for (int k = 0; k < typesAndNodes.length; k++) {
            String name = "n" + k;
            m.put(name, (NirWriter.Node) typesAndNodes[k]);
            e.add(new String[] {prev, name});
            prev = name;
        }
        m.put("output", node("Output", "shape", new long[] {1}));
        e.add(new String[] {prev, "output"});
        return new NirWriter.Graph(m, e, Map.of());
    }

    @Test
    void lifHonoursRAndTheDiscretisationOption() throws IOException {
        // Rockpool's single LIF: weight 0.04, r = exp(-dt/tau) * tau / dt, tau = 2.5 ms, threshold 0.1, dt = 0.1 ms
        double dt = 1e-4;
        float tau = 0.0025f;
        float r = (float) (Math.exp(-dt / tau) * tau / dt);
        Path f = write("lif.nir", chain(new long[] {1}, node("Linear", "weight", new float[][] {{0.04f}}),
                node("LIF", "tau", new float[] {tau}, "r", new float[] {r}, "v_leak", new float[] {0f}, "v_threshold", new float[] {0.1f})));
        Tensor one = Tensor.of(new float[] {1f}, 1, 1);
        for (NirImporter.Discretisation d : NirImporter.Discretisation.values()) {
            SequentialState net = NirImporter.load(f, dt, NirImporter.Options.DEFAULT.withDiscretisation(d)).network();
            assertFalse(net.layers().stream().anyMatch(l -> l instanceof Graph), "a chain stays a chain");
            List<NeuronState> s = net.forward(one, null).states();
            float v = s.get(s.size() - 1).buffer("v")[0];
            // one input pulse of 0.04: Euler and the exponential reading both give (dt / tau) * r * 0.04
            double want = dt / tau * r * 0.04;
            assertEquals(want, v, 2e-7, d.name());
            // next step without input: Euler decays by 1 - dt/tau, the exponential reading by exp(-dt/tau)
            float v2 = net.forward(Tensor.zeros(1, 1), s).states().get(s.size() - 1).buffer("v")[0];
            double decay = d == NirImporter.Discretisation.EULER ? 1 - dt / tau : Math.exp(-dt / tau);
            assertEquals(want * decay, v2, 2e-7, d.name());
        }
        // r ignored would leave the voltage 25 times smaller: the Scale(r) layer is there
        SequentialState euler = NirImporter.load(f, dt).network();
        assertTrue(euler.layers().stream().anyMatch(l -> l instanceof Scale sc && sc.factor().at(0) == r), euler.toString());
    }

    @Test
    void resetOptionAndVReset() throws IOException {
        Path f = write("reset.nir", chain(new long[] {1}, node("LIF", "tau", new double[] {0.01}, "r", new float[] {1f},
                "v_leak", new float[] {0f}, "v_threshold", new float[] {1f}, "v_reset", new float[] {-0.5f})));
        Tensor big = Tensor.of(new float[] {150f}, 1, 1); // v = 0.1 * 150 = 15 > 1
        SequentialState toReset = NirImporter.load(f, DT).network();
        List<NeuronState> s = toReset.forward(big, null).states();
        assertEquals(1f, toReset.forward(big, null).output().get(0, 0));
        assertEquals(-0.5f, s.get(s.size() - 1).buffer("v")[0], "reset to v_reset");
        SequentialState sub = NirImporter.load(f, DT, NirImporter.Options.DEFAULT.withReset(NirImporter.Reset.SUBTRACT)).network();
        s = sub.forward(big, null).states();
        assertEquals(14f, s.get(s.size() - 1).buffer("v")[0], 1e-5, "reset by subtracting the threshold");
        // IF cannot subtract: said with the node's name
        Path iff = write("if.nir", chain(new long[] {1}, node("IF", "r", new float[] {1f}, "v_threshold", new float[] {1f},
                "v_reset", new float[] {0f})));
        IOException e = assertThrows(IOException.class,
                () -> NirImporter.load(iff, DT, NirImporter.Options.DEFAULT.withReset(NirImporter.Reset.SUBTRACT)));
        assertTrue(e.getMessage().contains("if.nir") && e.getMessage().contains("node 'n0' (IF)"), e.getMessage());
    }

    @Test
    void everyNodeTypeParsesAndChains() throws IOException {
        // (2, 3) inputs: per-neuron LIF parameters of shape (2, 3), then a Flatten of both dimensions, Scale,
        // Threshold, I, IF, CubaLI
        SeededRandom rnd = new SeededRandom(1);
        float[][] tau = {{0.01f, 0.02f, 0.03f}, {0.04f, 0.05f, 0.06f}};
        float[][] th = {{0.1f, 0.2f, 0.3f}, {0.4f, 0.5f, 0.6f}};
        Map<String, NirWriter.Node> m = new LinkedHashMap<>();
        m.put("input", node("Input", "shape", new long[] {2, 3}));
        m.put("lif", node("LIF", "tau", tau, "r", new float[][] {{1, 1, 1}, {1, 1, 1}}, "v_leak", new float[][] {{0, 0, 0}, {0, 0, 0}},
                "v_threshold", th));
        m.put("flat", node("Flatten", "start_dim", 0L, "end_dim", -1L, "input_type", new long[] {2, 3}));
        m.put("scale", node("Scale", "scale", vector(rnd, 6, 1f, 2f)));
        m.put("integ", node("I", "r", fill(6, 2f)));
        m.put("thr", node("Threshold", "threshold", fill(6, 0.001f)));
        m.put("if", node("IF", "r", fill(6, 1f), "v_threshold", fill(6, 0.5f), "v_reset", fill(6, 0f)));
        m.put("aff", node("Affine", "weight", matrix(rnd, 2, 6, 1f), "bias", new float[] {0.1f, 0.2f}));
        m.put("li", node("CubaLI", "tau_syn", fill(2, 0.005f), "tau_mem", fill(2, 0.01f), "r", fill(2, 1f), "w_in", fill(2, 1f),
                "v_leak", fill(2, 0f)));
        m.put("output", node("Output", "shape", new long[] {2}));
        List<String[]> e = new ArrayList<>();
        String prev = null;
        for (String n : m.keySet()) {
            if (prev != null) {
                e.add(new String[] {prev, n});
            }
            prev = n;
        }
        LoadedModel model = NirImporter.load(write("types.nir", new NirWriter.Graph(m, e, Map.of())), DT);
        Graph g = assertInstanceOf(Graph.class, model.network().layers().get(0), "(2, 3) neurons need the graph path");
        assertArrayEquals(new int[] {2, 3}, g.neuronShape("lif"));
        Tensor x = Tensor.zeros(30, 1, 2, 3);
        for (int k = 0; k < x.size(); k++) {
            x.data()[k] = (k * 7 % 5) * 0.4f;
        }
        Tensor y = model.network().run(x, null).output();
        assertArrayEquals(new int[] {30, 1, 2}, y.shape());
        // the LIF node alone, against a LIFBoxCell on the flattened (1, 6) input: per-neuron parameters elementwise
        float[] tauInv = new float[6];
        float[] vth = new float[6];
        for (int k = 0; k < 6; k++) {
            tauInv[k] = 1f / tau[k / 3][k % 3];
            vth[k] = th[k / 3][k % 3];
        }
        Layer ref = Layer.of(new LIFBoxCell(new LIFBoxParameters(Param.of(tauInv), Param.of(0f), Param.of(vth), Param.of(0f), "super",
                Param.of(100f), "reset_value"), DT));
        NeuronState rs = null;
        NeuronState gs = null;
        int spikes = 0;
        int lif = g.indexOf("lif");
        for (int t = 0; t < 30; t++) {
            Layer.Step want = ref.forward(x.step(t).reshape(1, 6), rs);
            rs = want.state();
            Tensor[] got = new Tensor[1];
            gs = g.forward(x.step(t), gs, (k, n, o) -> {
                if (k == lif) {
                    got[0] = o;
                }
            }).state();
            assertArrayEquals(new int[] {1, 2, 3}, got[0].shape());
            assertArrayEquals(want.output().toArray(), got[0].toArray(), "step " + t);
            spikes += (int) want.output().countNonZero();
        }
        assertTrue(spikes > 0);
    }

    @Test
    void convolutionPoolingAndDelayNodesBuildTheirLayers() throws IOException {
        SeededRandom rnd = new SeededRandom(2);
        float[][][][] w = new float[4][2][3][3];
        float[] flat = new float[4 * 2 * 3 * 3];
        for (int k = 0; k < flat.length; k++) {
            flat[k] = (float) (rnd.nextDouble() - 0.5);
            w[k / 18][k / 9 % 2][k / 3 % 3][k % 3] = flat[k];
        }
        float[] convBias = {0.1f, -0.2f, 0.3f, 0f};
        NirWriter.Node conv = node("Conv2d", "weight", w, "bias", convBias, "stride", new long[] {2, 2}, "padding", new long[] {1, 1},
                "dilation", new long[] {1, 1}, "groups", 1L, "input_shape", new long[] {9, 9});
        // (2, 9, 9) -> conv stride 2 pad 1 k 3 -> (4, 5, 5) -> sum pool 2 / stride 2 -> (4, 2, 2) -> flatten 16 -> affine 16
        Map<String, NirWriter.Node> m = new LinkedHashMap<>();
        m.put("input", node("Input", "shape", new long[] {2, 9, 9}));
        m.put("conv", conv);
        m.put("pool", node("SumPool2d", "kernel_size", new long[] {2, 2}, "stride", new long[] {2, 2}, "padding", new long[] {0, 0}));
        m.put("flat", node("Flatten", "start_dim", 0L, "end_dim", -1L, "input_type", new long[] {4, 2, 2}));
        float[][] affW = matrix(rnd, 3, 16, 1f);
        m.put("aff", node("Affine", "weight", affW, "bias", fill(3, 0f)));
        m.put("output", node("Output", "shape", new long[] {3}));
        List<String[]> e = List.of(new String[] {"input", "conv"}, new String[] {"conv", "pool"}, new String[] {"pool", "flat"},
                new String[] {"flat", "aff"}, new String[] {"aff", "output"});
        Path good = write("cnn.nir", new NirWriter.Graph(m, e, Map.of()));
        // the imported chain computes what the layers built by hand with the node's parameters compute
        io.snn4j.nn.SequentialState net = NirImporter.load(good, DT).network();
        float[] affFlat = new float[3 * 16];
        for (int r = 0; r < 3; r++) {
            System.arraycopy(affW[r], 0, affFlat, r * 16, 16);
        }
        io.snn4j.nn.SequentialState byHand = new io.snn4j.nn.SequentialState(
                new io.snn4j.nn.Conv2d(Tensor.of(flat, 4, 2, 3, 3), Tensor.of(convBias, 4), new int[] {2, 2}, new int[] {1, 1},
                        new int[] {1, 1}, 1),
                new io.snn4j.nn.SumPool2d(new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}), new io.snn4j.nn.Flatten(),
                io.snn4j.nn.Linear.of(Tensor.of(affFlat, 3, 16), Tensor.zeros(3)));
        Tensor img = Tensor.zeros(3, 2, 9, 9);
        for (int k = 0; k < img.size(); k++) {
            img.data()[k] = (float) rnd.nextDouble();
        }
        Tensor got = net.forward(img, null).output(), want = byHand.forward(img, null).output();
        assertArrayEquals(new int[] {3, 3}, got.shape());
        assertArrayEquals(want.toArray(), got.toArray());
        IOException ex;
        // the shapes are inferred before: an Affine that does not fit the pooled (4, 2, 2) is named
        m.put("aff", node("Affine", "weight", matrix(rnd, 3, 15, 1f), "bias", fill(3, 0f)));
        Path bad = write("cnn-bad.nir", new NirWriter.Graph(m, e, Map.of()));
        ex = assertThrows(IOException.class, () -> NirImporter.load(bad, DT));
        assertTrue(ex.getMessage().contains("node 'aff' (Affine)") && ex.getMessage().contains("[16]"), ex.getMessage());
        // the records
        NirImporter.Node n = new NirImporter.Node("c", "Conv2d", Map.of("weight", new float[4 * 2 * 3 * 3], "groups", new float[] {2}),
                Map.of("weight", new int[] {4, 1, 3, 3}, "groups", new int[0]), Map.of(), Map.of("padding", "same"), null);
        NirNodes.Conv c = NirNodes.conv(n, 2);
        assertEquals(2, c.groups());
        assertArrayEquals(new int[] {1, 1}, c.padBefore());
        assertArrayEquals(new int[] {4, 7, 5}, c.outputShape(new int[] {2, 7, 5}));
        IllegalArgumentException ie = assertThrows(IllegalArgumentException.class, () -> c.outputShape(new int[] {3, 7, 5}));
        assertTrue(ie.getMessage().contains("takes 2 input channels"), ie.getMessage());
        NirNodes.Conv c1 = NirNodes.conv(new NirImporter.Node("c1", "Conv1d", Map.of("weight", new float[6], "dilation", new float[] {2},
                "padding", new float[] {1}), Map.of("weight", new int[] {1, 2, 3}, "dilation", new int[] {1}, "padding", new int[] {1})), 1);
        assertArrayEquals(new int[] {1, 8}, c1.outputShape(new int[] {2, 10})); // 10 + 2 - 2*2 - 1 + 1
        NirNodes.Pool p = NirNodes.pool(new NirImporter.Node("p", "AvgPool2d", Map.of("kernel_size", new float[] {3}),
                Map.of("kernel_size", new int[] {1})), true);
        assertArrayEquals(new int[] {5, 3, 2}, p.outputShape(new int[] {5, 9, 7}));
        NirImporter.Node d = new NirImporter.Node("d", "Delay", Map.of("delay", new float[] {0.002f, 0f, 0.005f}),
                Map.of("delay", new int[] {3}));
        assertArrayEquals(new int[] {2, 0, 5}, NirNodes.delay(d, DT).steps());
        ie = assertThrows(IllegalArgumentException.class, () -> NirNodes.delay(d, 0.0015));
        assertTrue(ie.getMessage().contains("not a whole number of steps"), ie.getMessage());
        // a Delay node delays each neuron by its own number of steps
        List<io.snn4j.nn.Layer> delayLayers = NirImporter.layers(d, new int[] {3}, DT,
                NirImporter.Options.DEFAULT.withMode(NirImporter.Mode.NORSE_IMPORT)).layers();
        io.snn4j.nn.SequentialState delayNet = new io.snn4j.nn.SequentialState(delayLayers.toArray(io.snn4j.nn.Layer[]::new));
        Tensor seq = Tensor.zeros(7, 1, 3);
        for (int k = 0; k < seq.size(); k++) {
            seq.data()[k] = k + 1;
        }
        Tensor out = delayNet.run(seq, null).output();
        for (int t = 0; t < 7; t++) {
            int[] steps = {2, 0, 5};
            for (int j = 0; j < 3; j++) {
                float expected = t >= steps[j] ? seq.data()[(t - steps[j]) * 3 + j] : 0f;
                assertEquals(expected, out.data()[t * 3 + j], "step " + t + ", neuron " + j);
            }
        }
    }

    void rejects(String name, NirWriter.Graph g, String... words) throws IOException {
        Path f = write(name, g);
        IOException e = assertThrows(IOException.class, () -> NirImporter.load(f, DT));
        assertTrue(e.getMessage().contains(name), e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
        }
    }

    @Test
    void badFilesAreNamed() throws IOException {
        float[][] w = {{1f, 2f}, {3f, 4f}};
        Map<String, NirWriter.Node> m = new LinkedHashMap<>();
        m.put("input", node("Input", "shape", new long[] {2}));
        m.put("a", node("Linear", "weight", w));
        m.put("b", node("Affine", "weight", w, "bias", new float[] {0f, 0f}));
        m.put("output", node("Output", "shape", new long[] {2}));
        rejects("cycle.nir", new NirWriter.Graph(m, List.of(new String[] {"input", "a"}, new String[] {"a", "b"}, new String[] {"b", "a"},
                new String[] {"b", "output"}), Map.of()), "cycle through nodes [a, b]", "no stateful node");
        rejects("unknown.nir", new NirWriter.Graph(m, List.of(new String[] {"input", "a"}, new String[] {"a", "zz"},
                new String[] {"a", "b"}, new String[] {"b", "output"}), Map.of()), "unknown node 'zz'");
        rejects("chain.nir", chain(new long[] {3}, node("Linear", "weight", w)), "node 'n0' (Linear)", "do not chain");
        rejects("transposed.nir", chain(new long[] {3}, node("Linear", "weight", new float[][] {{1f, 2f}, {3f, 4f}, {5f, 6f}})),
                "node 'n0' (Linear)", "only transposed");
        NirWriter.Node lif = node("LIF", "tau", new float[] {0.01f, -0.02f}, "r", fill(2, 1f), "v_leak", fill(2, 0f),
                "v_threshold", fill(2, 1f));
        rejects("tau.nir", chain(new long[] {2}, lif), "node 'n0' (LIF)", "tau must be > 0", "-0.02");
        rejects("zerotau.nir", chain(new long[] {2}, node("CubaLIF", "tau_syn", new float[] {0f, 1f}, "tau_mem", fill(2, 1f),
                "r", fill(2, 1f), "v_leak", fill(2, 0f), "v_threshold", fill(2, 1f))), "node 'n0' (CubaLIF)", "tau_syn must be > 0");
        rejects("neurons.nir", chain(new long[] {3}, lif), "node 'n0' (LIF)", "neurons of shape [2]", "[3]");
    }

    static Layer cell(Object c) {
        return c instanceof LIFCell l ? Layer.of(l) : c instanceof LICell l ? Layer.of(l) : c instanceof LIFBoxCell l ? Layer.of(l)
                : c instanceof LIBoxCell l ? Layer.of(l) : Layer.of((IAFCell) c);
    }

    @Test
    void exportThenImportComputesTheSameBitForBit() throws IOException {
        SeededRandom rnd = new SeededRandom(4);
        Param tauA = Param.of(vector(rnd, 6, 50f, 300f));
        List<Layer> layers = List.of(Linear.initialized(4, 6, true, 1),
                cell(new LIFBoxCell(new LIFBoxParameters(tauA, Param.of(0.05f), Param.of(vector(rnd, 6, 0.1f, 0.3f)), Param.of(-0.1f),
                        "super", Param.of(100f), "reset_value"), DT)),
                Linear.initialized(6, 5, false, 2),
                cell(new LIFCell(new LIFParameters(Param.of(173f), Param.of(vector(rnd, 5, 60f, 120f)), Param.of(0f), Param.of(0.2f),
                        Param.of(0f), "super", Param.of(100f)), DT)),
                new Scale(Param.of(vector(rnd, 5, 0.5f, 2f))),
                cell(new IAFCell(new IAFParameters(Param.of(0.3f), Param.of(0.05f), "super", Param.of(100f)), DT)),
                Linear.initialized(5, 3, true, 3),
                cell(new LIBoxCell(new LIBoxParameters(Param.of(77.7f), Param.of(0f)), DT)),
                cell(new LICell(new LIParameters(Param.of(211f), Param.of(93f), Param.of(0.01f)), DT)));
        LoadedModel model = new LoadedModel(new SequentialState(layers), DT, 0, "m");
        Path f = tmp.resolve("export.nir");
        NirExporter.write(model, new int[] {4}, f);
        NirImporter.Imported back = NirImporter.importFile(f, DT, NirImporter.Mode.AUTO);
        assertEquals(NirImporter.Mode.NORSE_EXPORT, back.mode(), back.reason());
        Tensor x = Tensor.of(toFlat(spikeTrain(9, 60, 8, 0.5)), 60, 2, 4);
        Tensor a = model.network().run(x, null).output();
        Tensor b = back.model().network().run(x, null).output();
        assertArrayEquals(a.toArray(), b.toArray());
        assertNotEquals(0, a.countNonZero());
        // a recurrent graph: import the SRNN, export it, import again
        Srnn net = Srnn.random(8, 5, 7, 3);
        LoadedModel g = NirImporter.load(write("srnn2.nir", net.flat()), DT);
        Path f2 = tmp.resolve("export2.nir");
        NirExporter.write(g, new int[] {5}, f2);
        LoadedModel g2 = NirImporter.load(f2, DT);
        Tensor x2 = Tensor.of(toFlat(spikeTrain(10, 70, 5, 0.3)), 70, 1, 5);
        assertArrayEquals(g.network().run(x2, null).output().toArray(), g2.network().run(x2, null).output().toArray());
        // what NIR cannot say is refused with the layer's name
        LoadedModel sub = new LoadedModel(new SequentialState(cell(new LIFBoxCell(LIFBoxParameters.DEFAULT.withResetMethod("reset_subtract"),
                DT))), DT, 0, "s");
        IOException e = assertThrows(IOException.class, () -> NirExporter.write(sub, new int[] {3}, tmp.resolve("s.nir")));
        assertTrue(e.getMessage().contains("layer 0") && e.getMessage().contains("subtraction"), e.getMessage());
    }

    @Test
    void graphBuilderChecks() {
        Layer id = new Scale(Param.of(1f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Graph.builder().input("i").output("o")
                .node("a", id).edge("i", "a").edge("a", "o").node("b", id).build());
        assertTrue(e.getMessage().contains("[b] are not reachable"), e.getMessage());
        // two inputs are summed; a stateless graph is not stateful
        Graph g = Graph.builder().input("i").node("a", new Scale(Param.of(2f))).node("b", new Scale(Param.of(3f))).output("o")
                .edge("i", "a").edge("i", "b").edge("a", "o").edge("b", "o").build();
        assertFalse(g.stateful());
        assertArrayEquals(new float[] {5f, 10f}, g.forward(Tensor.vector(1f, 2f), null).output().toArray());
        // a wrong state is refused
        assertThrows(IllegalArgumentException.class, () -> g.forward(Tensor.vector(1f), new io.snn4j.functional.LIBoxState(new int[] {1})));
    }
}
