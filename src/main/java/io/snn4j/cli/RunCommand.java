package io.snn4j.cli;

import io.snn4j.functional.NeuronState;
import io.snn4j.internal.Parallel;
import io.snn4j.io.LoadedModel;
import io.snn4j.io.MalformedFileException;
import io.snn4j.io.ModelLoader;
import io.snn4j.io.NirImporter;
import io.snn4j.io.NumPy;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.SequentialState;
import io.snn4j.tensor.SparseSpikes;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code snn run}: a loaded model over an input sequence, outputs written step by step. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a model (JSON description + weights, or NIR) over an input .npy and write the outputs.",
            "The input is time-first (T, ...), or one step repeated --steps times. 0/1 input takes the sparse path."})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--model", required = true, description = "model.json (with --weights or the weights it names) or a .nir file.")
    Path model;

    @Option(names = "--weights", description = "Weights (.safetensors or .npz) for a JSON model.")
    Path weights;

    @Option(names = "--nir-mode", paramLabel = "MODE", description = "How a .nir graph becomes cells: auto (default: "
            + "norse-export if the file's metadata says Norse's exporter wrote it, else norse-import), norse-import (as "
            + "Norse's from_nir reads it) or norse-export (undoes Norse's to_nir: for models Norse exported); any case.")
    String nirModeText;

    @Option(names = "--nir-discretisation", paramLabel = "D", description = "For norse-import: euler (default; forward "
            + "Euler as Norse) or exponential (exact decay, input as impulses: the reading Rockpool's r assumes).")
    String nirDiscretisation;

    @Option(names = "--nir-reset", paramLabel = "R", description = "After a spike: v-reset (default, NIR's equations) or "
            + "subtract (v -= v_threshold, snnTorch's/Rockpool's 'subtract').")
    String nirReset;

    @Option(names = "--nir-recurrent-bias", arity = "1", paramLabel = "BOOL", description = "Whether a recurrent Affine adds its bias at "
            + "the first step (true, default: as snnTorch) or not (false: as Norse's executor).")
    Boolean nirRecurrentBias;

    /** The parsed --nir-mode (set in call). */
    private NirImporter.Mode nirMode = NirImporter.Mode.AUTO;

    @Option(names = "--dt", description = "Time step in seconds for NIR models (default: 0.001).")
    Double dt;

    @Option(names = "--input", required = true, description = "Input .npy, time-first.")
    Path input;

    @Option(names = "--steps", description = "Repeat a single-step input this many times (constant current).")
    Integer steps;

    @Option(names = "--output", description = "Output .npy (default: ${DEFAULT-VALUE}, which must not exist yet; a file "
            + "named here is replaced).")
    Path output = Path.of("output.npy");

    @Spec
    CommandSpec spec;

    @Option(names = "--layer-outputs", description = "Folder for every stateful layer's output per step (layer<k>.npy).")
    Path layerDir;

    @Option(names = "--threads", description = "Threads (default: available processors).")
    int threads = Parallel.defaultThreads();

    @Mixin
    RunLoop.Options loop = new RunLoop.Options();

    @Override
    public Integer call() throws IOException {
        loop.validate();
        Parallel.checkThreads(threads);
        if (steps != null && steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        }
        checkModelOptions();
        checkOutputs();
        checkInputs();
        Memory.require(Memory.npyInput(input) + Memory.weights(model) + Memory.weights(weights != null ? weights
                : ModelFiles.isNir(model) ? null : namedWeights()), "the input " + input + " read whole, and the model");
        LoadedModel loaded = load();
        SequentialState net = loaded.network();
        for (Layer l : net.layers()) {
            if (l instanceof Layer.Adapter<?> a) {
                a.module().setThreads(threads);
            } else if (l instanceof Linear lin) {
                lin.setThreads(threads);
            }
        }
        checkLayerFiles(net);
        Tensor x = NumPy.readNpy(input).toTensor();
        int total;
        if (steps != null) {
            total = steps;
        } else {
            if (x.rank() < 2 || x.dim(0) == 0) {
                throw new IllegalArgumentException(input + ": a time-first input (T, ...) is needed, got shape "
                        + Arrays.toString(x.shape()) + " (or give --steps to repeat one step)");
            }
            total = x.dim(0);
        }
        requireFinite(x, steps == null);
        boolean spikes = isBinary(x);
        Map<String, String> config = config(total);
        int t = 0;
        List<NeuronState> restored = null;
        if (loop.resume != null) {
            Checkpoint c = Checkpoint.read(loop.resume, "run");
            c.requireConfig(config, loop.resume);
            t = c.getInt("step", 0, total, loop.resume);
            restored = restore(c, net, loop.resume);
        }
        List<NeuronState> start = restored;
        Writers writers = new Writers(t > 0, total);
        boolean[] resumable = {t > 0};
        RunLoop.Result run;
        try {
            run = RunLoop.run("run", main.err, loop, t, total, new RunLoop.Simulation() {
                List<NeuronState> states = start;

                @Override
                public int maxChunk() {
                    return 1; // steps are simulated and written one by one anyway: look at Ctrl-C after each
                }

                @Override
                public void advance(int from, int n) throws IOException {
                    for (int tt = from; tt < from + n; tt++) {
                        Tensor step = steps != null ? x : x.step(tt);
                        final int at = tt;
                        SequentialState.Observer observer = (s, k, out, st) -> writers.layer(at, k, net.layers().get(k), out);
                        SequentialState.Result r;
                        try {
                            r = spikes ? net.forward(SparseSpikes.fromDense(step), states, tt, observer)
                                    : net.forward(step, states, tt, observer);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(input + " does not fit the model: " + e.getMessage(), e);
                        } catch (java.io.UncheckedIOException e) {
                            throw e.getCause();
                        }
                        writers.output(tt, r.output());
                        states = r.states();
                    }
                }

                @Override
                public void checkpoint(int at) throws IOException {
                    writers.sync();
                    save(states, at, config);
                    resumable[0] = true;
                }

                @Override
                public String stopped(int at, boolean checkpointed) {
                    if (checkpointed) {
                        writers.keep();
                        return "; partial outputs kept as " + writers.partials() + " for --resume " + loop.checkpoint;
                    }
                    writers.discard();
                    return "; no output written";
                }
            });
        } catch (IOException | RuntimeException | Error e) {
            // outputs that a checkpoint (written or resumed from) can continue stay as partial files
            if (resumable[0]) {
                writers.keep();
            } else {
                writers.discard();
            }
            throw e;
        }
        if (run.interrupted()) {
            return Main.INTERRUPTED;
        }
        OutputFile.checkDefault(spec, "--output", output); // again: a file made there during the run is not replaced
        writers.commit();
        main.out.printf(Locale.ROOT, "snn run: %s, %d steps (%s input%s) in %.3f s -> %s%n", loaded.name().isEmpty()
                ? model.getFileName() : loaded.name(), run.simulated(), spikes ? "spike" : "dense",
                steps != null ? ", repeated" : "", run.seconds(), output);
        if (layerDir != null) {
            main.out.println("snn run: layer outputs in " + layerDir);
        }
        return 0;
    }

    /** The files this run reads, by option (for the checks that no output overwrites one). */
    private Map<String, Path> inputs() {
        Map<String, Path> m = new LinkedHashMap<>();
        m.put("--model", model);
        m.put("--weights", weights);
        m.put("--input", input);
        m.put("--resume", loop.resume);
        return m;
    }

    /** Refuses options that do not apply to the kind of model given (they used to be ignored silently). */
    private void checkModelOptions() {
        if (ModelFiles.isNir(model)) {
            if (weights != null) {
                throw new IllegalArgumentException("--weights applies to JSON models; the NIR graph " + model
                        + " holds its own weights");
            }
        } else {
            String given = nirModeText != null ? "--nir-mode" : nirDiscretisation != null ? "--nir-discretisation"
                    : nirReset != null ? "--nir-reset" : nirRecurrentBias != null ? "--nir-recurrent-bias" : null;
            if (given != null) {
                throw new IllegalArgumentException(given + " applies to .nir models; " + model + " is read as a JSON "
                        + "description");
            }
            if (dt != null) {
                throw new IllegalArgumentException("--dt applies to NIR models; a JSON model states its own dt");
            }
        }
        if (nirModeText != null) {
            nirMode = ModelFiles.nirMode(nirModeText);
        }
        if (dt != null && (!(dt > 0) || !Double.isFinite(dt))) {
            throw new IllegalArgumentException("--dt must be a finite number of seconds > 0, got " + dt);
        }
    }

    /** Checks that the files to read are files (a folder or a missing file gets a clear message). */
    private void checkInputs() throws IOException {
        for (Map.Entry<String, Path> e : inputs().entrySet()) {
            Path p = e.getValue();
            if (p == null || e.getKey().equals("--resume")) {
                continue;
            }
            if (Files.isDirectory(p)) {
                throw new IllegalArgumentException(e.getKey() + " " + p + " is a folder, not a file");
            }
            if (!Files.exists(p)) {
                throw new java.io.FileNotFoundException(e.getKey() + " " + p + ": no such file");
            }
        }
    }

    /** Checks the output file, the checkpoint and the layer-output folder before anything is loaded or run. */
    private void checkOutputs() throws IOException {
        Map<String, Path> inputs = inputs();
        OutputFile.check("--output", output, ".npy", inputs);
        OutputFile.checkDefault(spec, "--output", output);
        if (loop.checkpoint != null) {
            Map<String, Path> others = new LinkedHashMap<>(inputs);
            others.remove("--resume"); // continuing a checkpoint in place is the normal case
            others.put("--output", output);
            OutputFile.check("--checkpoint", loop.checkpoint, "", others);
        }
        if (layerDir != null) {
            if (Files.exists(layerDir) && !Files.isDirectory(layerDir)) {
                throw new IllegalArgumentException("--layer-outputs " + layerDir + " exists and is not a folder");
            }
            Path probeIn = Files.isDirectory(layerDir) ? layerDir : layerDir.toAbsolutePath().getParent();
            OutputFile.checkFolder("--layer-outputs", layerDir, probeIn);
        }
    }

    /** Checks the layer-output files (layer<k>.npy of every stateful layer), once the model is known. */
    private void checkLayerFiles(SequentialState net) throws IOException {
        if (layerDir == null || !Files.isDirectory(layerDir)) {
            return;
        }
        Map<String, Path> others = inputs();
        others.put("--output", output);
        others.put("--checkpoint", loop.checkpoint);
        for (int k = 0; k < net.layers().size(); k++) {
            if (net.layers().get(k).stateful()) {
                OutputFile.check("--layer-outputs", layerFile(k), ".npy", others);
            }
        }
    }

    private Path layerFile(int k) {
        return layerDir.resolve("layer" + k + ".npy");
    }

    /**
     * What a checkpoint must agree with: the command, the steps, how the input is read, and the content
     * (SHA-256) of the model, its weights and the input, so that a resumed run never mixes two runs'
     * files that share a name.
     */
    private Map<String, String> config(int total) throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("command", "run");
        config.put("steps", Integer.toString(total));
        config.put("input_mode", steps != null ? "one step repeated" : "time-first");
        boolean nir = ModelFiles.isNir(model);
        if (nir) {
            config.put("dt", Double.toString(dt == null ? 0.001 : dt));
            config.put("nir_mode", nirMode.name());
        }
        config.put("sha256.model", Checkpoint.sha256(model));
        Path w = weights != null ? weights : nir ? null : namedWeights();
        if (w != null) {
            config.put("sha256.weights", Checkpoint.sha256(w));
        }
        config.put("sha256.input", Checkpoint.sha256(input));
        return config;
    }

    /**
     * The weight file a JSON description names (as {@link ModelLoader#load(Path)} finds it), or null (also
     * when the description cannot be read).
     */
    @SuppressWarnings("unchecked")
    private Path namedWeights() {
        try {
            Object d = io.snn4j.io.Json.read(model);
            return d instanceof Map<?, ?> m ? TrainCommand.namedWeights((Map<String, Object>) m, model) : null;
        } catch (IOException e) {
            return null; // loading the model reports what is wrong with it
        }
    }

    private LoadedModel load() throws IOException {
        if (ModelFiles.isNir(model)) {
            NirImporter.Options options = NirImporter.Options.DEFAULT.withMode(nirMode);
            if (nirDiscretisation != null) {
                options = options.withDiscretisation(ModelFiles.option(NirImporter.Discretisation.class, nirDiscretisation,
                        "--nir-discretisation"));
            }
            if (nirReset != null) {
                options = options.withReset(ModelFiles.option(NirImporter.Reset.class, nirReset.strip().equalsIgnoreCase("v-reset")
                        || nirReset.strip().equalsIgnoreCase("v_reset") ? "to_v_reset" : nirReset, "--nir-reset"));
            }
            if (nirRecurrentBias != null) {
                options = options.withRecurrentBiasAtStart(nirRecurrentBias);
            }
            NirImporter.Imported imp = NirImporter.importFile(model, dt == null ? 0.001 : dt, options);
            if (nirMode == NirImporter.Mode.AUTO) {
                // say which reading the file got, so that a wrong guess does not pass silently
                main.err.println("snn run: " + model + " read as " + ModelFiles.name(imp.mode()) + " (" + imp.reason()
                        + "; --nir-mode norse-import|norse-export chooses)");
            }
            return imp.model();
        }
        ModelFiles.requireJsonDescription("--model", model);
        try {
            return weights != null ? ModelLoader.load(model, weights) : ModelLoader.load(model);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ModelFiles.notText("--model", model, e);
        }
    }

    /**
     * Rejects a NaN or infinite input value, naming its index (and step, for a time-first input): it would
     * otherwise run silently into zero spikes or a NaN state.
     */
    private void requireFinite(Tensor x, boolean timeFirst) {
        float[] d = x.data();
        for (int k = 0; k < x.size(); k++) {
            float v = d[x.offset() + k];
            if (!Float.isFinite(v)) {
                int[] shape = x.shape(), index = new int[shape.length];
                for (int a = shape.length - 1, rest = k; a >= 0; a--) {
                    index[a] = rest % shape[a];
                    rest /= shape[a];
                }
                throw new IllegalArgumentException(input + ": " + (timeFirst ? "step " + index[0] + ", " : "") + "element "
                        + Arrays.toString(index) + " is " + v + "; the input must be finite");
            }
        }
    }

    private static boolean isBinary(Tensor x) {
        for (int k = 0; k < x.size(); k++) {
            float v = x.data()[x.offset() + k];
            if (v != 0f && v != 1f) {
                return false;
            }
        }
        return true;
    }

    /**
     * The output writers, opened at the first step (or continued when resuming), each into its
     * {@code .partial} file until the run completes.
     */
    private final class Writers {
        private final boolean continuing;
        private final int total;
        private OutputFile.Npy out;
        private final Map<Integer, OutputFile.Npy> layers = new LinkedHashMap<>();

        Writers(boolean continuing, int total) {
            this.continuing = continuing;
            this.total = total;
        }

        private OutputFile.Npy open(String option, Path file, int[] stepShape) throws IOException {
            int[] shape = new int[stepShape.length + 1];
            shape[0] = total;
            System.arraycopy(stepShape, 0, shape, 1, stepShape.length);
            return continuing ? OutputFile.Npy.resume(option, file, shape) : OutputFile.Npy.create(option, file, shape);
        }

        void output(int t, Tensor y) throws IOException {
            if (out == null) {
                out = open("--output", output, y.shape());
            }
            out.writeStep(t, y);
        }

        void layer(int t, int k, Layer layer, Tensor y) {
            if (layerDir == null || !layer.stateful()) {
                return;
            }
            try {
                OutputFile.Npy w = layers.get(k);
                if (w == null) {
                    Files.createDirectories(layerDir);
                    w = open("--layer-outputs", layerFile(k), y.shape());
                    layers.put(k, w);
                }
                w.writeStep(t, y);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private List<OutputFile.Npy> all() {
            List<OutputFile.Npy> l = new ArrayList<>();
            if (out != null) {
                l.add(out);
            }
            l.addAll(layers.values());
            return l;
        }

        void sync() throws IOException {
            for (OutputFile.Npy w : all()) {
                w.sync();
            }
        }

        /** Moves every complete file into place. */
        void commit() throws IOException {
            for (OutputFile.Npy w : all()) {
                w.commit();
            }
        }

        /** Closes the files and keeps them as partial outputs. */
        void keep() {
            for (OutputFile.Npy w : all()) {
                try {
                    w.close();
                } catch (IOException ignored) { // the data was flushed before the checkpoint
                }
            }
        }

        /** Closes and removes the partial files. */
        void discard() {
            for (OutputFile.Npy w : all()) {
                w.discard();
            }
        }

        String partials() {
            List<String> names = new ArrayList<>();
            for (OutputFile.Npy w : all()) {
                names.add(w.partial().toString());
            }
            return names.isEmpty() ? "(none)" : String.join(", ", names);
        }
    }

    private void save(List<NeuronState> states, int t, Map<String, String> config) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>(config);
        meta.put("model", model.toString());
        if (weights != null) {
            meta.put("weights", weights.toString());
        }
        meta.put("input", input.toString());
        meta.put("step", Integer.toString(t));
        for (int k = 0; states != null && k < states.size(); k++) {
            NeuronState s = states.get(k);
            if (s == null) {
                continue;
            }
            meta.put("state." + k + ".shape", Arrays.toString(s.shape()));
            meta.put("state." + k + ".class", s.getClass().getSimpleName());
            for (String name : s.names()) {
                tensors.put("state." + k + "." + name, s.tensor(name).copy());
            }
        }
        new Checkpoint(tensors, meta).write(loop.checkpoint);
    }

    private static List<NeuronState> restore(Checkpoint c, SequentialState net, Path file) throws IOException {
        List<NeuronState> states = new ArrayList<>();
        for (int k = 0; k < net.layers().size(); k++) {
            String shapeText = c.metadata().get("state." + k + ".shape");
            Layer layer = net.layers().get(k);
            if (shapeText == null) {
                states.add(null);
                continue;
            }
            int[] shape;
            NeuronState s;
            try {
                shape = shapeText.equals("[]") ? new int[0] : Arrays.stream(shapeText.replaceAll("[\\[\\] ]", "").split(","))
                        .mapToInt(Integer::parseInt).toArray();
                s = layer.newState(shape);
            } catch (IllegalArgumentException e) { // includes NumberFormatException
                throw new MalformedFileException(file + ": layer " + k + "'s state shape " + shapeText + " is not usable", e);
            }
            if (s == null || !s.getClass().getSimpleName().equals(c.metadata().get("state." + k + ".class"))) {
                throw new MalformedFileException(file + ": layer " + k + " of this model has no state like the checkpoint's");
            }
            for (String name : s.names()) {
                Tensor v = c.tensors().get("state." + k + "." + name);
                if (v == null || v.size() != s.size()) {
                    throw new MalformedFileException(file + ": state " + k + "." + name + " is missing or has the wrong size");
                }
                System.arraycopy(v.data(), v.offset(), s.buffer(name), 0, s.size());
            }
            states.add(s);
        }
        return states;
    }
}
