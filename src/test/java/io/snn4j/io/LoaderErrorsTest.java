package io.snn4j.io;

import static io.snn4j.io.FormatsTest.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model descriptions and NIR graphs that cannot be built give an IOException naming the problem. */
class LoaderErrorsTest {
    @TempDir
    Path tmp;

    static final Map<String, Tensor> W = Map.of("w", Tensor.zeros(3, 2), "b", Tensor.zeros(3));

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) throws IOException {
        return (Map<String, Object>) Json.parse(text, "test");
    }

    static void rejectsModel(String mustMention, String model) {
        rejects(mustMention, () -> ModelLoader.build(json(model), W, "m.json"));
    }

    @Test
    void badDescriptions() {
        rejectsModel("layers", "{\"dt\": 0.001}");
        rejectsModel("\"dt\" must be a number > 0, got -1", "{\"dt\": -1, \"layers\": [{\"type\": \"LIFCell\"}]}");
        rejectsModel("unsupported layer type 'Conv9d'", "{\"layers\": [{\"type\": \"Conv9d\"}]}");
        rejectsModel("tensor 'nope' is not in the weight file", "{\"layers\": [{\"type\": \"Linear\", \"weight\": \"nope\"}]}");
        rejectsModel("\"in_features\" is 5 but the weight says 2", "{\"layers\": [{\"type\": \"Linear\", \"weight\": \"w\", \"in_features\": 5}]}");
        rejectsModel("unknown parameter 'v_thresh'", "{\"layers\": [{\"type\": \"LIFCell\", \"params\": {\"v_thresh\": 1}}]}");
        rejectsModel("tau_mem_inv must be > 0", "{\"layers\": [{\"type\": \"LIFCell\", \"params\": {\"tau_mem_inv\": -1}}]}");
        rejectsModel("layer 1 (LICell)", "{\"layers\": [{\"type\": \"LIFCell\"}, {\"type\": \"LICell\", \"params\": {\"v_leak\": \"x\"}}]}");
        rejectsModel("needs a \"type\"", "{\"layers\": [{}]}");
    }

    @Test
    void goodDescriptionWithPerNeuronParameters() throws IOException {
        LoadedModel m = ModelLoader.build(json("{\"name\": \"t\", \"dt\": 0.002, \"T\": 7, \"layers\": ["
                + "{\"type\": \"Linear\", \"weight\": \"w\", \"bias_tensor\": \"b\"},"
                + "{\"type\": \"LIFCell\", \"params\": {\"v_th\": [1, 2, 3], \"method\": \"heaviside\"}}]}"), W, "m.json");
        assertEquals(7, m.steps());
        assertEquals(0.002, m.dt());
        assertEquals(2, m.network().layers().size());
        assertEquals(List.of(3, 3).size(), m.network().forward(Tensor.zeros(4, 2)).output().dim(-1) - 1);
    }

    static NirImporter.Node node(String name, String type) {
        return new NirImporter.Node(name, type, Map.<String, float[]>of(), Map.<String, int[]>of());
    }

    @Test
    void nirFilesAndGraphs() throws IOException {
        Path notHdf = tmp.resolve("x.nir");
        Files.writeString(notHdf, "definitely not HDF5");
        rejects("x.nir", () -> NirImporter.load(notHdf, 0.001));
        rejects("no such file", () -> NirImporter.load(tmp.resolve("missing.nir"), 0.001));
        NirImporter.Node in = node("in", "Input");
        NirImporter.Node a = node("a", "Affine");
        NirImporter.Node b = node("b", "LIF");
        NirImporter.Node out = node("out", "Output");
        Map<String, NirImporter.Node> nodes = new java.util.LinkedHashMap<>();
        for (NirImporter.Node n : List.of(in, a, b, out)) {
            nodes.put(n.name(), n);
        }
        Path f = Path.of("g.nir");
        assertEquals(List.of(a, b), NirImporter.chain(f, nodes, List.of(new String[] {"in", "a"}, new String[] {"a", "b"},
                new String[] {"b", "out"})));
        rejects("more than one successor", () -> NirImporter.chain(f, nodes, List.of(new String[] {"in", "a"},
                new String[] {"a", "b"}, new String[] {"a", "out"})));
        rejects("more than one input", () -> NirImporter.chain(f, nodes, List.of(new String[] {"in", "b"},
                new String[] {"a", "b"}, new String[] {"b", "out"})));
        rejects("unknown node 'zz'", () -> NirImporter.chain(f, nodes, List.<String[]>of(new String[] {"in", "zz"})));
        rejects("leads nowhere", () -> NirImporter.chain(f, nodes, List.<String[]>of(new String[] {"in", "a"})));
        // a loop back into the chain gives its entry node a second input
        rejects("'a' has more than one input", () -> NirImporter.chain(f, nodes, List.of(new String[] {"in", "a"},
                new String[] {"a", "b"}, new String[] {"b", "a"})));
        rejects("not on the path", () -> NirImporter.chain(f, nodes, List.<String[]>of(new String[] {"in", "out"})));
        Map<String, NirImporter.Node> twoInputs = new java.util.LinkedHashMap<>(nodes);
        twoInputs.put("in2", node("in2", "Input"));
        rejects("exactly one Input", () -> NirImporter.chain(f, twoInputs, List.of()));
    }

    @Test
    void unsupportedNodesAndExportModeLimitsAreNamed() throws IOException {
        // the digits graph in Norse-export mode works; the tiny graph's CubaLIF has r != 1, which export mode refuses
        Path tiny = TestFiles.resource("digits/nir_tiny/tiny.nir");
        rejects("node 'cubalif' (CubaLIF): Norse-export mode needs r = 1",
                () -> NirImporter.load(tiny, 0.001, NirImporter.Mode.NORSE_EXPORT));
    }

    @Test
    void unsupportedNodeTypesAreNamed() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NirImporter.layers(node("conv", "Conv9d"), 0.001, NirImporter.Mode.NORSE_IMPORT));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("unsupported node type 'Conv9d'"), e.getMessage());
        // Conv2d is a NIR node type now: its fields are read (and the layer is built once convolutions exist)
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NirImporter.layers(node("conv", "Conv2d"), 0.001, NirImporter.Mode.NORSE_IMPORT));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("missing field 'weight'"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NirImporter.layers(node("lif", "LIF"), 0.001, NirImporter.Mode.NORSE_IMPORT));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("missing field"), e.getMessage());
    }
}
