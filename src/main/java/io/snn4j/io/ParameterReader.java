package io.snn4j.io;

import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.Param;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds any snn4j parameter record from a JSON object keyed by Norse's field names: numbers become
 * scalar parameters, arrays per-neuron ones, strings stay strings ({@code method}, {@code reset_method}),
 * objects nested parameters; missing fields keep Norse's defaults ({@code null} is refused, not read as
 * "default"). Stateless and thread-safe.
 */
public final class ParameterReader {
    private ParameterReader() {
    }

    /**
     * The parameters of {@code type} (a record with a {@code DEFAULT} constant) from {@code json}.
     *
     * @throws IOException naming {@code where} and the field for unknown fields or invalid values
     */
    @SuppressWarnings("unchecked")
    public static <R extends NeuronParameters> R read(Class<R> type, Map<String, Object> json, String where)
            throws IOException {
        R defaults;
        try {
            defaults = (R) type.getField("DEFAULT").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " has no DEFAULT", e);
        }
        List<String> names = new ArrayList<>(defaults.fields().keySet());
        for (String key : json.keySet()) {
            if (!names.contains(key)) {
                String near = ModelLoader.nearest(key, names);
                throw new MalformedFileException(where + ": unknown parameter '" + key + "' for " + defaults.typeName()
                        + (near != null ? " (did you mean '" + near + "'?)" : "") + "; known: " + names);
            }
        }
        RecordComponent[] comps = type.getRecordComponents();
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        try {
            for (int k = 0; k < comps.length; k++) {
                types[k] = comps[k].getType();
                String name = names.get(k);
                Object v = json.get(name);
                String at = where + "." + name;
                if (v == null && json.containsKey(name)) {
                    throw new MalformedFileException(at + " is null; leave it out for Norse's default");
                }
                if (v == null) {
                    args[k] = comps[k].getAccessor().invoke(defaults);
                } else if (types[k] == Param.class) {
                    args[k] = param(v, at);
                } else if (types[k] == String.class) {
                    if (!(v instanceof String)) {
                        throw new MalformedFileException(at + " must be a string, got " + v);
                    }
                    args[k] = v;
                } else if (v instanceof Map<?, ?> m) {
                    args[k] = read((Class<R>) types[k], (Map<String, Object>) m, at);
                } else {
                    throw new MalformedFileException(at + " must be an object, got " + v);
                }
            }
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw new MalformedFileException(where + ": " + iae.getMessage(), iae);
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    /** A number (scalar) or a list of numbers (per-neuron). */
    static Param param(Object v, String where) throws IOException {
        if (v instanceof Number n) {
            return Param.of((float) n.doubleValue());
        }
        if (v instanceof List<?> l && !l.isEmpty()) {
            float[] f = new float[l.size()];
            for (int k = 0; k < f.length; k++) {
                if (!(l.get(k) instanceof Number n)) {
                    throw new MalformedFileException(where + "[" + k + "] is not a number: " + l.get(k));
                }
                f[k] = (float) n.doubleValue();
            }
            return Param.of(f);
        }
        throw new MalformedFileException(where + " must be a number or a non-empty list of numbers, got " + v);
    }
}
