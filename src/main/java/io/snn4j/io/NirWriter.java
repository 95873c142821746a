package io.snn4j.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a NIR graph as HDF5 with jhdf, in the layout the {@code nir} Python package reads:
 * {@code /version}, {@code /node/type = "NIRGraph"}, {@code /node/nodes/<name>/type} and one dataset per
 * field, {@code /node/edges} ({@code (E, 2)} strings) and {@code /node/metadata/<key>} strings. A node
 * whose fields hold a {@link Graph} value is written as a nested {@code NIRGraph}. The only writer of jhdf
 * files; package-private.
 */
final class NirWriter {
    /** The NIR format version written. */
    static final String VERSION = "1.0.0";

    private NirWriter() {
    }

    /**
     * A graph to write.
     *
     * @param nodes    name to node (in order)
     * @param edges    {@code {from, to}} pairs (at least one)
     * @param metadata key to text (may be empty)
     */
    record Graph(Map<String, Node> nodes, List<String[]> edges, Map<String, String> metadata) {
    }

    /**
     * A node: its NIR type and fields; a field is a {@code float[]}, {@code double[]}, {@code long[]}, a
     * nested {@code float[][]}/{@code float[][][][]}..., a {@code Long}, a {@code Double} or a
     * {@code String} (jhdf writes each as is).
     */
    record Node(String type, Map<String, Object> fields, Graph subgraph) {
        Node(String type, Map<String, Object> fields) {
            this(type, fields, null);
        }
    }

    /** A fresh ordered field map: {@code fields("weight", w, "bias", b)}. */
    static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < kv.length; k += 2) {
            m.put((String) kv[k], kv[k + 1]);
        }
        return m;
    }

    /** Writes {@code g} to {@code file} (replacing it). */
    static void write(Path file, Graph g) throws IOException {
        try (WritableHdfFile f = HdfFile.write(file)) {
            f.putDataset("version", VERSION);
            graph(f.putGroup("node"), g);
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot write the NIR file: " + e.getMessage(), e);
        }
    }

    private static void graph(WritableGroup group, Graph g) {
        group.putDataset("type", "NIRGraph");
        String[][] edges = new String[g.edges().size()][];
        for (int k = 0; k < edges.length; k++) {
            edges[k] = g.edges().get(k).clone();
        }
        group.putDataset("edges", edges);
        WritableGroup nodes = group.putGroup("nodes");
        for (Map.Entry<String, Node> e : g.nodes().entrySet()) {
            WritableGroup ng = nodes.putGroup(e.getKey());
            Node n = e.getValue();
            if (n.subgraph() != null) {
                graph(ng, n.subgraph());
                continue;
            }
            ng.putDataset("type", n.type());
            for (Map.Entry<String, Object> f : n.fields().entrySet()) {
                ng.putDataset(f.getKey(), f.getValue());
            }
        }
        if (!g.metadata().isEmpty()) {
            WritableGroup m = group.putGroup("metadata");
            for (Map.Entry<String, String> e : g.metadata().entrySet()) {
                m.putDataset(e.getKey(), e.getValue());
            }
        }
    }
}
