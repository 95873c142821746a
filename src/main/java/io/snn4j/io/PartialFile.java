package io.snn4j.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The convention for output that is written over time: the data goes to {@code <name>.partial} next to the
 * target, and only a complete file is moved to the target's name. A run that is interrupted, fails or is
 * killed therefore never leaves a file under the target's name that looks complete. Used by the streamed
 * writers of this package ({@link SpikeEventWriter}, {@link StateMonitor}) and by the command line.
 * Stateless and thread-safe.
 */
public final class PartialFile {
    private PartialFile() {
    }

    /** The partial file of {@code target}: {@code <target>.partial} in the same folder. */
    public static Path of(Path target) {
        return target.resolveSibling(target.getFileName() + ".partial");
    }

    /**
     * Moves the complete file {@code from} over {@code to}: atomically where the file system can, otherwise
     * by a plain replacing move; never over a folder.
     *
     * @throws IOException if {@code to} is a folder (left as it is) or the move fails
     */
    public static void moveIntoPlace(Path from, Path to) throws IOException {
        if (Files.isDirectory(to)) {
            throw new IOException(to + " is a folder; it is left as it is");
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
