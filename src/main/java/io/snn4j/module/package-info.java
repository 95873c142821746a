/**
 * Norse's module API: the base modules {@link io.snn4j.module.SNNCell} (one step),
 * {@link io.snn4j.module.SNN} (the time loop over a time-first {@code (T, B, N)} input),
 * {@link io.snn4j.module.SNNRecurrentCell} and {@link io.snn4j.module.SNNRecurrent} (with input and
 * recurrent weights as EJML {@code FMatrixRMaj} of shape {@code (H, N_in)} and {@code (H, H)}, or sparse as
 * {@link io.snn4j.module.Synapses} built by the seeded rules of {@link io.snn4j.module.Connectivity}, with
 * optional synaptic delays), and per
 * neuron model the thin classes built on them ({@code LIFCell}, {@code LIF}, {@code LIFRecurrentCell},
 * {@code LIFRecurrent}, ...). A {@code null} state means the model's default state, as in Norse; dt is in
 * seconds. In training mode the modules record a tape and {@code backward} returns the gradients
 * ({@link io.snn4j.module.Gradients}).
 *
 * <p>Depends on {@code io.snn4j.functional}, {@code io.snn4j.internal} and {@code io.snn4j.tensor} (and
 * EJML). Thread-safety: see {@link io.snn4j.module.NeuronModule}; in evaluation mode a module may be
 * called from several threads if each call has its own state, in training mode by one thread at a time.
 * Results do not depend on the number of threads a module is given.
 */
package io.snn4j.module;
