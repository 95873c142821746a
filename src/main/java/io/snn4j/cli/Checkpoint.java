package io.snn4j.cli;

import io.snn4j.io.MalformedFileException;
import io.snn4j.io.SafeTensors;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A simulation checkpoint: every layer's state, the step index and the random generator's state, as a
 * safetensors file whose metadata names the command and its configuration. Written atomically: to a
 * temporary file in the same folder, flushed to disk, then renamed over the target, so that a crash
 * during the write leaves the previous checkpoint intact. Not thread-safe.
 *
 * @param tensors  the states and records
 * @param metadata the command, configuration, step and generator state
 */
record Checkpoint(Map<String, Tensor> tensors, Map<String, String> metadata) {
    static final String FORMAT = "snn4j-checkpoint-1";

    /** Simulates a crash in tests: called after half of the bytes are written; may throw. */
    interface CrashHook {
        void halfWritten(Path temporary) throws IOException;
    }

    static volatile CrashHook crashHook;

    /** Writes the checkpoint atomically to {@code target}. */
    void write(Path target) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("format", FORMAT);
        byte[] bytes = SafeTensors.toBytes(tensors, meta);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = target.getFileName() + ".";
        removeStale(dir, prefix);
        Path tmp = Files.createTempFile(dir, prefix, ".tmp");
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
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
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
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException(file + ": no such checkpoint");
        }
        SafeTensors s = SafeTensors.read(file);
        Map<String, String> m = s.metadata();
        if (!FORMAT.equals(m.get("format"))) {
            throw new MalformedFileException(file + ": not an snn4j checkpoint");
        }
        if (!command.equals(m.get("command"))) {
            throw new MalformedFileException(file + ": a checkpoint of '" + m.get("command") + "', not of '" + command + "'");
        }
        return new Checkpoint(s.tensors(), m);
    }

    /** The metadata value {@code key}, or an error naming the file. */
    String get(String key, Path file) throws IOException {
        String v = metadata.get(key);
        if (v == null) {
            throw new MalformedFileException(file + ": checkpoint has no '" + key + "'");
        }
        return v;
    }

    /** Checks that the checkpoint's configuration equals this run's. */
    void requireConfig(Map<String, String> config, Path file) throws IOException {
        for (Map.Entry<String, String> e : config.entrySet()) {
            String v = metadata.get(e.getKey());
            if (!e.getValue().equals(v)) {
                throw new MalformedFileException(file + ": checkpoint was made with " + e.getKey() + " = " + v
                        + ", this run has " + e.getValue());
            }
        }
    }
}
