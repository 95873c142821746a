package io.snn4j.golden;

import io.snn4j.functional.Param;
import io.snn4j.io.Json;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One Norse golden case (schema 1, see src/test/resources/golden/README.md), parsed. */
public final class GoldenCase {
    public final String name;
    public final String model;
    public final String kind;
    public final double dt;
    public final Map<String, Object> constructor;
    public final Map<String, Object> params;
    public final Tensor input;
    public final Tensor output;
    public final Tensor inputWeights;
    public final Tensor recurrentWeightsGiven;
    public final Tensor recurrentWeightsEffective;
    /** Flattened with dotted names (lif.v), null if the module's default was used. */
    public final Map<String, Tensor> initialState;
    public final Map<String, Tensor> defaultInitialState;
    public final Map<String, Tensor> finalState;
    public final boolean recordStates;
    public final double minThresholdMargin;
    public final Map<String, Object> raw;

    @SuppressWarnings("unchecked")
    private GoldenCase(Map<String, Object> j) {
        raw = j;
        name = (String) j.get("name");
        model = (String) j.get("model");
        kind = (String) j.get("kind");
        dt = ((Number) j.get("dt")).doubleValue();
        constructor = j.get("constructor") == null ? Map.of() : (Map<String, Object>) j.get("constructor");
        params = j.get("params") == null ? Map.of() : (Map<String, Object>) j.get("params");
        input = tensor(j.get("input"));
        output = tensor(j.get("output"));
        inputWeights = tensor(j.get("input_weights"));
        recurrentWeightsGiven = tensor(j.get("recurrent_weights_given"));
        recurrentWeightsEffective = tensor(j.get("recurrent_weights_effective"));
        initialState = state(j.get("initial_state"));
        defaultInitialState = state(j.get("default_initial_state"));
        finalState = state(j.get("final_state"));
        recordStates = Boolean.TRUE.equals(j.get("record_states"));
        Map<String, Object> rc = (Map<String, Object>) j.get("reference_check");
        Object m = rc == null ? null : rc.get("min_threshold_margin");
        minThresholdMargin = m instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY;
    }

    /** Loads a case from the test resources. */
    @SuppressWarnings("unchecked")
    public static GoldenCase load(String name) {
        String path = "/golden/" + name + ".json";
        try (InputStream in = GoldenCase.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new GoldenCase((Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of all cases in index.json, in order, with their model. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> index() {
        try (InputStream in = GoldenCase.class.getResourceAsStream("/golden/index.json")) {
            Map<String, Object> j = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "index.json");
            Map<String, String> out = new LinkedHashMap<>();
            for (Object o : (List<Object>) j.get("cases")) {
                Map<String, Object> c = (Map<String, Object>) o;
                out.put((String) c.get("name"), (String) c.get("model"));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Tensor tensor(Object o) {
        if (o == null) {
            return null;
        }
        Map<String, Object> m = (Map<String, Object>) o;
        List<Object> shape = (List<Object>) m.get("shape");
        List<Object> data = (List<Object>) m.get("data");
        int[] s = new int[shape.size()];
        for (int k = 0; k < s.length; k++) {
            s[k] = ((Number) shape.get(k)).intValue();
        }
        float[] d = new float[data.size()];
        for (int k = 0; k < d.length; k++) {
            d[k] = toFloat(data.get(k));
        }
        return Tensor.wrap(d, s);
    }

    static float toFloat(Object o) {
        if (o instanceof Number n) {
            return (float) n.doubleValue();
        }
        String s = String.valueOf(o);
        return switch (s) {
            case "NaN", "nan" -> Float.NaN;
            case "Infinity", "inf" -> Float.POSITIVE_INFINITY;
            case "-Infinity", "-inf" -> Float.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException("not a number: " + s);
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tensor> state(Object o) {
        if (o == null) {
            return null;
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        flatten("", (Map<String, Object>) o, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> m, Map<String, Tensor> out) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Map<String, Object> v = (Map<String, Object>) e.getValue();
            if (v.containsKey("shape") && v.containsKey("data")) {
                out.put(prefix + e.getKey(), tensor(v));
            } else {
                flatten(prefix + e.getKey() + ".", v, out);
            }
        }
    }

    /** A parameter field as a {@link Param} (0-d tensor: scalar; 1-d: per-neuron; plain number: scalar). */
    public Param param(String field) {
        return param(params, field);
    }

    @SuppressWarnings("unchecked")
    public static Param param(Map<String, Object> params, String field) {
        Object o = params.get(field);
        if (o == null) {
            throw new IllegalArgumentException("case has no parameter " + field);
        }
        if (o instanceof Number n) {
            return Param.of((float) n.doubleValue());
        }
        return Param.of(tensor(o).toArray());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> nestedParams(String field) {
        return (Map<String, Object>) params.get(field);
    }

    public String string(String field) {
        return (String) params.get(field);
    }

    /** The per-step input tensors (for cell loops). */
    public List<Tensor> steps() {
        List<Tensor> l = new ArrayList<>();
        for (int t = 0; t < input.dim(0); t++) {
            l.add(input.step(t));
        }
        return l;
    }

    @Override
    public String toString() {
        return name;
    }
}
