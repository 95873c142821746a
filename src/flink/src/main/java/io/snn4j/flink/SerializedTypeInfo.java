package io.snn4j.flink;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type information for a type of this package that has a serializer of its own
 * ({@link StepInputSerializer}, {@link StepOutputSerializer}): Flink uses that serializer wherever the type
 * travels (the keyBy's network exchange, copies between chained operators, state), instead of its
 * reflective POJO serializer or Kryo. The classes carry it with Flink's {@code @TypeInfo} annotation, so
 * {@code TypeInformation.of(StepInput.class)} and type extraction from lambdas return it. Not a key type
 * (key the stream by a field, e.g. {@code keyBy(s -> s.key)}). Immutable; thread-safe.
 *
 * @param <T> the type
 */
public final class SerializedTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final TypeSerializer<T> serializer;

    /** Type information for {@code type}, serialized by the stateless {@code serializer}. */
    public SerializedTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
        this.type = Objects.requireNonNull(type, "type");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer.duplicate();
    }

    @Override
    public String toString() {
        return type.getSimpleName() + "(" + serializer.getClass().getSimpleName() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SerializedTypeInfo<?> t && t.canEqual(this) && type == t.type && serializer.equals(t.serializer);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + serializer.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof SerializedTypeInfo;
    }
}
