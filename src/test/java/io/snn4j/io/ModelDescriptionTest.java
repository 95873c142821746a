package io.snn4j.io;

import static io.snn4j.io.FormatsTest.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.functional.LIFParameters;
import io.snn4j.module.LIFCell;
import io.snn4j.nn.Layer;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON model description is strict: every key at the top level, in {@code weights} and in a layer
 * must be one the format knows, of the right JSON type; a misspelt or mistyped key is an IOException
 * naming the file, the layer (position and type) and the key, instead of a model that silently runs with
 * defaults.
 */
class ModelDescriptionTest {
    @TempDir
    Path tmp;

    static final Map<String, Tensor> W = Map.of("w", Tensor.zeros(3, 2), "b", Tensor.zeros(3), "r", Tensor.zeros(3, 3));

    static void rejectsModel(String model, String... mustMention) {
        for (String m : mustMention) {
            rejects(m, () -> ModelLoader.build(LoaderErrorsTest.json(model), W, "m.json"));
        }
    }

    static LoadedModel build(String model) throws IOException {
        return ModelLoader.build(LoaderErrorsTest.json(model), W, "m.json");
    }

    static float threshold(LoadedModel m, int layer) {
        Layer.Adapter<?> a = (Layer.Adapter<?>) m.network().layers().get(layer);
        return ((LIFParameters) a.module().p()).vTh().scalar();
    }

    @Test
    void misspeltKeysAboveParamsAreRefusedNotIgnored() {
        // the case that ran with the default threshold
        rejectsModel("{\"layers\": [{\"type\": \"LIFCell\", \"parameters\": {\"v_th\": 100}}]}",
                "m.json: layer 0 (LIFCell)", "unknown key 'parameters'", "did you mean 'params'?");
        rejectsModel("{\"layers\": [{\"type\": \"Linear\", \"wieght\": \"w\"}]}",
                "m.json: layer 0 (Linear)", "unknown key 'wieght'", "did you mean 'weight'?");
        rejectsModel("{\"layers\": [{\"type\": \"Linear\", \"weight\": \"w\"}, {\"type\": \"LIFCell\", \"tau\": 1}]}",
                "m.json: layer 1 (LIFCell)", "unknown key 'tau'", "params");
        rejectsModel("{\"dtt\": 0.002, \"layers\": [{\"type\": \"LIFCell\"}]}", "m.json: unknown top-level key 'dtt'",
                "did you mean 'dt'?");
        rejectsModel("{\"layer\": [{\"type\": \"LIFCell\"}]}", "unknown top-level key 'layer'", "'layers'");
        rejectsModel("{\"weights\": {\"safetensor\": \"w.safetensors\"}, \"layers\": [{\"type\": \"LIFCell\"}]}",
                "m.json: weights: unknown key 'safetensor'", "'safetensors'");
        rejectsModel("{\"layers\": [{\"type\": \"LIFCel\"}]}", "layer 0 (LIFCel): unsupported layer type 'LIFCel'",
                "did you mean 'LIFCell'?");
        rejectsModel("{\"layers\": [{\"type\": \"LIFCell\", \"params\": {\"v_thresh\": 1}}]}",
                "layer 0 (LIFCell).params: unknown parameter 'v_thresh'", "did you mean 'v_th'?");
        // a key of another layer type is unknown here
        rejectsModel("{\"layers\": [{\"type\": \"LIFCell\", \"weight\": \"w\"}]}", "layer 0 (LIFCell): unknown key 'weight'");
    }

    @Test
    void wronglyTypedKeysAreRefused() {
        rejectsModel("{\"layers\": [{\"type\": \"LIFCell\", \"params\": [1, 2]}]}",
                "m.json: layer 0 (LIFCell)", "\"params\" must be an object", "got [1,2]");
        rejectsModel("{\"layers\": [{\"type\": \"LIFCell\", \"params\": \"v_th=5\"}]}",
                "layer 0 (LIFCell)", "\"params\" must be an object", "\"v_th=5\"");
        rejectsModel("{\"layers\": [{\"type\": \"Linear\", \"weight\": \"w\", \"in_features\": \"5\"}]}",
                "layer 0 (Linear)", "\"in_features\" must be a whole number >= 1", "\"5\"");
        rejectsModel("{\"layers\": [{\"type\": \"Linear\", \"weight\": \"w\", \"out_features\": 3.5}]}",
                "\"out_features\" must be a whole number >= 1, got 3.5");
        rejectsModel("{\"layers\": [{\"type\": \"LIFCell\", \"params\": {\"v_th\": null}}]}",
                "m.json: layer 0 (LIFCell).params.v_th is null");
        rejectsModel("{\"layers\": [{\"type\": \"LIFCell\", \"dt\": null}]}", "layer 0 (LIFCell): \"dt\" is null");
        rejectsModel("{\"T\": null, \"layers\": [{\"type\": \"LIFCell\"}]}", "m.json: \"T\" is null");
        rejectsModel("{\"T\": \"32\", \"layers\": [{\"type\": \"LIFCell\"}]}", "\"T\" must be a whole number >= 1");
        rejectsModel("{\"T\": 32.5, \"layers\": [{\"type\": \"LIFCell\"}]}", "\"T\" must be a whole number >= 1");
        rejectsModel("{\"T\": 0, \"layers\": [{\"type\": \"LIFCell\"}]}", "\"T\" must be a whole number >= 1");
        rejectsModel("{\"dt\": \"0.001\", \"layers\": [{\"type\": \"LIFCell\"}]}", "\"dt\" must be a number > 0");
        rejectsModel("{\"name\": 7, \"layers\": [{\"type\": \"LIFCell\"}]}", "\"name\" must be a string");
        rejectsModel("{\"layers\": {\"type\": \"LIFCell\"}}", "\"layers\" must be a non-empty list");
        rejectsModel("{\"layers\": []}", "\"layers\" must be a non-empty list");
        rejectsModel("{\"layers\": [5]}", "m.json: layer 0 is not an object");
        rejectsModel("{\"layers\": [{\"type\": 5}]}", "m.json: layer 0: \"type\" must be a string");
        rejectsModel("{\"layers\": [{\"type\": \"LIFRecurrentCell\", \"input_weights\": \"w\", \"recurrent_weights\": \"r\", "
                + "\"autapses\": \"yes\"}]}", "layer 0 (LIFRecurrentCell)", "\"autapses\" must be true or false");
        rejectsModel("{\"layers\": [{\"type\": \"Scale\", \"factor\": \"2\"}]}", "layer 0 (Scale)", "\"factor\"");
        rejectsModel("{\"layers\": [{\"type\": \"LIFCell\", \"step\": \"i = i + x\"}]}", "\"step\" must be a list of strings");
        rejectsModel("{\"encoding\": \"constant\", \"layers\": [{\"type\": \"LIFCell\"}]}", "\"encoding\" must be an object");
        rejectsModel("{\"test_accuracy\": \"0.97\", \"layers\": [{\"type\": \"LIFCell\"}]}", "\"test_accuracy\" must be a number");
        rejectsModel("{\"weights\": 5, \"layers\": [{\"type\": \"LIFCell\"}]}", "\"weights\" must be a file name or an object");
    }

    @Test
    void descriptiveKeysMustAgreeWithWhatIsBuilt() {
        rejectsModel("{\"layers\": [{\"index\": 1, \"type\": \"LIFCell\"}]}",
                "layer 0 (LIFCell): \"index\" is 1 but the layer is at position 0");
        rejectsModel("{\"layers\": [{\"type\": \"Linear\", \"weight\": \"w\", \"bias\": true}]}",
                "layer 0 (Linear): \"bias\" is true but there is no \"bias_tensor\"");
        rejectsModel("{\"layers\": [{\"type\": \"Linear\", \"weight\": \"w\", \"bias_tensor\": \"b\", \"bias\": false}]}",
                "\"bias\" is false but \"bias_tensor\" names 'b'");
        rejectsModel("{\"layers\": [{\"type\": \"LIFCell\", \"size\": 3, \"params\": {\"v_th\": [1, 2]}}]}",
                "layer 0 (LIFCell)", "v_th has 2 values but \"size\" is 3");
        rejectsModel("{\"layers\": [{\"type\": \"LIFCell\", \"initial_state\": {\"v\": 0.5}}]}",
                "layer 0 (LIFCell): initial_state.v is 0.5", "Norse's default state");
        rejectsModel("{\"layers\": [{\"type\": \"LIFCell\", \"initial_state\": {\"q\": 0}}]}",
                "initial_state: unknown state variable 'q'", "[v, i]");
        rejectsModel("{\"layers\": [{\"type\": \"LIFRecurrentCell\", \"input_weights\": \"w\", \"recurrent_weights\": \"r\", "
                + "\"hidden_size\": 4}]}", "layer 0 (LIFRecurrentCell): \"hidden_size\" is 4 but input_weights 'w' says 3");
        rejectsModel("{\"weights\": {\"tensors\": {\"w\": {\"shape\": [2, 3], \"dtype\": \"float32\"}}}, "
                + "\"layers\": [{\"type\": \"Linear\", \"weight\": \"w\"}]}", "weights.tensors: 'w' has shape [3, 2]", "[2, 3]");
        rejectsModel("{\"weights\": {\"tensors\": {\"gone\": {\"shape\": [2]}}}, \"layers\": [{\"type\": \"LIFCell\"}]}",
                "weights.tensors: 'gone' is not in the weight file");
        rejectsModel("{\"weights\": {\"tensors\": {\"w\": {\"shape\": [3, 2], \"dtyp\": \"float32\"}}}, "
                + "\"layers\": [{\"type\": \"LIFCell\"}]}", "weights.tensors.w: unknown key 'dtyp'");
    }

    @Test
    void descriptiveKeysOfTheFormatLoad() throws IOException {
        LoadedModel m = build("{\"name\": \"t\", \"description\": \"a test\", \"framework\": \"hand\", \"norse_commit\": \"abc\", "
                + "\"dt\": 0.001, \"T\": 5, \"encoding\": {\"type\": \"constant_current\"}, \"readout\": {\"rule\": \"max\"}, "
                + "\"time_loop\": \"for t\", \"float_notes\": \"float32\", \"training\": {\"epochs\": 1}, \"test_accuracy\": 0.5, "
                + "\"reference_checks\": {}, \"blas\": \"ref\", \"files\": {}, \"nir\": {}, "
                + "\"weights\": {\"safetensors\": \"w.safetensors\", \"tensors\": {\"w\": {\"shape\": [3, 2], \"dtype\": \"float32\"}}, "
                + "\"convention\": \"y = x W^T + b\"},"
                + "\"layers\": [{\"index\": 0, \"name\": \"0\", \"type\": \"Linear\", \"norse_class\": \"torch.nn.Linear\", "
                + "\"in_features\": 2, \"out_features\": 3, \"bias\": true, \"weight\": \"w\", \"bias_tensor\": \"b\"},"
                + "{\"index\": 1, \"type\": \"LIFCell\", \"size\": 3, \"dt\": 0.001, \"params\": {\"v_th\": [1, 2, 3]}, "
                + "\"initial_state\": {\"v\": 0.0, \"i\": [0, 0, 0]}, \"step\": [\"i = i + x\"], \"description\": \"hidden\"}]}");
        assertEquals(5, m.steps());
        assertEquals(2, m.network().layers().size());
    }

    @Test
    void descriptionsBuiltInJavaMayUseAnyNumberType() throws IOException {
        // ModelLoader.build takes maps from code too (snn train builds one): Integer, Long and Float count as numbers
        Map<String, Object> linear = new java.util.LinkedHashMap<>(Map.of("type", "Linear", "weight", "w", "in_features", 2,
                "out_features", 3L));
        Map<String, Object> lif = new java.util.LinkedHashMap<>(Map.of("type", "LIFCell", "index", 1, "params",
                Map.of("v_th", 2.5f, "tau_mem_inv", java.util.List.of(100, 100L, 100.0))));
        Map<String, Object> model = new java.util.LinkedHashMap<>(Map.of("T", 32, "dt", 0.001f, "layers",
                java.util.List.of(linear, lif)));
        LoadedModel m = ModelLoader.build(model, W, "code");
        assertEquals(32, m.steps());
        assertEquals(2.5f, threshold(m, 1));
        model.put("T", 32.5f);
        rejects("code: \"T\" must be a whole number >= 1, got 32.5", () -> ModelLoader.build(model, W, "code"));
    }

    @Test
    void aCorrectlySpeltParameterIsUsed() throws IOException {
        // the counterpart of the refused misspelling: the threshold really is 100
        LoadedModel m = build("{\"layers\": [{\"type\": \"LIFCell\", \"params\": {\"v_th\": 100}}]}");
        assertEquals(100f, threshold(m, 0));
        assertEquals(new LIFCell().p().vTh().scalar(), threshold(build("{\"layers\": [{\"type\": \"LIFCell\"}]}"), 0));
    }

    @Test
    void aModelWithoutTensorsNeedsNoWeightFile() throws IOException {
        Path f = tmp.resolve("cells.json");
        Files.writeString(f, "{\"layers\": [{\"type\": \"LIFCell\"}, {\"type\": \"LICell\"}]}");
        assertEquals(2, ModelLoader.load(f).network().layers().size());
        Files.writeString(f, "{\"layers\": [{\"type\": \"Linear\", \"weight\": \"w\"}]}");
        rejects("names no weight file", () -> ModelLoader.load(f));
        Files.writeString(f, "{\"layerz\": [{\"type\": \"LIFCell\"}]}");
        rejects("cells.json: unknown top-level key 'layerz'", () -> ModelLoader.load(f));
    }

    @Test
    void theRealNorseDescriptionLoadsWithEveryKeyKnown() throws IOException {
        Path digits = TestFiles.resource("digits/model.json");
        LoadedModel m = ModelLoader.load(digits);
        assertEquals(32, m.steps());
        assertEquals("norse-digits-snn", m.name());
        assertTrue(m.network().layers().get(1).stateful());
    }
}
