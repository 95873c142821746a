package io.snn4j.io;

import io.snn4j.functional.IAFParameters;
import io.snn4j.functional.LIBoxParameters;
import io.snn4j.functional.LIFAdExParameters;
import io.snn4j.functional.LIFAdExRefracParameters;
import io.snn4j.functional.LIFBoxParameters;
import io.snn4j.functional.LIFExParameters;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIFRefracParameters;
import io.snn4j.functional.LIParameters;
import io.snn4j.functional.LSNNParameters;
import io.snn4j.functional.NeuronParameters;
import io.snn4j.module.Compatibility;
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
import io.snn4j.module.RecurrentOptions;
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
 * Builds a network of cells ({@link SequentialState}) from a small JSON description and a weight file
 * (safetensors or {@code .npz}), as a Norse model is described after training. The description:
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
 * Layer types: {@code Linear} ({@code weight}, optional {@code bias_tensor}, {@code in_features} and
 * {@code out_features} checked if present); the cells {@code LIFCell, LICell, LIFBoxCell, LIBoxCell,
 * IAFCell, LSNNCell, LIFExCell, LIFAdExCell, LIFRefracCell, LIFAdExRefracCell} with {@code params} under
 * Norse's names (missing ones default) and an optional per-layer {@code dt}; the recurrent cells
 * {@code LIFRecurrentCell, LSNNRecurrentCell, LIFExRecurrentCell, LIFAdExRecurrentCell,
 * LIFRefracRecurrentCell} and {@code LILinearCell} with {@code input_weights}, {@code recurrent_weights}
 * (tensor names), {@code autapses}; and {@code Flatten}, {@code Scale} ({@code factor}),
 * {@code Threshold} ({@code v_threshold}). Every problem is an {@link IOException} naming the file, the
 * layer and what is wrong. Stateless and thread-safe.
 */
public final class ModelLoader {
    private ModelLoader() {
    }

    /** Loads a description and the weight file it names ({@code weights.safetensors} or {@code weights.npz}). */
    @SuppressWarnings("unchecked")
    public static LoadedModel load(Path description) throws IOException {
        Map<String, Object> model = readDescription(description);
        Object w = model.get("weights");
        Path dir = description.toAbsolutePath().getParent();
        if (w instanceof Map<?, ?> m) {
            Object st = ((Map<String, Object>) m).get("safetensors");
            Object npz = ((Map<String, Object>) m).get("npz");
            if (st instanceof String s) {
                return load(description, dir.resolve(s));
            }
            if (npz instanceof String s) {
                return load(description, dir.resolve(s));
            }
        } else if (w instanceof String s) {
            return load(description, dir.resolve(s));
        }
        throw new MalformedFileException(description + ": names no weight file (\"weights\": {\"safetensors\": ...})");
    }

    /** Loads a description with weights from a {@code .safetensors} or {@code .npz} file. */
    public static LoadedModel load(Path description, Path weights) throws IOException {
        Map<String, Object> model = readDescription(description);
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

    /** Builds a network from a parsed description and its tensors; {@code where} names it in errors. */
    @SuppressWarnings("unchecked")
    public static LoadedModel build(Map<String, Object> model, Map<String, Tensor> weights, String where) throws IOException {
        double dt = number(model, "dt", 0.001, where);
        int steps = (int) number(model, "T", 0, where);
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new MalformedFileException(where + ": dt must be > 0, got " + dt);
        }
        if (!(model.get("layers") instanceof List<?> layers) || layers.isEmpty()) {
            throw new MalformedFileException(where + ": needs a non-empty \"layers\" list");
        }
        List<Layer> built = new ArrayList<>();
        for (int k = 0; k < layers.size(); k++) {
            if (!(layers.get(k) instanceof Map<?, ?> spec)) {
                throw new MalformedFileException(where + ": layer " + k + " is not an object");
            }
            String at = where + ": layer " + k;
            try {
                built.add(layer((Map<String, Object>) spec, weights, dt, at));
            } catch (IllegalArgumentException e) {
                throw new MalformedFileException(at + ": " + e.getMessage(), e);
            }
        }
        Object name = model.get("name");
        return new LoadedModel(new SequentialState(built), dt, steps, name instanceof String s ? s : "");
    }

    @SuppressWarnings("unchecked")
    private static Layer layer(Map<String, Object> spec, Map<String, Tensor> weights, double modelDt, String base)
            throws IOException {
        if (!(spec.get("type") instanceof String type)) {
            throw new MalformedFileException(base + ": needs a \"type\"");
        }
        String at = base + " (" + type + ")";
        double dt = number(spec, "dt", modelDt, at);
        Map<String, Object> params = spec.get("params") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        switch (type) {
            case "Linear": {
                Tensor w = tensor(weights, spec, "weight", at);
                Tensor b = spec.containsKey("bias_tensor") ? tensor(weights, spec, "bias_tensor", at) : null;
                if (w.rank() != 2) {
                    throw new MalformedFileException(at + ": weight has shape " + Arrays.toString(w.shape()) + ", expected (out, in)");
                }
                checkSize(spec, "in_features", w.dim(1), at);
                checkSize(spec, "out_features", w.dim(0), at);
                return Linear.of(w, b);
            }
            case "LIFCell":
                return Layer.of(new LIFCell(params(LIFParameters.class, params, at), dt));
            case "LICell":
                return Layer.of(new LICell(params(LIParameters.class, params, at), dt));
            case "LIFBoxCell":
                return Layer.of(new LIFBoxCell(params(LIFBoxParameters.class, params, at), dt));
            case "LIBoxCell":
                return Layer.of(new LIBoxCell(params(LIBoxParameters.class, params, at), dt));
            case "IAFCell":
                return Layer.of(new IAFCell(params(IAFParameters.class, params, at), dt));
            case "LSNNCell":
                return Layer.of(new LSNNCell(params(LSNNParameters.class, params, at), dt));
            case "LIFExCell":
                return Layer.of(new LIFExCell(params(LIFExParameters.class, params, at), dt));
            case "LIFAdExCell":
                return Layer.of(new LIFAdExCell(params(LIFAdExParameters.class, params, at), dt));
            case "LIFRefracCell":
                return Layer.of(new LIFRefracCell(params(LIFRefracParameters.class, params, at), dt));
            case "LIFAdExRefracCell":
                return Layer.of(new LIFAdExRefracCell(params(LIFAdExRefracParameters.class, params, at), dt,
                        Compatibility.FIXED));
            case "LIFRecurrentCell":
                return recurrent(spec, weights, dt, at, (in, h, o) -> new LIFRecurrentCell(in, h,
                        params(LIFParameters.class, params, at), o));
            case "LSNNRecurrentCell":
                return recurrent(spec, weights, dt, at, (in, h, o) -> new LSNNRecurrentCell(in, h,
                        params(LSNNParameters.class, params, at), o));
            case "LIFExRecurrentCell":
                return recurrent(spec, weights, dt, at, (in, h, o) -> new LIFExRecurrentCell(in, h,
                        params(LIFExParameters.class, params, at), o));
            case "LIFAdExRecurrentCell":
                return recurrent(spec, weights, dt, at, (in, h, o) -> new LIFAdExRecurrentCell(in, h,
                        params(LIFAdExParameters.class, params, at), o));
            case "LIFRefracRecurrentCell":
                return recurrent(spec, weights, dt, at, (in, h, o) -> new LIFRefracRecurrentCell(in, h,
                        params(LIFRefracParameters.class, params, at), o));
            case "LILinearCell": {
                Tensor w = tensor(weights, spec, "input_weights", at);
                RecurrentOptions o = RecurrentOptions.DEFAULT.withDt(dt).withInputWeights(matrix(w, at));
                return Layer.of(new LILinearCell(w.dim(1), w.dim(0), params(LIParameters.class, params, at), o));
            }
            case "Flatten":
                return new Flatten();
            case "Scale":
                return new Scale(ParameterReader.param(spec.get("factor"), at + ".factor"));
            case "Threshold":
                return new Threshold(ParameterReader.param(spec.get("v_threshold"), at + ".v_threshold"));
            default:
                throw new MalformedFileException(at + ": unsupported layer type '" + type + "'");
        }
    }

    private interface Recurrent {
        Object make(int in, int hidden, RecurrentOptions options) throws IOException;
    }

    @SuppressWarnings("unchecked")
    private static Layer recurrent(Map<String, Object> spec, Map<String, Tensor> weights, double dt, String at, Recurrent f)
            throws IOException {
        Tensor win = tensor(weights, spec, "input_weights", at);
        Tensor wrec = tensor(weights, spec, "recurrent_weights", at);
        RecurrentOptions o = RecurrentOptions.DEFAULT.withDt(dt).withAutapses(Boolean.TRUE.equals(spec.get("autapses")))
                .withInputWeights(matrix(win, at)).withRecurrentWeights(matrix(wrec, at));
        Object m = f.make(win.dim(1), win.dim(0), o);
        return Layer.of((io.snn4j.module.SNNRecurrentCell<?, io.snn4j.functional.NeuronState>) m);
    }

    private static FMatrixRMaj matrix(Tensor t, String at) throws IOException {
        if (t.rank() != 2) {
            throw new MalformedFileException(at + ": a weight matrix must be 2-d, got shape " + Arrays.toString(t.shape()));
        }
        return new FMatrixRMaj(t.dim(0), t.dim(1), true, t.toArray());
    }

    private static <R extends NeuronParameters> R params(Class<R> type, Map<String, Object> params, String at)
            throws IOException {
        return ParameterReader.read(type, params, at + ".params");
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

    private static void checkSize(Map<String, Object> spec, String field, int actual, String at) throws IOException {
        Object v = spec.get(field);
        if (v instanceof Number n && n.intValue() != actual) {
            throw new MalformedFileException(at + ": " + field + " is " + n.intValue() + " but the weight says " + actual);
        }
    }

    private static double number(Map<String, Object> m, String field, double fallback, String at) throws IOException {
        Object v = m.get(field);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw new MalformedFileException(at + ": " + field + " must be a number, got " + v);
        }
        return n.doubleValue();
    }
}
