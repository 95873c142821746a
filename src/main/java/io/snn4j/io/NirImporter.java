package io.snn4j.io;

import io.snn4j.functional.IAFParameters;
import io.snn4j.functional.LIBoxParameters;
import io.snn4j.functional.LIFBoxParameters;
import io.snn4j.functional.LIFParameters;
import io.snn4j.functional.LIParameters;
import io.snn4j.functional.Param;
import io.snn4j.module.IAFCell;
import io.snn4j.module.LIBoxCell;
import io.snn4j.module.LICell;
import io.snn4j.module.LIFBoxCell;
import io.snn4j.module.LIFCell;
import io.snn4j.nn.AvgPool2d;
import io.snn4j.nn.Conv1d;
import io.snn4j.nn.Conv2d;
import io.snn4j.nn.Delay;
import io.snn4j.nn.Flatten;
import io.snn4j.nn.Graph;
import io.snn4j.nn.Integrator;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.Scale;
import io.snn4j.nn.SequentialState;
import io.snn4j.nn.SumPool2d;
import io.snn4j.nn.Threshold;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports a NIR graph ({@code .nir}, HDF5) as a network of snn4j layers. Needs the optional dependency
 * {@code io.jhdf:jhdf} on the class path (the CLI jar has it). Every node type of NIR's specification is
 * read with its full parameters: Input, Output, NIRGraph (nested graphs, flattened), Affine, Linear,
 * Scale, Threshold, Flatten, I, LI, IF, LIF, CubaLI, CubaLIF, and Conv1d, Conv2d, SumPool2d, AvgPool2d,
 * Delay (as {@link Conv1d}, {@link Conv2d}, {@link SumPool2d}, {@link AvgPool2d} and {@link Delay}).
 * Any directed graph runs, cycles included: a chain becomes a {@link SequentialState} of layers as before,
 * anything else a {@link Graph} (recurrent edges deliver the previous step's value, several inputs are
 * summed). Per-neuron parameters may have any shape (e.g. {@code (C, H, W)}). NIR's neurons are
 * continuous-time and fix no discretisation; the {@link Options} choose one, for the {@code dt} (seconds)
 * the caller gives:
 *
 * <ul>
 * <li>{@link Mode#NORSE_IMPORT} reads the graph by NIR's equations, as Norse's {@code from_nir} does:
 * LI becomes {@code LIBoxCell(tau_mem_inv = 1/tau, v_leak)}, LIF {@code LIFBoxCell(1/tau, v_th, v_leak,
 * v_reset)}, CubaLIF {@code Scale(w_in) -> LIBoxCell(1/tau_syn) -> Scale(r) -> LIFBoxCell(1/tau_mem, v_th,
 * v_leak, v_reset)}, IF {@code IAFCell(v_th, v_reset)} ({@code v += r * x} per step, as Norse and Sinabs),
 * I {@code v += dt * r * x}. Unlike Norse it honours {@code r} (a {@code Scale(r)} before LI, LIF and IF
 * when {@code r != 1}) and {@code v_reset}, and the synapse has no {@code v_leak}. With
 * {@link Discretisation#EXPONENTIAL} the decays are exact and the inputs impulses.</li>
 * <li>{@link Mode#NORSE_EXPORT} inverts Norse's exporter ({@code to_nir}): CubaLIF and CubaLI with
 * {@code r = 1} become {@code LIFCell}/{@code LICell} with {@code tau_*_inv = 1/tau_*} (an input scale for
 * {@code w_in != 1}), LIF/LI {@code LIFBoxCell}/{@code LIBoxCell}, IF {@code IAFCell(v_th, v_reset)}.
 * This gives a model that Norse exported its Norse numbers.</li>
 * <li>{@link Mode#AUTO} (the default) picks one of the two from what the file says about who wrote it:
 * {@code NORSE_EXPORT} when an entry of the graph's metadata ({@code /node/metadata}) named
 * {@code source}, {@code producer}, {@code exporter}, {@code framework} or {@code generator} (any case)
 * starts with the word "norse" (as {@code source = "norse.torch.to_nir ..."} does) or names snn4j's
 * {@link NirExporter}, else {@code NORSE_IMPORT}. Reading a Norse-exported file as NIR's equations runs
 * another network (the digits model drops from 97 % to 25 % accuracy), so the choice matters;
 * {@link #importFile} reports it. Norse's {@code to_nir} itself writes no metadata: a Norse export that
 * does not say so is read as NIR unless the caller asks for {@code NORSE_EXPORT}.</li>
 * </ul>
 *
 * The other options: {@link Reset} (to {@code v_reset}, default, or by subtraction) and whether a
 * recurrent Affine's bias reaches its target at the first step ({@link Options#recurrentBiasAtStart},
 * default true as snnTorch; Norse's executor did not). Errors are {@link IOException}s naming the file
 * and, where it applies, the node and what is wrong. Stateless and thread-safe.
 */
public final class NirImporter {
    /** How continuous-time NIR neurons become discrete snn4j cells. */
    public enum Mode {
        /** As Norse's {@code from_nir}: forward Euler of the NIR equations. */
        NORSE_IMPORT,
        /** The inverse of Norse's {@code to_nir} exporter: CubaLIF/CubaLI become LIFCell/LICell. */
        NORSE_EXPORT,
        /** {@link #NORSE_EXPORT} for a file that says Norse's exporter wrote it, else {@link #NORSE_IMPORT} (default). */
        AUTO;

        /**
         * The mode of a name, ignoring case, surrounding blanks and {@code -} for {@code _}
         * ({@code "auto"}, {@code "Norse-Export"}, ...).
         *
         * @throws IllegalArgumentException naming the valid modes, for any other text or null
         */
        public static Mode parse(String name) {
            if (name != null) {
                String n = name.strip().replace('-', '_');
                for (Mode m : values()) {
                    if (m.name().equalsIgnoreCase(n)) {
                        return m;
                    }
                }
            }
            throw new IllegalArgumentException("unknown NIR mode " + (name == null ? "null" : "'" + name + "'")
                    + "; valid modes: auto, norse_import, norse_export");
        }
    }

    /**
     * An imported NIR file: the network, the mode that built it (never {@link Mode#AUTO}), why that mode
     * (for {@code AUTO}, what the file said; otherwise {@code "requested"}), and the file's
     * {@code /node/metadata} entries as text (empty if it has none; unmodifiable).
     *
     * @param model    the network, with the given dt; steps 0 (NIR does not say)
     * @param mode     {@link Mode#NORSE_IMPORT} or {@link Mode#NORSE_EXPORT}
     * @param reason   one line that says why this mode
     * @param metadata the graph's metadata, key to text
     */
    public record Imported(LoadedModel model, Mode mode, String reason, Map<String, String> metadata) {
    }

    /** What {@link #detect} decided and why. */
    record Decision(Mode mode, String reason) {
    }

    /** The metadata keys that name a file's producer, compared ignoring case. */
    static final List<String> PRODUCER_KEYS = List.of("source", "producer", "exporter", "framework", "generator");

    private static final java.util.regex.Pattern NORSE_FIRST =
            java.util.regex.Pattern.compile("(?i)\\s*norse(?![\\p{L}\\p{N}_]).*", java.util.regex.Pattern.DOTALL);

    private NirImporter() {
    }

    /**
     * The mode {@link Mode#AUTO} picks for a file with this {@code /node/metadata}: {@link Mode#NORSE_EXPORT}
     * when a producer entry ({@link #PRODUCER_KEYS}, any case) names Norse first, i.e. its text starts with
     * the word "norse" (not "norsemen"); otherwise {@link Mode#NORSE_IMPORT}, NIR's own reading.
     */
    static Decision detect(Map<String, String> metadata) {
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (PRODUCER_KEYS.contains(e.getKey().toLowerCase(java.util.Locale.ROOT)) && e.getValue() != null
                    && e.getValue().startsWith(NirExporter.SOURCE.substring(0, NirExporter.SOURCE.indexOf(' ')) + " NirExporter")) {
                return new Decision(Mode.NORSE_EXPORT, "the file's metadata says " + e.getKey()
                        + " = snn4j's exporter, which writes Norse's to_nir convention");
            }
            if (PRODUCER_KEYS.contains(e.getKey().toLowerCase(java.util.Locale.ROOT)) && e.getValue() != null
                    && NORSE_FIRST.matcher(e.getValue()).matches()) {
                String v = e.getValue().strip();
                return new Decision(Mode.NORSE_EXPORT, "the file's metadata says " + e.getKey() + " = \""
                        + (v.length() > 80 ? v.substring(0, 77) + "..." : v) + "\": written by Norse's exporter");
            }
        }
        return new Decision(Mode.NORSE_IMPORT, "the file's metadata names no Norse exporter (no " + String.join("/", PRODUCER_KEYS)
                + " entry starting with \"norse\")");
    }

    /** The nodes in order from the Input to the Output; anything but a single chain is an error. */
    static List<Node> chain(Path file, Map<String, Node> nodes, List<String[]> edges) throws IOException {
        Map<String, String> next = new LinkedHashMap<>();
        Map<String, String> prev = new LinkedHashMap<>();
        for (String[] e : edges) {
            for (String end : e) {
                if (!nodes.containsKey(end)) {
                    throw new MalformedFileException(file + ": edge " + Arrays.toString(e) + " names an unknown node '" + end + "'");
                }
            }
            if (next.put(e[0], e[1]) != null) {
                throw new MalformedFileException(file + ": node '" + e[0] + "' has more than one successor; only chains are supported");
            }
            if (prev.put(e[1], e[0]) != null) {
                throw new MalformedFileException(file + ": node '" + e[1] + "' has more than one input; only chains are supported");
            }
        }
        List<String> inputs = new ArrayList<>();
        for (Node n : nodes.values()) {
            if (n.type().equals("Input")) {
                inputs.add(n.name());
            }
        }
        if (inputs.size() != 1) {
            throw new MalformedFileException(file + ": the graph needs exactly one Input node, it has " + inputs);
        }
        List<Node> chain = new ArrayList<>();
        String at = inputs.get(0);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (true) {
            if (!seen.add(at)) {
                throw new MalformedFileException(file + ": the graph has a cycle through node '" + at + "'");
            }
            Node n = nodes.get(at);
            if (n.type().equals("Output")) {
                break;
            }
            if (!n.type().equals("Input")) {
                chain.add(n);
            }
            String nx = next.get(at);
            if (nx == null) {
                throw new MalformedFileException(file + ": node '" + at + "' (" + n.type() + ") leads nowhere; the chain must end in an Output node");
            }
            at = nx;
        }
        if (seen.size() != nodes.size()) {
            List<String> unused = new ArrayList<>(nodes.keySet());
            unused.removeAll(seen);
            throw new MalformedFileException(file + ": nodes " + unused + " are not on the path from the Input to the Output");
        }
        return chain;
    }

    /**
     * How the continuous-time neurons are discretised (NIR leaves it to the framework). Applies to
     * {@link Mode#NORSE_IMPORT}; {@link Mode#NORSE_EXPORT} always reads the file as Norse's cells.
     */
    public enum Discretisation {
        /**
         * Forward Euler, as Norse's {@code from_nir}: {@code v += (dt / tau) * ((v_leak - v) + r * x)} (the
         * default).
         */
        EULER,
        /**
         * Exact exponential decay, the input taken as impulses (one step's input {@code x} is a pulse of
         * area {@code dt * x}): {@code v = v_leak + (v - v_leak) * exp(-dt / tau) + (dt / tau) * r * x}, the
         * exact solution between input spikes (for a CubaLIF the synapse first, then the membrane with the
         * new current). Rockpool and snnTorch write NIR for this reading: Rockpool's {@code r} is
         * {@code exp(-dt/tau) * tau / dt}.
         */
        EXPONENTIAL
    }

    /** What a spiking neuron's voltage becomes after a spike. */
    public enum Reset {
        /** {@code v = v_reset} (NIR's equations; the default; {@code v_reset} is 0 when the file has none). */
        TO_V_RESET,
        /** {@code v = v - v_threshold} (snnTorch's and Rockpool's "subtract" reset, which NIR cannot express). */
        SUBTRACT
    }

    /**
     * The importer's choices for what NIR leaves to the framework.
     *
     * @param mode                 how the neurons are read ({@link Mode#AUTO}: from the file's metadata)
     * @param discretisation       for {@link Mode#NORSE_IMPORT}: forward Euler or exponential
     * @param reset                reset to {@code v_reset} or by subtracting the threshold
     * @param recurrentBiasAtStart whether a recurrent edge from a stateless node (an Affine) delivers that
     *                             node's output for zero input at the first step (its bias: snnTorch's
     *                             {@code RSynaptic} adds it) rather than nothing (Norse's executor)
     */
    public record Options(Mode mode, Discretisation discretisation, Reset reset, boolean recurrentBiasAtStart) {
        /** {@link Mode#AUTO}, forward Euler, reset to {@code v_reset}, the recurrent bias at step 0. */
        public static final Options DEFAULT = new Options(Mode.AUTO, Discretisation.EULER, Reset.TO_V_RESET, true);

        /** @throws IllegalArgumentException for a null field */
        public Options {
            if (mode == null || discretisation == null || reset == null) {
                throw new IllegalArgumentException("NIR import options must not be null: " + mode + ", " + discretisation + ", " + reset);
            }
        }

        /** A copy with another mode. */
        public Options withMode(Mode m) {
            return new Options(m, discretisation, reset, recurrentBiasAtStart);
        }

        /** A copy with another discretisation. */
        public Options withDiscretisation(Discretisation d) {
            return new Options(mode, d, reset, recurrentBiasAtStart);
        }

        /** A copy with another reset. */
        public Options withReset(Reset r) {
            return new Options(mode, discretisation, r, recurrentBiasAtStart);
        }

        /** A copy with another choice for the recurrent bias at the first step. */
        public Options withRecurrentBiasAtStart(boolean b) {
            return new Options(mode, discretisation, reset, b);
        }
    }

    /**
     * A node: its type, numeric fields (flat float32 values with their shapes; a scalar dataset has shape
     * {@code []}), the float64 values of fields stored as float64, string fields, and for a
     * {@code NIRGraph} node its contents.
     */
    record Node(String name, String type, Map<String, float[]> fields, Map<String, int[]> shapes, Map<String, double[]> wide,
            Map<String, String> strings, NirGraph subgraph) {
        Node(String name, String type, Map<String, float[]> fields, Map<String, int[]> shapes) {
            this(name, type, fields, shapes, Map.of(), Map.of(), null);
        }

        Node renamed(String newName) {
            return new Node(newName, type, fields, shapes, wide, strings, subgraph);
        }

        float[] field(String f) {
            float[] v = fields.get(f);
            if (v == null) {
                throw new IllegalArgumentException("missing field '" + f + "'");
            }
            return v;
        }
    }

    /** Imports {@code file} with {@link Options#DEFAULT}. */
    public static LoadedModel load(Path file, double dt) throws IOException {
        return load(file, dt, Options.DEFAULT);
    }

    /** Imports {@code file} with the given mode (other options default) and time step (seconds). */
    public static LoadedModel load(Path file, double dt, Mode mode) throws IOException {
        return importFile(file, dt, mode).model();
    }

    /** Imports {@code file} with the given options and time step (seconds). */
    public static LoadedModel load(Path file, double dt, Options options) throws IOException {
        return importFile(file, dt, options).model();
    }

    /** As {@link #importFile(Path, double, Options)} with the given mode and the other options' defaults. */
    public static Imported importFile(Path file, double dt, Mode mode) throws IOException {
        if (mode == null) {
            throw new IllegalArgumentException("mode is null");
        }
        return importFile(file, dt, Options.DEFAULT.withMode(mode));
    }

    /**
     * Imports {@code file} with the given options and time step (seconds), and tells which mode was used:
     * with {@link Mode#AUTO}, the one {@link #detect} picks from the file's metadata. A graph that is a
     * chain (each node feeding the next, no cycle, neurons with one-dimensional parameters) becomes a
     * {@link SequentialState} of its layers; any other graph a {@link SequentialState} holding one
     * {@link Graph}. Nested {@code NIRGraph} nodes are flattened: their nodes are named
     * {@code outer.inner}, edges into the subgraph go to its Input node, edges out of it leave its Output.
     *
     * @throws IllegalArgumentException if {@code dt} is not finite and &gt; 0, or {@code options} is null
     * @throws IOException              if the file is missing, not a NIR graph, or wrong: an edge to an
     *                                  unknown node, shapes that do not chain, a weight that fits only
     *                                  transposed, a time constant &lt;= 0, a cycle without a neuron, a node
     *                                  that cannot be built in the mode (the message names the file and the
     *                                  node, and says how the mode was chosen)
     */
    public static Imported importFile(Path file, double dt, Options options) throws IOException {
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("dt must be finite and > 0, got " + dt);
        }
        if (options == null) {
            throw new IllegalArgumentException("options is null");
        }
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException(file + ": no such file");
        }
        try {
            Class.forName("io.jhdf.HdfFile");
        } catch (ClassNotFoundException e) {
            throw new IOException(file + ": reading NIR needs io.jhdf:jhdf 0.10.0 on the class path");
        }
        NirGraph graph = NirGraph.read(file);
        Decision d = options.mode() == Mode.AUTO ? detect(graph.metadata()) : new Decision(options.mode(), "requested");
        Options o = options.withMode(d.mode());
        String why = options.mode() == Mode.AUTO ? " (mode " + d.mode() + " chosen because " + d.reason() + ")" : "";
        SequentialState network = build(file, graph, dt, o, why);
        LoadedModel model = new LoadedModel(network, dt, 0, file.getFileName().toString());
        return new Imported(model, d.mode(), d.reason(), graph.metadata());
    }

    /** The flattened graph: nodes by full name (in file order) and edges between them. */
    record Flat(Map<String, Node> nodes, List<String[]> edges) {
    }

    /** Flattens nested {@code NIRGraph} nodes (see {@link #importFile(Path, double, Options)}). */
    static Flat flatten(Path file, NirGraph g) throws IOException {
        Map<String, Node> nodes = new LinkedHashMap<>();
        List<String[]> edges = new ArrayList<>();
        flatten(file, g, "", nodes, edges);
        return new Flat(nodes, edges);
    }

    /** Adds g's nodes (named prefix + name) and edges; returns nothing. Inner Input/Output become identities. */
    private static void flatten(Path file, NirGraph g, String prefix, Map<String, Node> nodes, List<String[]> edges)
            throws IOException {
        Map<String, String[]> ends = new java.util.HashMap<>(); // subgraph name -> {its input, its output}
        for (Node n : g.nodes().values()) {
            String full = prefix + n.name();
            if (n.subgraph() != null) {
                flatten(file, n.subgraph(), full + ".", nodes, edges);
                ends.put(n.name(), new String[] {full + "." + single(file, n, "Input"), full + "." + single(file, n, "Output")});
            } else {
                if (nodes.containsKey(full)) {
                    throw new MalformedFileException(file + ": node name '" + full + "' occurs twice after flattening subgraphs");
                }
                boolean inner = !prefix.isEmpty() && (n.type().equals("Input") || n.type().equals("Output"));
                nodes.put(full, inner ? new Node(full, "Identity", n.fields(), n.shapes(), n.wide(), n.strings(), null)
                        : n.renamed(full));
            }
        }
        for (String[] e : g.edges()) {
            String from = ends.containsKey(e[0]) ? ends.get(e[0])[1] : dotted(nodes, prefix + e[0], "Output");
            String to = ends.containsKey(e[1]) ? ends.get(e[1])[0] : dotted(nodes, prefix + e[1], "Input");
            for (String[] end : new String[][] {{e[0], from}, {e[1], to}}) {
                if (!nodes.containsKey(end[1])) {
                    throw new MalformedFileException(file + ": edge " + e[0] + " -> " + e[1] + (prefix.isEmpty() ? "" : " in subgraph '"
                            + prefix.substring(0, prefix.length() - 1) + "'") + " names an unknown node '" + end[0] + "'");
                }
            }
            edges.add(new String[] {from, to});
        }
    }

    /**
     * {@code name}, or for a name that is no node but the prefix of an already flattened subgraph (older
     * files name the nodes {@code lif1.input}, {@code lif1.lif}, ... and the edges {@code lif1}), that
     * subgraph's single node {@code name.<x>} of the given type (Input for an edge's end, Output for its
     * start), which then becomes an identity.
     */
    private static String dotted(Map<String, Node> nodes, String name, String type) {
        if (nodes.containsKey(name)) {
            return name;
        }
        String found = null;
        for (Node n : nodes.values()) {
            if (n.name().startsWith(name + ".") && n.name().indexOf('.', name.length() + 1) < 0
                    && (n.type().equals(type) || n.type().equals("Identity") && n.strings().containsKey("\0" + type))) {
                if (found != null) {
                    return name;
                }
                found = n.name();
            }
        }
        if (found == null) {
            return name;
        }
        Node n = nodes.get(found);
        Map<String, String> mark = new LinkedHashMap<>(n.strings());
        mark.put("\0" + type, "");
        nodes.put(found, new Node(found, "Identity", n.fields(), n.shapes(), n.wide(), mark, null));
        return found;
    }

    private static String single(Path file, Node sub, String type) throws IOException {
        String found = null;
        for (Node n : sub.subgraph().nodes().values()) {
            if (n.type().equals(type)) {
                if (found != null) {
                    throw new MalformedFileException(file + ": subgraph '" + sub.name() + "' has more than one " + type + " node");
                }
                found = n.name();
            }
        }
        if (found == null) {
            throw new MalformedFileException(file + ": subgraph '" + sub.name() + "' has no " + type + " node");
        }
        return found;
    }

    /** What one node becomes: its layers, the shape of its neurons if it has per-neuron parameters. */
    record Built(List<Layer> layers, int[] neuronShape) {
    }

    private static final java.util.Set<String> NEURONS = java.util.Set.of("LI", "LIF", "IF", "I", "Integrator", "CubaLI", "CubaLIF");

    static SequentialState build(Path file, NirGraph graph, double dt, Options o, String why) throws IOException {
        Flat flat = flatten(file, graph);
        String input = null;
        String output = null;
        for (Node n : flat.nodes().values()) {
            if (n.type().equals("Input")) {
                if (input != null) {
                    throw new MalformedFileException(file + ": the graph needs exactly one Input node, it has '" + input + "' and '"
                            + n.name() + "'");
                }
                input = n.name();
            } else if (n.type().equals("Output")) {
                if (output != null) {
                    throw new MalformedFileException(file + ": the graph has more than one Output node ('" + output + "', '" + n.name()
                            + "'); snn4j runs graphs with one output");
                }
                output = n.name();
            }
        }
        if (input == null || output == null) {
            throw new MalformedFileException(file + ": the graph needs exactly one Input and one Output node");
        }
        Graph.Plan plan;
        try {
            plan = Graph.plan(new ArrayList<>(flat.nodes().keySet()), flat.edges(), input, output,
                    name -> NEURONS.contains(flat.nodes().get(name).type()) || flat.nodes().get(name).type().equals("Delay"));
        } catch (IllegalArgumentException e) {
            throw new MalformedFileException(file + ": " + e.getMessage(), e);
        }
        // shapes, in evaluation order
        Map<String, int[]> in = new LinkedHashMap<>();
        Map<String, int[]> out = new LinkedHashMap<>();
        Map<String, List<String>> forwardIn = new LinkedHashMap<>();
        for (int k = 0; k < flat.edges().size(); k++) {
            if (!plan.recurrent()[k]) {
                forwardIn.computeIfAbsent(flat.edges().get(k)[1], x -> new ArrayList<>()).add(flat.edges().get(k)[0]);
            }
        }
        for (String name : plan.order()) {
            Node n = flat.nodes().get(name);
            try {
                int[] s = null;
                if (name.equals(input)) {
                    s = NirNodes.whole(n, "shape", 1);
                } else {
                    for (String src : forwardIn.getOrDefault(name, List.of())) {
                        int[] so = out.get(src);
                        if (s != null && !Arrays.equals(s, so)) {
                            throw new IllegalArgumentException("its inputs have different shapes: " + Arrays.toString(s) + " and "
                                    + Arrays.toString(so) + " (from '" + src + "')");
                        }
                        s = so;
                    }
                    if (s == null) {
                        throw new IllegalArgumentException("all its inputs are recurrent edges; its shape is unknown");
                    }
                }
                in.put(name, s);
                out.put(name, outputShape(n, s, dt));
            } catch (IllegalArgumentException e) {
                throw new MalformedFileException(file + ": node '" + name + "' (" + n.type() + "): " + e.getMessage(), e);
            }
        }
        // a recurrent edge must deliver the shape its target gets from its forward edges
        for (int k = 0; k < flat.edges().size(); k++) {
            String[] e = flat.edges().get(k);
            if (plan.recurrent()[k] && !Arrays.equals(out.get(e[0]), in.get(e[1]))) {
                throw new MalformedFileException(file + ": recurrent edge " + e[0] + " -> " + e[1] + ": '" + e[0] + "' gives shape "
                        + Arrays.toString(out.get(e[0])) + ", '" + e[1] + "' takes " + Arrays.toString(in.get(e[1])));
            }
        }
        // layers
        Map<String, Built> built = new LinkedHashMap<>();
        for (String name : plan.order()) {
            Node n = flat.nodes().get(name);
            try {
                built.put(name, layers(n, in.get(name), dt, o));
            } catch (IllegalArgumentException e) {
                throw new MalformedFileException(file + ": node '" + name + "' (" + n.type() + "): " + e.getMessage() + why, e);
            }
        }
        boolean chain = true;
        for (int k = 0; k < plan.recurrent().length; k++) {
            chain &= !plan.recurrent()[k];
        }
        Map<String, Integer> fanOut = new java.util.HashMap<>();
        Map<String, Integer> fanIn = new java.util.HashMap<>();
        for (String[] e : flat.edges()) {
            fanOut.merge(e[0], 1, Integer::sum);
            fanIn.merge(e[1], 1, Integer::sum);
        }
        for (String name : plan.order()) {
            chain &= fanOut.getOrDefault(name, 0) <= 1 && fanIn.getOrDefault(name, 0) <= 1 && built.get(name).neuronShape() == null;
        }
        if (chain) {
            List<Layer> layers = new ArrayList<>();
            for (String name : plan.order()) {
                layers.addAll(built.get(name).layers());
            }
            if (layers.isEmpty()) {
                throw new MalformedFileException(file + ": the graph has no computing nodes");
            }
            return new SequentialState(layers);
        }
        Graph.Builder b = Graph.builder();
        for (String name : flat.nodes().keySet()) {
            if (name.equals(input)) {
                b.input(name);
            } else if (name.equals(output)) {
                b.output(name);
            } else {
                b.node(name, built.get(name).layers(), built.get(name).neuronShape());
            }
        }
        for (String[] e : flat.edges()) {
            b.edge(e[0], e[1]);
        }
        if (o.recurrentBiasAtStart()) {
            for (String src : plan.recurrentSources()) {
                Built s = built.get(src);
                if (s.layers().stream().noneMatch(Layer::stateful) && !s.layers().isEmpty()) {
                    Tensor h = Tensor.zeros(Shapes.prepend(1, in.get(src)));
                    for (Layer l : s.layers()) {
                        h = l.forward(h, null).output();
                    }
                    b.initial(src, h.reshape(out.get(src)));
                }
            }
        }
        try {
            return new SequentialState(b.build());
        } catch (IllegalArgumentException e) {
            throw new MalformedFileException(file + ": " + e.getMessage(), e);
        }
    }

    /** The output shape of node {@code n} for input shape {@code in} (no batch dimension). */
    static int[] outputShape(Node n, int[] in, double dt) {
        switch (n.type()) {
            case "Input":
            case "Output":
            case "Identity":
                return in;
            case "Affine":
            case "Linear": {
                int[] ws = n.shapes().get("weight");
                n.field("weight");
                if (ws.length != 2) {
                    throw new IllegalArgumentException("weight must be a matrix (out, in), got shape " + Arrays.toString(ws));
                }
                int last = in.length == 0 ? 1 : in[in.length - 1];
                if (ws[1] != last) {
                    throw new IllegalArgumentException("weight has shape " + Arrays.toString(ws) + " (out, in) but the input has shape "
                            + Arrays.toString(in) + (ws[0] == last ? ": it fits only transposed (NIR stores (out, in); this file "
                            + "seems to store (in, out))" : ": the shapes do not chain"));
                }
                if (n.fields().containsKey("bias") && n.field("bias").length != ws[0]) {
                    throw new IllegalArgumentException("bias has " + n.field("bias").length + " values, the weight " + ws[0] + " rows");
                }
                int[] o = in.length == 0 ? new int[1] : in.clone();
                o[o.length - 1] = ws[0];
                return o;
            }
            case "Scale":
            case "Threshold":
                neuronShape(n, in, n.type().equals("Scale") ? List.of("scale") : List.of("threshold"));
                return in;
            case "Flatten":
                return NirNodes.flatten(n, in);
            case "Conv1d":
                return NirNodes.conv(n, 1).outputShape(in);
            case "Conv2d":
                return NirNodes.conv(n, 2).outputShape(in);
            case "SumPool2d":
            case "AvgPool2d":
                return NirNodes.pool(n, n.type().equals("AvgPool2d")).outputShape(in);
            case "Delay": {
                NirNodes.Delay d = NirNodes.delay(n, dt);
                neuronShape(n, in, List.of("delay"));
                return in;
            }
            case "LI":
            case "LIF":
            case "IF":
            case "I":
            case "Integrator":
            case "CubaLI":
            case "CubaLIF":
                neuronShape(n, in, neuronFields(n.type()));
                return in;
            default:
                throw new IllegalArgumentException("unsupported node type '" + n.type() + "' (supported: Input, Output, NIRGraph, "
                        + "Affine, Linear, Scale, Threshold, Flatten, Conv1d, Conv2d, SumPool2d, AvgPool2d, Delay, I, LI, IF, LIF, CubaLI, "
                        + "CubaLIF)");
        }
    }

    private static List<String> neuronFields(String type) {
        switch (type) {
            case "LI":
                return List.of("tau", "r", "v_leak");
            case "LIF":
                return List.of("tau", "r", "v_leak", "v_threshold", "v_reset");
            case "IF":
                return List.of("r", "v_threshold", "v_reset");
            case "CubaLI":
                return List.of("tau_syn", "tau_mem", "r", "v_leak", "w_in");
            case "CubaLIF":
                return List.of("tau_syn", "tau_mem", "r", "v_leak", "v_threshold", "v_reset", "w_in");
            default:
                return List.of("r");
        }
    }

    /**
     * The shape of a node's per-neuron parameters (the largest of the listed fields; a field of one value
     * applies to all), checked against the input shape {@code in}: equal, or the same size for a
     * one-dimensional input. Null when every field is a single value.
     */
    static int[] neuronShape(Node n, int[] in, List<String> names) {
        int[] shape = null;
        String from = null;
        for (String f : names) {
            if (!n.fields().containsKey(f) || n.field(f).length == 1) {
                continue;
            }
            int[] s = n.shapes().get(f);
            if (shape == null) {
                shape = s;
                from = f;
            } else if (!Arrays.equals(shape, s) && Shapes.size(shape) != Shapes.size(s)) {
                throw new IllegalArgumentException("fields '" + from + "' " + Arrays.toString(shape) + " and '" + f + "' "
                        + Arrays.toString(s) + " have different shapes");
            }
        }
        if (shape == null) {
            return null;
        }
        while (shape.length > in.length && shape[0] == 1) { // older files give parameters a leading batch of 1
            shape = Arrays.copyOfRange(shape, 1, shape.length);
        }
        if (!Arrays.equals(shape, in) && !(Shapes.size(shape) == Shapes.size(in) && (shape.length <= 1 || in.length <= 1))) {
            throw new IllegalArgumentException("has neurons of shape " + Arrays.toString(shape) + " ('" + from + "') but its input has shape "
                    + Arrays.toString(in) + ": the shapes do not chain");
        }
        return in.length > 1 ? in : null;
    }

    /** The layers of node {@code n} with the default options in the given mode (the tests' entry). */
    static List<Layer> layers(Node n, double dt, Mode mode) {
        return layers(n, null, dt, Options.DEFAULT.withMode(mode)).layers();
    }

    /**
     * What node {@code n} becomes for input shape {@code in} (null: unknown, no shape checks) with the
     * options (mode not AUTO).
     */
    static Built layers(Node n, int[] in, double dt, Options o) {
        boolean export = o.mode() == Mode.NORSE_EXPORT;
        int[] shape = in == null || !NEURONS.contains(n.type()) ? null : neuronShape(n, in, neuronFields(n.type()));
        switch (n.type()) {
            case "Input":
            case "Output":
            case "Identity":
                return new Built(List.of(), null);
            case "Affine":
                return new Built(List.of(Linear.of(tensor(n, "weight"), tensor(n, "bias"))), null);
            case "Linear":
                return new Built(List.of(Linear.of(tensor(n, "weight"), null)), null);
            case "Flatten": {
                if (in == null || in.length <= 1) {
                    return new Built(List.of(new Flatten()), null);
                }
                int[] to = NirNodes.flatten(n, in);
                return new Built(List.of(to.length == 1 ? new Flatten() : new Reshape(in, to)), null);
            }
            case "Scale":
                return new Built(List.of(new Scale(param(n, "scale"))), in != null && in.length > 1 ? in : null);
            case "Threshold":
                return new Built(List.of(new Threshold(param(n, "threshold"))), in != null && in.length > 1 ? in : null);
            case "Conv1d":
                return new Built(List.of(conv1d(n.name(), NirNodes.conv(n, 1))), null);
            case "Conv2d":
                return new Built(List.of(conv2d(n.name(), NirNodes.conv(n, 2))), null);
            case "SumPool2d":
            case "AvgPool2d":
                return new Built(List.of(pool2d(n.name(), NirNodes.pool(n, n.type().equals("AvgPool2d")))), null);
            case "Delay":
                return new Built(List.of(delay(n.name(), NirNodes.delay(n, dt))), null);
            case "I":
            case "Integrator":
                return new Built(List.of(new Integrator(param(n, "r"), dt)), shape);
            case "IF": {
                List<Layer> out = new ArrayList<>();
                if (export) {
                    requireOnes(n, "r");
                } else {
                    gain(n, "r", null, dt, o, out);
                }
                if (o.reset() == Reset.SUBTRACT) {
                    throw new IllegalArgumentException("an IF node cannot reset by subtraction in snn4j (IAFCell resets to v_reset); "
                            + "import with reset TO_V_RESET");
                }
                out.add(Layer.of(new IAFCell(new IAFParameters(param(n, "v_threshold"), optional(n, "v_reset", 0f), "super",
                        Param.of(100f)), dt)));
                return new Built(out, shape);
            }
            case "LI": {
                List<Layer> out = new ArrayList<>();
                if (export) {
                    requireOnes(n, "r");
                } else {
                    gain(n, "r", "tau", dt, o, out);
                }
                out.add(Layer.of(new LIBoxCell(new LIBoxParameters(rate(n, "tau", dt, o), param(n, "v_leak")), dt)));
                return new Built(out, shape);
            }
            case "LIF": {
                List<Layer> out = new ArrayList<>();
                if (export) {
                    requireOnes(n, "r");
                } else {
                    gain(n, "r", "tau", dt, o, out);
                }
                out.add(Layer.of(new LIFBoxCell(new LIFBoxParameters(rate(n, "tau", dt, o), param(n, "v_leak"),
                        param(n, "v_threshold"), optional(n, "v_reset", 0f), "super", Param.of(100f), resetMethod(o)), dt)));
                return new Built(out, shape);
            }
            case "CubaLIF":
            case "CubaLI": {
                boolean spiking = n.type().equals("CubaLIF");
                List<Layer> out = new ArrayList<>();
                Param wIn = optional(n, "w_in", 1f);
                if (export) {
                    requireOnes(n, "r");
                    if (o.reset() == Reset.SUBTRACT && spiking) {
                        throw new IllegalArgumentException("Norse-export mode reads a CubaLIF as LIFCell, which resets to v_reset only");
                    }
                    if (!isOne(wIn)) {
                        out.add(new Scale(wIn));
                    }
                    if (spiking) {
                        out.add(Layer.of(new LIFCell(new LIFParameters(inverse(n, "tau_syn"), inverse(n, "tau_mem"),
                                param(n, "v_leak"), param(n, "v_threshold"), optional(n, "v_reset", 0f), "super",
                                Param.of(100f)), dt)));
                    } else {
                        out.add(Layer.of(new LICell(new LIParameters(inverse(n, "tau_syn"), inverse(n, "tau_mem"),
                                param(n, "v_leak")), dt)));
                    }
                    return new Built(out, shape);
                }
                if (o.discretisation() == Discretisation.EULER) {
                    out.add(new Scale(wIn)); // kept when 1, as before: Norse's from_nir chain
                } else {
                    gain(n, "w_in", "tau_syn", dt, o, out);
                }
                out.add(Layer.of(new LIBoxCell(new LIBoxParameters(rate(n, "tau_syn", dt, o), Param.of(0f)), dt)));
                if (o.discretisation() == Discretisation.EULER) {
                    out.add(new Scale(optional(n, "r", 1f)));
                } else {
                    gain(n, "r", "tau_mem", dt, o, out);
                }
                if (spiking) {
                    out.add(Layer.of(new LIFBoxCell(new LIFBoxParameters(rate(n, "tau_mem", dt, o), param(n, "v_leak"),
                            param(n, "v_threshold"), optional(n, "v_reset", 0f), "super", Param.of(100f), resetMethod(o)), dt)));
                } else {
                    out.add(Layer.of(new LIBoxCell(new LIBoxParameters(rate(n, "tau_mem", dt, o), param(n, "v_leak")), dt)));
                }
                return new Built(out, shape);
            }
            default:
                throw new IllegalArgumentException("unsupported node type '" + n.type() + "' (supported: Input, Output, NIRGraph, "
                        + "Affine, Linear, Scale, Threshold, Flatten, Conv1d, Conv2d, SumPool2d, AvgPool2d, Delay, I, LI, IF, LIF, CubaLI, "
                        + "CubaLIF)");
        }
    }

    private static String resetMethod(Options o) {
        return o.reset() == Reset.SUBTRACT ? "reset_subtract" : "reset_value";
    }

    /**
     * Adds {@code Scale(g)} unless it is all ones: {@code g} is the node's field {@code name} (its input
     * gain {@code r} or {@code w_in}, 1 if absent), times, for {@link Discretisation#EXPONENTIAL}, the factor
     * {@code (dt / tau) / (1 - exp(-dt / tau))} that turns the box cell's input gain {@code 1 - exp(-dt/tau)}
     * into {@code dt / tau}.
     */
    private static void gain(Node n, String name, String tau, double dt, Options o, List<Layer> out) {
        float[] g = n.fields().containsKey(name) ? field(n, name).clone() : new float[] {1f};
        double[] wide = n.wide().get(name);
        if (o.discretisation() == Discretisation.EXPONENTIAL && tau != null) {
            float[] t = field(n, tau);
            double[] tw = n.wide().get(tau);
            int len = Math.max(g.length, t.length);
            if (g.length != len && g.length != 1 || t.length != len && t.length != 1) {
                throw new IllegalArgumentException(name + " and " + tau + " have different sizes");
            }
            float[] c = new float[len];
            for (int k = 0; k < len; k++) {
                double tk = tw != null ? tw[t.length == 1 ? 0 : k] : t[t.length == 1 ? 0 : k];
                double gk = wide != null ? wide[g.length == 1 ? 0 : k] : g[g.length == 1 ? 0 : k];
                double h = dt / tk;
                c[k] = (float) (gk * (h / -Math.expm1(-h)));
            }
            g = c;
        }
        Param p = collapse(g);
        if (!isOne(p)) {
            out.add(new Scale(p));
        }
    }

    /**
     * The layer of a {@code Conv1d} node: {@link Conv1d} with the node's validated parameters (padding
     * {@code "same"} whose total is odd keeps torch's split: the extra element after).
     */
    static Layer conv1d(String node, NirNodes.Conv c) {
        boolean symmetric = Arrays.equals(c.padBefore(), c.padAfter());
        return symmetric ? new Conv1d(c.weight(), c.bias(), c.stride()[0], c.padBefore()[0], c.dilation()[0], c.groups())
                : new Conv1d(c.weight(), c.bias(), c.stride()[0], "same", c.dilation()[0], c.groups());
    }

    /** The layer of a {@code Conv2d} node (see {@link #conv1d}). */
    static Layer conv2d(String node, NirNodes.Conv c) {
        boolean symmetric = Arrays.equals(c.padBefore(), c.padAfter());
        return symmetric ? new Conv2d(c.weight(), c.bias(), c.stride(), c.padBefore(), c.dilation(), c.groups())
                : new Conv2d(c.weight(), c.bias(), c.stride(), "same", c.dilation(), c.groups());
    }

    /** The layer of a {@code SumPool2d} or {@code AvgPool2d} node. */
    static Layer pool2d(String node, NirNodes.Pool p) {
        return p.average() ? new AvgPool2d(p.kernel(), p.stride(), p.padding())
                : new SumPool2d(p.kernel(), p.stride(), p.padding());
    }

    /** The layer of a {@code Delay} node: each neuron's delay in whole steps. */
    static Layer delay(String node, NirNodes.Delay d) {
        return new Delay(d.steps(), d.shape());
    }

    /** Reshapes one step's features {@code (..., from) -> (..., to)} (a NIR Flatten over some dimensions). */
    static final class Reshape implements Layer {
        private final int[] from;
        private final int[] to;

        Reshape(int[] from, int[] to) {
            this.from = from.clone();
            this.to = to.clone();
        }

        @Override
        public Step forward(Tensor x, io.snn4j.functional.NeuronState state) {
            int[] s = x.shape();
            int lead = s.length - from.length;
            if (lead < 0 || !Arrays.equals(Arrays.copyOfRange(s, lead, s.length), from)) {
                throw new IllegalArgumentException("Reshape expects inputs ending in " + Arrays.toString(from) + ", got " + Arrays.toString(s));
            }
            int[] n = new int[lead + to.length];
            System.arraycopy(s, 0, n, 0, lead);
            System.arraycopy(to, 0, n, lead, to.length);
            Tensor c = x.offset() == 0 && x.data().length == x.size() ? x : x.copy();
            return new Step(c.reshape(n), null);
        }

        @Override
        public boolean stateful() {
            return false;
        }

        @Override
        public String toString() {
            return "Reshape(" + Arrays.toString(from) + " -> " + Arrays.toString(to) + ")";
        }
    }

    private static float[] field(Node n, String name) {
        return n.field(name);
    }

    private static Tensor tensor(Node n, String name) {
        return Tensor.of(field(n, name), n.shapes().get(name));
    }

    /** A field as a parameter: one value if all are equal (same numbers, faster kernels), else per-neuron. */
    static Param param(Node n, String name) {
        float[] v = field(n, name);
        if (v.length == 0) {
            throw new IllegalArgumentException("field '" + name + "' is empty");
        }
        for (float f : v) {
            if (Float.floatToIntBits(f) != Float.floatToIntBits(v[0])) {
                return Param.of(v);
            }
        }
        return Param.of(v[0]);
    }

    private static Param optional(Node n, String name, float fallback) {
        return n.fields().containsKey(name) ? param(n, name) : Param.of(fallback);
    }

    /**
     * {@code 1 / tau}: in float32 as Norse computes {@code tau_*_inv} for a float32 field, from the float64
     * values for a float64 field (so that a {@code tau} written as {@code 1 / tau_inv} in float64 gives
     * {@code tau_inv} back exactly).
     *
     * @throws IllegalArgumentException naming the field if a value is not finite and &gt; 0
     */
    private static Param inverse(Node n, String name) {
        float[] v = field(n, name);
        if (v.length == 0) {
            throw new IllegalArgumentException("field '" + name + "' is empty");
        }
        double[] w = n.wide().get(name);
        float[] inv = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            double t = w != null ? w[k] : v[k];
            if (!(t > 0) || !Double.isFinite(t)) {
                throw new IllegalArgumentException(name + " must be > 0 (a time constant in seconds), got "
                        + (w != null ? String.valueOf(t) : String.valueOf(v[k]))
                        + (v.length > 1 ? " at neuron " + k : ""));
            }
            inv[k] = w != null ? (float) (1.0 / t) : 1f / v[k];
            if (!(inv[k] > 0) || !Float.isFinite(inv[k])) {
                throw new IllegalArgumentException(name + " = " + t + " is out of float32 range");
            }
        }
        return collapse(inv);
    }

    /**
     * The rate a box cell takes for time constant {@code name}: {@code 1 / tau} for forward Euler; for the
     * exponential integrator {@code (1 - exp(-dt / tau)) / dt}, so that the cell's {@code dt * rate} is
     * the exact decay factor's complement.
     */
    private static Param rate(Node n, String name, double dt, Options o) {
        Param inv = inverse(n, name);
        if (o.discretisation() == Discretisation.EULER) {
            return inv;
        }
        float[] v = field(n, name);
        double[] w = n.wide().get(name);
        float[] r = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            double t = w != null ? w[k] : v[k];
            r[k] = (float) (-Math.expm1(-dt / t) / dt);
        }
        return collapse(r);
    }

    private static Param collapse(float[] v) {
        for (float f : v) {
            if (Float.floatToIntBits(f) != Float.floatToIntBits(v[0])) {
                return Param.of(v);
            }
        }
        return Param.of(v[0]);
    }

    private static boolean isOne(Param p) {
        for (float f : p.toArray()) {
            if (f != 1f) {
                return false;
            }
        }
        return true;
    }

    private static void requireOnes(Node n, String name) {
        if (n.fields().containsKey(name) && !isOne(param(n, name))) {
            throw new IllegalArgumentException("Norse-export mode needs " + name + " = 1 (as Norse's exporter writes), got "
                    + param(n, name) + "; use mode NORSE_IMPORT");
        }
    }
}
