/**
 * Internal to snn4j, not an API: the numeric kernels ({@link io.snn4j.internal.vectorization.Kernels}):
 * the SIMD implementation on {@code jdk.incubator.vector}, its bit-identical scalar twin
 * ({@link io.snn4j.internal.vectorization.ScalarKernels}), and the provider that picks one when it is
 * first used ({@link io.snn4j.internal.vectorization.KernelProvider}): SIMD when the JVM was started
 * with {@code --add-modules jdk.incubator.vector}, scalar otherwise, logged once through
 * {@link java.lang.System.Logger} {@code io.snn4j}.
 *
 * <p>Only the package-private Panama kernels import {@code jdk.incubator.vector}, and the provider loads
 * them by name, so the library links and runs without the module. Uses no other snn4j package. Kernels
 * are stateless and thread-safe; concurrent calls must not write overlapping ranges.
 */
package io.snn4j.internal.vectorization;
