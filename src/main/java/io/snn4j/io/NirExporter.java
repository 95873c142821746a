package io.snn4j.io;

import io.snn4j.functional.IAFParameters;
import io.snn4j.functional.LIBoxParameters;
import io.snn4j.functional.LIFBoxParameters;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIParameters;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.Param;
import io.snn4j.nn.Flatten;
import io.snn4j.nn.Graph;
import io.snn4j.nn.Integrator;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.Scale;
import io.snn4j.nn.SequentialState;
import io.snn4j.nn.Threshold;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a snn4j network as a NIR file (HDF5, with the optional jhdf), in the layout the {@code nir}
 * Python package reads (so Norse's and snnTorch's importers open it). Layers map to NIR nodes as Norse's
 * {@code to_nir} maps its modules: {@code Linear} to {@code Affine} (or {@code Linear} without bias),
 * {@code Scale}, {@code Threshold}, {@code Flatten}, {@code Integrator} to {@code I}, {@code LIFBoxCell} to
 * {@code LIF} ({@code tau = 1 / tau_mem_inv}, {@code r = 1}), {@code LIBoxCell} to {@code LI},
 * {@code IAFCell} to {@code IF}, {@code LIFCell}/{@code LICell} to {@code CubaLIF}/{@code CubaLI} with
 * {@code r = w_in = 1}; a {@link Graph} keeps its nodes and edges (a node of several layers becomes a
 * chain of NIR nodes {@code name}, {@code name.1}, ...). Time constants are written in float64 so that
 * {@link NirImporter} gets {@code 1 / tau} back exactly. The file's metadata says
 * {@code source = "snn4j NirExporter ..."}, which {@link NirImporter.Mode#AUTO} reads as Norse's
 * exporter convention ({@link NirImporter.Mode#NORSE_EXPORT}): importing the file again gives a network
 * that computes the same outputs bit for bit.
 *
 * <p>Refused, with an {@link IOException} naming the layer: layers NIR cannot express (a reset by
 * subtraction, encoders, recurrent cells, ...). Stateless and thread-safe.
 */
public final class NirExporter {
    /** The metadata {@code source} the exporter writes. */
    static final String SOURCE = "snn4j NirExporter (CubaLIF/CubaLI as Norse's to_nir writes LIFCell/LICell)";

    private NirExporter() {
    }

    /**
     * Writes {@code model} to {@code file}.
     *
     * @param inputShape one step's input shape without the batch dimension (NIR's Input {@code shape})
     * @throws IOException              naming the layer if one has no NIR equivalent, or if writing fails
     * @throws IllegalArgumentException if the network rejects an input of {@code inputShape}
     */
    public static void write(LoadedModel model, int[] inputShape, Path file) throws IOException {
        if (model == null || file == null) {
            throw new IllegalArgumentException("model and file must not be null");
        }
        int[] in = Shapes.checked(inputShape, "input shape");
        try {
            Class.forName("io.jhdf.HdfFile");
        } catch (ClassNotFoundException e) {
            throw new IOException(file + ": writing NIR needs io.jhdf:jhdf 0.10.0 on the class path");
        }
        Map<String, NirWriter.Node> nodes = new LinkedHashMap<>();
        List<String[]> edges = new ArrayList<>();
        nodes.put("input", new NirWriter.Node("Input", NirWriter.fields("shape", longs(in))));
        List<Layer> layers = model.network().layers();
        if (layers.size() == 1 && layers.get(0) instanceof Graph g) {
            graph(file, g, in, nodes, edges);
        } else {
            // one step on zeros tells every layer's input shape
            List<int[]> shapes = new ArrayList<>();
            model.network().forward(Tensor.zeros(Shapes.prepend(1, in)), null, 0, (t, k, out, s) -> shapes.add(out.shape()));
            String prev = "input";
            int[] shape = Shapes.prepend(1, in);
            for (int k = 0; k < layers.size(); k++) {
                String name = String.valueOf(k);
                nodes.put(name, node(file, name, layers.get(k), shape));
                edges.add(new String[] {prev, name});
                prev = name;
                shape = shapes.get(k);
            }
            nodes.put("output", new NirWriter.Node("Output", NirWriter.fields("shape", longs(Arrays.copyOfRange(shape, 1, shape.length)))));
            edges.add(new String[] {prev, "output"});
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", SOURCE);
        meta.put("dt", Double.toString(model.dt()));
        NirWriter.write(file, new NirWriter.Graph(nodes, edges, meta));
    }

    private static void graph(Path file, Graph g, int[] in, Map<String, NirWriter.Node> nodes, List<String[]> edges) throws IOException {
        // one step on zeros tells every node's output shape; a node's input shape is its first source's output
        Map<String, int[]> outShape = new LinkedHashMap<>();
        g.forward(Tensor.zeros(Shapes.prepend(1, in)), null, (k, name, out) -> outShape.put(name, out.shape()));
        for (String[] e : g.recurrentEdges()) {
            List<Layer> src = g.layers(e[0]);
            boolean bias = src.size() == 1 && src.get(0) instanceof Linear l && l.bias() != null;
            if (bias && g.initial(e[0]) == null) {
                throw new IOException(file + ": recurrent source '" + e[0] + "' has a bias but no initial value; NIR importers add "
                        + "its bias at the first step (give the graph initial(" + e[0] + ", bias))");
            }
        }
        Map<String, String> last = new LinkedHashMap<>();
        for (String name : g.nodeNames()) {
            if (name.equals(g.inputName())) {
                last.put(name, "input");
                continue;
            }
            if (name.equals(g.outputName())) {
                int[] s = outShape.get(name);
                nodes.put("output", new NirWriter.Node("Output", NirWriter.fields("shape", longs(Arrays.copyOfRange(s, 1, s.length)))));
                last.put(name, "output");
                continue;
            }
            if (g.neuronShape(name) != null) {
                throw new IOException(file + ": node '" + name + "' has neurons of shape " + Arrays.toString(g.neuronShape(name))
                        + "; the exporter writes one-dimensional neuron layers only");
            }
            List<Layer> ls = g.layers(name);
            int[] shape = outShape.get(sourceOf(g, name));
            String prev = null;
            for (int j = 0; j < ls.size(); j++) {
                String nn = j == 0 ? name : name + "." + j;
                if (ls.get(j) instanceof Flatten) {
                    throw new IOException(file + ": node '" + name + "': Flatten inside a graph is not exported");
                }
                nodes.put(nn, node(file, nn, ls.get(j), shape));
                if (prev != null) {
                    edges.add(new String[] {prev, nn});
                }
                prev = nn;
                shape = outShape.get(name);
            }
            if (prev == null) {
                nodes.put(name, new NirWriter.Node("Scale", NirWriter.fields("scale", new float[] {1f})));
                prev = name;
            }
            last.put(name, prev);
        }
        for (String[] e : g.edges()) {
            String to = e[1].equals(g.outputName()) ? "output" : e[1];
            edges.add(new String[] {last.get(e[0]), to});
        }
    }

    private static String sourceOf(Graph g, String name) {
        for (String[] e : g.edges()) {
            if (e[1].equals(name) && g.recurrentEdges().stream().noneMatch(r -> r[0].equals(e[0]) && r[1].equals(e[1]))) {
                return e[0];
            }
        }
        throw new IllegalStateException("node '" + name + "' has no forward input");
    }

    /** The NIR node of one layer whose input has shape {@code in} (with the batch dimension). */
    static NirWriter.Node node(Path file, String name, Layer layer, int[] in) throws IOException {
        int n = in[in.length - 1];
        if (layer instanceof Linear l) {
            float[][] w = new float[l.outFeatures()][l.inFeatures()];
            var m = l.weight();
            for (int i = 0; i < w.length; i++) {
                for (int j = 0; j < w[i].length; j++) {
                    w[i][j] = m.get(i, j);
                }
            }
            return l.bias() == null ? new NirWriter.Node("Linear", NirWriter.fields("weight", w))
                    : new NirWriter.Node("Affine", NirWriter.fields("weight", w, "bias", l.bias()));
        }
        if (layer instanceof Scale s) {
            return new NirWriter.Node("Scale", NirWriter.fields("scale", values(s.factor(), n)));
        }
        if (layer instanceof Threshold t) {
            return new NirWriter.Node("Threshold", NirWriter.fields("threshold", values(t.threshold(), n)));
        }
        if (layer instanceof Flatten) {
            return new NirWriter.Node("Flatten", NirWriter.fields("start_dim", 0L, "end_dim", -1L,
                    "input_type", longs(Arrays.copyOfRange(in, 1, in.length))));
        }
        if (layer instanceof Integrator i) {
            return new NirWriter.Node("I", NirWriter.fields("r", values(i.r(), n)));
        }
        if (layer instanceof Layer.Adapter<?> a) {
            NeuronParameters p = a.module().p();
            float[] ones = new float[n];
            Arrays.fill(ones, 1f);
            if (p instanceof LIFBoxParameters q) {
                if (!q.resetMethod().equals("reset_value")) {
                    throw new IOException(file + ": layer " + name + " (" + layer + ") resets by subtraction, which NIR cannot express");
                }
                return new NirWriter.Node("LIF", NirWriter.fields("tau", taus(q.tauMemInv(), n), "r", ones, "v_leak", values(q.vLeak(), n),
                        "v_threshold", values(q.vTh(), n), "v_reset", values(q.vReset(), n)));
            }
            if (p instanceof LIBoxParameters q) {
                return new NirWriter.Node("LI", NirWriter.fields("tau", taus(q.tauMemInv(), n), "r", ones, "v_leak", values(q.vLeak(), n)));
            }
            if (p instanceof IAFParameters q) {
                return new NirWriter.Node("IF", NirWriter.fields("r", ones, "v_threshold", values(q.vTh(), n), "v_reset",
                        values(q.vReset(), n)));
            }
            if (p instanceof LIFParameters q && a.module().name().equals("LIFCell")) {
                return new NirWriter.Node("CubaLIF", NirWriter.fields("tau_syn", taus(q.tauSynInv(), n), "tau_mem", taus(q.tauMemInv(), n),
                        "r", ones, "w_in", ones.clone(), "v_leak", values(q.vLeak(), n), "v_threshold", values(q.vTh(), n),
                        "v_reset", values(q.vReset(), n)));
            }
            if (p instanceof LIParameters q && a.module().name().equals("LICell")) {
                return new NirWriter.Node("CubaLI", NirWriter.fields("tau_syn", taus(q.tauSynInv(), n), "tau_mem", taus(q.tauMemInv(), n),
                        "r", ones, "w_in", ones.clone(), "v_leak", values(q.vLeak(), n)));
            }
        }
        throw new IOException(file + ": layer " + name + " (" + layer + ") has no NIR equivalent (exported: Linear, Scale, Threshold, "
                + "Flatten, Integrator, LIFBoxCell, LIBoxCell, IAFCell, LIFCell, LICell, Graph)");
    }

    private static float[] values(Param p, int n) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = p.at(k);
        }
        return v;
    }

    /** {@code 1 / rate} per neuron in float64 (so that the importer's {@code (float) (1 / tau)} is {@code rate}). */
    private static double[] taus(Param rate, int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = 1.0 / rate.at(k);
        }
        return v;
    }

    private static long[] longs(int[] s) {
        long[] l = new long[s.length];
        for (int k = 0; k < s.length; k++) {
            l[k] = s[k];
        }
        return l;
    }
}
