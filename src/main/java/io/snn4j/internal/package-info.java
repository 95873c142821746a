/**
 * Internal to snn4j, not an API (public only so that the other packages can use it; it may change in
 * any release): the shared pool of daemon threads that splits work into pieces whose results do not
 * depend on the number of threads ({@link io.snn4j.internal.Parallel}), and a seeded generator whose
 * output is the same on every machine and JDK ({@link io.snn4j.internal.SeededRandom}).
 *
 * <p>Uses no other snn4j package. {@code Parallel} is thread-safe; a {@code SeededRandom} is not.
 */
package io.snn4j.internal;
