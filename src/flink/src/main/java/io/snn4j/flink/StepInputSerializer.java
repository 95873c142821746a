package io.snn4j.flink;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link StepInput}, used wherever one travels (in particular across the
 * {@code keyBy} in front of the operator, where every element is serialized once and read once): plain
 * field writes instead of the reflective POJO serializer. The format (big-endian, Flink's data views): the
 * key as {@code int length} (-1: null) and UTF-16 chars, {@code long step}, then {@code values} and
 * {@code spikes}, each as {@code int length} (-1: null) and the elements (floats as raw IEEE bits, so the
 * values arrive bit for bit). Lengths are checked on reading (at most 16 Mi), so corrupt bytes are an
 * {@link IOException} naming the field, never a huge allocation. Stateless, immutable and thread-safe.
 */
public final class StepInputSerializer extends TypeSerializer<StepInput> {
    private static final long serialVersionUID = 1L;
    private static final String TYPE = "StepInput";

    /** The serializer (it has no configuration). */
    public StepInputSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<StepInput> duplicate() {
        return this;
    }

    @Override
    public StepInput createInstance() {
        return new StepInput();
    }

    @Override
    public StepInput copy(StepInput from) {
        StepInput s = new StepInput();
        s.key = from.key;
        s.step = from.step;
        s.values = from.values == null ? null : from.values.clone();
        s.spikes = from.spikes == null ? null : from.spikes.clone();
        return s;
    }

    @Override
    public StepInput copy(StepInput from, StepInput reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(StepInput s, DataOutputView out) throws IOException {
        Wire.writeString(s.key, out);
        out.writeLong(s.step);
        Wire.writeFloats(s.values, out);
        Wire.writeInts(s.spikes, out);
    }

    @Override
    public StepInput deserialize(DataInputView in) throws IOException {
        StepInput s = new StepInput();
        s.key = Wire.readString(in, TYPE, "the key");
        s.step = in.readLong();
        s.values = Wire.readFloats(in, TYPE, "values");
        s.spikes = Wire.readInts(in, TYPE, "spikes");
        return s;
    }

    @Override
    public StepInput deserialize(StepInput reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        Wire.copyArray(in, out, true, TYPE, "the key");
        out.writeLong(in.readLong());
        Wire.copyArray(in, out, false, TYPE, "values");
        Wire.copyArray(in, out, false, TYPE, "spikes");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepInputSerializer;
    }

    @Override
    public int hashCode() {
        return StepInputSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<StepInput> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot: there is no configuration, only the format version (1). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<StepInput> {
        /** For Flink, which instantiates snapshots reflectively. */
        public Snapshot() {
            super(StepInputSerializer::new);
        }
    }

    /** Gives {@link StepInput} its {@link SerializedTypeInfo} (named by the class's {@code @TypeInfo}). */
    public static final class Factory extends TypeInfoFactory<StepInput> {
        /** For Flink, which instantiates factories reflectively. */
        public Factory() {
        }

        @Override
        public TypeInformation<StepInput> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializedTypeInfo<>(StepInput.class, new StepInputSerializer());
        }
    }
}
