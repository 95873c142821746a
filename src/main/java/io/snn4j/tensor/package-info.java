/**
 * Tensors: a shape and a flat, row-major {@code float[]} ({@link io.snn4j.tensor.Tensor}), time-first
 * sequence views {@code (T, ...)} as in Norse, spikes as active indices per row
 * ({@link io.snn4j.tensor.SparseSpikes}), and trainable tensors with a gradient buffer
 * ({@link io.snn4j.tensor.Parameter}).
 *
 * <p>The bottom of the library: this package uses no other snn4j package (and no dependency but the
 * JDK), so every other package may use it. Values carry no physical units; the modules say what their
 * inputs and outputs mean. Each class documents its thread-safety: {@code Tensor} and {@code Parameter}
 * are mutable and not safe for concurrent writes, {@code SparseSpikes} is immutable.
 */
package io.snn4j.tensor;
