package io.snn4j.cli;

import io.snn4j.internal.Parallel;
import io.snn4j.io.Json;
import io.snn4j.io.LoadedModel;
import io.snn4j.io.MalformedFileException;
import io.snn4j.io.ModelLoader;
import io.snn4j.io.NpyArray;
import io.snn4j.io.NumPy;
import io.snn4j.io.SafeTensors;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.SequentialState;
import io.snn4j.nn.Trainer;
import io.snn4j.optim.Adam;
import io.snn4j.optim.Optimizer;
import io.snn4j.optim.SGD;
import io.snn4j.tensor.Parameter;
import io.snn4j.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code snn train}: trains a classifier described as for {@code snn run} (JSON + weights) on
 * {@code (samples, features)} inputs presented as a constant current for T steps, with integer labels,
 * using {@link Trainer} (Norse's recipe: max-over-time cross-entropy of the last layer's voltages) and
 * Adam or SGD; {@code snn train digits} trains the built-in digits example from scratch. Writes
 * {@code weights.safetensors}, {@code model.json}, {@code learning_curve.png} and {@code history.csv}
 * into the output folder, each through a temporary file moved into place, and only after a run that did
 * not diverge.
 */
@Command(name = "train", mixinStandardHelpOptions = true, subcommands = TrainCommand.Digits.class,
        description = {"Train a network described as for 'snn run' (model.json + weights) on labelled data.",
            "Each sample's features (inputs.npy, (samples, features)) are a constant input current for T steps; the "
                + "labels (samples,) are integer class indices; the loss is the cross-entropy of the maximum over time "
                + "of the last layer's output (Norse's recipe). Writes weights.safetensors, model.json, "
                + "learning_curve.png and history.csv into --out; 'snn train digits --out DIR' trains the built-in "
                + "example."})
final class TrainCommand implements Callable<Integer> {
    /** The files written into the output folder. */
    static final String WEIGHTS = "weights.safetensors", MODEL = "model.json", CURVE = "learning_curve.png",
            HISTORY = "history.csv";
    private static final List<String> OUTPUTS = List.of(WEIGHTS, MODEL, CURVE, HISTORY);
    /** The JSON fields of a layer that name tensors, and the parameter each one is. */
    private static final Map<String, String> TENSOR_FIELDS = Map.of("weight", "weight", "bias_tensor", "bias",
            "input_weights", "input_weights", "recurrent_weights", "recurrent_weights");
    private static final int MAX_FEATURES = 1 << 24;

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "model.json", description = "The network, described as for 'snn run'.")
    Path model;

    @Option(names = "--weights", paramLabel = "FILE", description = "Starting weights (.safetensors or .npz); default: the "
            + "file the JSON names, or none.")
    Path weights;

    @Option(names = "--init", paramLabel = "random", description = "'random': initialise the Linear layers as PyTorch does "
            + "(seeded), to train from scratch. Implied when there are no weights.")
    String init;

    @Option(names = "--inputs", paramLabel = "x.npy", description = "Training inputs, (samples, features).")
    Path inputs;

    @Option(names = "--labels", paramLabel = "y.npy", description = "Training labels, (samples), integer class indices.")
    Path labels;

    @Option(names = "--test-inputs", paramLabel = "xt.npy", description = "Test inputs, evaluated after every epoch.")
    Path testInputs;

    @Option(names = "--test-labels", paramLabel = "yt.npy", description = "Test labels.")
    Path testLabels;

    @Mixin
    Options options;

    /** The training options of both forms. */
    static final class Options {
        @Option(names = "--out", paramLabel = "DIR", description = "Output folder (created if missing; the four files in "
                + "it are replaced).")
        Path out;

        @Option(names = "--epochs", paramLabel = "N",
                description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
        int epochs = 15;

        @Option(names = "--batch-size", paramLabel = "N",
                description = "Samples per mini-batch (default: ${DEFAULT-VALUE}).")
        int batchSize = 32;

        @Option(names = "--lr", paramLabel = "LR", description = "Learning rate (default: ${DEFAULT-VALUE}).")
        double lr = 2e-3;

        @Option(names = "--optimizer", paramLabel = "adam|sgd", description = "Optimizer (default: ${DEFAULT-VALUE}).")
        String optimizer = "adam";

        @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum (default: 0.9; SGD only).")
        Double momentum;

        @Option(names = "--weight-decay", paramLabel = "WD",
                description = "L2 penalty added to the gradients (default: ${DEFAULT-VALUE}).")
        double weightDecay;

        @Option(names = "--steps", paramLabel = "T", description = "Time steps per sample (default: the JSON's \"T\"; "
                + "digits: 32).")
        Integer steps;

        @Option(names = "--seed", paramLabel = "N",
                description = "Seeds the shuffling and a random initialisation (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--threads", paramLabel = "N",
                description = "Threads (default: available processors; the result does not depend on it).")
        int threads = Parallel.defaultThreads();

        @Option(names = "--quiet", description = "No progress output.")
        boolean quiet;

        void validate() {
            if (out == null) {
                throw new IllegalArgumentException("--out DIR is required (the folder for the trained weights)");
            }
            if (epochs < 1 || epochs > 1_000_000) {
                throw new IllegalArgumentException("--epochs must be between 1 and 1000000, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
            }
            if (!(lr > 0) || !Double.isFinite(lr)) {
                throw new IllegalArgumentException("--lr must be a finite number > 0, got " + lr);
            }
            if (!optimizer.equals("adam") && !optimizer.equals("sgd")) {
                throw new IllegalArgumentException("--optimizer must be adam or sgd, got '" + optimizer + "'");
            }
            if (momentum != null) {
                if (!optimizer.equals("sgd")) {
                    throw new IllegalArgumentException("--momentum applies to --optimizer sgd only");
                }
                if (!(momentum >= 0) || !Double.isFinite(momentum)) {
                    throw new IllegalArgumentException("--momentum must be a finite number >= 0, got " + momentum);
                }
            }
            if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
                throw new IllegalArgumentException("--weight-decay must be a finite number >= 0, got " + weightDecay);
            }
            if (steps != null && steps < 1) {
                throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
        }

        Optimizer optimizer(List<Parameter> params) {
            if (optimizer.equals("sgd")) {
                return SGD.builder(params).lr(lr).momentum(momentum == null ? 0.9 : momentum).weightDecay(weightDecay)
                        .build();
            }
            return Adam.builder(params).lr(lr).weightDecay(weightDecay).build();
        }

        String describeOptimizer() {
            String s = optimizer.equals("sgd")
                    ? "SGD lr " + num(lr) + ", momentum " + num(momentum == null ? 0.9 : momentum)
                    : "Adam lr " + num(lr);
            return s + (weightDecay != 0 ? ", weight decay " + num(weightDecay) : "");
        }
    }

    @Override
    public Integer call() throws IOException {
        options.validate();
        if (model == null || inputs == null || labels == null) {
            throw new IllegalArgumentException("--model, --inputs and --labels are required (or train the built-in example: "
                    + "snn train digits --out DIR)");
        }
        if ((testInputs == null) != (testLabels == null)) {
            throw new IllegalArgumentException("--test-inputs and --test-labels go together");
        }
        if (init != null && !init.equals("random")) {
            throw new IllegalArgumentException("--init must be 'random' (or leave it out to start from the weights), got '"
                    + init + "'");
        }
        List<Path> read = new ArrayList<>(List.of(model, inputs, labels));
        if (testInputs != null) {
            read.add(testInputs);
            read.add(testLabels);
        }
        checkOutFolder(options.out, read);
        Map<String, Object> description = readDescription(model);
        Map<String, Tensor> start = null;
        String from;
        if (weights != null) {
            requireFile("--weights", weights);
            read.add(weights);
            checkOutFolder(options.out, read);
            start = ModelLoader.readWeights(weights);
            from = weights.toString();
        } else {
            Path named = namedWeights(description, model);
            if (named != null && Files.isRegularFile(named)) {
                read.add(named);
                checkOutFolder(options.out, read);
                start = ModelLoader.readWeights(named);
                from = named.toString();
            } else if (named != null && init == null) {
                throw new FileNotFoundException(named + " (named by " + model + "): no such file; give --weights, or --init "
                        + "random to train from scratch");
            } else {
                from = null;
            }
        }
        boolean random = init != null || start == null;
        Data train = Data.read(inputs, labels);
        Data test = testInputs == null ? null : Data.read(testInputs, testLabels);
        String name = description.get("name") instanceof String s && !s.isEmpty() ? s : baseName(model);
        Job job = new Job(name, description, model.toString(), start, random ? null : from, random, train, test);
        return job.run(main, options);
    }

    /** {@code snn train digits}: the built-in example. */
    @Command(name = "digits", mixinStandardHelpOptions = true,
            description = {"Train the built-in digits example from scratch.",
                "8x8 images of handwritten digits (1437 for training, 360 for testing), pixel/16 as a constant current "
                    + "for 32 steps, into Linear(64,128) -> LIFCell -> Linear(128,10) -> LICell (Norse's defaults, dt 1 "
                    + "ms); Adam lr 2e-3, batch 32, 15 epochs, seed 0 unless given."})
    static final class Digits implements Callable<Integer> {
        @ParentCommand
        TrainCommand train;

        @Mixin
        Options options;

        @Override
        public Integer call() throws IOException {
            List<String> before = new ArrayList<>();
            for (var o : train.spec.commandLine().getParseResult().matchedOptions()) {
                if (!o.longestName().equals("--verbose")) {
                    before.add(o.longestName());
                }
            }
            if (!before.isEmpty()) {
                throw new IllegalArgumentException("options go after 'digits' (snn train digits --out DIR ...); "
                        + String.join(", ", before) + " came before it");
            }
            options.validate();
            checkOutFolder(options.out, List.of());
            Data trainData = Data.resource("train_inputs.npy", "train_labels.npy");
            Data testData = Data.resource("test_inputs.npy", "test_labels.npy");
            Job job = new Job("digits", digitsDescription(), "the digits model", null, null, true, trainData, testData);
            return job.run(train.main, options);
        }
    }

    /** The digits network as a model description (Norse's defaults written out). */
    static Map<String, Object> digitsDescription() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "digits");
        m.put("description", "scikit-learn's 8x8 digits, pixel/16 as a constant current for T steps; Norse's digits "
                + "example (Linear(64,128) -> LIFCell -> Linear(128,10) -> LICell), trained by snn4j");
        m.put("dt", 0.001);
        m.put("T", 32);
        List<Object> layers = new ArrayList<>();
        layers.add(linearSpec(0, 64, 128));
        Map<String, Object> lif = new LinkedHashMap<>();
        lif.put("type", "LIFCell");
        Map<String, Object> lifParams = new LinkedHashMap<>();
        lifParams.put("tau_syn_inv", 200.0);
        lifParams.put("tau_mem_inv", 100.0);
        lifParams.put("v_leak", 0.0);
        lifParams.put("v_th", 1.0);
        lifParams.put("v_reset", 0.0);
        lifParams.put("method", "super");
        lifParams.put("alpha", 100.0);
        lif.put("params", lifParams);
        layers.add(lif);
        layers.add(linearSpec(2, 128, 10));
        Map<String, Object> li = new LinkedHashMap<>();
        li.put("type", "LICell");
        Map<String, Object> liParams = new LinkedHashMap<>();
        liParams.put("tau_syn_inv", 200.0);
        liParams.put("tau_mem_inv", 100.0);
        liParams.put("v_leak", 0.0);
        li.put("params", liParams);
        layers.add(li);
        m.put("layers", layers);
        return m;
    }

    private static Map<String, Object> linearSpec(int index, int in, int out) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("type", "Linear");
        l.put("in_features", in);
        l.put("out_features", out);
        l.put("weight", index + ".weight");
        l.put("bias_tensor", index + ".bias");
        return l;
    }

    /** Training data: inputs {@code (S, F)} and labels, with the names to use in messages. */
    record Data(NpyArray x, NpyArray y, String xName, String yName) {
        static Data read(Path x, Path y) throws IOException {
            requireFile("inputs", x);
            requireFile("labels", y);
            return new Data(NumPy.readNpy(x), NumPy.readNpy(y), x.toString(), y.toString());
        }

        static Data resource(String x, String y) throws IOException {
            return new Data(resource(x), resource(y), "digits/" + x, "digits/" + y);
        }

        private static NpyArray resource(String name) throws IOException {
            try (InputStream in = TrainCommand.class.getResourceAsStream("digits/" + name)) {
                if (in == null) {
                    throw new FileNotFoundException("the digits data (" + name + ") is missing from the jar");
                }
                return NumPy.parseNpy(in.readAllBytes(), "digits/" + name, NumPy.DEFAULT_MAX_BYTES);
            }
        }

        /** The inputs as {@code (S, F)}, checked: two dimensions, both > 0, every value finite. */
        Tensor inputs() {
            int[] s = x.shape();
            if (s.length != 2 || s[0] == 0 || s[1] == 0) {
                throw new IllegalArgumentException(xName + ": inputs must be (samples, features) with both > 0, got shape "
                        + Arrays.toString(s));
            }
            Tensor t = x.toTensor();
            float[] d = t.data();
            for (int k = 0; k < t.size(); k++) {
                float v = d[t.offset() + k];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(xName + ": non-finite input " + v + " at sample " + k / s[1]
                            + ", feature " + k % s[1]);
                }
            }
            return t;
        }

        /** The labels as class indices in {@code [0, classes)}, one per sample. */
        int[] labels(int samples, int classes) {
            int[] s = y.shape();
            if (s.length != 1) {
                throw new IllegalArgumentException(yName + ": labels must be one-dimensional (samples), got shape "
                        + Arrays.toString(s));
            }
            if (s[0] != samples) {
                throw new IllegalArgumentException(yName + " has " + s[0] + " labels but " + xName + " has " + samples
                        + " samples");
            }
            int[] out = new int[samples];
            if (y.isInteger()) {
                if (y.dtype().equals("|b1")) {
                    throw new IllegalArgumentException(yName + ": labels must be integer class indices (int64 or int32), "
                            + "got booleans");
                }
                long[] l = y.toLongArray();
                for (int k = 0; k < samples; k++) {
                    out[k] = checkLabel(k, l[k], Long.toString(l[k]), classes);
                }
            } else {
                Tensor t = y.toTensor();
                for (int k = 0; k < samples; k++) {
                    float v = t.data()[t.offset() + k];
                    if (!Float.isFinite(v) || v != Math.rint(v)) {
                        throw new IllegalArgumentException(yName + ": label " + v + " at index " + k + " is not a whole "
                                + "number; labels must be integer class indices (int64 or int32)");
                    }
                    out[k] = checkLabel(k, (long) v, Math.abs(v) < 1e15f ? Long.toString((long) v) : Float.toString(v),
                            classes);
                }
            }
            return out;
        }

        private int checkLabel(int index, long value, String text, int classes) {
            if (value < 0 || value >= classes) {
                throw new IllegalArgumentException(yName + ": label " + text + " at index " + index + " is outside [0, "
                        + classes + "): the network has " + classes + " outputs");
            }
            return (int) value;
        }
    }

    /** One training run: the network's description and starting tensors, and the data. */
    record Job(String name, Map<String, Object> description, String where, Map<String, Tensor> start, String from,
            boolean random, Data train, Data test) {

        int run(Main main, Options o) throws IOException {
            Parallel.checkThreads(o.threads);
            int steps = o.steps != null ? o.steps : describedSteps();
            Map<String, Tensor> tensors = startingTensors(o.seed);
            LoadedModel loaded = ModelLoader.build(description, tensors, where);
            SequentialState net = loaded.network();
            checkTrainable(net);
            Tensor x = train.inputs();
            int features = x.dim(1);
            int classes = classes(net, features, train.xName);
            int[] y = train.labels(x.dim(0), classes);
            Tensor xt = null;
            int[] yt = null;
            if (test != null) {
                xt = test.inputs();
                if (xt.dim(1) != features) {
                    throw new IllegalArgumentException(test.xName + " has " + xt.dim(1) + " features per sample, "
                            + train.xName + " has " + features);
                }
                yt = test.labels(xt.dim(0), classes);
            }
            net.setThreads(o.threads);

            OutFolder folder = OutFolder.prepare(o.out);
            boolean done = false;
            try {
                Trainer trainer = new Trainer(net, o.optimizer(net.parameters()), steps, o.batchSize, o.seed);
                EpochProgress progress = new EpochProgress(main.err, o.epochs, x.dim(0), o.batchSize, o.quiet,
                        main.err == System.err && Progress.stderrIsTerminal());
                long t0 = System.nanoTime();
                List<Trainer.Epoch> history;
                try {
                    history = trainer.fit(x, y, o.epochs, xt, yt, progress);
                } catch (IllegalStateException e) {
                    progress.finish();
                    if (e.getMessage() == null || !e.getMessage().contains("training stopped")) {
                        throw e;
                    }
                    main.err.println("snn train: training diverged: " + e.getMessage() + "; nothing was written to "
                            + o.out);
                    if (main.verbose) {
                        e.printStackTrace(main.err);
                    }
                    return Main.USAGE;
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                Map<String, Tensor> trained = trainedTensors(net, tensors);
                for (Map.Entry<String, Tensor> e : trained.entrySet()) {
                    for (float v : e.getValue().toArray()) {
                        if (!Float.isFinite(v)) {
                            main.err.println("snn train: training diverged: tensor '" + e.getKey() + "' holds " + v
                                    + " after the last epoch; nothing was written to " + o.out);
                            return Main.USAGE;
                        }
                    }
                }
                Map<String, byte[]> files = new LinkedHashMap<>();
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("format", "pt");
                meta.put("producer", "snn4j train");
                files.put(WEIGHTS, SafeTensors.toBytes(trained, meta));
                files.put(MODEL, (pretty(outputDescription(loaded, steps, o, history, x.dim(0))) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                files.put(CURVE, curve(history, test != null));
                files.put(HISTORY, csv(history).getBytes(StandardCharsets.UTF_8));
                folder.writeAll(files);
                done = true;
                summary(main.out, o, history, seconds, net, x, classes, steps, xt);
                return 0;
            } finally {
                if (!done) {
                    folder.removeIfCreatedAndEmpty();
                }
            }
        }

        private int describedSteps() throws IOException {
            Object t = description.get("T");
            if (t == null) {
                throw new IllegalArgumentException(where + " says nothing about the number of time steps (\"T\"); give "
                        + "--steps");
            }
            if (!(t instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 1
                    || n.doubleValue() > Integer.MAX_VALUE) {
                throw new MalformedFileException(where + ": \"T\" must be a whole number >= 1, got " + t);
            }
            return n.intValue();
        }

        /** The tensors the layers are built from: the starting weights, with the Linear layers' replaced if random. */
        @SuppressWarnings("unchecked")
        private Map<String, Tensor> startingTensors(long seed) throws IOException {
            Map<String, Tensor> tensors = start == null ? new LinkedHashMap<>() : new LinkedHashMap<>(start);
            List<Map<String, Object>> layers = layers();
            Map<String, Integer> used = new LinkedHashMap<>();
            for (int k = 0; k < layers.size(); k++) {
                Map<String, Object> spec = layers.get(k);
                String at = where + ": layer " + k + " (" + spec.get("type") + ")";
                for (String field : TENSOR_FIELDS.keySet()) {
                    if (spec.get(field) instanceof String n) {
                        Integer other = used.put(n, k);
                        if (other != null) {
                            throw new MalformedFileException(at + ": tensor '" + n + "' is also used by layer " + other
                                    + "; shared tensors cannot be trained");
                        }
                    }
                }
                if (!random) {
                    continue;
                }
                if (!"Linear".equals(spec.get("type"))) {
                    if (start == null && TENSOR_FIELDS.keySet().stream().anyMatch(spec::containsKey)) {
                        throw new MalformedFileException(at + ": needs weights (only Linear layers can be initialised at "
                                + "random); give --weights");
                    }
                    continue;
                }
                if (!(spec.get("weight") instanceof String wName)) {
                    continue; // ModelLoader names the problem
                }
                int in, out;
                Tensor given = tensors.get(wName);
                if (given != null && given.rank() == 2) {
                    in = given.dim(1);
                    out = given.dim(0);
                } else {
                    in = size(spec, "in_features", at);
                    out = size(spec, "out_features", at);
                }
                boolean bias = spec.get("bias_tensor") instanceof String;
                Linear l = Linear.initialized(in, out, bias, seed + 1 + k);
                tensors.put(wName, Tensor.wrap(l.weight().data, out, in));
                if (bias) {
                    tensors.put((String) spec.get("bias_tensor"), Tensor.wrap(l.bias(), out));
                }
            }
            return tensors;
        }

        @SuppressWarnings("unchecked")
        private List<Map<String, Object>> layers() throws IOException {
            if (!(description.get("layers") instanceof List<?> l) || l.isEmpty()) {
                throw new MalformedFileException(where + ": needs a non-empty \"layers\" list");
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (int k = 0; k < l.size(); k++) {
                if (!(l.get(k) instanceof Map<?, ?> m)) {
                    throw new MalformedFileException(where + ": layer " + k + " is not an object");
                }
                out.add((Map<String, Object>) m);
            }
            return out;
        }

        private static int size(Map<String, Object> spec, String field, String at) throws IOException {
            Object v = spec.get(field);
            if (!(v instanceof Number n)) {
                throw new MalformedFileException(at + ": needs \"in_features\" and \"out_features\" to be initialised "
                        + "without weights");
            }
            double d = n.doubleValue();
            if (d != Math.rint(d) || d < 1 || d > MAX_FEATURES) {
                throw new MalformedFileException(at + ": " + field + " must be a whole number in [1, " + MAX_FEATURES
                        + "], got " + v);
            }
            return (int) d;
        }

        /** Every trainable parameter must be one the description names, and training must be possible. */
        private void checkTrainable(SequentialState net) throws IOException {
            List<Map<String, Object>> layers = layers();
            for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
                int k = Integer.parseInt(e.getKey().substring(0, e.getKey().indexOf('.')));
                if (tensorName(layers.get(k), e.getValue().name()) == null) {
                    throw new MalformedFileException(where + ": layer " + k + " has a trainable '" + e.getValue().name()
                            + "' that the description does not name");
                }
            }
            if (net.parameters().isEmpty()) {
                throw new IllegalArgumentException(where + ": the network has no trainable parameters (no Linear or "
                        + "recurrent layer)");
            }
            try {
                net.train(true);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": cannot be trained: " + e.getMessage(), e);
            } finally {
                net.train(false);
            }
        }

        private static String tensorName(Map<String, Object> spec, String parameter) {
            for (Map.Entry<String, String> f : TENSOR_FIELDS.entrySet()) {
                if (f.getValue().equals(parameter) && spec.get(f.getKey()) instanceof String n) {
                    return n;
                }
            }
            return null;
        }

        /** The number of classes the network outputs, checking that {@code features} fit its first layer. */
        private int classes(SequentialState net, int features, String xName) {
            Layer first = net.layers().get(0);
            if (first instanceof Linear l && l.inFeatures() != features) {
                throw new IllegalArgumentException(xName + " has " + features + " features per sample, but the model's "
                        + "first layer (Linear) takes " + l.inFeatures());
            }
            Tensor out;
            try {
                out = net.forwardSequence(Tensor.zeros(1, 1, features), null).output();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(xName + ": " + features + " features per sample do not fit the model: "
                        + e.getMessage(), e);
            }
            if (out.rank() != 3 || out.dim(2) < 1) {
                throw new IllegalArgumentException(where + ": the network's output must be (T, batch, classes), got "
                        + Arrays.toString(out.shape()));
            }
            return out.dim(2);
        }

        /** The trained tensors under the description's names, in layer order. */
        private Map<String, Tensor> trainedTensors(SequentialState net, Map<String, Tensor> tensors) throws IOException {
            Map<String, Parameter> named = net.namedParameters();
            Map<String, Tensor> out = new LinkedHashMap<>();
            List<Map<String, Object>> layers = layers();
            for (int k = 0; k < layers.size(); k++) {
                Map<String, Object> spec = layers.get(k);
                for (String field : List.of("weight", "bias_tensor", "input_weights", "recurrent_weights")) {
                    if (!(spec.get(field) instanceof String n)) {
                        continue;
                    }
                    Parameter p = named.get(k + "." + TENSOR_FIELDS.get(field));
                    Tensor t = p != null ? Tensor.of(p.data().clone(), p.shape()) : tensors.get(n).copy();
                    out.put(n, t);
                }
            }
            return out;
        }

        /** The model.json written next to the weights: the description with the run's T, weights and training. */
        private Map<String, Object> outputDescription(LoadedModel loaded, int steps, Options o, List<Trainer.Epoch> history,
                int samples) throws IOException {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            if (description.get("description") instanceof String d) {
                m.put("description", d);
            }
            m.put("dt", loaded.dt());
            m.put("T", steps);
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("safetensors", WEIGHTS);
            m.put("weights", w);
            Map<String, Object> enc = new LinkedHashMap<>();
            enc.put("type", "constant_current");
            enc.put("description", "each sample's features are the input at every one of the T steps");
            enc.put("steps", steps);
            m.put("encoding", enc);
            m.put("layers", layers());
            Map<String, Object> readout = new LinkedHashMap<>();
            readout.put("rule", "logits[c] = max over t of the last layer's output[t][c]; prediction = argmax_c logits[c]");
            m.put("readout", readout);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("framework", "snn4j (snn train)");
            t.put("started_from", random ? "random initialisation (Linear layers; seed " + o.seed + ")" : from);
            t.put("optimizer", o.optimizer.equals("sgd") ? "SGD" : "Adam");
            t.put("lr", o.lr);
            if (o.optimizer.equals("sgd")) {
                t.put("momentum", o.momentum == null ? 0.9 : o.momentum);
            }
            t.put("weight_decay", o.weightDecay);
            t.put("batch", o.batchSize);
            t.put("epochs", o.epochs);
            t.put("seed", o.seed);
            t.put("loss", "cross-entropy of the max-over-time logits");
            t.put("samples", samples);
            Trainer.Epoch last = history.get(history.size() - 1);
            t.put("final_loss", last.loss());
            t.put("train_accuracy", last.trainAccuracy());
            if (!Double.isNaN(last.testAccuracy())) {
                t.put("test_accuracy", last.testAccuracy());
            }
            t.put("history", HISTORY);
            m.put("training", t);
            return m;
        }

        private void summary(PrintStream out, Options o, List<Trainer.Epoch> history, double seconds, SequentialState net,
                Tensor x, int classes, int steps, Tensor xt) {
            Trainer.Epoch last = history.get(history.size() - 1);
            int batches = (x.dim(0) + o.batchSize - 1) / o.batchSize;
            out.printf(Locale.ROOT, "snn train: %s (%s), %s%n", name, layers(net),
                    random ? "from scratch (seed " + o.seed + ")" : "from " + from);
            out.printf(Locale.ROOT, "  data            %d training samples%s, %d features, %d classes, T = %d steps%n",
                    x.dim(0), xt == null ? "" : ", " + xt.dim(0) + " test samples", x.dim(1), classes, steps);
            out.printf(Locale.ROOT, "  optimizer       %s, batch %d (%d batches per epoch), seed %d, %d thread%s%n",
                    o.describeOptimizer(), o.batchSize, batches, o.seed, o.threads, o.threads == 1 ? "" : "s");
            out.printf(Locale.ROOT, "  epochs          %d in %.1f s (%.2f s each)%n", history.size(), seconds,
                    seconds / history.size());
            out.printf(Locale.ROOT, "  final loss      %.4f%n", last.loss());
            out.printf(Locale.ROOT, "  train accuracy  %.4f%n", last.trainAccuracy());
            out.printf(Locale.ROOT, "  files           %s: %s%n", o.out, String.join(", ", OUTPUTS));
            if (xt != null) {
                out.printf(Locale.ROOT, "test accuracy %.4f%n", last.testAccuracy());
            }
        }

        private static String layers(SequentialState net) {
            List<String> s = new ArrayList<>();
            for (Layer l : net.layers()) {
                if (l instanceof Linear lin) {
                    s.add("Linear " + lin.inFeatures() + "->" + lin.outFeatures());
                } else if (l instanceof Layer.Adapter<?> a) {
                    s.add(a.module().name());
                } else {
                    s.add(l.getClass().getSimpleName());
                }
            }
            return String.join(", ", s);
        }
    }

    private static byte[] curve(List<Trainer.Epoch> history, boolean test) throws IOException {
        int n = history.size();
        double[] loss = new double[n], acc = new double[n], testAcc = test ? new double[n] : null;
        for (int e = 0; e < n; e++) {
            loss[e] = history.get(e).loss();
            acc[e] = history.get(e).trainAccuracy();
            if (test) {
                testAcc[e] = history.get(e).testAccuracy();
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (!ImageIO.write(LearningCurve.draw(loss, acc, testAcc), "png", b)) {
            throw new IOException("no PNG writer available");
        }
        return b.toByteArray();
    }

    static String csv(List<Trainer.Epoch> history) {
        StringBuilder b = new StringBuilder("epoch,loss,train_accuracy,test_accuracy,seconds\n");
        for (Trainer.Epoch e : history) {
            b.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%s,%.3f", e.epoch(), e.loss(), e.trainAccuracy(),
                    Double.isNaN(e.testAccuracy()) ? "" : String.format(Locale.ROOT, "%.6f", e.testAccuracy()),
                    e.nanos() / 1e9)).append('\n');
        }
        return b.toString();
    }

    /** Progress per epoch on stderr: a bar over the batches on a terminal, one line per epoch otherwise. */
    static final class EpochProgress implements Trainer.Listener {
        private final PrintStream err;
        private final int epochs;
        private final boolean quiet;
        private final boolean terminal;
        private final int samples;
        private final int batchSize;
        private long lastDraw;
        private double lossSum, correct;
        private int seen;
        private int drawn;

        EpochProgress(PrintStream err, int epochs, int samples, int batchSize, boolean quiet, boolean terminal) {
            this.err = err;
            this.epochs = epochs;
            this.samples = samples;
            this.batchSize = batchSize;
            this.quiet = quiet;
            this.terminal = terminal;
        }

        @Override
        public void batch(int epoch, int batch, int batches, double loss, double accuracy) {
            if (batch == 1) {
                lossSum = 0;
                correct = 0;
                seen = 0;
            }
            int size = Math.min(batchSize, samples - (batch - 1) * batchSize);
            lossSum += loss;
            correct += accuracy * size;
            seen += size;
            if (quiet || !terminal) {
                return;
            }
            long now = System.nanoTime();
            if (now - lastDraw < 100_000_000L && batch < batches) {
                return;
            }
            lastDraw = now;
            int width = 30, filled = width * batch / batches;
            draw(String.format(Locale.ROOT, "epoch %d/%d [%s%s] %d/%d  loss %.4f  accuracy %.4f", epoch, epochs,
                    "#".repeat(filled), ".".repeat(width - filled), batch, batches, lossSum / batch,
                    correct / Math.max(1, seen)));
        }

        @Override
        public void epoch(Trainer.Epoch e) {
            if (quiet) {
                return;
            }
            String line = String.format(Locale.ROOT, "epoch %d/%d: loss %.4f, train accuracy %.4f%s (%.2f s)", e.epoch(),
                    epochs, e.loss(), e.trainAccuracy(), Double.isNaN(e.testAccuracy()) ? ""
                            : String.format(Locale.ROOT, ", test accuracy %.4f", e.testAccuracy()), e.nanos() / 1e9);
            if (terminal) {
                draw(line);
                err.println();
                drawn = 0;
            } else {
                err.println(line);
            }
            err.flush();
        }

        private void draw(String line) {
            err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
            drawn = line.length();
            err.flush();
        }

        /** Ends a bar left half drawn (a run that stopped in the middle of an epoch). */
        void finish() {
            if (drawn > 0) {
                err.println();
                drawn = 0;
            }
        }
    }

    /** The output folder: created if missing, checked writable, filled atomically file by file. */
    static final class OutFolder {
        private final Path dir;
        private final List<Path> created;

        private OutFolder(Path dir, List<Path> created) {
            this.dir = dir;
            this.created = created;
        }

        static OutFolder prepare(Path dir) throws IOException {
            List<Path> created = new ArrayList<>();
            Path abs = dir.toAbsolutePath().normalize();
            for (Path p = abs; p != null && !Files.exists(p); p = p.getParent()) {
                created.add(p);
            }
            try {
                Files.createDirectories(abs);
            } catch (IOException e) {
                throw new IOException(dir + ": cannot create the output folder (" + Main.message(e) + ")", e);
            }
            OutFolder f = new OutFolder(abs, created);
            Path probe = f.temporary("write-test");
            try {
                Files.newByteChannel(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                Files.delete(probe);
            } catch (IOException e) {
                f.removeIfCreatedAndEmpty();
                throw new IOException(dir + ": cannot write into the output folder (" + Main.message(e) + ")", e);
            }
            return f;
        }

        private Path temporary(String name) {
            return dir.resolve("." + name + "." + Long.toHexString(System.nanoTime()) + "-"
                    + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + ".tmp");
        }

        /** Writes every file to a temporary file first, then moves them all into place. */
        void writeAll(Map<String, byte[]> files) throws IOException {
            Map<Path, Path> pending = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    Path tmp = temporary(e.getKey());
                    pending.put(tmp, dir.resolve(e.getKey()));
                    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        ByteBuffer b = ByteBuffer.wrap(e.getValue());
                        while (b.hasRemaining()) {
                            ch.write(b);
                        }
                        ch.force(true);
                    }
                }
                for (var it = pending.entrySet().iterator(); it.hasNext();) {
                    Map.Entry<Path, Path> e = it.next();
                    try {
                        Files.move(e.getKey(), e.getValue(), StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException x) {
                        Files.move(e.getKey(), e.getValue(), StandardCopyOption.REPLACE_EXISTING);
                    }
                    it.remove();
                }
            } finally {
                for (Path tmp : pending.keySet()) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) { // best effort; the original error is what matters
                    }
                }
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) { // not every platform can sync a directory
            }
        }

        /** Removes the folders this run created, if they are still empty (never anything else). */
        void removeIfCreatedAndEmpty() {
            for (Path p : created) {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    return; // not empty, or not ours to remove
                }
            }
        }
    }

    /** Refuses an output folder that is a file, output files that are folders, and outputs that are inputs. */
    static void checkOutFolder(Path dir, List<Path> inputs) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("--out DIR is required (the folder for the trained weights)");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " exists and is not a folder");
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        for (String name : OUTPUTS) {
            Path target = dir.resolve(name);
            if (Files.isDirectory(target)) {
                throw new IllegalArgumentException(target + " is a folder; it would be replaced by the " + name
                        + " written");
            }
            for (Path in : inputs) {
                if (Files.exists(target) && Files.exists(in) && Files.isSameFile(target, in)) {
                    throw new IllegalArgumentException(target + " is an input of this run (" + in
                            + "); choose another --out");
                }
            }
        }
    }

    private static void requireFile(String what, Path p) throws IOException {
        if (!Files.exists(p)) {
            throw new FileNotFoundException(p + ": no such file (" + what + ")");
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(p + ": not a file (" + what + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readDescription(Path file) throws IOException {
        requireFile("--model", file);
        if (Files.size(file) > 64L << 20) {
            throw new MalformedFileException(file + ": larger than 64 MiB; not a model description");
        }
        if (file.getFileName().toString().endsWith(".nir")) {
            throw new IllegalArgumentException(file + ": snn train takes a JSON description (NIR graphs are for snn run)");
        }
        ModelFiles.requireJsonDescription("--model", file);
        Object parsed;
        try {
            parsed = Json.read(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ModelFiles.notText("--model", file, e);
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new MalformedFileException(file + ": not a JSON object");
        }
        return (Map<String, Object>) m;
    }

    /** The weight file a description names ({@code "weights": {"safetensors": ...}} or a string), or null. */
    @SuppressWarnings("unchecked")
    static Path namedWeights(Map<String, Object> description, Path file) {
        Object w = description.get("weights");
        Path dir = file.toAbsolutePath().getParent();
        String name = null;
        if (w instanceof Map<?, ?> m) {
            Object st = ((Map<String, Object>) m).get("safetensors"), npz = ((Map<String, Object>) m).get("npz");
            name = st instanceof String s ? s : npz instanceof String s ? s : null;
        } else if (w instanceof String s) {
            name = s;
        }
        return name == null ? null : dir.resolve(name);
    }

    private static String baseName(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".json") ? n.substring(0, n.length() - 5) : n;
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** JSON with two-space indentation (the values themselves written by {@link Json#write}). */
    static String pretty(Object v) {
        StringBuilder b = new StringBuilder();
        pretty(b, v, "");
        return b.toString();
    }

    private static void pretty(StringBuilder b, Object v, String indent) {
        String inner = indent + "  ";
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            b.append("{\n");
            int k = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(inner).append(Json.write(String.valueOf(e.getKey()))).append(": ");
                pretty(b, e.getValue(), inner);
                b.append(++k < m.size() ? ",\n" : "\n");
            }
            b.append(indent).append('}');
        } else if (v instanceof List<?> l && l.stream().anyMatch(o -> o instanceof Map || o instanceof List)) {
            b.append("[\n");
            for (int k = 0; k < l.size(); k++) {
                b.append(inner);
                pretty(b, l.get(k), inner);
                b.append(k + 1 < l.size() ? ",\n" : "\n");
            }
            b.append(indent).append(']');
        } else {
            b.append(Json.write(v));
        }
    }
}
