package io.snn4j.io;

import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes a float32 {@code .npy} file of shape {@code (T, ...)} one time step at a time, so that the
 * output of a long simulation never has to be in memory; a step can be rewritten (a resumed run rewrites
 * the steps after its checkpoint). The file has its full size from the start. Not thread-safe.
 */
public final class NpyWriter implements Closeable {
    private final Path file;
    private final FileChannel channel;
    private final int[] shape;
    private final long dataStart;
    private final int stepSize;

    private NpyWriter(Path file, FileChannel channel, int[] shape, long dataStart) {
        this.file = file;
        this.channel = channel;
        this.shape = shape;
        this.dataStart = dataStart;
        this.stepSize = Shapes.size(Shapes.dropFirst(shape));
    }

    /** Creates (or replaces) {@code file} for an array of {@code shape} (rank at least 1), zero-filled. */
    public static NpyWriter create(Path file, int[] shape) throws IOException {
        if (shape.length == 0) {
            throw new IllegalArgumentException("a step-wise array needs a time dimension");
        }
        byte[] header = NumPy.header(shape);
        long total = header.length + 4L * Shapes.size(shape);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ,
                StandardOpenOption.TRUNCATE_EXISTING);
        ch.write(ByteBuffer.wrap(header), 0);
        if (total > header.length) {
            ch.write(ByteBuffer.wrap(new byte[1]), total - 1);
        }
        return new NpyWriter(file, ch, shape.clone(), header.length);
    }

    /** Opens an existing file written by {@link #create} and checks that it has {@code shape}. */
    public static NpyWriter open(Path file, int[] shape) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException(file + ": no such file to continue");
        }
        byte[] expected = NumPy.header(shape);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        ByteBuffer b = ByteBuffer.allocate(expected.length);
        ch.read(b, 0);
        if (!Arrays.equals(b.array(), expected) || ch.size() != expected.length + 4L * Shapes.size(shape)) {
            ch.close();
            throw new MalformedFileException(file + ": not the output of shape " + Arrays.toString(shape) + " this run writes");
        }
        return new NpyWriter(file, ch, shape.clone(), expected.length);
    }

    /** Writes step {@code t} (a tensor of shape {@code shape[1:]}). */
    public void writeStep(int t, Tensor step) throws IOException {
        if (t < 0 || t >= shape[0]) {
            throw new IllegalArgumentException("step " + t + " is outside [0, " + shape[0] + ")");
        }
        Shapes.requireShape("step", step.shape(), Shapes.dropFirst(shape));
        ByteBuffer b = ByteBuffer.allocate(4 * stepSize).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(step.data(), step.offset(), stepSize);
        long at = dataStart + 4L * stepSize * t;
        while (b.hasRemaining()) {
            at += channel.write(b, at);
        }
    }

    /** Flushes the data to disk. */
    public void sync() throws IOException {
        channel.force(false);
    }

    /** The file being written. */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
