package io.snn4j.flink;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of {@link KeyState}: compact and without Kryo. The format (big-endian, Flink's data
 * views): {@code long steps}, {@code int layerCount}, then per layer {@code int fieldCount} (-1 for a
 * stateless layer) and per field {@code int length} and that many floats (raw IEEE bits, so a restored
 * state is bit for bit the saved one), then {@code int readoutLength} (-1: none) and its floats. Counts
 * and lengths are checked on reading, so a corrupt snapshot is an {@link IOException} naming what is
 * wrong, never a huge allocation. Stateless, immutable and thread-safe.
 */
public final class KeyStateSerializer extends TypeSerializer<KeyState> {
    private static final long serialVersionUID = 1L;

    /** The most layers, or fields of a layer, a state may have. */
    static final int MAX_COUNT = 1 << 16;
    /** The most floats one array may hold (16 Mi, 64 MiB). */
    static final int MAX_LENGTH = Wire.MAX_LENGTH;

    /** The serializer (it has no configuration). */
    public KeyStateSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<KeyState> duplicate() {
        return this;
    }

    @Override
    public KeyState createInstance() {
        return new KeyState(0, new float[0][][], null);
    }

    @Override
    public KeyState copy(KeyState from) {
        return from.copy();
    }

    @Override
    public KeyState copy(KeyState from, KeyState reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(KeyState s, DataOutputView out) throws IOException {
        out.writeLong(s.steps);
        out.writeInt(s.layers.length);
        for (float[][] layer : s.layers) {
            if (layer == null) {
                out.writeInt(-1);
                continue;
            }
            out.writeInt(layer.length);
            for (float[] a : layer) {
                Wire.writeFloats(a, out);
            }
        }
        Wire.writeFloats(s.readout, out);
    }

    @Override
    public KeyState deserialize(DataInputView in) throws IOException {
        long steps = in.readLong();
        if (steps < 0) {
            throw new IOException("corrupt snn4j key state: negative step count " + steps);
        }
        int layers = in.readInt();
        if (layers < 0 || layers > MAX_COUNT) {
            throw new IOException("corrupt snn4j key state: layer count " + layers + " outside [0, " + MAX_COUNT + "]");
        }
        float[][][] l = new float[layers][][];
        for (int k = 0; k < layers; k++) {
            int fields = in.readInt();
            if (fields == -1) {
                continue;
            }
            if (fields < 0 || fields > MAX_COUNT) {
                throw new IOException("corrupt snn4j key state: layer " + k + " has field count " + fields);
            }
            l[k] = new float[fields][];
            for (int f = 0; f < fields; f++) {
                l[k][f] = readFloats(in, in.readInt(), "layer " + k + " field " + f);
            }
        }
        int n = in.readInt();
        float[] readout = n == -1 ? null : readFloats(in, n, "the readout");
        return new KeyState(steps, l, readout);
    }

    private static float[] readFloats(DataInputView in, int n, String what) throws IOException {
        if (n < 0 || n > MAX_LENGTH) {
            throw new IOException("corrupt snn4j key state: " + what + " has length " + n + " outside [0, " + MAX_LENGTH + "]");
        }
        return Wire.readFloats(in, n);
    }

    @Override
    public KeyState deserialize(KeyState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyStateSerializer;
    }

    @Override
    public int hashCode() {
        return KeyStateSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<KeyState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot: there is no configuration, only the format version (1). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KeyState> {
        /** For Flink, which instantiates snapshots reflectively. */
        public Snapshot() {
            super(KeyStateSerializer::new);
        }
    }
}
