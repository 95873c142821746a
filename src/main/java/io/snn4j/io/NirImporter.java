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
import io.snn4j.nn.Flatten;
import io.snn4j.nn.Integrator;
import io.snn4j.nn.Layer;
import io.snn4j.nn.Linear;
import io.snn4j.nn.Scale;
import io.snn4j.nn.SequentialState;
import io.snn4j.nn.Threshold;
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
 * {@code io.jhdf:jhdf} on the class path (the CLI jar has it). Supported nodes: Input, Output, Affine,
 * Linear, LI, LIF, CubaLI, CubaLIF, IF, I (integrator), Scale, Threshold, Flatten, connected as a chain
 * from one Input to one Output. NIR's neurons are continuous-time and fix no discretisation; the
 * {@link Mode} chooses one, for the {@code dt} (seconds) the caller gives:
 *
 * <ul>
 * <li>{@link Mode#NORSE_IMPORT} reads the graph as Norse's {@code from_nir} does: forward Euler.
 * LI becomes {@code LIBoxCell(tau_mem_inv = 1/tau, v_leak)}, LIF {@code LIFBoxCell(1/tau, v_th, v_leak)},
 * CubaLIF {@code Scale(w_in) -> LIBoxCell(1/tau_syn, v_leak) -> Scale(r) -> LIFBoxCell(1/tau_mem, v_th,
 * v_leak)}, IF {@code IAFCell(v_th)}; like Norse it ignores LI/LIF's {@code r} and the {@code v_reset} of
 * LIF, CubaLIF and IF (reset to 0). CubaLI, I, Scale and Threshold, which Norse cannot import, follow the
 * same reading (CubaLI: CubaLIF without the threshold; I: {@code v += dt * r * x}).</li>
 * <li>{@link Mode#NORSE_EXPORT} inverts Norse's exporter ({@code to_nir}): CubaLIF and CubaLI with
 * {@code r = 1} become {@code LIFCell}/{@code LICell} with {@code tau_*_inv = 1/tau_*} (an input scale for
 * {@code w_in != 1}), LIF/LI {@code LIFBoxCell}/{@code LIBoxCell}, IF {@code IAFCell(v_th, v_reset)}.
 * This gives a model that Norse exported its Norse numbers.</li>
 * <li>{@link Mode#AUTO} (the default) picks one of the two from what the file says about who wrote it:
 * {@code NORSE_EXPORT} when an entry of the graph's metadata ({@code /node/metadata}) named
 * {@code source}, {@code producer}, {@code exporter}, {@code framework} or {@code generator} (any case)
 * starts with the word "norse" (as {@code source = "norse.torch.to_nir ..."} does), else
 * {@code NORSE_IMPORT}. Reading a Norse-exported file as NIR's equations runs another network (the
 * digits model drops from 97 % to 25 % accuracy), so the choice matters; {@link #importFile} reports
 * it. Norse's {@code to_nir} itself writes no metadata: a Norse export that does not say so is read as
 * NIR unless the caller asks for {@code NORSE_EXPORT}.</li>
 * </ul>
 *
 * Errors are {@link IOException}s naming the file and, where it applies, the node. Stateless and
 * thread-safe.
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

    /** A node: its type and fields (flat float values with shapes). */
    record Node(String name, String type, Map<String, float[]> fields, Map<String, int[]> shapes) {
    }

    /** Imports {@code file} with {@link Mode#AUTO}. */
    public static LoadedModel load(Path file, double dt) throws IOException {
        return load(file, dt, Mode.AUTO);
    }

    /** Imports {@code file} with the given mode and time step (seconds). */
    public static LoadedModel load(Path file, double dt, Mode mode) throws IOException {
        return importFile(file, dt, mode).model();
    }

    /**
     * Imports {@code file} with the given mode and time step (seconds), and tells which mode was used:
     * with {@link Mode#AUTO}, the one {@link #detect} picks from the file's metadata.
     *
     * @throws IllegalArgumentException if {@code dt} is not finite and &gt; 0, or {@code mode} is null
     * @throws IOException              if the file is missing, not a NIR graph, or has nodes that cannot be
     *                                  built in the mode (the message says how the mode was chosen)
     */
    public static Imported importFile(Path file, double dt, Mode mode) throws IOException {
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("dt must be finite and > 0, got " + dt);
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode is null");
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
        Decision d = mode == Mode.AUTO ? detect(graph.metadata()) : new Decision(mode, "requested");
        List<Node> chain = chain(file, graph.nodes(), graph.edges());
        List<Layer> layers = new ArrayList<>();
        for (Node n : chain) {
            try {
                layers.addAll(layers(n, dt, d.mode()));
            } catch (IllegalArgumentException e) {
                throw new MalformedFileException(file + ": node '" + n.name + "' (" + n.type + "): " + e.getMessage()
                        + (mode == Mode.AUTO ? " (mode " + d.mode() + " chosen because " + d.reason() + ")" : ""), e);
            }
        }
        if (layers.isEmpty()) {
            throw new MalformedFileException(file + ": the graph has no computing nodes");
        }
        LoadedModel model = new LoadedModel(new SequentialState(layers), dt, 0, file.getFileName().toString());
        return new Imported(model, d.mode(), d.reason(), graph.metadata());
    }

    /**
     * The mode {@link Mode#AUTO} picks for a file with this {@code /node/metadata}: {@link Mode#NORSE_EXPORT}
     * when a producer entry ({@link #PRODUCER_KEYS}, any case) names Norse first, i.e. its text starts with
     * the word "norse" (not "norsemen"); otherwise {@link Mode#NORSE_IMPORT}, NIR's own reading.
     */
    static Decision detect(Map<String, String> metadata) {
        for (Map.Entry<String, String> e : metadata.entrySet()) {
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
            if (n.type.equals("Input")) {
                inputs.add(n.name);
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
            if (n.type.equals("Output")) {
                break;
            }
            if (!n.type.equals("Input")) {
                chain.add(n);
            }
            String nx = next.get(at);
            if (nx == null) {
                throw new MalformedFileException(file + ": node '" + at + "' (" + n.type + ") leads nowhere; the chain must end in an Output node");
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

    static List<Layer> layers(Node n, double dt, Mode mode) {
        boolean export = mode == Mode.NORSE_EXPORT;
        switch (n.type) {
            case "Affine":
                return List.of(Linear.of(tensor(n, "weight"), tensor(n, "bias")));
            case "Linear":
                return List.of(Linear.of(tensor(n, "weight"), null));
            case "Flatten":
                return List.of(new Flatten());
            case "Scale":
                return List.of(new Scale(param(n, "scale")));
            case "Threshold":
                return List.of(new Threshold(param(n, "threshold")));
            case "I":
            case "Integrator":
                return List.of(new Integrator(param(n, "r"), dt));
            case "IF":
                if (export) {
                    requireOnes(n, "r");
                }
                return List.of(Layer.of(new IAFCell(new IAFParameters(param(n, "v_threshold"),
                        export ? optional(n, "v_reset", 0f) : Param.of(0f), "super", Param.of(100f)), dt)));
            case "LI":
                if (export) {
                    requireOnes(n, "r");
                }
                return List.of(Layer.of(new LIBoxCell(new LIBoxParameters(inverse(n, "tau"), param(n, "v_leak")), dt)));
            case "LIF":
                if (export) {
                    requireOnes(n, "r");
                }
                return List.of(Layer.of(new LIFBoxCell(new LIFBoxParameters(inverse(n, "tau"), param(n, "v_leak"),
                        param(n, "v_threshold"), export ? optional(n, "v_reset", 0f) : Param.of(0f), "super", Param.of(100f),
                        "reset_value"), dt)));
            case "CubaLIF":
            case "CubaLI": {
                boolean spiking = n.type.equals("CubaLIF");
                List<Layer> out = new ArrayList<>();
                Param wIn = optional(n, "w_in", 1f);
                if (export) {
                    requireOnes(n, "r");
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
                    return out;
                }
                out.add(new Scale(wIn));
                out.add(Layer.of(new LIBoxCell(new LIBoxParameters(inverse(n, "tau_syn"), param(n, "v_leak")), dt)));
                out.add(new Scale(optional(n, "r", 1f)));
                if (spiking) {
                    out.add(Layer.of(new LIFBoxCell(new LIFBoxParameters(inverse(n, "tau_mem"), param(n, "v_leak"),
                            param(n, "v_threshold"), Param.of(0f), "super", Param.of(100f), "reset_value"), dt)));
                } else {
                    out.add(Layer.of(new LIBoxCell(new LIBoxParameters(inverse(n, "tau_mem"), param(n, "v_leak")), dt)));
                }
                return out;
            }
            default:
                throw new IllegalArgumentException("unsupported node type '" + n.type + "' (supported: Input, Output, "
                        + "Affine, Linear, LI, LIF, CubaLI, CubaLIF, IF, I, Scale, Threshold, Flatten)");
        }
    }

    private static float[] field(Node n, String name) {
        float[] v = n.fields.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing field '" + name + "'");
        }
        return v;
    }

    private static Tensor tensor(Node n, String name) {
        return Tensor.of(field(n, name), n.shapes.get(name));
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
        return n.fields.containsKey(name) ? param(n, name) : Param.of(fallback);
    }

    /** {@code 1 / tau} in float32, as Norse computes {@code tau_*_inv}. */
    private static Param inverse(Node n, String name) {
        Param tau = param(n, name);
        if (!tau.isPositive()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + tau);
        }
        float[] v = tau.toArray();
        for (int k = 0; k < v.length; k++) {
            v[k] = 1f / v[k];
        }
        return Param.of(v);
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
        if (n.fields.containsKey(name) && !isOne(param(n, name))) {
            throw new IllegalArgumentException("Norse-export mode needs " + name + " = 1 (as Norse's exporter writes), got "
                    + param(n, name) + "; use mode NORSE_IMPORT");
        }
    }
}
