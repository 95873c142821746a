package io.snn4j.io;

import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIParameters;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.NeuronState;
import io.snn4j.functional.Param;
import io.snn4j.module.IAFCell;
import io.snn4j.module.LIBoxCell;
import io.snn4j.module.LICell;
import io.snn4j.module.LIFAdExCell;
import io.snn4j.module.LIFAdExRecurrentCell;
import io.snn4j.module.LIFAdExRefracCell;
import io.snn4j.module.LIFBoxCell;
import io.snn4j.module.LIFCell;
import io.snn4j.module.LIFExCell;
import io.snn4j.module.LIFExRecurrentCell;
import io.snn4j.module.LIFRecurrentCell;
import io.snn4j.module.LIFRefracCell;
import io.snn4j.module.LIFRefracRecurrentCell;
import io.snn4j.module.LILinearCell;
import io.snn4j.module.LSNNCell;
import io.snn4j.module.LSNNRecurrentCell;
import io.snn4j.module.NeuronModels;
import io.snn4j.module.RecurrentOptions;
import io.snn4j.module.SNNCell;
import io.snn4j.module.SNNRecurrentCell;
import io.snn4j.nn.Flatten;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.Scale;
import io.snn4j.nn.SequentialState;
import io.snn4j.nn.Threshold;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.FMatrixRMaj;

/**
 * Builds a network of layers ({@link SequentialState}) from a JSON model description and a weight file
 * (safetensors or {@code .npz}), as a Norse model is described after training. The format is documented,
 * key by key, as a JSON Schema in {@code src/docs/model.schema.json}; a short example:
 *
 * <pre>
 * {
 *   "name": "digits", "dt": 0.001, "T": 32,
 *   "weights": {"safetensors": "digits.safetensors", "npz": "digits_weights.npz"},   (optional)
 *   "layers": [
 *     {"type": "Linear", "weight": "0.weight", "bias_tensor": "0.bias"},
 *     {"type": "LIFCell", "params": {"tau_syn_inv": 200.0, "v_th": 1.0}},
 *     {"type": "Linear", "weight": "2.weight", "bias_tensor": "2.bias"},
 *     {"type": "LICell"}
 *   ]
 * }
 * </pre>
 *
 * <p>Top level: {@code name} (string), {@code dt} (seconds, &gt; 0, default 0.001), {@code T} (time steps,
 * whole number &gt;= 1; {@link LoadedModel#steps()} is 0 when absent), {@code weights} (a file name, or an
 * object with {@code safetensors} and/or {@code npz} file names relative to the description, optional
 * {@code tensors}: name to {@code {"shape": [...], "dtype": "..."}}, checked against the weight file, and
 * an informational {@code convention} string), {@code layers} (a non-empty list). Informational keys,
 * typed but not used to build the network: {@code description, framework, norse_commit, blas,
 * time_loop, float_notes} (strings), {@code test_accuracy} (number), {@code encoding, readout, training,
 * reference_checks, files, nir} (objects of any content). {@code snn train} writes such a description.
 *
 * <p>Layers, each {@code {"type": ...}} with optional {@code index} (its position in the list, checked),
 * {@code name}, {@code description} and {@code norse_class} (strings): {@code Linear} ({@code weight},
 * optional {@code bias_tensor}, {@code bias} (boolean, must agree with {@code bias_tensor}),
 * {@code in_features} and {@code out_features} checked against the weight); the cells (every one-step module of {@link NeuronModels}) {@code LIFCell,
 * LICell, LIFBoxCell, LIBoxCell, IAFCell, LSNNCell, LIFExCell, LIFAdExCell, LIFRefracCell,
 * LIFAdExRefracCell} with {@code params} under Norse's names (missing ones default), an optional per-layer
 * {@code dt}, {@code size} (neurons; per-neuron parameters must have that length); the recurrent cells
 * {@code LIFRecurrentCell, LSNNRecurrentCell, LIFExRecurrentCell, LIFAdExRecurrentCell,
 * LIFRefracRecurrentCell, LIFAdExRefracRecurrentCell} with {@code input_weights}, {@code recurrent_weights} (tensor names),
 * {@code autapses} (boolean), {@code input_size} and {@code hidden_size} (checked against the weights),
 * {@code params} and {@code dt}; {@code LILinearCell} the same without recurrent weights and autapses;
 * every cell may also carry {@code initial_state} (state variable to value, which must equal Norse's
 * default state, since every cell starts from it) and {@code step} (a list of strings, informational);
 * and {@code Flatten}, {@code Scale} ({@code factor}), {@code Threshold} ({@code v_threshold}).
 *
 * <p>Every key must be one of these, with a value of the stated JSON type; {@code null} is never a value
 * (leave a key out for its default). A misspelt or mistyped key, a tensor that is missing or of the wrong
 * shape, a descriptive key that contradicts the network: each is an {@link IOException} naming the file,
 * the layer (position and type) and the key. Stateless and thread-safe.
 */
public final class ModelLoader {
    private ModelLoader() {
    }

    /** What a key's value must be. */
    enum Kind {
        STRING("a string"),
        NUMBER("a number"),
        POSITIVE("a number > 0"),
        COUNT("a whole number >= 1"),
        INDEX("a whole number >= 0"),
        SHAPE("a list of whole numbers >= 0"),
        BOOLEAN("true or false"),
        OBJECT("an object"),
        STRINGS("a list of strings"),
        PARAM("a number or a non-empty list of numbers"),
        LAYERS("a non-empty list of layer objects"),
        WEIGHTS("a file name or an object {\"safetensors\": ..., \"npz\": ...}"),
        STATE("an object of numbers or lists of numbers");

        final String text;

        Kind(String text) {
            this.text = text;
        }

        boolean accepts(Object v) {
            switch (this) {
                case STRING:
                    return v instanceof String;
                case NUMBER:
                    return v instanceof Number n && Double.isFinite(n.doubleValue());
                case POSITIVE:
                    return v instanceof Number n && n.doubleValue() > 0 && Double.isFinite(n.doubleValue());
                case COUNT:
                    return isWhole(v, 1);
                case INDEX:
                    return isWhole(v, 0);
                case SHAPE:
                    return v instanceof List<?> l && l.stream().allMatch(INDEX::accepts);
                case BOOLEAN:
                    return v instanceof Boolean;
                case OBJECT:
                    return v instanceof Map;
                case STRINGS:
                    return v instanceof List<?> l && l.stream().allMatch(String.class::isInstance);
                case PARAM:
                    return NUMBER.accepts(v) || (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(NUMBER::accepts));
                case LAYERS:
                    return v instanceof List<?> l && !l.isEmpty();
                case WEIGHTS:
                    return v instanceof String || v instanceof Map;
                case STATE:
                    return v instanceof Map<?, ?> m && m.values().stream().allMatch(PARAM::accepts);
                default:
                    throw new AssertionError(this);
            }
        }

        /** A whole number in {@code [min, Integer.MAX_VALUE]}, whichever Number type holds it. */
        private static boolean isWhole(Object v, int min) {
            if (!(v instanceof Number n)) {
                return false;
            }
            double d = n.doubleValue();
            return d == Math.rint(d) && d >= min && d <= Integer.MAX_VALUE;
        }
    }

    /** The keys of the top level: those that build the network, then the informational ones. */
    private static final Map<String, Kind> TOP = keys(
            "name", Kind.STRING, "dt", Kind.POSITIVE, "T", Kind.COUNT, "weights", Kind.WEIGHTS, "layers", Kind.LAYERS,
            "description", Kind.STRING, "framework", Kind.STRING, "norse_commit", Kind.STRING, "blas", Kind.STRING,
            "time_loop", Kind.STRING, "float_notes", Kind.STRING, "test_accuracy", Kind.NUMBER,
            "encoding", Kind.OBJECT, "readout", Kind.OBJECT, "training", Kind.OBJECT, "reference_checks", Kind.OBJECT,
            "files", Kind.OBJECT, "nir", Kind.OBJECT);

    /** The keys of {@code "weights": {...}}. */
    private static final Map<String, Kind> WEIGHTS = keys(
            "safetensors", Kind.STRING, "npz", Kind.STRING, "tensors", Kind.OBJECT, "convention", Kind.STRING);

    /** The keys of one entry of {@code "weights": {"tensors": {name: {...}}}}. */
    private static final Map<String, Kind> TENSOR = keys("shape", Kind.SHAPE, "dtype", Kind.STRING);

    /** Keys every layer may have. */
    private static final Map<String, Kind> COMMON = keys(
            "type", Kind.STRING, "index", Kind.INDEX, "name", Kind.STRING, "description", Kind.STRING,
            "norse_class", Kind.STRING);

    private static final Map<String, Kind> CELL = with(COMMON,
            "params", Kind.OBJECT, "dt", Kind.POSITIVE, "initial_state", Kind.STATE, "step", Kind.STRINGS);

    private static final Map<String, Kind> LINEAR_CELL = with(CELL,
            "input_weights", Kind.STRING, "input_size", Kind.COUNT, "hidden_size", Kind.COUNT);

    /** The layer types with their parameter records (null: no parameters) and keys, in documentation order. */
    private static final Map<String, LayerType> TYPES = new LinkedHashMap<>();

    /** A layer type: its parameter record and its keys. */
    record LayerType(Class<? extends NeuronParameters> params, Map<String, Kind> keys) {
    }

    static {
        TYPES.put("Linear", new LayerType(null, with(COMMON, "weight", Kind.STRING, "bias_tensor", Kind.STRING,
                "bias", Kind.BOOLEAN, "in_features", Kind.COUNT, "out_features", Kind.COUNT)));
        Map<String, Kind> feedForward = with(CELL, "size", Kind.COUNT);
        Map<String, Kind> recurrent = with(LINEAR_CELL, "recurrent_weights", Kind.STRING, "autapses", Kind.BOOLEAN);
        // the cells: every registered one-step module, with the keys of its kind
        for (NeuronModels.Entry<?> e : NeuronModels.of(NeuronModels.Kind.CELL)) {
            TYPES.put(e.name(), new LayerType(e.parameterType(), feedForward));
        }
        for (NeuronModels.Entry<?> e : NeuronModels.of(NeuronModels.Kind.RECURRENT_CELL)) {
            if (!e.name().equals("LILinearCell")) {
                TYPES.put(e.name(), new LayerType(e.parameterType(), recurrent));
            }
        }
        TYPES.put("LILinearCell", new LayerType(LIParameters.class, LINEAR_CELL));
        TYPES.put("Flatten", new LayerType(null, COMMON));
        TYPES.put("Scale", new LayerType(null, with(COMMON, "factor", Kind.PARAM)));
        TYPES.put("Threshold", new LayerType(null, with(COMMON, "v_threshold", Kind.PARAM)));
    }

    private static Map<String, Kind> keys(Object... pairs) {
        return with(Map.of(), pairs);
    }

    private static Map<String, Kind> with(Map<String, Kind> base, Object... pairs) {
        Map<String, Kind> m = new LinkedHashMap<>(base);
        for (int k = 0; k < pairs.length; k += 2) {
            m.put((String) pairs[k], (Kind) pairs[k + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The layer types and their keys (for tests that hold the schema against the loader). */
    static Map<String, LayerType> layerTypes() {
        return java.util.Collections.unmodifiableMap(TYPES);
    }

    /** The top-level keys (for tests). */
    static Map<String, Kind> topLevelKeys() {
        return TOP;
    }

    /** The keys of the {@code weights} object (for tests). */
    static Map<String, Kind> weightKeys() {
        return WEIGHTS;
    }

    /**
     * Loads a description and the weight file it names ({@code weights.safetensors}, else
     * {@code weights.npz}, or {@code "weights": "file"}), relative to the description's folder. A
     * description whose layers name no tensors needs no weight file.
     */
    @SuppressWarnings("unchecked")
    public static LoadedModel load(Path description) throws IOException {
        Map<String, Object> model = readDescription(description);
        String where = description.toString();
        checkKeys(model, TOP, where, "top-level ");
        Object w = model.get("weights");
        Path dir = description.toAbsolutePath().getParent();
        if (w instanceof Map<?, ?> m) {
            checkKeys((Map<String, Object>) m, WEIGHTS, where + ": weights", "");
            Object st = m.get("safetensors");
            Object npz = m.get("npz");
            if (st instanceof String s) {
                return load(description, dir.resolve(s));
            }
            if (npz instanceof String s) {
                return load(description, dir.resolve(s));
            }
        } else if (w instanceof String s) {
            return load(description, dir.resolve(s));
        }
        if (!namesTensors(model)) {
            return build(model, Map.of(), where);
        }
        throw new MalformedFileException(where + ": names no weight file (\"weights\": {\"safetensors\": ...})");
    }

    /** Loads a description with weights from a {@code .safetensors} or {@code .npz} file. */
    public static LoadedModel load(Path description, Path weights) throws IOException {
        Map<String, Object> model = readDescription(description);
        checkKeys(model, TOP, description.toString(), "top-level ");
        return build(model, readWeights(weights), description.toString());
    }

    /** Reads the tensors of a {@code .safetensors} or {@code .npz} file. */
    public static Map<String, Tensor> readWeights(Path weights) throws IOException {
        String n = weights.getFileName().toString();
        if (n.endsWith(".safetensors")) {
            return SafeTensors.read(weights).tensors();
        }
        if (n.endsWith(".npz")) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (Map.Entry<String, NpyArray> e : NumPy.readNpz(weights).entrySet()) {
                m.put(e.getKey(), e.getValue().toTensor());
            }
            return m;
        }
        throw new MalformedFileException(weights + ": unknown weight format (expected .safetensors or .npz)");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readDescription(Path description) throws IOException {
        if (!Files.isRegularFile(description)) {
            throw new java.io.FileNotFoundException(description + ": no such file");
        }
        if (Files.size(description) > 64L << 20) {
            throw new MalformedFileException(description + ": larger than 64 MiB; not a model description");
        }
        Object o = Json.read(description);
        if (!(o instanceof Map<?, ?>)) {
            throw new MalformedFileException(description + ": not a JSON object");
        }
        return (Map<String, Object>) o;
    }

    /** Whether any layer names a tensor (so that a weight file is needed). */
    private static boolean namesTensors(Map<String, Object> model) {
        if (model.get("layers") instanceof List<?> layers) {
            for (Object l : layers) {
                if (l instanceof Map<?, ?> spec) {
                    for (String f : List.of("weight", "bias_tensor", "input_weights", "recurrent_weights")) {
                        if (spec.containsKey(f)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /**
     * Builds a network from a parsed description and its tensors; {@code where} names it in errors.
     *
     * @throws IOException (a {@link MalformedFileException}) for anything the description gets wrong
     */
    @SuppressWarnings("unchecked")
    public static LoadedModel build(Map<String, Object> model, Map<String, Tensor> weights, String where) throws IOException {
        checkKeys(model, TOP, where, "top-level ");
        double dt = model.containsKey("dt") ? ((Number) model.get("dt")).doubleValue() : 0.001;
        int steps = model.containsKey("T") ? count(model, "T") : 0;
        if (model.get("weights") instanceof Map<?, ?> w) {
            checkTensors((Map<String, Object>) w, weights, where + ": weights");
        }
        if (!model.containsKey("layers")) {
            throw new MalformedFileException(where + ": needs \"layers\", " + Kind.LAYERS.text);
        }
        List<?> layers = (List<?>) model.get("layers");
        List<Layer> built = new ArrayList<>();
        for (int k = 0; k < layers.size(); k++) {
            if (!(layers.get(k) instanceof Map<?, ?> spec)) {
                throw new MalformedFileException(where + ": layer " + k + " is not an object, got " + show(layers.get(k)));
            }
            String base = where + ": layer " + k;
            if (!(spec.get("type") instanceof String type)) {
                throw new MalformedFileException(base + ": " + (spec.containsKey("type")
                        ? "\"type\" must be a string naming the layer type, got " + show(spec.get("type"))
                        : "needs a \"type\"") + " (one of " + TYPES.keySet() + ")");
            }
            String at = base + " (" + type + ")";
            try {
                built.add(layer((Map<String, Object>) spec, k, type, weights, dt, at));
            } catch (IllegalArgumentException e) {
                throw new MalformedFileException(at + ": " + e.getMessage(), e);
            }
        }
        Object name = model.get("name");
        return new LoadedModel(new SequentialState(built), dt, steps, name instanceof String s ? s : "");
    }

    /**
     * Throws unless every key of {@code m} is in {@code known}, not null, and of its kind.
     *
     * @param what words before "key" in the message for an unknown key ("top-level " or "")
     */
    static void checkKeys(Map<String, Object> m, Map<String, Kind> known, String at, String what) throws IOException {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String key = e.getKey();
            Kind kind = known.get(key);
            if (kind == null) {
                String near = nearest(key, known.keySet());
                throw new MalformedFileException(at + ": unknown " + what + "key '" + key + "'"
                        + (near != null ? " (did you mean '" + near + "'?)" : "") + "; known keys: " + known.keySet());
            }
            if (e.getValue() == null) {
                throw new MalformedFileException(at + ": \"" + key + "\" is null; leave the key out for its default");
            }
            if (!kind.accepts(e.getValue())) {
                throw new MalformedFileException(at + ": \"" + key + "\" must be " + kind.text + ", got " + show(e.getValue()));
            }
        }
    }

    /** The known key closest to a misspelt one, or null if none is close. */
    static String nearest(String key, Iterable<String> known) {
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            int prefix = 0;
            while (prefix < Math.min(key.length(), k.length()) && key.charAt(prefix) == k.charAt(prefix)) {
                prefix++;
            }
            boolean close = d <= Math.max(2, Math.min(key.length(), k.length()) / 3)
                    || (prefix >= 4 && 2 * prefix >= Math.min(key.length(), k.length()));
            if (close && d < bestScore) {
                best = k;
                bestScore = d;
            }
        }
        return best;
    }

    /** Edit distance (insertions, deletions, substitutions). */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** A value as it appears in JSON, shortened. */
    static String show(Object v) {
        String s;
        try {
            s = Json.write(v);
        } catch (IllegalArgumentException e) {
            s = String.valueOf(v);
        }
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** Checks {@code "tensors": {name: {"shape": [...], "dtype": ...}}} against the weight file. */
    @SuppressWarnings("unchecked")
    private static void checkTensors(Map<String, Object> w, Map<String, Tensor> weights, String at) throws IOException {
        checkKeys(w, WEIGHTS, at, "");
        if (!(w.get("tensors") instanceof Map<?, ?> listed)) {
            return;
        }
        for (Map.Entry<?, ?> e : listed.entrySet()) {
            String name = (String) e.getKey();
            String here = at + ".tensors." + name;
            if (!(e.getValue() instanceof Map<?, ?> entry)) {
                throw new MalformedFileException(here + " must be an object {\"shape\": [...], \"dtype\": ...}, got "
                        + show(e.getValue()));
            }
            checkKeys((Map<String, Object>) entry, TENSOR, here, "");
            if (!(entry.get("shape") instanceof List<?> dims)) {
                throw new MalformedFileException(here + ": needs \"shape\", " + Kind.SHAPE.text);
            }
            int[] want = dims.stream().mapToInt(d -> ((Number) d).intValue()).toArray();
            Tensor t = weights.get(name);
            if (t == null) {
                throw new MalformedFileException(at + ".tensors: '" + name + "' is not in the weight file; it has "
                        + weights.keySet());
            }
            if (!Arrays.equals(want, t.shape())) {
                throw new MalformedFileException(at + ".tensors: '" + name + "' has shape " + Arrays.toString(t.shape())
                        + " in the weight file, the description says " + Arrays.toString(want));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Layer layer(Map<String, Object> spec, int position, String type, Map<String, Tensor> weights,
            double modelDt, String at) throws IOException {
        LayerType t = TYPES.get(type);
        if (t == null) {
            String near = nearest(type, TYPES.keySet());
            throw new MalformedFileException(at + ": unsupported layer type '" + type + "'" + (near != null ? " (did you mean '"
                    + near + "'?)" : "") + "; supported: " + TYPES.keySet());
        }
        checkKeys(spec, t.keys(), at, "");
        if (spec.containsKey("index") && count(spec, "index") != position) {
            throw new MalformedFileException(at + ": \"index\" is " + count(spec, "index") + " but the layer is at position "
                    + position);
        }
        double dt = spec.containsKey("dt") ? ((Number) spec.get("dt")).doubleValue() : modelDt;
        Map<String, Object> params = spec.containsKey("params") ? (Map<String, Object>) spec.get("params") : Map.of();
        switch (type) {
            case "Linear": {
                Tensor w = tensor(weights, spec, "weight", at);
                Tensor b = spec.containsKey("bias_tensor") ? tensor(weights, spec, "bias_tensor", at) : null;
                if (w.rank() != 2) {
                    throw new MalformedFileException(at + ": weight has shape " + Arrays.toString(w.shape()) + ", expected (out, in)");
                }
                checkSize(spec, "in_features", w.dim(1), "the weight", at);
                checkSize(spec, "out_features", w.dim(0), "the weight", at);
                if (Boolean.TRUE.equals(spec.get("bias")) && b == null) {
                    throw new MalformedFileException(at + ": \"bias\" is true but there is no \"bias_tensor\"");
                }
                if (Boolean.FALSE.equals(spec.get("bias")) && b != null) {
                    throw new MalformedFileException(at + ": \"bias\" is false but \"bias_tensor\" names '"
                            + spec.get("bias_tensor") + "'");
                }
                return Linear.of(w, b);
            }
            case "Flatten":
                return new Flatten();
            case "Scale":
                return new Scale(ParameterReader.param(required(spec, "factor", at), at + ".factor"));
            case "Threshold":
                return new Threshold(ParameterReader.param(required(spec, "v_threshold", at), at + ".v_threshold"));
            default:
                return cell(spec, type, t, params, weights, dt, at);
        }
    }

    /** A neuron cell (feed-forward, recurrent or LILinearCell), with its size and initial state checked. */
    private static Layer cell(Map<String, Object> spec, String type, LayerType t, Map<String, Object> params,
            Map<String, Tensor> weights, double dt, String at) throws IOException {
        NeuronParameters p = ParameterReader.read(t.params(), params, at + ".params");
        Layer layer;
        int neurons;
        if (spec.containsKey("size")) {
            neurons = count(spec, "size");
            checkPerNeuron(p.fields(), neurons, at + ".params", at);
        } else {
            // without "size", per-neuron initial values tell the number of neurons
            neurons = 1;
            if (spec.get("initial_state") instanceof Map<?, ?> init) {
                for (Object v : init.values()) {
                    neurons = Math.max(neurons, v instanceof List<?> l ? l.size() : 1);
                }
            }
        }
        if (t.keys().containsKey("input_weights")) {
            Tensor win = tensor(weights, spec, "input_weights", at);
            FMatrixRMaj in = matrix(win, "input_weights", at);
            checkSize(spec, "input_size", win.dim(1), "input_weights '" + spec.get("input_weights") + "'", at);
            checkSize(spec, "hidden_size", win.dim(0), "input_weights '" + spec.get("input_weights") + "'", at);
            neurons = win.dim(0);
            RecurrentOptions o = RecurrentOptions.DEFAULT.withDt(dt).withInputWeights(in);
            if (type.equals("LILinearCell")) {
                layer = Layer.of(new LILinearCell(win.dim(1), win.dim(0), (LIParameters) p, o));
            } else {
                Tensor wrec = tensor(weights, spec, "recurrent_weights", at);
                o = o.withAutapses(Boolean.TRUE.equals(spec.get("autapses"))).withRecurrentWeights(matrix(wrec,
                        "recurrent_weights", at));
                layer = recurrent(type, win.dim(1), win.dim(0), p, o);
            }
        } else {
            layer = feedForward(type, p, dt);
        }
        if (spec.get("initial_state") instanceof Map<?, ?> init) {
            checkInitialState(layer, init, neurons, at);
        }
        return layer;
    }

    /** A registered cell, in the fixed behaviour where Norse has a bug. */
    private static Layer feedForward(String type, NeuronParameters p, double dt) {
        return Layer.of((SNNCell<?, ?>) NeuronModels.get(type).create(p, NeuronModels.Spec.feedForward(dt)));
    }

    /** A registered recurrent cell with the given weights (in the options). */
    private static Layer recurrent(String type, int in, int hidden, NeuronParameters p, RecurrentOptions o) {
        return Layer.of((SNNRecurrentCell<?, ?>) NeuronModels.get(type).create(p, NeuronModels.Spec.recurrent(in, hidden, o)));
    }

    /** Per-neuron parameters (lists) must have {@code size} values. */
    private static void checkPerNeuron(Map<String, Object> fields, int size, String prefix, String at) throws IOException {
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            if (f.getValue() instanceof Param v && !v.isScalar() && v.size() != size) {
                throw new MalformedFileException(prefix + "." + f.getKey() + " has " + v.size() + " values but \"size\" is "
                        + size);
            }
            if (f.getValue() instanceof NeuronParameters nested) {
                checkPerNeuron(nested.fields(), size, prefix + "." + f.getKey(), at);
            }
        }
    }

    /**
     * {@code initial_state} documents the state a cell starts from; snn4j starts every cell from Norse's
     * default state (the state {@code None} stands for), so any other value is refused rather than ignored.
     */
    private static void checkInitialState(Layer layer, Map<?, ?> init, int neurons, String at) throws IOException {
        NeuronState fallback;
        try {
            fallback = ((Layer.Adapter<?>) layer).module().defaultState(new int[] {1, neurons});
        } catch (IllegalArgumentException e) {
            throw new MalformedFileException(at + ": initial_state cannot be checked against Norse's default state ("
                    + e.getMessage() + "); give \"size\"", e);
        }
        for (Map.Entry<?, ?> e : init.entrySet()) {
            String name = (String) e.getKey();
            if (!fallback.names().contains(name)) {
                throw new MalformedFileException(at + ": initial_state: unknown state variable '" + name + "'; the state has "
                        + fallback.names());
            }
            float[] want = fallback.buffer(name);
            Param given = ParameterReader.param(e.getValue(), at + ".initial_state." + name);
            if (!given.isScalar() && given.size() != want.length) {
                throw new MalformedFileException(at + ": initial_state." + name + " has " + given.size() + " values for "
                        + want.length + " neurons");
            }
            for (int k = 0; k < want.length; k++) {
                float g = given.isScalar() ? given.scalar() : given.at(k);
                if (g != want[k]) {
                    throw new MalformedFileException(at + ": initial_state." + name + " is " + show(e.getValue())
                            + ", but snn4j starts every cell from Norse's default state (" + name + " = " + want[k]
                            + (want.length > 1 ? " for neuron " + k : "") + "); another initial state cannot be loaded");
                }
            }
        }
    }

    private static FMatrixRMaj matrix(Tensor t, String field, String at) throws IOException {
        if (t.rank() != 2) {
            throw new MalformedFileException(at + ": " + field + " must be 2-d, got shape " + Arrays.toString(t.shape()));
        }
        return new FMatrixRMaj(t.dim(0), t.dim(1), true, t.toArray());
    }

    private static Tensor tensor(Map<String, Tensor> weights, Map<String, Object> spec, String field, String at)
            throws IOException {
        if (!(spec.get(field) instanceof String name)) {
            throw new MalformedFileException(at + ": needs \"" + field + "\" (a tensor name)");
        }
        Tensor t = weights.get(name);
        if (t == null) {
            throw new MalformedFileException(at + ": tensor '" + name + "' is not in the weight file; it has " + weights.keySet());
        }
        return t;
    }

    private static Object required(Map<String, Object> spec, String field, String at) throws IOException {
        if (!spec.containsKey(field)) {
            throw new MalformedFileException(at + ": needs \"" + field + "\", " + TYPES.get((String) spec.get("type")).keys()
                    .get(field).text);
        }
        return spec.get(field);
    }

    private static int count(Map<String, Object> spec, String field) {
        return ((Number) spec.get(field)).intValue();
    }

    private static void checkSize(Map<String, Object> spec, String field, int actual, String source, String at)
            throws IOException {
        if (spec.containsKey(field) && count(spec, field) != actual) {
            throw new MalformedFileException(at + ": \"" + field + "\" is " + count(spec, field) + " but " + source + " says "
                    + actual);
        }
    }
}
