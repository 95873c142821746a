package io.snn4j.internal;

import java.util.concurrent.ForkJoinPool;

/** Tests in other packages: the pool that {@link Parallel} hands the pieces beyond its helpers to. */
public final class ParallelAccess {
    private ParallelAccess() {
    }

    /** The pool in use (made if there is none yet). */
    public static ForkJoinPool pool() {
        return Parallel.pool();
    }

    /** Puts {@code p} in its place (tests put back what {@link #pool()} returned). */
    public static void setPool(ForkJoinPool p) {
        Parallel.pool = p;
    }
}
