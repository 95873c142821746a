package io.snn4j.io;

import io.snn4j.nn.SequentialState;

/**
 * A network built by {@link ModelLoader} or {@link NirImporter}, with what its description says about
 * running it.
 *
 * @param network the layers
 * @param dt      the time step in seconds
 * @param steps   the number of time steps the description asks for, or 0 if it says nothing
 * @param name    the model's name ("" if none)
 */
public record LoadedModel(SequentialState network, double dt, int steps, String name) {
}
