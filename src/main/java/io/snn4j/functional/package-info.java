/**
 * The neuron models' equations, as in {@code norse.torch.functional}: per model a parameter record
 * (Norse's field names and defaults, each field a scalar or per-neuron {@link io.snn4j.functional.Param}),
 * a state class of flat {@code float[]} buffers ({@code v}, {@code i}, {@code z}, ...; one value per
 * neuron, row-major) and a {@link io.snn4j.functional.NeuronModel} that advances a range of neurons by
 * one time step {@code dt} (seconds) in place. Also the surrogate gradients of the spike threshold,
 * keyed by Norse's {@code method} names.
 *
 * <p>No time loop, no weights and no allocation per step: the base modules in {@code io.snn4j.module}
 * drive these functions. Depends on {@code io.snn4j.tensor} and the kernels of
 * {@code io.snn4j.internal.vectorization} only. Parameter records are immutable and thread-safe; step
 * functions are stateless and may run concurrently on disjoint ranges of neurons; states are mutable and
 * belong to one caller at a time.
 */
package io.snn4j.functional;
