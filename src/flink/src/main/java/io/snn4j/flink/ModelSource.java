package io.snn4j.flink;

import io.snn4j.io.LoadedModel;
import io.snn4j.io.ModelLoader;
import io.snn4j.nn.Layer;
import io.snn4j.nn.SequentialState;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an operator gets its network: called once per parallel task when the task opens (so the weights
 * are loaded once per task, on the machine that runs it), never per key or per element. Implementations
 * travel with the job, so they must be serializable: a lambda that builds the network, or the file
 * paths of a model description and its weights. The network returned is used by one task's thread only.
 */
@FunctionalInterface
public interface ModelSource extends Serializable {

    /** Builds or loads the network; an exception fails the task with a message naming what is wrong. */
    SequentialState load() throws Exception;

    /**
     * A model description (JSON) and its weights file (safetensors or {@code .npz}), read by
     * {@link ModelLoader#load(Path, Path)} when the task opens. Paths are strings so that the source is
     * serializable; they are resolved on the machine that runs the task.
     */
    static ModelSource files(String description, String weights) {
        if (description == null || weights == null) {
            throw new IllegalArgumentException("the model description and weights paths must not be null");
        }
        return new FileModel(description, weights);
    }

    /** A network built by {@code build} (a serializable lambda, e.g. {@code () -> new SequentialState(...)}). */
    static ModelSource network(ModelSource build) {
        if (build == null) {
            throw new IllegalArgumentException("build is null");
        }
        return build;
    }

    /** A {@link LoadedModel} made by {@code load} (its network is used; dt and steps are the model's business). */
    static ModelSource loaded(Loader load) {
        if (load == null) {
            throw new IllegalArgumentException("load is null");
        }
        return () -> load.get().network();
    }

    /** A single module as a one-layer network, e.g. {@code ModelSource.layer(() -> Layer.of(new LIFCell()))}. */
    static ModelSource layer(LayerFactory layer) {
        if (layer == null) {
            throw new IllegalArgumentException("layer is null");
        }
        return () -> new SequentialState(layer.get());
    }

    /** A serializable factory of a {@link LoadedModel}. */
    @FunctionalInterface
    interface Loader extends Serializable {
        /** Loads the model. */
        LoadedModel get() throws Exception;
    }

    /** A serializable factory of one {@link Layer}. */
    @FunctionalInterface
    interface LayerFactory extends Serializable {
        /** Makes the layer. */
        Layer get() throws Exception;
    }

    /** {@link #files}: a description and a weights file; both must exist when the task opens. */
    record FileModel(String description, String weights) implements ModelSource {
        @Override
        public SequentialState load() throws IOException {
            Path d = Path.of(description), w = Path.of(weights);
            if (!Files.isRegularFile(d)) {
                throw new IOException("the model description '" + d.toAbsolutePath() + "' does not exist (or is not a file)");
            }
            if (!Files.isRegularFile(w)) {
                throw new IOException("the weights file '" + w.toAbsolutePath() + "' of model '" + d.getFileName()
                        + "' does not exist (or is not a file)");
            }
            return ModelLoader.load(d, w).network();
        }

        @Override
        public String toString() {
            return "model " + description + " with weights " + weights;
        }
    }
}
