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
 * Flink's serializer of {@link StepOutput}: plain field writes and a plain copy (Flink copies every
 * output once when it hands it to a chained operator, unless object reuse is on) instead of the reflective
 * POJO serializer. The format (big-endian): the key as {@code int length} (-1: null) and UTF-16 chars,
 * {@code long step}, {@code long keySteps}, {@code spikes} and {@code values} as {@code int length} (-1:
 * null) and the elements (floats as raw IEEE bits), {@code int label}, {@code float score} (raw bits).
 * Lengths are checked on reading (at most 16 Mi), so corrupt bytes are an {@link IOException} naming the
 * field, never a huge allocation. Stateless, immutable and thread-safe.
 */
public final class StepOutputSerializer extends TypeSerializer<StepOutput> {
    private static final long serialVersionUID = 1L;
    private static final String TYPE = "StepOutput";

    /** The serializer (it has no configuration). */
    public StepOutputSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<StepOutput> duplicate() {
        return this;
    }

    @Override
    public StepOutput createInstance() {
        return new StepOutput();
    }

    @Override
    public StepOutput copy(StepOutput from) {
        StepOutput o = new StepOutput();
        o.key = from.key;
        o.step = from.step;
        o.keySteps = from.keySteps;
        o.spikes = from.spikes == null ? null : from.spikes.clone();
        o.values = from.values == null ? null : from.values.clone();
        o.label = from.label;
        o.score = from.score;
        return o;
    }

    @Override
    public StepOutput copy(StepOutput from, StepOutput reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(StepOutput o, DataOutputView out) throws IOException {
        Wire.writeString(o.key, out);
        out.writeLong(o.step);
        out.writeLong(o.keySteps);
        Wire.writeInts(o.spikes, out);
        Wire.writeFloats(o.values, out);
        out.writeInt(o.label);
        out.writeInt(Float.floatToRawIntBits(o.score));
    }

    @Override
    public StepOutput deserialize(DataInputView in) throws IOException {
        StepOutput o = new StepOutput();
        o.key = Wire.readString(in, TYPE, "the key");
        o.step = in.readLong();
        o.keySteps = in.readLong();
        o.spikes = Wire.readInts(in, TYPE, "spikes");
        o.values = Wire.readFloats(in, TYPE, "values");
        o.label = in.readInt();
        o.score = Float.intBitsToFloat(in.readInt());
        return o;
    }

    @Override
    public StepOutput deserialize(StepOutput reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        Wire.copyArray(in, out, true, TYPE, "the key");
        out.writeLong(in.readLong());                     // step
        out.writeLong(in.readLong());                     // keySteps
        Wire.copyArray(in, out, false, TYPE, "spikes");
        Wire.copyArray(in, out, false, TYPE, "values");
        out.writeInt(in.readInt());                       // label
        out.writeInt(in.readInt());                       // score's bits
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepOutputSerializer;
    }

    @Override
    public int hashCode() {
        return StepOutputSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<StepOutput> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot: there is no configuration, only the format version (1). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<StepOutput> {
        /** For Flink, which instantiates snapshots reflectively. */
        public Snapshot() {
            super(StepOutputSerializer::new);
        }
    }

    /** Gives {@link StepOutput} its {@link SerializedTypeInfo} (named by the class's {@code @TypeInfo}). */
    public static final class Factory extends TypeInfoFactory<StepOutput> {
        /** For Flink, which instantiates factories reflectively. */
        public Factory() {
        }

        @Override
        public TypeInformation<StepOutput> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new SerializedTypeInfo<>(StepOutput.class, new StepOutputSerializer());
        }
    }
}
