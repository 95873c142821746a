package io.snn4j.io;

import java.io.IOException;

/**
 * A file (or text) that is truncated, oversized or otherwise malformed. The message names the file and
 * what is wrong with it.
 */
public class MalformedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message that names the file and the problem. */
    public MalformedFileException(String message) {
        super(message);
    }

    /** An exception with a message and a cause. */
    public MalformedFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
