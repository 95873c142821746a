package io.snn4j.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@link StepInputSerializer} and {@link StepOutputSerializer}: Flink picks them for the types (no POJO
 * serializer, no Kryo), bit-exact round trips with nulls and odd floats, deep copies, byte-level copies,
 * corrupt and truncated bytes, their snapshots.
 */
class StepSerializersTest {
    static final StepInputSerializer IN = new StepInputSerializer();
    static final StepOutputSerializer OUT = new StepOutputSerializer();
    static final float NAN = Float.intBitsToFloat(0x7fc01234);   // a NaN with a payload: raw bits must survive

    static <T> byte[] bytes(TypeSerializer<T> s, T v) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        s.serialize(v, out);
        return out.getCopyOfBuffer();
    }

    static <T> T roundTrip(TypeSerializer<T> s, T v) throws IOException {
        byte[] b = bytes(s, v);
        DataInputDeserializer in = new DataInputDeserializer(b);
        T r = s.deserialize(in);
        assertEquals(0, in.available(), "every byte read");
        // the byte-level copy gives the same bytes
        DataOutputSerializer copied = new DataOutputSerializer(4);
        s.copy(new DataInputDeserializer(b), copied);
        assertArrayEquals(b, copied.getCopyOfBuffer());
        return r;
    }

    static StepOutput output() {
        StepOutput o = new StepOutput();
        o.key = "k-\u00e9\u4e2d";
        o.step = Long.MIN_VALUE;
        o.keySteps = 7;
        o.spikes = new int[] {0, 3, Integer.MAX_VALUE};
        o.values = new float[] {-0f, NAN, Float.MIN_VALUE};
        o.label = 2;
        o.score = NAN;
        return o;
    }

    @Test
    void flinkUsesTheSerializersForTheTypesAndForLambdas() {
        TypeInformation<StepInput> in = TypeInformation.of(StepInput.class);
        TypeInformation<StepOutput> out = TypeInformation.of(StepOutput.class);
        assertEquals(new SerializedTypeInfo<>(StepInput.class, IN), in);
        assertEquals(new SerializedTypeInfo<>(StepOutput.class, OUT), out);
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false);
        assertTrue(in.createSerializer(noKryo) instanceof StepInputSerializer);
        assertTrue(out.createSerializer(noKryo) instanceof StepOutputSerializer);
        MapFunction<StepInput, StepOutput> f = x -> new StepOutput();
        assertEquals(out, TypeExtractor.getMapReturnTypes(f, in));
    }

    @Test
    void inputRoundTripsBitForBit() throws IOException {
        StepInput dense = StepInput.dense("sensor-1", 5, new float[] {1f, -0f, NAN, Float.NEGATIVE_INFINITY});
        StepInput r = roundTrip(IN, dense);
        assertEquals(dense, r);
        assertEquals(0x7fc01234, Float.floatToRawIntBits(r.values[2]));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(r.values[1]));
        assertNull(r.spikes);
        // key 8 bytes * 2 + 4, step 8, values 4 + 16, spikes -1: 4
        assertEquals(4 + 16 + 8 + 4 + 16 + 4, bytes(IN, dense).length);
        StepInput spikes = StepInput.spikes(null, -3, new int[] {});
        assertEquals(spikes, roundTrip(IN, spikes));
        assertEquals(new StepInput(), roundTrip(IN, new StepInput()));
    }

    @Test
    void outputRoundTripsBitForBit() throws IOException {
        StepOutput o = output();
        StepOutput r = roundTrip(OUT, o);
        assertEquals(o, r);
        assertEquals(0x7fc01234, Float.floatToRawIntBits(r.score));
        assertEquals(new StepOutput(), roundTrip(OUT, new StepOutput()));
        assertEquals(-1, roundTrip(OUT, new StepOutput()).label);
        assertTrue(Float.isNaN(roundTrip(OUT, new StepOutput()).score));
    }

    @Test
    void arraysLongerThanAChunkKeepEveryElementAndTheLayout() throws IOException {
        // 5000 floats: two whole chunks of Wire.CHUNK bytes and a partial third; the bytes must be the
        // big-endian raw bits element by element, as DataOutputView.writeInt writes them
        int n = 2 * Wire.CHUNK / 4 + 904;
        float[] v = new float[n];
        int[] sp = new int[n + 3];
        for (int j = 0; j < n; j++) {
            v[j] = j % 7 == 0 ? NAN : j % 5 == 0 ? -0f : j * 0.37f - 100f;
        }
        for (int j = 0; j < sp.length; j++) {
            sp[j] = j * 31 - 7;
        }
        StepInput dense = StepInput.dense("big", 9, v);
        StepInput r = roundTrip(IN, dense);
        for (int j = 0; j < n; j++) {
            assertEquals(Float.floatToRawIntBits(v[j]), Float.floatToRawIntBits(r.values[j]), "element " + j);
        }
        DataOutputSerializer plain = new DataOutputSerializer(16);
        plain.writeInt(n);
        for (float x : v) {
            plain.writeInt(Float.floatToRawIntBits(x));
        }
        DataOutputSerializer bulk = new DataOutputSerializer(16);
        Wire.writeFloats(v, bulk);
        assertArrayEquals(plain.getCopyOfBuffer(), bulk.getCopyOfBuffer());
        StepOutput o = output();
        o.spikes = sp;
        o.values = v;
        StepOutput ro = roundTrip(OUT, o);
        assertArrayEquals(sp, ro.spikes);
        assertEquals(o, ro);
        // a cut in the middle of the second chunk is an IOException, never a partial array
        byte[] b = bytes(IN, dense);
        byte[] cut = Arrays.copyOf(b, b.length - 3000);
        assertThrows(IOException.class, () -> IN.deserialize(new DataInputDeserializer(cut)));
        assertThrows(IOException.class, () -> IN.copy(new DataInputDeserializer(cut), new DataOutputSerializer(8)));
    }

    @Test
    void copiesAreDeep() {
        StepInput in = StepInput.spikes("a", 1, new int[] {1, 2});
        StepInput ci = IN.copy(in, new StepInput());
        assertEquals(in, ci);
        assertNotSame(in.spikes, ci.spikes);
        StepOutput o = output();
        StepOutput co = OUT.copy(o);
        assertEquals(o, co);
        assertNotSame(o.values, co.values);
        assertNotSame(o.spikes, co.spikes);
        co.values[0] = 5f;
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(o.values[0]));
    }

    @Test
    void corruptOrTruncatedBytesAreAnIOExceptionNamingTheField() throws IOException {
        byte[] b = bytes(IN, StepInput.dense("ab", 1, new float[] {1f, 2f}));
        byte[] huge = b.clone();
        int at = 4 + 4 + 8;                                // the values' length, after the key and the step
        huge[at] = 0x40;
        IOException e = assertThrows(IOException.class, () -> IN.deserialize(new DataInputDeserializer(huge)));
        assertTrue(e.getMessage().contains("StepInput") && e.getMessage().contains("values")
                && e.getMessage().contains(String.valueOf(0x40000002)), e.getMessage());
        assertThrows(IOException.class, () -> IN.copy(new DataInputDeserializer(huge), new DataOutputSerializer(8)));
        byte[] negKey = b.clone();
        negKey[3] = (byte) 0xfe;                           // key length -2
        negKey[0] = (byte) 0xff;
        negKey[1] = (byte) 0xff;
        negKey[2] = (byte) 0xff;
        e = assertThrows(IOException.class, () -> IN.deserialize(new DataInputDeserializer(negKey)));
        assertTrue(e.getMessage().contains("the key"), e.getMessage());
        byte[] cut = Arrays.copyOf(b, b.length - 2);
        assertThrows(IOException.class, () -> IN.deserialize(new DataInputDeserializer(cut)));
        byte[] o = bytes(OUT, output());
        byte[] cutOut = Arrays.copyOf(o, o.length - 1);
        assertThrows(IOException.class, () -> OUT.deserialize(new DataInputDeserializer(cutOut)));
    }

    @Test
    void snapshotsRestoreCompatibleSerializers() throws IOException {
        for (TypeSerializer<?> s : new TypeSerializer<?>[] {IN, OUT}) {
            check(s);
        }
    }

    private static <T> void check(TypeSerializer<T> s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, s.snapshotConfiguration());
        TypeSerializerSnapshot<T> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), StepSerializersTest.class.getClassLoader());
        assertEquals(s, read.restoreSerializer());
        TypeSerializerSchemaCompatibility<T> compat = s.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertTrue(compat.isCompatibleAsIs());
        assertEquals(-1, s.getLength());
        assertTrue(!s.isImmutableType());
    }
}
