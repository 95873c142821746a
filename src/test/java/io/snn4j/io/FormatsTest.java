package io.snn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips and hostile files for safetensors, .npy and .npz. */
class FormatsTest {
    @TempDir
    Path tmp;

    static Tensor random(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        for (int k = 0; k < t.size(); k++) {
            t.data()[k] = (float) r.nextGaussian();
        }
        return t;
    }

    static void rejects(String mustMention, IoCall call) {
        IOException e = assertThrows(IOException.class, call::run);
        assertTrue(e.getMessage().contains(mustMention), "'" + e.getMessage() + "' should mention '" + mustMention + "'");
    }

    interface IoCall {
        void run() throws IOException;
    }

    @Test
    void safetensorsRoundTrip() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", random(1, 3, 4));
        m.put("b", random(2, 4));
        m.put("scalar", Tensor.scalar(2.5f));
        m.put("empty", Tensor.zeros(0, 3));
        Path f = tmp.resolve("a.safetensors");
        SafeTensors.write(f, m, Map.of("format", "pt", "note", "snn4j"));
        SafeTensors back = SafeTensors.read(f);
        assertEquals(m.keySet(), back.tensors().keySet());
        for (String k : m.keySet()) {
            assertEquals(m.get(k), back.get(k), k);
        }
        assertEquals(Map.of("format", "pt", "note", "snn4j"), back.metadata());
        long n = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, n % 8, "header padded to 8 bytes");
    }

    @Test
    void safetensorsReadsOtherDtypes() throws IOException {
        // F64, F16 and BF16 tensors written by hand
        String header = "{\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[16,20]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[20,22]}}";
        ByteBuffer b = ByteBuffer.allocate(8 + header.length() + 22).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes(StandardCharsets.UTF_8));
        b.putDouble(0.1).putDouble(-3.0);
        b.putShort((short) 0x3E00).putShort((short) 0xB400); // binary16 1.5 and -0.25
        b.putShort((short) (Float.floatToIntBits(3.0f) >>> 16));
        SafeTensors s = SafeTensors.parse(b.array(), "hand", SafeTensors.DEFAULT_MAX_BYTES);
        assertArrayEquals(new float[] {0.1f, -3f}, s.get("d").toArray());
        assertArrayEquals(new float[] {1.5f, -0.25f}, s.get("h").toArray());
        assertArrayEquals(new float[] {3f}, s.get("b").toArray());
        rejects("no tensor 'x'", () -> s.get("x"));
    }

    @Test
    void halfPrecisionConvertsEveryClassOfValueExactly() {
        assertEquals(0f, Half.toFloat((short) 0x0000));
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(Half.toFloat((short) 0x8000)));
        assertEquals(0x1p-24f, Half.toFloat((short) 0x0001), "smallest subnormal");
        assertEquals(1023 * 0x1p-24f, Half.toFloat((short) 0x03ff), "largest subnormal");
        assertEquals(0x1p-14f, Half.toFloat((short) 0x0400), "smallest normal");
        assertEquals(65504f, Half.toFloat((short) 0x7bff), "largest normal");
        assertEquals(-2f, Half.toFloat((short) 0xc000));
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat((short) 0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, Half.toFloat((short) 0xfc00));
        assertTrue(Float.isNaN(Half.toFloat((short) 0x7e00)));
        assertEquals(0.333251953125f, Half.toFloat((short) 0x3555));
    }

    static byte[] safetensors(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    static void rejectsSafetensors(String mustMention, byte[] bytes) {
        rejects(mustMention, () -> SafeTensors.parse(bytes, "evil.safetensors", 1 << 20));
    }

    @Test
    void hostileSafetensorsAreRejected() {
        rejectsSafetensors("too short", new byte[5]);
        byte[] huge = safetensors("{}", 0);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        rejectsSafetensors("larger than the file", huge);
        byte[] negative = safetensors("{}", 0);
        ByteBuffer.wrap(negative).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -5);
        rejectsSafetensors("larger than the file", negative);
        rejectsSafetensors("malformed JSON", safetensors("{\"a\":", 0));
        rejectsSafetensors("not a JSON object", safetensors("[1,2]", 0));
        rejectsSafetensors("unsupported dtype 'I8'", safetensors("{\"a\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1));
        rejectsSafetensors("outside the data", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8));
        rejectsSafetensors("needs 16", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}", 8));
        rejectsSafetensors("overlaps", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        rejectsSafetensors("belong to no tensor", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8));
        rejectsSafetensors("larger than the limit", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536,65536],"
                + "\"data_offsets\":[0,4]}}", 4));
        rejectsSafetensors("not an integer", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4));
        rejectsSafetensors("__metadata__", safetensors("{\"__metadata__\":{\"a\":1}}", 0));
        rejectsSafetensors("needs dtype", safetensors("{\"a\":{\"shape\":[1]}}", 0));
    }

    @Test
    void npyRoundTripAndDtypes() throws IOException {
        for (int[] shape : new int[][] {{}, {0}, {7}, {3, 5}, {2, 3, 4}}) {
            Tensor t = random(shape.length, shape);
            Path f = tmp.resolve("a" + shape.length + ".npy");
            NumPy.writeNpy(f, t);
            NpyArray back = NumPy.readNpy(f);
            assertEquals("<f4", back.dtype());
            assertEquals(t, back.toTensor());
            assertEquals(0, (Files.size(f) - 4L * t.size()) % 64, "header aligned to 64 bytes");
        }
        // the real files Norse's side wrote: int64 labels and float32 arrays
        NpyArray labels = NumPy.readNpy(TestFiles.resource("digits/test_labels.npy"));
        assertEquals("<i8", labels.dtype());
        assertArrayEquals(new int[] {360}, labels.shape());
        assertTrue(labels.isInteger());
    }

    static byte[] npy(String dict, byte[] data, int major) {
        String header = dict + "\n";
        ByteBuffer b = ByteBuffer.allocate(6 + 2 + (major == 1 ? 2 : 4) + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) header.length());
        } else {
            b.putInt(header.length());
        }
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return b.array();
    }

    @Test
    void npyReadsF8I4B1AndVersion2() throws IOException {
        ByteBuffer d = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.25).putDouble(-2);
        assertArrayEquals(new float[] {1.25f, -2f}, NumPy.parseNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
                d.array(), 1), "f8", 1 << 20).toTensor().toArray());
        ByteBuffer i = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(-3);
        assertArrayEquals(new long[] {7, -3}, NumPy.parseNpy(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,)}",
                i.array(), 2), "i4", 1 << 20).toLongArray());
        assertArrayEquals(new long[] {1, 0, 1}, NumPy.parseNpy(npy("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }",
                new byte[] {1, 0, 5}, 1), "b1", 1 << 20).toLongArray());
    }

    /** The value of element {@code k} (row-major) of a test array: distinct, and exact in every dtype used. */
    static double element(int k) {
        return k * 1.5 - 7;
    }

    /**
     * A {@code .npy} as {@code np.save} writes a transposed array: {@code fortran_order: True} and the
     * elements in column-major order (first index fastest). The logical array has {@link #element} at
     * row-major index k.
     */
    static byte[] fortranNpy(String dtype, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        int size = dtype.equals("<f4") ? 4 : 8;
        ByteBuffer data = ByteBuffer.allocate(n * size).order(ByteOrder.LITTLE_ENDIAN);
        int[] idx = new int[shape.length];
        for (int f = 0; f < n; f++) {
            // idx is the multi-index of the f-th element in column-major order; k its row-major position
            int k = 0;
            for (int d = 0; d < shape.length; d++) {
                k = k * shape[d] + idx[d];
            }
            switch (dtype) {
                case "<f4" -> data.putFloat((float) element(k));
                case "<f8" -> data.putDouble(element(k));
                default -> data.putLong((long) (2 * element(k)));
            }
            for (int d = 0; d < shape.length && ++idx[d] == shape[d]; d++) {
                idx[d] = 0;
            }
        }
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        return npy("{'descr': '" + dtype + "', 'fortran_order': True, 'shape': (" + dims + "), }", data.array(), 1);
    }

    @Test
    void npyReadsFortranOrderAsRowMajor() throws IOException {
        for (String dtype : new String[] {"<f4", "<f8", "<i8"}) {
            for (int[] shape : new int[][] {{3, 4}, {2, 3, 5}, {1, 6}, {4, 1, 2}, {7}, {}, {0, 3}}) {
                String what = dtype + " " + java.util.Arrays.toString(shape);
                NpyArray a = NumPy.parseNpy(fortranNpy(dtype, shape), "f.npy", 1 << 20);
                assertArrayEquals(shape, a.shape(), what);
                assertEquals(dtype, a.dtype(), what);
                int n = java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y);
                for (int k = 0; k < n; k++) {
                    if (dtype.equals("<i8")) {
                        assertEquals((long) (2 * element(k)), a.toLongArray()[k], what + " element " + k);
                    } else {
                        assertEquals((float) element(k), a.toTensor().data()[k], what + " element " + k);
                    }
                }
            }
        }
        // a 2-d example spelt out: [[1, 2, 3], [4, 5, 6]] stored column by column
        ByteBuffer d = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {1, 4, 2, 5, 3, 6}) {
            d.putFloat(v);
        }
        Tensor t = NumPy.parseNpy(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", d.array(), 1), "m.npy",
                1 << 20).toTensor();
        assertEquals(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), t);
        // and from a file, through readNpy and inside an .npz
        Path f = tmp.resolve("fortran.npy");
        Files.write(f, fortranNpy("<f8", 2, 3, 4));
        assertEquals((float) element(23), NumPy.readNpy(f).toTensor().get(1, 2, 3));
        Path z = tmp.resolve("fortran.npz");
        Files.write(z, zip("w.npy", fortranNpy("<f4", 3, 2), ZipEntry.DEFLATED, -1));
        assertEquals((float) element(3), NumPy.readNpz(z).get("w").toTensor().get(1, 1));
    }

    static void rejectsNpy(String mustMention, byte[] bytes) {
        rejects(mustMention, () -> NumPy.parseNpy(bytes, "evil.npy", 1 << 20));
    }

    @Test
    void hostileNpyAreRejected() {
        rejectsNpy("bad magic", "not numpy at all".getBytes(StandardCharsets.UTF_8));
        rejectsNpy("too short", new byte[3]);
        rejectsNpy("object arrays are never unpickled", npy("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", new byte[16], 1));
        rejectsNpy("unsupported dtype '>f4'", npy("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", new byte[8], 1));
        // Fortran-order arrays get the same checks as C-order ones
        rejectsNpy("truncated", npy("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 4), }", new byte[20], 1));
        rejectsNpy("needs 48 data bytes", npy("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 4), }", new byte[52], 1));
        rejectsNpy("larger than the limit", npy("{'descr': '<f8', 'fortran_order': True, 'shape': (65536, 65536, 65536), }",
                new byte[8], 1));
        rejectsNpy("bad dimension", npy("{'descr': '<i8', 'fortran_order': True, 'shape': (2, -3), }", new byte[8], 1));
        rejectsNpy("header needs", npy("{'descr': '<f4', 'fortran_order': 1, 'shape': (2, 2), }", new byte[16], 1));
        rejectsNpy("truncated", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }", new byte[20], 1));
        rejectsNpy("needs 8 data bytes", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[12], 1));
        rejectsNpy("larger than the limit", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1073741824, 1073741824, 1073741824), }",
                new byte[4], 1));
        rejectsNpy("larger than the limit", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000,), }", new byte[8], 1));
        rejectsNpy("bad dimension", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", new byte[4], 1));
        rejectsNpy("header needs", npy("{'descr': '<f4'}", new byte[4], 1));
        rejectsNpy("not a Python dict", npy("[1, 2]", new byte[4], 1));
        rejectsNpy("unsupported .npy format version", npy("{}", new byte[0], 9));
        byte[] longHeader = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4], 2);
        ByteBuffer.wrap(longHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(8, Integer.MAX_VALUE);
        rejectsNpy("header length", longHeader);
    }

    @Test
    void npzRoundTripAndTheRealFile() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("0.weight", random(3, 4, 2));
        m.put("0.bias", random(4, 4));
        Path f = tmp.resolve("w.npz");
        NumPy.writeNpz(f, m);
        Map<String, NpyArray> back = NumPy.readNpz(f);
        assertEquals(m.keySet(), back.keySet());
        for (String k : m.keySet()) {
            assertEquals(m.get(k), back.get(k).toTensor(), k);
        }
        Map<String, NpyArray> digits = NumPy.readNpz(TestFiles.resource("digits/digits_weights.npz"));
        assertArrayEquals(new int[] {128, 64}, digits.get("0.weight").shape());
        assertEquals(SafeTensors.read(TestFiles.resource("digits/digits.safetensors")).get("2.bias"), digits.get("2.bias").toTensor());
    }

    static byte[] zip(String entry, byte[] data, int method, long declaredSize) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bo)) {
            ZipEntry e = new ZipEntry(entry);
            e.setMethod(method);
            if (method == ZipEntry.STORED) {
                e.setSize(data.length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(data);
                e.setCrc(crc.getValue());
            }
            z.putNextEntry(e);
            z.write(data);
            z.closeEntry();
        }
        byte[] b = bo.toByteArray();
        if (declaredSize >= 0) {
            // patch the uncompressed size in the local header (offset 22)
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(22, (int) declaredSize);
        }
        return b;
    }

    @Test
    void hostileNpzAreRejected() throws IOException {
        byte[] good = NumPy.toNpyBytes(random(5, 3));
        rejects("not a .npy entry", () -> NumPy.parseNpz(zip("x.txt", good, ZipEntry.DEFLATED, -1), "evil.npz", 1 << 20));
        rejects("declared size", () -> NumPy.parseNpz(zip("x.npy", good, ZipEntry.STORED, Integer.MAX_VALUE), "evil.npz", 1 << 20));
        rejects("no arrays", () -> NumPy.parseNpz(new byte[] {1, 2, 3}, "evil.npz", 1 << 20));
        byte[] z = zip("x.npy", good, ZipEntry.DEFLATED, -1);
        rejects("evil.npz", () -> NumPy.parseNpz(java.util.Arrays.copyOf(z, z.length / 2), "evil.npz", 1 << 20));
        // a deflated entry that inflates beyond the limit is stopped while inflating
        byte[] bomb = new byte[5 << 20];
        rejects("limit", () -> NumPy.parseNpz(zip("x.npy", bomb, ZipEntry.DEFLATED, -1), "bomb.npz", 1 << 20));
        rejects("no such file", () -> ModelLoader.load(tmp.resolve("missing.json")));
    }
}
