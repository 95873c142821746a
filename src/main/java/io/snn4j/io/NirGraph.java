package io.snn4j.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes, edges and metadata of a NIR file as read with jhdf: {@code /node/type = "NIRGraph"},
 * {@code /node/nodes/<name>/<field>} datasets (the {@code type} string, numeric arrays and scalars, and
 * string fields such as a convolution's {@code padding = "same"}), {@code /node/edges} (pairs of node
 * names) and the optional {@code /node/metadata/<key>} datasets (strings, or scalars kept as their text;
 * anything else is skipped). A node of type {@code NIRGraph} is a nested graph with its own
 * {@code nodes} and {@code edges}, read the same way (at most {@link #MAX_DEPTH} levels deep). The only
 * class that touches jhdf when reading, so that the library works without it when NIR is not used.
 * Package-private.
 */
record NirGraph(Map<String, NirImporter.Node> nodes, List<String[]> edges, Map<String, String> metadata) {
    /** The deepest nesting of subgraphs read. */
    static final int MAX_DEPTH = 16;
    /** The largest numeric field read (elements). */
    private static final long MAX_ELEMENTS = 1L << 28;
    /** Metadata entries longer than this (characters) are skipped: they describe, they are not read. */
    private static final int MAX_METADATA_CHARS = 1 << 16;

    static NirGraph read(Path file) throws IOException {
        try (HdfFile hdf = new HdfFile(file)) {
            Node root = hdf.getByPath("/node");
            if (!(root instanceof Group graph)) {
                throw new MalformedFileException(file + ": no /node group (not a NIR file)");
            }
            String type = string(graph, "type", file + ": /node");
            if (!type.equals("NIRGraph")) {
                throw new MalformedFileException(file + ": /node is a " + type + ", not a NIRGraph");
            }
            return contents(file, graph, "/node", 0);
        } catch (RuntimeException e) {
            throw new MalformedFileException(file + ": not a readable NIR/HDF5 file: " + e.getMessage(), e);
        }
    }

    /** The nodes, edges and metadata of the graph group {@code graph} at HDF5 path {@code where}. */
    private static NirGraph contents(Path file, Group graph, String where, int depth) throws IOException {
        if (!(graph.getChild("nodes") instanceof Group nodeGroup)) {
            throw new MalformedFileException(file + ": no " + where + "/nodes group");
        }
        Map<String, NirImporter.Node> nodes = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : nodeGroup.getChildren().entrySet()) {
            if (!(e.getValue() instanceof Group g)) {
                throw new MalformedFileException(file + ": " + where + "/nodes/" + e.getKey() + " is not a group");
            }
            nodes.put(e.getKey(), node(file, e.getKey(), g, where + "/nodes/" + e.getKey(), depth));
        }
        return new NirGraph(nodes, edges(file, graph, where), metadata(graph));
    }

    private static NirImporter.Node node(Path file, String name, Group g, String path, int depth) throws IOException {
        String where = file + ": node '" + name + "'";
        String type = string(g, "type", where);
        if (type.equals("NIRGraph")) {
            if (depth >= MAX_DEPTH) {
                throw new MalformedFileException(where + ": subgraphs nested deeper than " + MAX_DEPTH + " levels");
            }
            NirGraph sub = contents(file, g, path, depth + 1);
            return new NirImporter.Node(name, type, Map.of(), Map.of(), Map.of(), Map.of(), sub);
        }
        Map<String, float[]> fields = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, double[]> wide = new LinkedHashMap<>();
        Map<String, String> strings = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
            if (e.getKey().equals("type") || !(e.getValue() instanceof Dataset d)) {
                continue;
            }
            if (d.getSize() > MAX_ELEMENTS) {
                throw new MalformedFileException(where + ": field '" + e.getKey() + "' has " + d.getSize() + " elements");
            }
            Object data = d.getDataFlat();
            if (data instanceof String str) {
                strings.put(e.getKey(), str);
                continue;
            }
            if (data instanceof Number num) { // a scalar dataset: a one-element field of shape ()
                fields.put(e.getKey(), new float[] {num.floatValue()});
                shapes.put(e.getKey(), new int[0]);
                if (data instanceof Double dbl) {
                    wide.put(e.getKey(), new double[] {dbl});
                }
                continue;
            }
            if (data == null || !data.getClass().isArray() || data instanceof String[]) {
                continue; // other non-numeric metadata
            }
            int n = Array.getLength(data);
            float[] f = new float[n];
            double[] w = data instanceof double[] dd ? dd : null;
            for (int k = 0; k < n; k++) {
                Object v = Array.get(data, k);
                if (!(v instanceof Number num)) {
                    throw new MalformedFileException(where + ": field '" + e.getKey() + "' is not numeric");
                }
                f[k] = num.floatValue();
            }
            fields.put(e.getKey(), f);
            shapes.put(e.getKey(), d.getDimensions());
            if (w != null) {
                wide.put(e.getKey(), w);
            }
        }
        return new NirImporter.Node(name, type, fields, shapes, wide, strings, null);
    }

    /** The {@code /node/metadata} entries that are strings or scalar numbers, as text; empty if there is none. */
    private static Map<String, String> metadata(Group graph) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!(graph.getChild("metadata") instanceof Group g)) {
            return out;
        }
        for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
            if (!(e.getValue() instanceof Dataset d) || d.getSize() != 1) {
                continue;
            }
            Object v = d.getData();
            if (v != null && v.getClass().isArray() && Array.getLength(v) == 1) {
                v = Array.get(v, 0);
            }
            if ((v instanceof String || v instanceof Number || v instanceof Boolean)
                    && v.toString().length() <= MAX_METADATA_CHARS) {
                out.put(e.getKey(), v.toString());
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static String string(Group g, String child, String where) throws IOException {
        if (!(g.getChild(child) instanceof Dataset d) || !(d.getData() instanceof String s)) {
            throw new MalformedFileException(where + ": no '" + child + "' string");
        }
        return s;
    }

    private static List<String[]> edges(Path file, Group graph, String where) throws IOException {
        List<String[]> edges = new ArrayList<>();
        if (!(graph.getChild("edges") instanceof Dataset d)) {
            throw new MalformedFileException(file + ": no " + where + "/edges");
        }
        Object data = d.getData();
        if (data instanceof String[][] pairs) {
            for (String[] p : pairs) {
                if (p.length != 2) {
                    throw new MalformedFileException(file + ": an edge of " + where + " is not a pair of node names");
                }
                edges.add(p);
            }
        } else if (!(data instanceof Object[] empty && empty.length == 0)) {
            throw new MalformedFileException(file + ": " + where + "/edges is not a list of node-name pairs");
        }
        return edges;
    }
}
