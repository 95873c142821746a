package io.snn4j.cli;

import io.snn4j.io.NpyWriter;
import io.snn4j.io.PartialFile;
import io.snn4j.tensor.Tensor;
import java.awt.image.RenderedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A file that a command writes (a PNG, a {@code .npy}, a checkpoint), named by a command-line option.
 * {@link #check} runs before any work: the name has the right extension, the file is not a folder, its
 * folder exists and can be written, and it is none of the run's inputs; so a run never simulates for an
 * hour and then fails to save. Files are written under a temporary name in the same folder and moved into
 * place when complete ({@link #writeAtomically}, {@link Npy#commit}), so an interrupted or failed run
 * never leaves a file that looks complete, and a folder is never replaced. Every I/O error names the
 * option and the file. Not thread-safe.
 */
final class OutputFile {
    /** For tests: called before each step a {@link Npy} writes; may throw to simulate a full disk. */
    interface WriteHook {
        void beforeStep(Path target, int t) throws IOException;
    }

    static volatile WriteHook writeHook;

    private OutputFile() {
    }

    /**
     * Checks that {@code target} (named by {@code option}) can be written as a file ending in {@code ext}:
     * not a folder or a device, in a folder that exists and is writable, and not the same file as any of
     * {@code inputs} (option name to path; null paths are skipped).
     */
    static void check(String option, Path target, String ext, Map<String, Path> inputs) throws IOException {
        String name = target.getFileName() == null ? "" : target.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(ext) || name.length() == ext.length()) {
            throw new IllegalArgumentException(option + " " + target + ": the file name must end in " + ext
                    + " (this option writes a " + ext + " file)");
        }
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException(option + " " + target + " is a folder; name a file in it, e.g. "
                    + target.resolve("out" + ext));
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw new IllegalArgumentException(option + " " + target + " exists and is not a regular file");
        }
        checkFolder(option, target, target.toAbsolutePath().getParent());
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            if (in.getValue() != null && same(target, in.getValue())) {
                throw new IllegalArgumentException(option + " " + target + " is also " + in.getKey() + "; writing it would "
                        + "destroy that file");
            }
        }
    }

    /** Checks that {@code dir} exists, is a folder and can be written into (by creating and removing a file). */
    static void checkFolder(String option, Path target, Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new FileNotFoundException(option + " " + target + ": the folder " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + target + ": " + dir + " is not a folder");
        }
        Path probe = dir.resolve(".snn-write-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.newByteChannel(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            Files.delete(probe);
        } catch (IOException e) {
            // the reason without the probe's own (random) name, which would only confuse
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "it takes no new files"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : Main.message(e).replace(probe.toString(), "a new file");
            throw new IOException(option + " " + target + ": cannot write into the folder " + dir + " (" + why + ")", e);
        }
    }

    /** Whether two paths name the same file (the same path, or the same existing file through links). */
    static boolean same(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes {@code bytes} to a temporary file next to {@code target}, flushes it and moves it into place. */
    static void writeAtomically(String option, Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            move(tmp, target);
        } catch (IOException e) {
            throw new IOException(option + " " + target + ": writing failed (" + Main.message(e) + ")", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Moves {@code from} over {@code to}: atomically where the file system can; never over a folder. */
    private static void move(Path from, Path to) throws IOException {
        PartialFile.moveIntoPlace(from, to);
    }

    /** The value of the {@code Software} text of every PNG snn writes (see {@link #writtenBySnn}). */
    static final String SOFTWARE = "snn4j";

    /**
     * The PNG bytes of an image, with a {@code tEXt} chunk {@code Software} = {@value #SOFTWARE} (what PNG
     * calls the software that created the image): how {@link #checkDefault(String, Path, boolean)} tells a
     * plot of an earlier run from a user's file of the same name.
     */
    static byte[] png(RenderedImage img) throws IOException {
        Iterator<ImageWriter> ws = ImageIO.getImageWritersByFormatName("png");
        if (!ws.hasNext()) {
            throw new IOException("no PNG writer available");
        }
        ImageWriter w = ws.next();
        try {
            ImageWriteParam param = w.getDefaultWriteParam();
            IIOMetadata meta = w.getDefaultImageMetadata(
                    ImageTypeSpecifier.createFromRenderedImage(img), param);
            String format = "javax_imageio_png_1.0";
            IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
            entry.setAttribute("keyword", "Software");
            entry.setAttribute("value", SOFTWARE);
            IIOMetadataNode text = new IIOMetadataNode("tEXt");
            text.appendChild(entry);
            IIOMetadataNode root = new IIOMetadataNode(format);
            root.appendChild(text);
            meta.mergeTree(format, root);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(b)) {
                w.setOutput(out);
                w.write(null, new IIOImage(img, null, meta), param);
            }
            return b.toByteArray();
        } finally {
            w.dispose();
        }
    }

    /** The first bytes of every PNG file. */
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /**
     * Whether {@code file} is a PNG that snn wrote: a {@code tEXt} chunk {@code Software} =
     * {@value #SOFTWARE} before its image data. Reads at most the chunks before the image data (a text
     * chunk of up to 1 KB is read, longer chunks are skipped); false for anything else, a file that cannot
     * be read or one that ends early included.
     */
    static boolean writtenBySnn(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!Arrays.equals(in.readNBytes(PNG_SIGNATURE.length), PNG_SIGNATURE)) {
                return false;
            }
            byte[] wanted = ("Software\0" + SOFTWARE).getBytes(StandardCharsets.ISO_8859_1);
            for (int chunk = 0; chunk < 256; chunk++) {
                int len = in.readInt();
                String type = new String(in.readNBytes(4), StandardCharsets.ISO_8859_1);
                if (len < 0 || type.equals("IDAT") || type.equals("IEND")) {
                    return false;
                }
                if (type.equals("tEXt") && len <= 1024) {
                    if (Arrays.equals(in.readNBytes(len), wanted)) {
                        return true;
                    }
                    in.skipNBytes(4); // the CRC
                } else {
                    in.skipNBytes(len + 4L);
                }
            }
            return false;
        } catch (IOException e) { // unreadable, or it ended early (EOFException)
            return false;
        }
    }

    /**
     * Checks an output under its default name (the command line did not name it; {@code named} false): a
     * file of that name is replaced only if snn wrote it ({@link #writtenBySnn}: an earlier run's plot);
     * any other file there, and a symbolic link of that name, is the user's, and is left alone: this throws.
     * A file the command line names is replaced, as the README says. Commands call it before any work and
     * again just before they write, so that a file made there during a long run is not replaced either.
     */
    static void checkDefault(String option, Path target, boolean named) {
        if (named || !Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                || !Files.isSymbolicLink(target) && writtenBySnn(target)) {
            return;
        }
        throw new IllegalArgumentException(target + " exists and is not a plot snn wrote, so it is not replaced; name the "
                + "file to write with " + option + " (a file named there is replaced), or move " + target + " away");
    }

    /** {@link #checkDefault(String, Path, boolean)} for {@code option} of a command as parsed ({@code spec}). */
    static void checkDefault(CommandSpec spec, String option, Path target) {
        checkDefault(option, target, spec.commandLine().getParseResult().hasMatchedOption(option));
    }

    /** The partial file of a step-wise output: {@code <name>.partial} next to it. */
    static Path partial(Path target) {
        return PartialFile.of(target);
    }

    /**
     * A float32 {@code .npy} of shape {@code (T, ...)} written one step at a time into
     * {@code <target>.partial}; {@link #commit} moves it to {@code target} once every step is written.
     * {@link #close} alone keeps the partial file (a checkpoint can continue it: {@link #resume});
     * {@link #discard} removes it.
     */
    static final class Npy implements AutoCloseable {
        private final String option;
        private final Path target;
        private final Path partial;
        private final NpyWriter writer;
        private boolean closed;

        private Npy(String option, Path target, NpyWriter writer) {
            this.option = option;
            this.target = target;
            this.partial = OutputFile.partial(target);
            this.writer = writer;
        }

        /** Starts {@code <target>.partial} afresh for an array of {@code shape}. */
        static Npy create(String option, Path target, int[] shape) throws IOException {
            Path p = OutputFile.partial(target);
            if (Files.isDirectory(p)) {
                throw new IllegalArgumentException(option + " " + target + ": " + p + " is a folder; it is left as it is");
            }
            try {
                return new Npy(option, target, NpyWriter.create(p, shape));
            } catch (IOException e) {
                Files.deleteIfExists(p);
                throw new IOException(option + " " + target + ": cannot create " + p + " (" + Main.message(e) + ")", e);
            }
        }

        /** Continues the partial file of an interrupted run (resumed from its checkpoint). */
        static Npy resume(String option, Path target, int[] shape) throws IOException {
            Path p = OutputFile.partial(target);
            if (!Files.isRegularFile(p)) {
                throw new FileNotFoundException(option + " " + target + ": the interrupted run's partial output " + p
                        + " is missing, so the checkpoint cannot continue it; start again without --resume");
            }
            return new Npy(option, target, NpyWriter.open(p, shape));
        }

        /** Writes step {@code t}. */
        void writeStep(int t, Tensor step) throws IOException {
            try {
                WriteHook h = writeHook;
                if (h != null) {
                    h.beforeStep(target, t);
                }
                writer.writeStep(t, step);
            } catch (IOException e) {
                throw new IOException(option + " " + target + ": writing step " + t + " failed (" + Main.message(e) + ")", e);
            }
        }

        /** Flushes the written steps to disk (before a checkpoint that counts on them). */
        void sync() throws IOException {
            try {
                writer.sync();
            } catch (IOException e) {
                throw new IOException(option + " " + target + ": flushing failed (" + Main.message(e) + ")", e);
            }
        }

        /** Flushes, closes and moves the complete file into place. */
        void commit() throws IOException {
            sync();
            close();
            try {
                move(partial, target);
            } catch (IOException e) {
                throw new IOException(option + " " + target + ": cannot move the finished " + partial + " into place ("
                        + Main.message(e) + ")", e);
            }
        }

        /** Closes and removes the partial file. */
        void discard() {
            try {
                close();
            } catch (IOException ignored) { // being removed anyway
            }
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) { // best effort; the error that led here is what matters
            }
        }

        /** The partial file. */
        Path partial() {
            return partial;
        }

        /** Closes the file, keeping it as a partial output. */
        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                writer.close();
            }
        }
    }
}
