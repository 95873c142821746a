package io.snn4j.io;

import io.snn4j.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy arrays: {@code .npy} (format versions 1, 2 and 3) and {@code .npz} (a zip of
 * {@code .npy} entries, stored or deflated). Readable dtypes: {@code <f4}, {@code <f8}, {@code <i4},
 * {@code <i8}, {@code |b1} (and {@code |u1}, {@code |i1}), in C order or in Fortran order (which
 * {@code np.save} writes for a transposed array; it is read into row-major order, so an array reads the
 * same whichever order it was stored in). Written: float32 ({@code <f4}), format 1.0, C order. Pickled
 * object arrays are never loaded.
 *
 * <p>Hostile input is rejected with an {@link IOException} that names the file and the problem: a bad
 * magic or header, an unknown dtype, a shape whose size overflows or exceeds the limit, data shorter or
 * longer than the shape says, zip entries larger than declared or than the limit. Nothing is allocated
 * beyond what the file actually holds, up to {@link #DEFAULT_MAX_BYTES} per array unless a caller gives
 * another limit. Stateless and thread-safe.
 */
public final class NumPy {
    /** Default limit on the bytes of one array: 1 GiB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** npy headers are small dicts; anything longer than this is not a NumPy header. */
    private static final int MAX_HEADER = 1 << 20;

    private NumPy() {
    }

    /** Reads a {@code .npy} file. */
    public static NpyArray readNpy(Path file) throws IOException {
        return readNpy(file, DEFAULT_MAX_BYTES);
    }

    /** Reads a {@code .npy} file with a limit on the array's size in bytes. */
    public static NpyArray readNpy(Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 16) {
            throw new MalformedFileException(file + ": " + size + " bytes is too large for one array");
        }
        return parseNpy(Files.readAllBytes(file), file.toString(), maxBytes);
    }

    /** Parses the bytes of a {@code .npy} file; {@code name} is used in error messages. */
    public static NpyArray parseNpy(byte[] bytes, String name, long maxBytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Header h = header(b, name, maxBytes);
        long dataBytes = b.remaining();
        if (dataBytes != h.bytes) {
            throw new MalformedFileException(name + ": shape " + Arrays.toString(h.shape) + " of " + h.dtype + " needs "
                    + h.bytes + " data bytes, the file has " + dataBytes + (dataBytes < h.bytes ? " (truncated)" : ""));
        }
        return values(b, h);
    }

    /** The parsed header: dtype, shape, storage order, element size and total data bytes. */
    private record Header(String dtype, int[] shape, boolean fortran, int itemSize, long count, long bytes) {
    }

    private static Header header(ByteBuffer b, String name, long maxBytes) throws IOException {
        if (b.remaining() < 10) {
            throw new MalformedFileException(name + ": too short for a .npy header (" + b.remaining() + " bytes)");
        }
        byte[] magic = new byte[6];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new MalformedFileException(name + ": not a .npy file (bad magic)");
        }
        int major = b.get() & 0xff;
        b.get(); // minor
        long headerLen;
        if (major == 1) {
            headerLen = b.getShort() & 0xffff;
        } else if (major == 2 || major == 3) {
            if (b.remaining() < 4) {
                throw new MalformedFileException(name + ": truncated .npy header");
            }
            headerLen = b.getInt() & 0xffffffffL;
        } else {
            throw new MalformedFileException(name + ": unsupported .npy format version " + major);
        }
        if (headerLen > MAX_HEADER || headerLen > b.remaining()) {
            throw new MalformedFileException(name + ": header length " + headerLen + " is larger than "
                    + (headerLen > MAX_HEADER ? "the limit of " + MAX_HEADER : "the file"));
        }
        byte[] hb = new byte[(int) headerLen];
        b.get(hb);
        String text = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = PyLiteral.parseDict(text.strip(), name);
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shapeObj = dict.get("shape");
        if (!(descr instanceof String dtype) || !(fortran instanceof Boolean) || !(shapeObj instanceof List<?> dims)) {
            throw new MalformedFileException(name + ": header needs 'descr' (str), 'fortran_order' (bool) and 'shape' (tuple): "
                    + text.strip());
        }
        int itemSize = switch (dtype) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            case "|b1", "|u1", "|i1" -> 1;
            default -> throw new MalformedFileException(name + ": unsupported dtype '" + dtype
                    + "' (readable: <f4, <f8, <i4, <i8, |b1, |u1, |i1" + (dtype.contains("O") ? "; object arrays are never unpickled" : "")
                    + ")");
        };
        int[] shape = new int[dims.size()];
        long count = 1;
        for (int d = 0; d < shape.length; d++) {
            if (!(dims.get(d) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) {
                throw new MalformedFileException(name + ": bad dimension " + dims.get(d) + " in shape " + dims);
            }
            shape[d] = (int) (long) v;
            count = multiplyCapped(count, v);
        }
        long bytes = multiplyCapped(count, itemSize);
        if (bytes > maxBytes || count > Integer.MAX_VALUE - 16) {
            throw new MalformedFileException(name + ": shape " + dims + " of " + dtype + " is larger than the limit of "
                    + maxBytes + " bytes");
        }
        return new Header(dtype, shape, (Boolean) fortran, itemSize, count, bytes);
    }

    /** a * b, saturating at Long.MAX_VALUE instead of overflowing. */
    private static long multiplyCapped(long a, long b) {
        if (a != 0 && b > Long.MAX_VALUE / a) {
            return Long.MAX_VALUE;
        }
        return a * b;
    }

    /**
     * The values in row-major order. The data (already checked to be exactly {@code h.bytes} long) is read
     * by absolute position: element k of the result is stored element {@code order.next()}, which for a
     * Fortran-order file walks the column-major positions, so the transpose needs no second array.
     */
    private static NpyArray values(ByteBuffer b, Header h) {
        int n = (int) h.count;
        int base = b.position();
        StorageOrder order = new StorageOrder(h.shape, h.fortran);
        switch (h.dtype) {
            case "<f4": {
                float[] f = new float[n];
                if (!order.permuted()) {
                    b.asFloatBuffer().get(f);
                } else {
                    for (int k = 0; k < n; k++) {
                        f[k] = b.getFloat(base + 4 * order.next());
                    }
                }
                return new NpyArray(h.dtype, h.shape, f, null);
            }
            case "<f8": {
                float[] f = new float[n];
                for (int k = 0; k < n; k++) {
                    f[k] = (float) b.getDouble(base + 8 * order.next());
                }
                return new NpyArray(h.dtype, h.shape, f, null);
            }
            default: {
                long[] l = new long[n];
                for (int k = 0; k < n; k++) {
                    int at = base + h.itemSize * order.next();
                    l[k] = switch (h.dtype) {
                        case "<i4" -> b.getInt(at);
                        case "<i8" -> b.getLong(at);
                        case "|b1" -> b.get(at) != 0 ? 1 : 0;
                        case "|u1" -> b.get(at) & 0xff;
                        default -> b.get(at);
                    };
                }
                return new NpyArray(h.dtype, h.shape, null, l);
            }
        }
    }

    /**
     * Walks the elements of an array in row-major (C) order and gives, for each, its position in storage:
     * the same position for a C-order array; for a Fortran-order one the column-major position
     * {@code i0 + s0 * (i1 + s1 * (i2 + ...))}, updated incrementally like an odometer. Positions fit in
     * an int because the element count was checked against {@code Integer.MAX_VALUE}.
     */
    private static final class StorageOrder {
        private final int[] shape;
        private final int[] stride;
        private final int[] index;
        private final boolean permuted;
        private int next;

        StorageOrder(int[] shape, boolean fortran) {
            this.shape = shape;
            this.index = new int[shape.length];
            this.stride = new int[shape.length];
            int nonUnit = 0;
            int s = 1;
            for (int d = 0; d < shape.length; d++) {
                stride[d] = s;
                s *= Math.max(1, shape[d]);
                nonUnit += shape[d] > 1 ? 1 : 0;
            }
            // with at most one dimension longer than 1 both orders store the elements alike
            this.permuted = fortran && nonUnit > 1;
        }

        boolean permuted() {
            return permuted;
        }

        /** The storage position of the next element in row-major order. */
        int next() {
            if (!permuted) {
                return next++;
            }
            int at = next;
            for (int d = shape.length - 1; d >= 0; d--) {
                next += stride[d];
                if (++index[d] < shape[d]) {
                    break;
                }
                next -= stride[d] * shape[d];
                index[d] = 0;
            }
            return at;
        }
    }

    /** The header of a float32 {@code .npy} (format 1.0) of {@code shape}: magic, version, length, dict, padding. */
    static byte[] header(int[] shape) {
        long[] dims = new long[shape.length];
        for (int k = 0; k < shape.length; k++) {
            dims[k] = shape[k];
        }
        return header("<f4", dims, 0);
    }

    /**
     * The header of a C-order {@code .npy} (format 1.0) of dtype {@code descr} and {@code shape}: the magic,
     * version 1.0, the little-endian header length, the dict, spaces and a newline, so that the data starts
     * at a multiple of 64 bytes (as the format asks). {@code length} 0 gives the shortest such header;
     * otherwise the header is padded to exactly {@code length} bytes (a multiple of 64), so that a header
     * of a larger shape can later be written over it in place.
     *
     * @throws IllegalArgumentException if {@code length} is not 0 or a multiple of 64 that holds the dict
     */
    static byte[] header(String descr, long[] shape, int length) {
        StringBuilder dims = new StringBuilder("(");
        for (int k = 0; k < shape.length; k++) {
            dims.append(k > 0 ? ", " : "").append(shape[k]);
        }
        dims.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
        int unpadded = MAGIC.length + 4 + dict.length() + 1;
        int total = length == 0 ? unpadded + (64 - unpadded % 64) % 64 : length;
        if (total % 64 != 0 || total < unpadded || total - MAGIC.length - 4 > 0xffff) {
            throw new IllegalArgumentException("a .npy header of " + length + " bytes cannot hold " + dict);
        }
        String text = dict + " ".repeat(total - unpadded) + "\n";
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        b.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    /** The bytes of a float32 {@code .npy} (format 1.0) holding {@code t}. */
    public static byte[] toNpyBytes(Tensor t) {
        byte[] header = header(t.shape());
        ByteBuffer b = ByteBuffer.allocate(header.length + 4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        b.asFloatBuffer().put(t.data(), t.offset(), t.size());
        return b.array();
    }

    /** Writes {@code t} as a float32 {@code .npy} file. */
    public static void writeNpy(Path file, Tensor t) throws IOException {
        Files.write(file, toNpyBytes(t));
    }

    /** Reads every array of an {@code .npz} file, in file order, keyed by name without {@code .npy}. */
    public static Map<String, NpyArray> readNpz(Path file) throws IOException {
        return readNpz(file, DEFAULT_MAX_BYTES);
    }

    /** Reads an {@code .npz} file with a limit on each array's size in bytes. */
    public static Map<String, NpyArray> readNpz(Path file, long maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parseNpz(in, file.toString(), maxBytes);
        }
    }

    /** Parses the bytes of an {@code .npz} file. */
    public static Map<String, NpyArray> parseNpz(byte[] bytes, String name, long maxBytes) throws IOException {
        return parseNpz(new ByteArrayInputStream(bytes), name, maxBytes);
    }

    private static Map<String, NpyArray> parseNpz(InputStream in, String name, long maxBytes) throws IOException {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String entry = e.getName();
                String where = name + " entry " + entry;
                if (e.isDirectory()) {
                    continue;
                }
                if (!entry.endsWith(".npy")) {
                    throw new MalformedFileException(where + ": not a .npy entry");
                }
                long declared = e.getSize();
                if (declared > maxBytes + MAX_HEADER) {
                    throw new MalformedFileException(where + ": declared size " + declared + " is larger than the limit of "
                            + maxBytes + " bytes");
                }
                byte[] data = readBounded(zip, maxBytes + MAX_HEADER, where);
                if (declared >= 0 && declared != data.length) {
                    throw new MalformedFileException(where + ": declared " + declared + " bytes, holds " + data.length);
                }
                String key = entry.substring(0, entry.length() - 4);
                if (out.put(key, parseNpy(data, where, maxBytes)) != null) {
                    throw new MalformedFileException(where + ": duplicate entry");
                }
            }
        } catch (ZipException | java.io.EOFException ex) {
            throw new MalformedFileException(name + ": malformed zip: " + ex.getMessage(), ex);
        } catch (IllegalArgumentException ex) {
            throw new MalformedFileException(name + ": malformed zip: " + ex.getMessage(), ex);
        }
        if (out.isEmpty()) {
            throw new MalformedFileException(name + ": no arrays (not an .npz file?)");
        }
        return out;
    }

    /** Reads a stream to its end, growing only as data arrives, failing beyond {@code cap} bytes. */
    private static byte[] readBounded(InputStream in, long cap, String where) throws IOException {
        byte[] buf = new byte[8192];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (buf.length >= cap) {
                    throw new MalformedFileException(where + ": more than the limit of " + cap + " bytes");
                }
                buf = Arrays.copyOf(buf, (int) Math.min(cap + 1, Math.min(Integer.MAX_VALUE - 16L, buf.length * 2L)));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                return Arrays.copyOf(buf, n);
            }
            n += r;
        }
    }

    /** Writes float32 arrays as an uncompressed {@code .npz} (entries {@code name.npy}), as {@code np.savez}. */
    public static void writeNpz(Path file, Map<String, Tensor> arrays) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                byte[] data = toNpyBytes(e.getValue());
                ZipEntry z = new ZipEntry(e.getKey() + ".npy");
                z.setMethod(ZipEntry.STORED);
                z.setSize(data.length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(data);
                z.setCrc(crc.getValue());
                zip.putNextEntry(z);
                zip.write(data);
                zip.closeEntry();
            }
        }
    }

    /** The small subset of Python literals that .npy headers use: dicts, tuples, strings, ints, booleans. */
    static final class PyLiteral {
        private final String s;
        private final String name;
        private int pos;

        private PyLiteral(String s, String name) {
            this.s = s;
            this.name = name;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> parseDict(String s, String name) throws IOException {
            PyLiteral p = new PyLiteral(s, name);
            Object v = p.value(0);
            p.ws();
            if (!(v instanceof Map) || p.pos != s.length()) {
                throw new MalformedFileException(name + ": header is not a Python dict: " + abbreviate(s));
            }
            return (Map<String, Object>) v;
        }

        private static String abbreviate(String s) {
            return s.length() > 200 ? s.substring(0, 200) + "..." : s;
        }

        private IOException error(String what) {
            return new MalformedFileException(name + ": bad header at " + pos + ": " + what + ": " + abbreviate(s));
        }

        private void ws() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private Object value(int depth) throws IOException {
            if (depth > 8) {
                throw error("nested too deeply");
            }
            ws();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            if (c == '{') {
                pos++;
                Map<String, Object> m = new LinkedHashMap<>();
                while (true) {
                    ws();
                    if (pos < s.length() && s.charAt(pos) == '}') {
                        pos++;
                        return m;
                    }
                    Object k = value(depth + 1);
                    if (!(k instanceof String key)) {
                        throw error("dict key is not a string");
                    }
                    ws();
                    expect(':');
                    m.put(key, value(depth + 1));
                    ws();
                    if (pos < s.length() && s.charAt(pos) == ',') {
                        pos++;
                    }
                }
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                pos++;
                List<Object> l = new ArrayList<>();
                while (true) {
                    ws();
                    if (pos < s.length() && s.charAt(pos) == close) {
                        pos++;
                        return l;
                    }
                    if (l.size() > 64) {
                        throw error("too many dimensions");
                    }
                    l.add(value(depth + 1));
                    ws();
                    if (pos < s.length() && s.charAt(pos) == ',') {
                        pos++;
                    } else if (pos < s.length() && s.charAt(pos) != close) {
                        throw error("expected ',' or '" + close + "'");
                    }
                }
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, pos + 1);
                if (end < 0) {
                    throw error("unterminated string");
                }
                String v = s.substring(pos + 1, end);
                pos = end + 1;
                return v;
            }
            if (s.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            int start = pos;
            if (c == '-') {
                pos++;
            }
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (pos == start || (c == '-' && pos == start + 1)) {
                throw error("unexpected character '" + c + "'");
            }
            if (pos < s.length() && s.charAt(pos) == 'L') {
                pos++;
            }
            try {
                return Long.parseLong(s.substring(start, pos).replace("L", ""));
            } catch (NumberFormatException e) {
                throw error("integer out of range");
            }
        }

        private void expect(char c) throws IOException {
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }
    }
}
