package io.snn4j.functional;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fields of a parameter record under Norse's names, in component order: the component's name in
 * snake case ({@code tauSynInv} is {@code tau_syn_inv}) unless a {@link NorseName} says otherwise.
 * Looked up once per record class. Thread-safe.
 */
final class RecordFields {
    private static final Map<Class<?>, Map<String, Method>> CACHE = new ConcurrentHashMap<>();

    private RecordFields() {
    }

    /** The fields of {@code p} (a record) as Norse names them, in order. */
    static Map<String, Object> of(NeuronParameters p) {
        Map<String, Method> accessors = CACHE.computeIfAbsent(p.getClass(), RecordFields::accessors);
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Method> e : accessors.entrySet()) {
            try {
                m.put(e.getKey(), e.getValue().invoke(p));
            } catch (IllegalAccessException | InvocationTargetException ex) {
                throw new IllegalStateException("cannot read " + p.getClass().getSimpleName() + "." + e.getKey(), ex);
            }
        }
        return m;
    }

    private static Map<String, Method> accessors(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalStateException(type.getName() + " must be a record or override fields()");
        }
        Map<String, Method> m = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            NorseName n = c.getAnnotation(NorseName.class);
            m.put(n != null ? n.value() : snakeCase(c.getName()), c.getAccessor());
        }
        return Collections.unmodifiableMap(m);
    }

    /** {@code tauSynInv} to {@code tau_syn_inv}. */
    static String snakeCase(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (int k = 0; k < camel.length(); k++) {
            char ch = camel.charAt(k);
            if (Character.isUpperCase(ch)) {
                b.append('_').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
