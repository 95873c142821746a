package io.snn4j.module;

/**
 * Where Norse has a known bug (src/docs/semantics.md, section 5), snn4j does the right thing by default
 * ({@link #FIXED}); {@link #NORSE} reproduces Norse's behaviour bit for bit, for conformance with models
 * trained or tested against it. Used by the modules whose Norse version has such a bug:
 * {@code CobaLIFCell}, {@code LIFAdExRefrac*}, {@code LIFMCRefracRecurrentCell}. The README lists each
 * difference.
 */
public enum Compatibility {
    /** The corrected behaviour (default). */
    FIXED,
    /** Norse's behaviour, bugs included. */
    NORSE
}
