package io.snn4j.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What {@link SpikeEventWriter} and {@link StateMonitor} share: a {@code .npy} streamed into a partial
 * file, its shape written when it is finished and the file then moved into place. Not thread-safe.
 */
abstract class StreamedRecording implements Closeable {
    final StreamedNpy file;
    /** What the recording is called in messages ("spike event writer", "state monitor"). */
    private final String what;

    StreamedRecording(StreamedNpy file, String what) {
        this.file = file;
        this.what = what;
    }

    /** Refuses a recording that was finished, closed or discarded ({@link IllegalStateException}). */
    final void requireOpen() {
        file.requireOpen(what);
    }

    /** The file that {@link #finish} creates. */
    public Path file() {
        return file.target();
    }

    /** The partial file being written. */
    public Path partial() {
        return file.partial();
    }

    /** Forces what was recorded so far to disk (before a checkpoint counts it). */
    public void sync() throws IOException {
        requireOpen();
        file.sync();
    }

    /** Writes the header with the final shape and moves the complete file into place; the recording is then closed. */
    public void finish() throws IOException {
        requireOpen();
        file.finish();
    }

    /** Closes the recording and removes the partial file. */
    public void discard() {
        file.discard();
    }

    /**
     * Closes the recording. Unless {@link #finish} was called, what was recorded stays in the partial file
     * (to resume from) and no file appears under the target's name. Does nothing when already closed.
     */
    @Override
    public void close() throws IOException {
        file.close();
    }
}
