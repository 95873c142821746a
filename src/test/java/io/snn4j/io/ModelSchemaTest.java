package io.snn4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.snn4j.cli.Main;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code src/docs/model.schema.json} documents the JSON model format; this test holds it and
 * {@link ModelLoader} to each other: the schema is a valid JSON Schema (2020-12); it names the same keys,
 * layer types, parameter fields and methods as the loader; every model description the project has or
 * writes (the Norse digits description, what {@code snn train} writes, the test descriptions) is valid
 * and loads; and every document in a set of bad ones is rejected by both. The checks only the loader can
 * make (tensors, positions, parameter values) are listed as such.
 */
class ModelSchemaTest {
    static final Path SCHEMA_FILE = Path.of("src/docs/model.schema.json");
    static Schema schema;
    static Map<String, Object> schemaJson;

    @TempDir
    Path tmp;

    /** Tensors for the test documents: a (3, 2) weight, a bias and a (3, 3) recurrent weight. */
    static final Map<String, Tensor> W = Map.of("w", Tensor.zeros(3, 2), "b", Tensor.zeros(3), "r", Tensor.zeros(3, 3));

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readSchema() throws IOException {
        String text = Files.readString(SCHEMA_FILE);
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
        schemaJson = (Map<String, Object>) Json.parse(text, SCHEMA_FILE.toString());
    }

    static List<com.networknt.schema.Error> schemaErrors(String json) {
        return schema.validate(json, InputFormat.JSON);
    }

    static void valid(String what, String json) {
        List<com.networknt.schema.Error> e = schemaErrors(json);
        assertTrue(e.isEmpty(), what + " should be valid against the schema: " + e);
    }

    @Test
    void theSchemaIsAValidJsonSchema() {
        // the 2020-12 meta-schema ships inside the validator: no network
        Schema meta = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        List<com.networknt.schema.Error> e = meta.validate(readUnchecked(SCHEMA_FILE), InputFormat.JSON);
        assertTrue(e.isEmpty(), e.toString());
        assertEquals("https://json-schema.org/draft/2020-12/schema", schemaJson.get("$schema"));
    }

    static String readUnchecked(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> def(String name) {
        Map<String, Object> d = (Map<String, Object>) ((Map<String, Object>) schemaJson.get("$defs")).get(name);
        assertTrue(d != null, "no $defs/" + name);
        return d;
    }

    /** The property names a (sub)schema allows: its own and those of the schemas it includes by allOf/$ref. */
    @SuppressWarnings("unchecked")
    static Set<String> properties(Map<String, Object> s) {
        Set<String> out = new LinkedHashSet<>();
        if (s.get("$ref") instanceof String ref) {
            out.addAll(properties(def(ref.substring("#/$defs/".length()))));
        }
        if (s.get("allOf") instanceof List<?> all) {
            for (Object o : all) {
                out.addAll(properties((Map<String, Object>) o));
            }
        }
        if (s.get("properties") instanceof Map<?, ?> p) {
            out.addAll((Set<String>) p.keySet());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> property(Map<String, Object> s, String name) {
        return (Map<String, Object>) ((Map<String, Object>) s.get("properties")).get(name);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSchemaAndTheLoaderKnowTheSameKeys() throws ReflectiveOperationException {
        assertEquals(ModelLoader.topLevelKeys().keySet(), properties(schemaJson), "top-level keys");
        assertEquals(ModelLoader.weightKeys().keySet(), properties(def("weightFiles")), "keys of \"weights\"");
        Map<String, Object> layerTypeEnum = property(def("layer"), "type");
        assertEquals(new ArrayList<>(ModelLoader.layerTypes().keySet()), layerTypeEnum.get("enum"), "layer types");
        for (Map.Entry<String, ModelLoader.LayerType> e : ModelLoader.layerTypes().entrySet()) {
            String type = e.getKey();
            Map<String, Object> d = def(type);
            assertEquals(new TreeSet<>(e.getValue().keys().keySet()), new TreeSet<>(properties(d)), "keys of a " + type + " layer");
            assertEquals(Boolean.FALSE, d.get("unevaluatedProperties"), type + " allows no other keys");
            Class<? extends NeuronParameters> params = e.getValue().params();
            if (params != null) {
                String ref = (String) ((Map<String, Object>) ((Map<String, Object>) d.get("properties")).get("params")).get("$ref");
                assertEquals("#/$defs/" + params.getSimpleName(), ref, type + ".params");
                assertParamsMatch(params);
            }
        }
        assertEquals(new TreeSet<>(NeuronParameters.METHODS), new TreeSet<>((List<String>) def("method").get("enum")), "methods");
    }

    /** The schema of a parameter record lists exactly its Norse field names, nested records alike. */
    @SuppressWarnings("unchecked")
    static void assertParamsMatch(Class<? extends NeuronParameters> type) throws ReflectiveOperationException {
        NeuronParameters defaults = (NeuronParameters) type.getField("DEFAULT").get(null);
        Map<String, Object> d = def(type.getSimpleName());
        assertEquals(Boolean.FALSE, d.get("additionalProperties"), type.getSimpleName());
        assertEquals(new ArrayList<>(defaults.fields().keySet()), new ArrayList<>(properties(d)), type.getSimpleName() + " fields");
        for (Map.Entry<String, Object> f : defaults.fields().entrySet()) {
            if (f.getValue() instanceof NeuronParameters nested) {
                assertEquals("#/$defs/" + nested.getClass().getSimpleName(), property(d, f.getKey()).get("$ref"));
                assertParamsMatch(nested.getClass());
            }
        }
    }

    /** One description per layer type (and every optional key), built against {@link #W}. */
    static final List<String> GOOD = List.of(
            "{\"dt\": 0.001, \"layers\": [{\"type\": \"Linear\", \"weight\": \"w\"}, {\"type\": \"LIFCell\"}]}",
            "{\"name\": \"all\", \"description\": \"every layer type\", \"dt\": 0.002, \"T\": 3, \"weights\": \"w.safetensors\", "
                    + "\"layers\": ["
                    + "{\"index\": 0, \"name\": \"in\", \"type\": \"Linear\", \"weight\": \"w\", \"bias_tensor\": \"b\", \"bias\": true, "
                    + "\"in_features\": 2, \"out_features\": 3, \"norse_class\": \"torch.nn.Linear\", \"description\": \"x\"},"
                    + "{\"type\": \"LIFCell\", \"size\": 3, \"dt\": 0.001, \"params\": {\"tau_syn_inv\": 200, \"tau_mem_inv\": [100, 90, 80], "
                    + "\"v_leak\": 0, \"v_th\": 1, \"v_reset\": 0, \"method\": \"heaviside\", \"alpha\": 100}, "
                    + "\"initial_state\": {\"v\": 0, \"i\": [0, 0, 0]}, \"step\": [\"i = i + x\"]},"
                    + "{\"type\": \"LICell\", \"params\": {\"v_leak\": 0.5}, \"initial_state\": {\"v\": 0.5}},"
                    + "{\"type\": \"LIFBoxCell\", \"params\": {\"reset_method\": \"reset_subtract\"}},"
                    + "{\"type\": \"LIBoxCell\"}, {\"type\": \"IAFCell\", \"params\": {\"v_th\": 0.5}},"
                    + "{\"type\": \"LSNNCell\", \"params\": {\"beta\": 1.5}}, {\"type\": \"LIFExCell\", \"params\": {\"delta_T\": 0.4}},"
                    + "{\"type\": \"LIFAdExCell\", \"params\": {\"tau_ada_inv\": 3}},"
                    + "{\"type\": \"LIFRefracCell\", \"params\": {\"lif\": {\"v_th\": 0.8}, \"rho_reset\": 3}},"
                    + "{\"type\": \"LIFAdExRefracCell\", \"params\": {\"lif_adex\": {\"v_th\": 0.8}, \"rho_reset\": 2}},"
                    + "{\"type\": \"Scale\", \"factor\": [1, 2, 3]}, {\"type\": \"Threshold\", \"v_threshold\": 0.5},"
                    + "{\"type\": \"Flatten\"}]}",
            "{\"layers\": ["
                    + "{\"type\": \"LIFRecurrentCell\", \"input_weights\": \"w\", \"recurrent_weights\": \"r\", \"autapses\": true, "
                    + "\"input_size\": 2, \"hidden_size\": 3, \"initial_state\": {\"z\": 0}},"
                    + "{\"type\": \"LSNNRecurrentCell\", \"input_weights\": \"w\", \"recurrent_weights\": \"r\"},"
                    + "{\"type\": \"LIFExRecurrentCell\", \"input_weights\": \"w\", \"recurrent_weights\": \"r\"},"
                    + "{\"type\": \"LIFAdExRecurrentCell\", \"input_weights\": \"w\", \"recurrent_weights\": \"r\"},"
                    + "{\"type\": \"LIFRefracRecurrentCell\", \"input_weights\": \"w\", \"recurrent_weights\": \"r\", \"params\": {\"rho_reset\": 2}},"
                    + "{\"type\": \"LILinearCell\", \"input_weights\": \"w\", \"hidden_size\": 3}]}",
            "{\"framework\": \"f\", \"norse_commit\": \"c\", \"blas\": \"b\", \"time_loop\": \"t\", \"float_notes\": \"n\", "
                    + "\"test_accuracy\": 0.9, \"encoding\": {}, \"readout\": {\"rule\": \"max\"}, \"training\": {\"lr\": 0.1}, "
                    + "\"reference_checks\": {}, \"files\": {}, \"nir\": {}, \"weights\": {\"safetensors\": \"a\", \"npz\": \"b\", "
                    + "\"convention\": \"c\", \"tensors\": {\"w\": {\"shape\": [3, 2], \"dtype\": \"float32\"}, \"b\": {\"shape\": [3]}}}, "
                    + "\"layers\": [{\"type\": \"Linear\", \"weight\": \"w\", \"bias_tensor\": \"b\"}]}");

    @Test
    void theProjectsDescriptionsAreValidAndLoad() throws IOException {
        for (String doc : GOOD) {
            valid(doc, doc);
            ModelLoader.build(LoaderErrorsTest.json(doc), W, "good.json");
        }
        Path digits = TestFiles.resource("digits/model.json");
        valid("digits/model.json", Files.readString(digits));
        assertEquals(4, ModelLoader.load(digits).network().layers().size());
    }

    /** Runs the snn command line; returns its output, failing on a non-zero status. */
    static String snn(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        assertEquals(0, status, "snn " + String.join(" ", args) + ": " + e.toString(StandardCharsets.UTF_8));
        return o.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDescriptionsSnnTrainWritesAreValidAndLoad() throws IOException {
        // the built-in example, written by snn4j itself
        Path digits = tmp.resolve("digits");
        snn("train", "digits", "--epochs", "1", "--quiet", "--out", digits.toString());
        valid("snn train digits: model.json", Files.readString(digits.resolve("model.json")));
        LoadedModel m = ModelLoader.load(digits.resolve("model.json"));
        assertEquals(32, m.steps());

        // training from the Norse description copies its layers, with their descriptive keys, into the output
        Path dir = TestFiles.resource("digits/model.json").getParent();
        Tensor x = NumPy.readNpy(dir.resolve("test_inputs.npy")).toTensor();
        long[] y = NumPy.readNpy(dir.resolve("test_labels.npy")).toLongArray();
        Path xs = tmp.resolve("x.npy"), ys = tmp.resolve("y.npy");
        NumPy.writeNpy(xs, Tensor.of(Arrays.copyOf(x.toArray(), 32 * 64), 32, 64));
        ByteBuffer labels = ByteBuffer.allocate(32 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 32; k++) {
            labels.putLong(y[k]);
        }
        Files.write(ys, FormatsTest.npy("{'descr': '<i8', 'fortran_order': False, 'shape': (32,), }", labels.array(), 1));
        Path norse = tmp.resolve("norse");
        snn("train", "--quiet", "--model", dir.resolve("model.json").toString(), "--inputs", xs.toString(), "--labels",
                ys.toString(), "--epochs", "1", "--out", norse.toString());
        String written = Files.readString(norse.resolve("model.json"));
        assertTrue(written.contains("\"norse_class\""), "the layers keep their descriptive keys: " + written);
        valid("snn train --model digits/model.json: model.json", written);
        assertEquals(4, ModelLoader.load(norse.resolve("model.json")).network().layers().size());
    }

    /** Documents that the schema and the loader both refuse, each with what the loader's message names. */
    static final String[][] BAD = {
        {"{\"type\": \"LIFCell\"}", "unknown top-level key 'type'"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"parameters\": {\"v_th\": 100}}]}", "unknown key 'parameters'"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"params\": [1, 2]}]}", "\"params\" must be an object"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"params\": \"v_th=5\"}]}", "\"params\" must be an object"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"params\": {\"v_th\": null}}]}", "v_th is null"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"params\": {\"v_thresh\": 1}}]}", "unknown parameter 'v_thresh'"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"params\": {\"v_th\": []}}]}", "v_th must be a number or a non-empty list"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"params\": {\"v_th\": [\"1\"]}}]}", "v_th[0] is not a number"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"params\": {\"method\": \"superspike\"}}]}", "method must be one of"},
        {"{\"layers\": [{\"type\": \"LIFBoxCell\", \"params\": {\"reset_method\": \"reset_zero\"}}]}", "reset_method"},
        {"{\"layers\": [{\"type\": \"LIFBoxCell\", \"params\": {\"tau_syn_inv\": 200}}]}", "unknown parameter 'tau_syn_inv'"},
        {"{\"layers\": [{\"type\": \"LIFRefracCell\", \"params\": {\"lif\": 5}}]}", "lif must be an object"},
        {"{\"layers\": [{\"type\": \"Linear\", \"wieght\": \"w\"}]}", "unknown key 'wieght'"},
        {"{\"layers\": [{\"type\": \"Linear\"}]}", "needs \"weight\""},
        {"{\"layers\": [{\"type\": \"Linear\", \"weight\": 3}]}", "\"weight\" must be a string"},
        {"{\"layers\": [{\"type\": \"Linear\", \"weight\": \"w\", \"in_features\": \"5\"}]}", "\"in_features\" must be a whole number"},
        {"{\"layers\": [{\"type\": \"Linear\", \"weight\": \"w\", \"bias\": \"yes\"}]}", "\"bias\" must be true or false"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"size\": 0}]}", "\"size\" must be a whole number >= 1"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"index\": -1}]}", "\"index\" must be a whole number >= 0"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"index\": 0.5}]}", "\"index\" must be a whole number >= 0"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"dt\": null}]}", "\"dt\" is null"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"dt\": 0}]}", "\"dt\" must be a number > 0"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"initial_state\": \"zero\"}]}", "\"initial_state\" must be an object"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"initial_state\": {\"v\": \"0\"}}]}", "\"initial_state\" must be an object of numbers"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"step\": \"i = i + x\"}]}", "\"step\" must be a list of strings"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"weight\": \"w\"}]}", "unknown key 'weight'"},
        {"{\"layers\": [{\"type\": \"LIFRecurrentCell\", \"input_weights\": \"w\"}]}", "needs \"recurrent_weights\""},
        {"{\"layers\": [{\"type\": \"LIFRecurrentCell\", \"input_weights\": \"w\", \"recurrent_weights\": \"r\", "
                + "\"autapses\": \"yes\"}]}", "\"autapses\" must be true or false"},
        {"{\"layers\": [{\"type\": \"LILinearCell\", \"input_weights\": \"w\", \"recurrent_weights\": \"r\"}]}",
            "unknown key 'recurrent_weights'"},
        {"{\"layers\": [{\"type\": \"LILinearCell\"}]}", "needs \"input_weights\""},
        {"{\"layers\": [{\"type\": \"Scale\"}]}", "needs \"factor\""},
        {"{\"layers\": [{\"type\": \"Threshold\", \"v_threshold\": \"x\"}]}", "\"v_threshold\" must be a number"},
        {"{\"layers\": [{\"type\": \"Flatten\", \"start_dim\": 1}]}", "unknown key 'start_dim'"},
        {"{\"layers\": [{}]}", "needs a \"type\""},
        {"{\"layers\": [{\"type\": 5}]}", "\"type\" must be a string"},
        {"{\"layers\": [{\"type\": \"Conv9d\"}]}", "unsupported layer type 'Conv9d'"},
        {"{\"layers\": [5]}", "layer 0 is not an object"},
        {"{\"layers\": []}", "\"layers\" must be a non-empty list"},
        {"{\"layers\": {\"type\": \"LIFCell\"}}", "\"layers\" must be a non-empty list"},
        {"{\"dt\": 0.001}", "needs \"layers\""},
        {"{\"dtt\": 0.001, \"layers\": [{\"type\": \"LIFCell\"}]}", "unknown top-level key 'dtt'"},
        {"{\"dt\": -1, \"layers\": [{\"type\": \"LIFCell\"}]}", "\"dt\" must be a number > 0"},
        {"{\"dt\": \"0.001\", \"layers\": [{\"type\": \"LIFCell\"}]}", "\"dt\" must be a number > 0"},
        {"{\"T\": 0, \"layers\": [{\"type\": \"LIFCell\"}]}", "\"T\" must be a whole number >= 1"},
        {"{\"T\": 2.5, \"layers\": [{\"type\": \"LIFCell\"}]}", "\"T\" must be a whole number >= 1"},
        {"{\"T\": \"32\", \"layers\": [{\"type\": \"LIFCell\"}]}", "\"T\" must be a whole number >= 1"},
        {"{\"T\": null, \"layers\": [{\"type\": \"LIFCell\"}]}", "\"T\" is null"},
        {"{\"name\": 7, \"layers\": [{\"type\": \"LIFCell\"}]}", "\"name\" must be a string"},
        {"{\"encoding\": \"constant\", \"layers\": [{\"type\": \"LIFCell\"}]}", "\"encoding\" must be an object"},
        {"{\"test_accuracy\": \"high\", \"layers\": [{\"type\": \"LIFCell\"}]}", "\"test_accuracy\" must be a number"},
        {"{\"weights\": 5, \"layers\": [{\"type\": \"LIFCell\"}]}", "\"weights\" must be a file name or an object"},
        {"{\"weights\": {\"safetensor\": \"w.safetensors\"}, \"layers\": [{\"type\": \"LIFCell\"}]}", "unknown key 'safetensor'"},
        {"{\"weights\": {\"npz\": 1}, \"layers\": [{\"type\": \"LIFCell\"}]}", "\"npz\" must be a string"},
        {"{\"weights\": {\"tensors\": {\"w\": {\"dims\": [3, 2]}}}, \"layers\": [{\"type\": \"LIFCell\"}]}", "unknown key 'dims'"},
        {"{\"weights\": {\"tensors\": {\"w\": {\"dtype\": \"float32\"}}}, \"layers\": [{\"type\": \"LIFCell\"}]}", "needs \"shape\""},
        {"{\"weights\": {\"tensors\": {\"w\": {\"shape\": \"3x2\"}}}, \"layers\": [{\"type\": \"LIFCell\"}]}",
            "\"shape\" must be a list of whole numbers"},
        {"{\"weights\": {\"tensors\": {\"w\": [3, 2]}}, \"layers\": [{\"type\": \"LIFCell\"}]}", "must be an object"},
    };

    @Test
    void badDocumentsAreRejectedByTheSchemaAndTheLoader() {
        for (String[] bad : BAD) {
            assertFalse(schemaErrors(bad[0]).isEmpty(), "the schema should reject " + bad[0]);
            IOException e = assertThrows(IOException.class, () -> ModelLoader.build(LoaderErrorsTest.json(bad[0]), W, "bad.json"),
                    bad[0]);
            assertTrue(e.getMessage().startsWith("bad.json"), e.getMessage());
            assertTrue(e.getMessage().contains(bad[1]), "'" + e.getMessage() + "' should mention '" + bad[1] + "'");
        }
    }

    /** Valid by the schema, which cannot see the weights or Norse's rules; refused by the loader. */
    static final String[][] LOADER_ONLY = {
        {"{\"layers\": [{\"type\": \"Linear\", \"weight\": \"nope\"}]}", "tensor 'nope' is not in the weight file"},
        {"{\"layers\": [{\"type\": \"Linear\", \"weight\": \"w\", \"in_features\": 5}]}", "\"in_features\" is 5 but the weight says 2"},
        {"{\"layers\": [{\"type\": \"Linear\", \"weight\": \"w\", \"bias\": true}]}", "\"bias\" is true but there is no"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"index\": 2}]}", "\"index\" is 2 but the layer is at position 0"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"params\": {\"tau_mem_inv\": -1}}]}", "tau_mem_inv must be > 0"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"size\": 4, \"params\": {\"v_th\": [1, 2]}}]}", "v_th has 2 values but \"size\" is 4"},
        {"{\"layers\": [{\"type\": \"LIFCell\", \"initial_state\": {\"v\": 1}}]}", "initial_state.v is 1"},
        {"{\"layers\": [{\"type\": \"LICell\", \"initial_state\": {\"z\": 0}}]}", "unknown state variable 'z'"},
        {"{\"weights\": {\"tensors\": {\"w\": {\"shape\": [2, 3]}}}, \"layers\": [{\"type\": \"LIFCell\"}]}", "'w' has shape [3, 2]"},
    };

    @Test
    void whatOnlyTheLoaderChecks() {
        for (String[] doc : LOADER_ONLY) {
            valid(doc[0], doc[0]);
            FormatsTest.rejects(doc[1], () -> ModelLoader.build(LoaderErrorsTest.json(doc[0]), W, "semantic.json"));
        }
    }

    @Test
    void theMessagesNameFileLayerAndKey() {
        FormatsTest.rejects("bad.json: layer 1 (LIFCell): unknown key 'parameters' (did you mean 'params'?)",
                () -> ModelLoader.build(LoaderErrorsTest.json("{\"layers\": [{\"type\": \"Linear\", \"weight\": \"w\"}, "
                        + "{\"type\": \"LIFCell\", \"parameters\": {\"v_th\": 100}}]}"), W, "bad.json"));
    }
}
