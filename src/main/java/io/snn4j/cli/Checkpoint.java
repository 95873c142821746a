package io.snn4j.cli;

import io.snn4j.io.Json;
import io.snn4j.io.MalformedFileException;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulation checkpoint: every layer's state (float32 tensors), integer records such as spike times
 * and neuron indices (int32, exact at any step count), the step index and the random generator's state.
 * The file is a safetensors file (dtypes {@code F32} and {@code I32}, so Python's {@code safetensors} can
 * open it) whose metadata names the command and its configuration. Written atomically: to a temporary
 * file in the same folder, flushed to disk, then renamed over the target, so that a crash during the
 * write leaves the previous checkpoint intact. Not thread-safe.
 *
 * @param tensors  the states (float32)
 * @param ints     integer records (int32, one dimension)
 * @param metadata the command, configuration, step and generator state
 */
record Checkpoint(Map<String, Tensor> tensors, Map<String, int[]> ints, Map<String, String> metadata) {
    /** The format written; format 1 (spike times as float32) is refused. */
    static final String FORMAT = "snn4j-checkpoint-2";
    /** The largest checkpoint read. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 16;

    /** Simulates a crash in tests: called after half of the bytes are written; may throw. */
    interface CrashHook {
        void halfWritten(Path temporary) throws IOException;
    }

    static volatile CrashHook crashHook;

    /** A checkpoint without integer records. */
    Checkpoint(Map<String, Tensor> tensors, Map<String, String> metadata) {
        this(tensors, Map.of(), metadata);
    }

    /** The file's bytes: an 8-byte header length, the JSON header, then the data, little-endian. */
    byte[] toBytes() {
        Map<String, Object> header = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("format", FORMAT);
        header.put("__metadata__", meta);
        long at = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            List<Object> shape = new ArrayList<>();
            for (int d : e.getValue().shape()) {
                shape.add(d);
            }
            at = entry(header, e.getKey(), "F32", shape, at, 4L * e.getValue().size());
        }
        for (Map.Entry<String, int[]> e : ints.entrySet()) {
            at = entry(header, e.getKey(), "I32", List.of(e.getValue().length), at, 4L * e.getValue().length);
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        long total = 8L + padded + at;
        if (total > MAX_BYTES) {
            throw new IllegalArgumentException("a checkpoint of " + total + " bytes is larger than one file can hold here");
        }
        ByteBuffer b = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        for (int k = json.length; k < padded; k++) {
            b.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            for (int k = 0; k < t.size(); k++) {
                b.putFloat(t.data()[t.offset() + k]);
            }
        }
        for (int[] v : ints.values()) {
            for (int x : v) {
                b.putInt(x);
            }
        }
        return b.array();
    }

    private static long entry(Map<String, Object> header, String name, String dtype, List<Object> shape, long at, long bytes) {
        if (name.equals("__metadata__") || header.containsKey(name)) {
            throw new IllegalArgumentException("checkpoint entry name '" + name + "' is reserved or repeated");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dtype", dtype);
        m.put("shape", shape);
        m.put("data_offsets", List.of(at, at + bytes));
        header.put(name, m);
        return at + bytes;
    }

    /**
     * Writes the checkpoint atomically to {@code target}, whose folder must exist. Errors name
     * {@code target} (not the temporary file).
     */
    void write(Path target) throws IOException {
        byte[] bytes = toBytes();
        Path dir = target.toAbsolutePath().getParent();
        String prefix = target.getFileName() + ".";
        removeStale(dir, prefix);
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, prefix, ".tmp");
        } catch (IOException e) {
            throw new IOException("--checkpoint " + target + ": cannot write into " + dir + " (" + Main.message(e) + ")", e);
        }
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                b.limit(bytes.length / 2);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                CrashHook hook = crashHook;
                if (hook != null) {
                    hook.halfWritten(tmp);
                }
                b.limit(bytes.length);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            } catch (IOException e) {
                throw new IOException("--checkpoint " + target + ": writing failed (" + Main.message(e)
                        + "); the previous checkpoint is unchanged", e);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) { // not every platform can sync a directory
        }
    }

    /** Temporary files a crashed write left behind. */
    private static void removeStale(Path dir, String prefix) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, prefix + "*.tmp")) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) { // best effort
        }
    }

    /** Reads a checkpoint, checking that it is one and was written by {@code command}. */
    static Checkpoint read(Path file, String command) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--resume " + file + " is a folder, not a checkpoint file");
        }
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException(file + ": no such checkpoint");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new MalformedFileException(file + ": " + size + " bytes; not a checkpoint snn4j wrote");
        }
        Checkpoint c = parse(ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN), file.toString());
        Map<String, String> m = c.metadata;
        if (!FORMAT.equals(m.get("format"))) {
            throw new MalformedFileException(file + (String.valueOf(m.get("format")).startsWith("snn4j-checkpoint-")
                    ? ": a checkpoint in the older format " + m.get("format") + " (spike times as float32); start the run again"
                    : ": not an snn4j checkpoint"));
        }
        if (!command.equals(m.get("command"))) {
            throw new MalformedFileException(file + ": a checkpoint of '" + m.get("command") + "', not of '" + command + "'");
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Checkpoint parse(ByteBuffer b, String name) throws IOException {
        long size = b.remaining();
        long n = size >= 8 ? b.getLong(0) : -1;
        if (n < 2 || n > size - 8) {
            throw new MalformedFileException(name + ": not an snn4j checkpoint (no safetensors header)");
        }
        byte[] hb = new byte[(int) n];
        b.get(8, hb);
        Object parsed;
        try {
            parsed = Json.parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(hb)).toString(), name + " header");
        } catch (CharacterCodingException e) {
            throw new MalformedFileException(name + ": not an snn4j checkpoint (header is not UTF-8)", e);
        }
        if (!(parsed instanceof Map<?, ?> header)) {
            throw new MalformedFileException(name + ": not an snn4j checkpoint (header is not a JSON object)");
        }
        long dataStart = 8 + n, dataLen = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, int[]> ints = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String key = (String) e.getKey();
            if (key.equals("__metadata__")) {
                if (e.getValue() instanceof Map<?, ?> m) {
                    for (Map.Entry<?, ?> me : m.entrySet()) {
                        if (me.getValue() instanceof String s) {
                            metadata.put((String) me.getKey(), s);
                        }
                    }
                }
                continue;
            }
            String where = name + ": entry '" + key + "'";
            if (!(e.getValue() instanceof Map<?, ?> m) || !(m.get("dtype") instanceof String dtype)
                    || !(m.get("shape") instanceof List<?> shape) || !(m.get("data_offsets") instanceof List<?> off)
                    || off.size() != 2) {
                throw new MalformedFileException(where + " needs dtype, shape and data_offsets");
            }
            int[] dims = new int[shape.size()];
            long count = 1;
            for (int d = 0; d < dims.length; d++) {
                long v = integer(shape.get(d), where);
                if (v > Integer.MAX_VALUE) {
                    throw new MalformedFileException(where + ": dimension " + v + " is too large");
                }
                dims[d] = (int) v;
                if (v != 0 && count > MAX_BYTES / v) {
                    throw new MalformedFileException(where + ": shape " + shape + " is larger than the file");
                }
                count *= v;
            }
            long begin = integer(off.get(0), where), end = integer(off.get(1), where);
            if (begin > end || end > dataLen || end - begin != 4 * count) {
                throw new MalformedFileException(where + ": data_offsets [" + begin + ", " + end + "] do not fit its shape "
                        + shape + " or the file (" + dataLen + " data bytes; truncated?)");
            }
            ByteBuffer slice = b.slice((int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
            if (dtype.equals("F32")) {
                float[] v = new float[(int) count];
                slice.asFloatBuffer().get(v);
                tensors.put(key, Tensor.wrap(v, dims));
            } else if (dtype.equals("I32") && dims.length == 1) {
                int[] v = new int[(int) count];
                slice.asIntBuffer().get(v);
                ints.put(key, v);
            } else {
                throw new MalformedFileException(where + ": dtype " + dtype + " of shape " + shape
                        + " is not in a checkpoint (F32 tensors and one-dimensional I32 arrays)");
            }
        }
        return new Checkpoint(tensors, ints, metadata);
    }

    private static long integer(Object o, String where) throws IOException {
        if (!(o instanceof Double d) || d != Math.rint(d) || d < 0 || d > 1L << 53) {
            throw new MalformedFileException(where + ": " + o + " is not a size");
        }
        return (long) (double) d;
    }

    /** The metadata value {@code key}, or an error naming the file. */
    String get(String key, Path file) throws IOException {
        String v = metadata.get(key);
        if (v == null) {
            throw new MalformedFileException(file + ": checkpoint has no '" + key + "'");
        }
        return v;
    }

    /** The integer metadata value {@code key} in {@code [min, max]}, or an error naming the file. */
    int getInt(String key, int min, int max, Path file) throws IOException {
        String v = get(key, file);
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException ignored) { // reported below
        }
        throw new MalformedFileException(file + ": checkpoint's " + key + " is '" + v + "', not an integer in [" + min
                + ", " + max + "]");
    }

    /** The integer record {@code key}, or an error naming the file. */
    int[] ints(String key, Path file) throws IOException {
        int[] v = ints.get(key);
        if (v == null) {
            throw new MalformedFileException(file + ": checkpoint has no integer record '" + key + "'");
        }
        return v;
    }

    /**
     * Checks that the checkpoint's configuration equals this run's. Keys {@code sha256.<what>} hold content
     * hashes of the run's files ({@link #sha256}); a difference there means another file under the same
     * name, and the message says so.
     */
    void requireConfig(Map<String, String> config, Path file) throws IOException {
        for (Map.Entry<String, String> e : config.entrySet()) {
            String v = metadata.get(e.getKey());
            if (e.getValue().equals(v)) {
                continue;
            }
            if (e.getKey().startsWith("sha256.")) {
                String what = e.getKey().substring("sha256.".length());
                throw new MalformedFileException(file + ": the checkpoint was made with another " + what + " (SHA-256 "
                        + abbreviate(v) + ", this run's is " + abbreviate(e.getValue()) + "); resume with the interrupted "
                        + "run's files, or start again without --resume");
            }
            throw new MalformedFileException(file + ": checkpoint was made with " + e.getKey() + " = " + v
                    + ", this run has " + e.getValue());
        }
    }

    private static String abbreviate(String hash) {
        return hash == null ? "none" : hash.length() > 12 ? hash.substring(0, 12) + "..." : hash;
    }

    /** The SHA-256 of a file's content as 64 hex digits; read in blocks, so any size. Errors name the file. */
    static String sha256(Path file) throws IOException {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            while (ch.read(b) >= 0) {
                b.flip();
                md.update(b);
                b.clear();
            }
        } catch (IOException e) {
            throw new IOException(file + ": cannot read (" + Main.message(e) + ")", e);
        }
        StringBuilder hex = new StringBuilder(64);
        for (byte x : md.digest()) {
            hex.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        }
        return hex.toString();
    }
}
