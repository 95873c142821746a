package io.snn4j.io;

import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes
 * of JSON header ({@code name -> {dtype, shape, data_offsets}} and an optional {@code __metadata__} map of
 * strings), then the raw little-endian data. Readable dtypes: {@code F32}, {@code F64}, {@code F16},
 * {@code BF16} (converted to float32); written: {@code F32}.
 *
 * <p>Validation, each failure an {@link IOException} naming the file: the header length within the file
 * and below {@value #MAX_HEADER_BYTES} bytes; valid JSON; known dtypes; shapes whose element count
 * neither overflows nor exceeds the limit; offsets inside the data, matching the shape, not overlapping
 * and covering the data without holes (as the reference implementation requires). Stateless and
 * thread-safe.
 *
 * @param tensors  the tensors in file order
 * @param metadata the {@code __metadata__} strings (empty if none)
 */
public record SafeTensors(Map<String, Tensor> tensors, Map<String, String> metadata) {
    /** The largest header accepted (as the reference implementation: 100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Default limit on the bytes of one tensor: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    /** Unmodifiable views. */
    public SafeTensors {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws IOException if there is none (naming the tensors there are)
     */
    public Tensor get(String name) throws IOException {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new MalformedFileException("no tensor '" + name + "'; tensors: " + tensors.keySet());
        }
        return t;
    }

    /** Reads a safetensors file (memory-mapped; files up to 2 GiB). */
    public static SafeTensors read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /** Reads a safetensors file with a limit on each tensor's size in bytes. */
    public static SafeTensors read(Path file, long maxBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new MalformedFileException(file + ": " + size + " bytes; files above 2 GiB are not supported");
            }
            return parse(ch.map(FileChannel.MapMode.READ_ONLY, 0, size), file.toString(), maxBytes);
        }
    }

    /** Parses safetensors bytes; {@code name} is used in error messages. */
    public static SafeTensors parse(byte[] bytes, String name, long maxBytes) throws IOException {
        return parse(ByteBuffer.wrap(bytes), name, maxBytes);
    }

    private record Entry(String name, String dtype, int[] shape, long begin, long end) {
    }

    @SuppressWarnings("unchecked")
    private static SafeTensors parse(ByteBuffer buf, String name, long maxBytes) throws IOException {
        ByteBuffer b = buf.order(ByteOrder.LITTLE_ENDIAN);
        long size = b.remaining();
        if (size < 8) {
            throw new MalformedFileException(name + ": too short for a safetensors header (" + size + " bytes)");
        }
        long n = b.getLong(0);
        if (n < 2 || n > MAX_HEADER_BYTES || n > size - 8) {
            throw new MalformedFileException(name + ": header length " + Long.toUnsignedString(n) + " is "
                    + (n > size - 8 || n < 0 ? "larger than the file (" + size + " bytes)" : n < 2 ? "too small" : "above the limit of " + MAX_HEADER_BYTES));
        }
        byte[] hb = new byte[(int) n];
        b.get(8, hb);
        Object parsed;
        try {
            parsed = Json.parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(hb)).toString(), name + " header");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MalformedFileException(name + ": header is not UTF-8", e);
        }
        if (!(parsed instanceof Map<?, ?> header)) {
            throw new MalformedFileException(name + ": header is not a JSON object");
        }
        long dataStart = 8 + n;
        long dataLen = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String key = (String) e.getKey();
            if (key.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw new MalformedFileException(name + ": __metadata__ is not an object");
                }
                for (Map.Entry<?, ?> me : m.entrySet()) {
                    if (!(me.getValue() instanceof String sv)) {
                        throw new MalformedFileException(name + ": __metadata__." + me.getKey() + " is not a string");
                    }
                    metadata.put((String) me.getKey(), sv);
                }
                continue;
            }
            entries.add(entry(name, key, e.getValue(), dataLen, maxBytes));
        }
        checkLayout(name, entries, dataLen);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            tensors.put(e.name, decode(b, dataStart, e));
        }
        return new SafeTensors(tensors, metadata);
    }

    private static Entry entry(String file, String key, Object value, long dataLen, long maxBytes) throws IOException {
        String where = file + ": tensor '" + key + "'";
        if (!(value instanceof Map<?, ?> m)) {
            throw new MalformedFileException(where + " is not an object");
        }
        if (!(m.get("dtype") instanceof String dtype) || !(m.get("shape") instanceof List<?> shapeList)
                || !(m.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2) {
            throw new MalformedFileException(where + " needs dtype, shape and data_offsets [begin, end]");
        }
        int item = itemSize(dtype, where);
        int[] shape = new int[shapeList.size()];
        long count = 1;
        for (int d = 0; d < shape.length; d++) {
            long v = integer(shapeList.get(d), where + " shape");
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new MalformedFileException(where + " has bad dimension " + shapeList.get(d));
            }
            shape[d] = (int) v;
            count = count == 0 || v <= Long.MAX_VALUE / Math.max(1, count) ? count * v : Long.MAX_VALUE;
        }
        long bytes = count > Long.MAX_VALUE / item ? Long.MAX_VALUE : count * item;
        if (bytes > maxBytes || count > Integer.MAX_VALUE - 16) {
            throw new MalformedFileException(where + " has shape " + shapeList + " of " + dtype
                    + ", larger than the limit of " + maxBytes + " bytes");
        }
        long begin = integer(offsets.get(0), where + " data_offsets");
        long end = integer(offsets.get(1), where + " data_offsets");
        if (begin < 0 || end < begin || end > dataLen) {
            throw new MalformedFileException(where + " has data_offsets [" + begin + ", " + end + "] outside the data ("
                    + dataLen + " bytes)");
        }
        if (end - begin != bytes) {
            throw new MalformedFileException(where + " has " + (end - begin) + " data bytes, its shape " + shapeList + " of "
                    + dtype + " needs " + bytes);
        }
        return new Entry(key, dtype, shape, begin, end);
    }

    private static long integer(Object o, String where) throws IOException {
        if (!(o instanceof Double d) || d != Math.rint(d) || Math.abs(d) > 1L << 53) {
            throw new MalformedFileException(where + ": " + o + " is not an integer");
        }
        return (long) (double) d;
    }

    private static int itemSize(String dtype, String where) throws IOException {
        return switch (dtype) {
            case "F32" -> 4;
            case "F64" -> 8;
            case "F16", "BF16" -> 2;
            default -> throw new MalformedFileException(where + " has unsupported dtype '" + dtype
                    + "' (readable: F32, F64, F16, BF16)");
        };
    }

    /** Offsets must not overlap and must cover the data buffer without holes. */
    private static void checkLayout(String file, List<Entry> entries, long dataLen) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, c) -> Long.compare(a.begin, c.begin) != 0 ? Long.compare(a.begin, c.begin) : Long.compare(a.end, c.end));
        long at = 0;
        for (Entry e : sorted) {
            if (e.begin < at) {
                throw new MalformedFileException(file + ": tensor '" + e.name + "' overlaps another tensor's data");
            }
            if (e.begin > at) {
                throw new MalformedFileException(file + ": data bytes [" + at + ", " + e.begin + ") belong to no tensor");
            }
            at = e.end;
        }
        if (at != dataLen) {
            throw new MalformedFileException(file + ": data bytes [" + at + ", " + dataLen + ") belong to no tensor");
        }
    }

    private static Tensor decode(ByteBuffer b, long dataStart, Entry e) {
        int count = 1;
        for (int d : e.shape) {
            count *= d;
        }
        float[] out = new float[count];
        int at = (int) (dataStart + e.begin);
        ByteBuffer slice = b.slice(at, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
        switch (e.dtype) {
            case "F32" -> slice.asFloatBuffer().get(out);
            case "F64" -> {
                for (int k = 0; k < count; k++) {
                    out[k] = (float) slice.getDouble(8 * k);
                }
            }
            case "F16" -> {
                for (int k = 0; k < count; k++) {
                    out[k] = Half.toFloat(slice.getShort(2 * k));
                }
            }
            default -> {
                for (int k = 0; k < count; k++) {
                    out[k] = Float.intBitsToFloat((slice.getShort(2 * k) & 0xffff) << 16);
                }
            }
        }
        return Tensor.wrap(out, e.shape);
    }

    /** The bytes of a safetensors file holding {@code tensors} as F32 with the given metadata. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            header.put("__metadata__", new LinkedHashMap<>(metadata));
        }
        long at = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("a tensor cannot be called __metadata__");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dtype", "F32");
            List<Object> shape = new ArrayList<>();
            for (int d : e.getValue().shape()) {
                shape.add(d);
            }
            m.put("shape", shape);
            long bytes = 4L * e.getValue().size();
            m.put("data_offsets", List.of(at, at + bytes));
            at += bytes;
            header.put(e.getKey(), m);
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        long total = 8L + padded + at;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("tensors too large for one safetensors buffer (" + total + " bytes)");
        }
        ByteBuffer b = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded);
        b.put(json);
        for (int k = json.length; k < padded; k++) {
            b.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            for (int k = 0; k < t.size(); k++) {
                b.putFloat(t.data()[t.offset() + k]);
            }
        }
        return b.array();
    }

    /** Writes {@code tensors} (F32) and metadata to a safetensors file. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Files.write(file, toBytes(tensors, metadata));
    }
}
