package io.snn4j.golden;

import io.snn4j.functional.NeuronParameters;
import io.snn4j.functional.Param;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Any snn4j parameter record from a golden case's "params" object: the record's components are in
 * Norse's field order, so component k takes the k-th name of the default's {@code fields()}.
 */
public final class GoldenParams {
    private GoldenParams() {
    }

    @SuppressWarnings("unchecked")
    public static <R extends NeuronParameters> R of(Class<R> type, Map<String, Object> json) {
        try {
            R defaults = (R) type.getField("DEFAULT").get(null);
            List<String> names = new ArrayList<>(defaults.fields().keySet());
            RecordComponent[] comps = type.getRecordComponents();
            Object[] args = new Object[comps.length];
            Class<?>[] types = new Class<?>[comps.length];
            for (int k = 0; k < comps.length; k++) {
                types[k] = comps[k].getType();
                Object v = json.get(names.get(k));
                if (v == null) {
                    args[k] = comps[k].getAccessor().invoke(defaults);
                } else if (types[k] == Param.class) {
                    args[k] = v instanceof Number n ? Param.number(n.doubleValue()) : GoldenCase.param(json, names.get(k));
                } else if (types[k] == String.class) {
                    args[k] = v;
                } else {
                    args[k] = of((Class<R>) types[k], (Map<String, Object>) v);
                }
            }
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName() + " from " + json, e);
        }
    }
}
