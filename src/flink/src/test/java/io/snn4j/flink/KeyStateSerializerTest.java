package io.snn4j.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** {@link KeyStateSerializer}: bit-exact round trips, compactness, corrupt input, its snapshot. */
class KeyStateSerializerTest {
    static final KeyStateSerializer S = new KeyStateSerializer();

    static KeyState sample() {
        float nan = Float.intBitsToFloat(0x7fc01234);     // a NaN with a payload: raw bits must survive
        return new KeyState(42, new float[][][] {null, {{1f, -0f, nan}, {Float.MIN_VALUE, 3e38f, -1f}}, null, {{}}},
                new float[] {Float.NEGATIVE_INFINITY, 0.5f});
    }

    static byte[] bytes(KeyState s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        S.serialize(s, out);
        return out.getCopyOfBuffer();
    }

    @Test
    void roundTripIsBitExactAndCompact() throws IOException {
        KeyState s = sample();
        byte[] b = bytes(s);
        // 8 steps + 4 layers + (4 + 4 + 2 * (4 + 12) + 4 + 4 + 4) + readout 4 + 8: floats as 4 bytes each
        assertEquals(8 + 4 + 4 + 4 + 2 * 16 + 4 + 4 + 4 + 4 + 8, b.length);
        KeyState r = S.deserialize(new DataInputDeserializer(b));
        assertEquals(s, r);
        assertEquals(0x7fc01234, Float.floatToRawIntBits(r.layers[1][0][2]));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(r.layers[1][0][1]));
        KeyState c = S.copy(s);
        assertEquals(s, c);
        assertNotSame(s.layers[1][0], c.layers[1][0]);
        DataOutputSerializer out = new DataOutputSerializer(8);
        S.copy(new DataInputDeserializer(b), out);
        assertEquals(s, S.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())));
        KeyState none = new KeyState(0, new float[0][][], null);
        assertEquals(none, S.deserialize(new DataInputDeserializer(bytes(none))));
    }

    @Test
    void corruptBytesAreAnIOExceptionNotAHugeAllocation() throws IOException {
        byte[] b = bytes(sample());
        // the first array's length (after steps, layer count, -1, field count) set to 2^30
        byte[] huge = b.clone();
        int at = 8 + 4 + 4 + 4;
        huge[at] = 0x40;                                  // 3 floats: 0x40000003
        IOException e = assertThrows(IOException.class, () -> S.deserialize(new DataInputDeserializer(huge)));
        assertTrue(e.getMessage().contains("layer 1 field 0") && e.getMessage().contains("1073741827"), e.getMessage());
        byte[] negLayers = b.clone();
        negLayers[8] = (byte) 0xff;
        e = assertThrows(IOException.class, () -> S.deserialize(new DataInputDeserializer(negLayers)));
        assertTrue(e.getMessage().contains("layer count"), e.getMessage());
        byte[] negSteps = b.clone();
        negSteps[0] = (byte) 0x80;
        assertThrows(IOException.class, () -> S.deserialize(new DataInputDeserializer(negSteps)));
        // truncated: Flink's EOF, never a partial state
        byte[] cut = java.util.Arrays.copyOf(b, b.length - 3);
        assertThrows(IOException.class, () -> S.deserialize(new DataInputDeserializer(cut)));
    }

    @Test
    void snapshotRestoresACompatibleSerializer() throws IOException {
        TypeSerializerSnapshot<KeyState> snap = S.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(16);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snap);
        TypeSerializerSnapshot<KeyState> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        TypeSerializer<KeyState> restored = read.restoreSerializer();
        assertEquals(S, restored);
        TypeSerializerSchemaCompatibility<KeyState> compat = S.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertTrue(compat.isCompatibleAsIs());
        assertEquals(-1, S.getLength());
        assertTrue(!S.isImmutableType());
    }
}
