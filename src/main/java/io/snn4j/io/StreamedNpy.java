package io.snn4j.io;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A C-order {@code .npy} of shape {@code (rows, ...rowShape)} whose row count is not known in advance:
 * rows are appended through a fixed buffer ({@link #BUFFER_BYTES}, so memory does not grow with the run)
 * into {@link PartialFile#of the partial file}, behind a header of {@link #HEADER_BYTES} bytes. Until
 * {@link #finish} that header carries shape {@code (0, ...)} and six zero bytes instead of the NumPy magic,
 * so no reader takes the partial file for an array; {@code finish} writes the real header (with the row
 * count) over it in place, flushes and moves the file into place. {@link #close} alone keeps the partial
 * file, which {@link #resume} can continue after a given number of rows. Not thread-safe.
 */
final class StreamedNpy implements Closeable {
    /** The header's fixed size: room for any row count (up to 19 digits) and a long row shape. */
    static final int HEADER_BYTES = 128;
    /** The bytes buffered before they are written. */
    static final int BUFFER_BYTES = 1 << 16;

    private final Path target;
    private final Path partial;
    private final String descr;
    private final int[] rowShape;
    private final long rowBytes;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long position;
    private long rows;
    private boolean closed;

    private StreamedNpy(Path target, String descr, int[] rowShape, int itemSize, FileChannel channel, long rows) {
        this.target = target;
        this.partial = PartialFile.of(target);
        this.descr = descr;
        this.rowShape = rowShape.clone();
        long elements = itemSize;
        for (int d : rowShape) {
            elements *= d;
        }
        this.rowBytes = elements;
        this.channel = channel;
        this.rows = rows;
        this.position = HEADER_BYTES + rows * rowBytes;
    }

    /** The full header for {@code rows} rows. */
    private static byte[] header(String descr, int[] rowShape, long rows) {
        long[] shape = new long[rowShape.length + 1];
        shape[0] = rows;
        for (int d = 0; d < rowShape.length; d++) {
            shape[d + 1] = rowShape[d];
        }
        return NumPy.header(descr, shape, HEADER_BYTES);
    }

    /** The header of a partial file: that of zero rows, with the magic zeroed. */
    private static byte[] placeholder(String descr, int[] rowShape) {
        byte[] h = header(descr, rowShape, 0);
        Arrays.fill(h, 0, 6, (byte) 0);
        return h;
    }

    /** Starts {@code <target>.partial} afresh (replacing an old one). */
    static StreamedNpy create(Path target, String descr, int itemSize, int[] rowShape) throws IOException {
        Path p = PartialFile.of(target);
        if (Files.isDirectory(p)) {
            throw new IOException(p + " is a folder; it is left as it is");
        }
        byte[] h = placeholder(descr, rowShape);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            writeFully(ch, ByteBuffer.wrap(h), 0);
        } catch (IOException e) {
            ch.close();
            Files.deleteIfExists(p);
            throw e;
        }
        return new StreamedNpy(target, descr, rowShape, itemSize, ch, 0);
    }

    /**
     * Continues the partial file of an interrupted run after its first {@code rows} rows (a checkpoint's
     * count); rows written after them are cut off. The partial file must have this dtype and row shape and
     * hold at least {@code rows} rows.
     */
    static StreamedNpy resume(Path target, String descr, int itemSize, int[] rowShape, long rows) throws IOException {
        Path p = PartialFile.of(target);
        if (!Files.isRegularFile(p)) {
            throw new FileNotFoundException(p + " is missing: there is no partial file of an interrupted run to continue");
        }
        byte[] expected = placeholder(descr, rowShape);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            ByteBuffer b = ByteBuffer.allocate(expected.length);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                // read the whole header
            }
            if (!Arrays.equals(b.array(), expected)) {
                throw new MalformedFileException(p + ": not a partial " + descr + " file with rows of shape "
                        + Arrays.toString(rowShape));
            }
            StreamedNpy s = new StreamedNpy(target, descr, rowShape, itemSize, ch, rows);
            if (rows < 0 || ch.size() < s.position) {
                throw new MalformedFileException(p + ": holds " + Math.max(0, (ch.size() - HEADER_BYTES) / s.rowBytes)
                        + " complete rows, the checkpoint counts " + rows);
            }
            ch.truncate(s.position);
            return s;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            at += ch.write(b, at);
        }
    }

    /** Throws unless the file is still open; {@code what} names the writer in the message. */
    void requireOpen(String what) {
        if (closed) {
            throw new IllegalStateException(what + " for " + target + " is closed");
        }
    }

    /** Appends one int32 (the caller counts rows with {@link #endRows}). */
    void putInt(int v) throws IOException {
        if (buffer.remaining() < 4) {
            flush();
        }
        buffer.putInt(v);
    }

    /** Appends one float32. */
    void putFloat(float v) throws IOException {
        if (buffer.remaining() < 4) {
            flush();
        }
        buffer.putFloat(v);
    }

    /** Counts {@code n} more complete rows. */
    void endRows(long n) {
        rows += n;
    }

    /** The complete rows so far. */
    long rows() {
        return rows;
    }

    /** Reads the int32 at byte offset {@code at} of the data (flushing first). */
    int readInt(long at) throws IOException {
        flush();
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && channel.read(b, HEADER_BYTES + at + b.position()) > 0) {
            // read 4 bytes
        }
        if (b.hasRemaining()) {
            throw new MalformedFileException(partial + ": shorter than its data");
        }
        return b.getInt(0);
    }

    private void flush() throws IOException {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        } finally {
            buffer.clear();
        }
    }

    /** Writes the buffered data and forces it to disk (before a checkpoint counts on it). */
    void sync() throws IOException {
        flush();
        channel.force(false);
    }

    /** Writes the header with the row count, flushes, closes and moves the complete file to the target. */
    void finish() throws IOException {
        sync();
        writeFully(channel, ByteBuffer.wrap(header(descr, rowShape, rows)), 0);
        channel.force(true);
        closed = true;
        channel.close();
        PartialFile.moveIntoPlace(partial, target);
    }

    /** Closes and removes the partial file. */
    void discard() {
        try {
            closed = true;
            channel.close();
        } catch (IOException ignored) { // being removed anyway
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) { // best effort; whatever led here is what matters
        }
    }

    /** The target file. */
    Path target() {
        return target;
    }

    /** The partial file. */
    Path partial() {
        return partial;
    }

    /** Whether the file is closed (finished, kept or discarded). */
    boolean closed() {
        return closed;
    }

    /** Flushes and closes the file, keeping it as a partial file. Does nothing when already closed. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            try {
                flush();
            } finally {
                closed = true;
                channel.close();
            }
        }
    }
}
