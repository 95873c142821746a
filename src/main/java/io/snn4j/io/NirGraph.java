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
 * {@code /node/nodes/<name>/<field>} datasets (the {@code type} string and numeric arrays),
 * {@code /node/edges} (pairs of node names) and the optional {@code /node/metadata/<key>} datasets
 * (strings, or scalars kept as their text; anything else is skipped). The only class that touches jhdf, so
 * that the library works without it when NIR is not used. Package-private.
 */
record NirGraph(Map<String, NirImporter.Node> nodes, List<String[]> edges, Map<String, String> metadata) {
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
            if (!(graph.getChild("nodes") instanceof Group nodeGroup)) {
                throw new MalformedFileException(file + ": no /node/nodes group");
            }
            Map<String, NirImporter.Node> nodes = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : nodeGroup.getChildren().entrySet()) {
                if (!(e.getValue() instanceof Group g)) {
                    throw new MalformedFileException(file + ": /node/nodes/" + e.getKey() + " is not a group");
                }
                nodes.put(e.getKey(), node(file, e.getKey(), g));
            }
            return new NirGraph(nodes, edges(file, graph), metadata(graph));
        } catch (RuntimeException e) {
            throw new MalformedFileException(file + ": not a readable NIR/HDF5 file: " + e.getMessage(), e);
        }
    }

    private static NirImporter.Node node(Path file, String name, Group g) throws IOException {
        String where = file + ": node '" + name + "'";
        String type = string(g, "type", where);
        Map<String, float[]> fields = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
            if (e.getKey().equals("type") || !(e.getValue() instanceof Dataset d)) {
                continue;
            }
            if (d.getSize() > MAX_ELEMENTS) {
                throw new MalformedFileException(where + ": field '" + e.getKey() + "' has " + d.getSize() + " elements");
            }
            Object data = d.getDataFlat();
            if (data == null || !data.getClass().isArray() || data instanceof String[]) {
                continue; // strings and other non-numeric metadata
            }
            int n = Array.getLength(data);
            float[] f = new float[n];
            for (int k = 0; k < n; k++) {
                Object v = Array.get(data, k);
                if (!(v instanceof Number num)) {
                    throw new MalformedFileException(where + ": field '" + e.getKey() + "' is not numeric");
                }
                f[k] = num.floatValue();
            }
            fields.put(e.getKey(), f);
            shapes.put(e.getKey(), d.getDimensions());
        }
        return new NirImporter.Node(name, type, fields, shapes);
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

    private static List<String[]> edges(Path file, Group graph) throws IOException {
        List<String[]> edges = new ArrayList<>();
        if (!(graph.getChild("edges") instanceof Dataset d)) {
            throw new MalformedFileException(file + ": no /node/edges");
        }
        Object data = d.getData();
        if (data instanceof String[][] pairs) {
            for (String[] p : pairs) {
                if (p.length != 2) {
                    throw new MalformedFileException(file + ": an edge is not a pair of node names");
                }
                edges.add(p);
            }
        } else if (!(data instanceof Object[] empty && empty.length == 0)) {
            throw new MalformedFileException(file + ": /node/edges is not a list of node-name pairs");
        }
        return edges;
    }
}
