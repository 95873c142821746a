/**
 * Reading and writing tensors and models: safetensors ({@link io.snn4j.io.SafeTensors}), NumPy
 * {@code .npy} and {@code .npz} ({@link io.snn4j.io.NumPy}, {@link io.snn4j.io.NpyWriter}), a strict JSON
 * reader ({@link io.snn4j.io.Json}), networks described in JSON with a weight file
 * ({@link io.snn4j.io.ModelLoader}) and NIR graphs ({@link io.snn4j.io.NirImporter}); for long runs, spikes
 * streamed to disk as (step, neuron) events ({@link io.snn4j.io.SpikeEventWriter}) and state variables of
 * chosen neurons recorded every step ({@link io.snn4j.io.StateMonitor}), both in bounded memory and moved
 * into place only when complete ({@link io.snn4j.io.PartialFile}).
 *
 * <p>Reading NIR (HDF5) needs the optional dependency {@code io.jhdf:jhdf} on the class path; everything
 * else needs EJML only. Malformed or hostile files are rejected with an {@link java.io.IOException} that
 * names the file and the problem, never with an {@code OutOfMemoryError} or a partial read. Depends on
 * {@code io.snn4j.nn}, {@code io.snn4j.module}, {@code io.snn4j.functional} and {@code io.snn4j.tensor}.
 * The readers are stateless and thread-safe; the streaming writers are not thread-safe (one per run).
 */
package io.snn4j.io;
