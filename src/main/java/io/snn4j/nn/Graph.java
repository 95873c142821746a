package io.snn4j.nn;

import io.snn4j.functional.NeuronState;
import io.snn4j.tensor.Shapes;
import io.snn4j.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A directed graph of layers, cycles allowed, run one time step per {@link #forward} call (NIR's graph
 * semantics, as Norse's and snnTorch's NIR executors run it).
 *
 * <ul>
 * <li>Every node is a chain of layers (a NIR node may need several, e.g. a CubaLIF is a synapse and a
 * membrane); a node with several incoming edges gets the sum of their values (same shapes, or a value
 * whose shape is a suffix of the other's, broadcast over the leading dimensions).</li>
 * <li>One node is the graph's input (it passes the caller's tensor on), one its output. The nodes run in a
 * topological order of the graph with its <em>recurrent edges</em> cut: the edges that close a cycle in
 * a depth-first walk from the input that follows edges in the order they were added. A recurrent edge
 * delivers its source's output of the <em>previous</em> step; at the first step it delivers the
 * source's {@linkplain Builder#initial initial value} if one was given, else nothing (zero).</li>
 * <li>Every cycle must pass through a stateful node (a neuron), else {@link Builder#build} rejects the
 * graph naming the cycle's nodes; every node must be reachable from the input and the output must be
 * reachable too.</li>
 * <li>A node may declare a <em>neuron shape</em> (such as {@code (C, H, W)} for neurons after a
 * convolution): its input {@code (..., C, H, W)} is then seen by its layers as {@code (rows, C*H*W)}, so
 * per-neuron parameters of any shape apply elementwise, and its output gets the shape back.</li>
 * </ul>
 *
 * The state ({@link State}) holds every node's layer states and the previous outputs of the recurrent
 * sources; {@link #forwardSequence} steps through a time-first sequence carrying it. Immutable;
 * thread-safe with separate states (a state belongs to one simulation at a time). Shapes are the layers'
 * own: typically {@code (B, features...)} per step.
 */
public final class Graph implements Layer {
    private final String[] names;
    private final List<List<Layer>> layers;
    private final int[][] neuronShapes;
    private final int[] order;
    /** For node k: the sources of its forward edges and of its recurrent edges, in edge order. */
    private final int[][] forwardIn;
    private final int[][] recurrentIn;
    private final int input;
    private final int output;
    /** Whether node k is the source of a recurrent edge (its output is kept for the next step). */
    private final boolean[] keep;
    private final Tensor[] initial;
    private final List<String[]> edges;
    private final List<String[]> recurrentEdges;
    private final boolean stateful;

    private Graph(Builder b, int[] order, int[][] forwardIn, int[][] recurrentIn, List<String[]> recurrent) {
        int n = b.names.size();
        this.names = b.names.toArray(new String[0]);
        this.layers = new ArrayList<>();
        for (List<Layer> l : b.layers) {
            this.layers.add(List.copyOf(l));
        }
        this.neuronShapes = b.neuronShapes.toArray(new int[0][]);
        this.order = order;
        this.forwardIn = forwardIn;
        this.recurrentIn = recurrentIn;
        this.input = b.index.get(b.input);
        this.output = b.index.get(b.output);
        this.keep = new boolean[n];
        for (int[] r : recurrentIn) {
            for (int s : r) {
                keep[s] = true;
            }
        }
        this.initial = new Tensor[n];
        for (Map.Entry<String, Tensor> e : b.initial.entrySet()) {
            initial[b.index.get(e.getKey())] = e.getValue().copy();
        }
        List<String[]> es = new ArrayList<>();
        for (int[] e : b.edges) {
            es.add(new String[] {names[e[0]], names[e[1]]});
        }
        this.edges = Collections.unmodifiableList(es);
        this.recurrentEdges = Collections.unmodifiableList(recurrent);
        boolean any = !recurrent.isEmpty();
        for (List<Layer> l : layers) {
            for (Layer x : l) {
                any |= x.stateful();
            }
        }
        this.stateful = any;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Collects nodes and edges; {@link #build} checks them and fixes the order. Not thread-safe.
     */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();
        private final List<List<Layer>> layers = new ArrayList<>();
        private final List<int[]> neuronShapes = new ArrayList<>();
        private final List<int[]> edges = new ArrayList<>();
        private final List<String[]> pending = new ArrayList<>();
        private final Map<String, Tensor> initial = new LinkedHashMap<>();
        private String input;
        private String output;

        private Builder() {
        }

        /** Adds a node that applies {@code layers} in order (none: the identity). */
        public Builder node(String name, List<Layer> layers) {
            return node(name, layers, null);
        }

        /** Adds a node that applies one layer. */
        public Builder node(String name, Layer layer) {
            return node(name, List.of(layer), null);
        }

        /**
         * Adds a node that applies {@code layers} in order to its input seen as {@code (rows, size of
         * neuronShape)} (see the class comment); {@code neuronShape} null or of rank &lt;= 1: no reshaping.
         *
         * @throws IllegalArgumentException for a null or repeated name, a null layer or a bad shape
         */
        public Builder node(String name, List<Layer> layers, int[] neuronShape) {
            if (name == null || index.containsKey(name)) {
                throw new IllegalArgumentException(name == null ? "node name is null" : "node '" + name + "' is added twice");
            }
            if (layers == null || layers.stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("node '" + name + "': layers are null");
            }
            index.put(name, names.size());
            names.add(name);
            this.layers.add(List.copyOf(layers));
            neuronShapes.add(neuronShape == null || neuronShape.length <= 1 ? null
                    : Shapes.checked(neuronShape, "node '" + name + "' neuron shape"));
            return this;
        }

        /** Adds the graph's input node (the identity) and marks it as the input. */
        public Builder input(String name) {
            node(name, List.of());
            input = name;
            return this;
        }

        /** Adds the graph's output node (the identity; sums its inputs) and marks it as the output. */
        public Builder output(String name) {
            node(name, List.of());
            output = name;
            return this;
        }

        /** Adds the edge {@code from -> to} (nodes may be added later). */
        public Builder edge(String from, String to) {
            pending.add(new String[] {from, to});
            return this;
        }

        /**
         * What recurrent edges from node {@code name} deliver at the first step (shape: one step's output
         * without the batch dimension, broadcast over it), e.g. an Affine's bias; default: nothing.
         */
        public Builder initial(String name, Tensor value) {
            if (value == null) {
                throw new IllegalArgumentException("initial value of '" + name + "' is null");
            }
            initial.put(name, value);
            return this;
        }

        /**
         * The graph.
         *
         * @throws IllegalArgumentException naming the nodes: no input or output, an edge to an unknown
         *                                  node, a node the input does not reach, an output it does not
         *                                  reach, a cycle without a stateful node, an initial value for a
         *                                  node that is no recurrent source
         */
        public Graph build() {
            if (input == null || output == null) {
                throw new IllegalArgumentException("a graph needs an input and an output node");
            }
            Plan plan = plan(names, pending, input, output, name -> {
                for (Layer l : layers.get(index.get(name))) {
                    if (l.stateful()) {
                        return true;
                    }
                }
                return false;
            });
            int n = names.size();
            edges.clear();
            for (String[] e : pending) {
                edges.add(new int[] {index.get(e[0]), index.get(e[1])});
            }
            List<List<Integer>> fin = new ArrayList<>();
            List<List<Integer>> rin = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                fin.add(new ArrayList<>());
                rin.add(new ArrayList<>());
            }
            for (int k = 0; k < edges.size(); k++) {
                int[] e = edges.get(k);
                (plan.recurrent()[k] ? rin : fin).get(e[1]).add(e[0]);
            }
            for (String s : initial.keySet()) {
                if (!index.containsKey(s) || plan.recurrentSources().stream().noneMatch(s::equals)) {
                    throw new IllegalArgumentException("initial value for node '" + s + "', which is not the source of a recurrent edge");
                }
            }
            int[] order = new int[n];
            for (int k = 0; k < n; k++) {
                order[k] = index.get(plan.order().get(k));
            }
            int[][] f = new int[n][];
            int[][] r = new int[n][];
            for (int k = 0; k < n; k++) {
                f[k] = fin.get(k).stream().mapToInt(Integer::intValue).toArray();
                r[k] = rin.get(k).stream().mapToInt(Integer::intValue).toArray();
            }
            List<String[]> rec = new ArrayList<>();
            for (int k = 0; k < pending.size(); k++) {
                if (plan.recurrent()[k]) {
                    rec.add(pending.get(k).clone());
                }
            }
            return new Graph(this, order, f, r, rec);
        }
    }

    /**
     * How a graph runs: the evaluation order (node names) and, per edge (in the given order), whether it is
     * recurrent.
     *
     * @param order     every node, in evaluation order
     * @param recurrent per edge: true if it is cut (delivers the previous step's value)
     * @param recurrentSources the sources of the recurrent edges, each once
     */
    public record Plan(List<String> order, boolean[] recurrent, List<String> recurrentSources) {
    }

    /**
     * The evaluation plan of a graph (see the class comment), without building it: for importers that infer
     * shapes before they make layers.
     *
     * @param nodes    the node names, in the order they were added (the order breaks ties)
     * @param edges    {@code {from, to}} pairs
     * @param input    the input node
     * @param output   the output node
     * @param stateful which nodes carry state from step to step
     * @throws IllegalArgumentException naming the nodes: an edge to an unknown node, a node the input does not
     *                                  reach, an output without incoming edges, a cycle without a stateful node
     */
    public static Plan plan(List<String> nodes, List<String[]> edges, String input, String output,
            java.util.function.Predicate<String> stateful) {
        Map<String, Integer> index = new HashMap<>();
        for (String s : nodes) {
            index.put(s, index.size());
        }
        if (!index.containsKey(input) || !index.containsKey(output)) {
            throw new IllegalArgumentException("the input '" + input + "' or output '" + output + "' is not a node");
        }
        int n = nodes.size();
        List<List<Integer>> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(new ArrayList<>());
        }
        int[][] ends = new int[edges.size()][];
        for (int k = 0; k < edges.size(); k++) {
            String[] e = edges.get(k);
            for (String end : e) {
                if (!index.containsKey(end)) {
                    throw new IllegalArgumentException("edge " + e[0] + " -> " + e[1] + " names an unknown node '" + end + "'");
                }
            }
            ends[k] = new int[] {index.get(e[0]), index.get(e[1])};
            out.get(ends[k][0]).add(k);
        }
        // depth-first walk from the input: an edge to a node on the current path closes a cycle
        boolean[] recurrent = new boolean[edges.size()];
        int[] mark = new int[n]; // 0 unseen, 1 on the path, 2 done
        int in = index.get(input);
        Deque<int[]> stack = new ArrayDeque<>();
        List<Integer> path = new ArrayList<>();
        stack.push(new int[] {in, 0});
        mark[in] = 1;
        path.add(in);
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            List<Integer> succ = out.get(top[0]);
            if (top[1] == succ.size()) {
                mark[top[0]] = 2;
                stack.pop();
                path.remove(path.size() - 1);
                continue;
            }
            int e = succ.get(top[1]++);
            int to = ends[e][1];
            if (mark[to] == 1) {
                recurrent[e] = true;
                List<String> cycle = new ArrayList<>();
                boolean hasState = false;
                for (int c : path.subList(path.indexOf(to), path.size())) {
                    cycle.add(nodes.get(c));
                    hasState |= stateful.test(nodes.get(c));
                }
                if (!hasState) {
                    throw new IllegalArgumentException("the cycle through nodes " + cycle
                            + " has no stateful node (a cycle needs a neuron to carry its value to the next step)");
                }
            } else if (mark[to] == 0) {
                mark[to] = 1;
                path.add(to);
                stack.push(new int[] {to, 0});
            }
        }
        List<String> unreached = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (mark[k] == 0) {
                unreached.add(nodes.get(k));
            }
        }
        if (!unreached.isEmpty()) {
            throw new IllegalArgumentException("nodes " + unreached + " are not reachable from the input '" + input + "'");
        }
        // Kahn's algorithm on the forward edges, the earliest added node first among the ready ones
        int[] indeg = new int[n];
        boolean[] fed = new boolean[n];
        List<String> sources = new ArrayList<>();
        for (int k = 0; k < edges.size(); k++) {
            fed[ends[k][1]] = true;
            if (!recurrent[k]) {
                indeg[ends[k][1]]++;
            } else if (!sources.contains(nodes.get(ends[k][0]))) {
                sources.add(nodes.get(ends[k][0]));
            }
        }
        int o = index.get(output);
        if (!fed[o] && o != in) {
            throw new IllegalArgumentException("the output '" + output + "' has no incoming edge");
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int k = 0; k < n; k++) {
            if (indeg[k] == 0) {
                ready.add(k);
            }
        }
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int k = ready.poll();
            order.add(nodes.get(k));
            for (int e : out.get(k)) {
                if (!recurrent[e] && --indeg[ends[e][1]] == 0) {
                    ready.add(ends[e][1]);
                }
            }
        }
        if (order.size() != n) {
            throw new IllegalStateException("graph order incomplete"); // the walk cut every cycle
        }
        return new Plan(List.copyOf(order), recurrent, List.copyOf(sources));
    }

    /**
     * The state of a {@link Graph}: every node's layer states (null for stateless layers and before the
     * first step) and the last outputs of the recurrent edges' sources. It has no buffers of its own
     * ({@link #buffers()} is empty); {@link #copy} is deep. Not thread-safe.
     */
    public static final class State extends NeuronState {
        private final NeuronState[][] states;
        private final Tensor[] previous;

        State(int nodes) {
            super(new int[] {1});
            this.states = new NeuronState[nodes][];
            this.previous = new Tensor[nodes];
        }

        @Override
        public NeuronState newLike(int[] shape) {
            return new State(states.length);
        }

        @Override
        public State copy() {
            State c = new State(states.length);
            for (int k = 0; k < states.length; k++) {
                if (states[k] != null) {
                    c.states[k] = new NeuronState[states[k].length];
                    for (int j = 0; j < states[k].length; j++) {
                        c.states[k][j] = states[k][j] == null ? null : states[k][j].copy();
                    }
                }
                c.previous[k] = previous[k] == null ? null : previous[k].copy();
            }
            return c;
        }

        /** The state of layer {@code layer} of node {@code node} (null if stateless or not yet run). */
        public NeuronState nodeState(int node, int layer) {
            return states[node] == null ? null : states[node][layer];
        }

        /** The output of node {@code node} at the last step if it is a recurrent source, else null (a view). */
        public Tensor previousOutput(int node) {
            return previous[node];
        }
    }

    /** Receives every node's output after it ran, within one {@link #forward} call. */
    @FunctionalInterface
    public interface Observer {
        /** Node {@code node} (named {@code name}) produced {@code output}. */
        void node(int node, String name, Tensor output);
    }

    @Override
    public Step forward(Tensor x, NeuronState state) {
        return forward(x, state, null);
    }

    /**
     * One time step: every node in order, reporting each output to {@code observer} (may be null).
     *
     * @throws IllegalArgumentException naming the node if a layer rejects its input, or for a state that
     *                                  is not this graph's
     */
    public Step forward(Tensor x, NeuronState state, Observer observer) {
        if (x == null) {
            throw new IllegalArgumentException("input x is null");
        }
        State s;
        if (state == null) {
            s = new State(names.length);
        } else if (state instanceof State g && g.states.length == names.length) {
            s = g;
        } else {
            throw new IllegalArgumentException("a Graph of " + names.length + " nodes needs its own Graph.State, got "
                    + state.getClass().getSimpleName());
        }
        // the graph's own bookkeeping (which state object each node has, the kept outputs) changes only after
        // every node ran; the layers update their state objects in place, as in SequentialState
        NeuronState[][] next = new NeuronState[names.length][];
        Tensor[] outputs = new Tensor[names.length];
        for (int k : order) {
            Tensor in = null;
            if (k == input) {
                in = x;
            }
            for (int src : forwardIn[k]) {
                in = add(in, outputs[src], k);
            }
            for (int src : recurrentIn[k]) {
                Tensor prev = s.previous[src] != null ? s.previous[src] : initial[src];
                if (prev != null) {
                    in = add(in, prev, k);
                }
            }
            if (in == null) {
                throw new IllegalArgumentException("node '" + names[k] + "' has no input at this step (its only inputs are "
                        + "recurrent edges without an initial value)");
            }
            outputs[k] = run(k, in, s.states[k], next);
            if (observer != null) {
                observer.node(k, names[k], outputs[k]);
            }
        }
        for (int k = 0; k < names.length; k++) {
            if (next[k] != null) {
                s.states[k] = next[k];
            }
            if (keep[k]) {
                s.previous[k] = outputs[k] == x ? x.copy() : outputs[k];
            }
        }
        return new Step(outputs[output] == x ? x.copy() : outputs[output], s);
    }

    private Tensor run(int k, Tensor in, NeuronState[] states, NeuronState[][] next) {
        List<Layer> chain = layers.get(k);
        if (chain.isEmpty()) {
            return in;
        }
        int[] shape = neuronShapes[k];
        Tensor h = in;
        int[] outer = null;
        if (shape != null) {
            int[] is = in.shape();
            int feat = Shapes.size(shape);
            if (is.length < shape.length || !Arrays.equals(Arrays.copyOfRange(is, is.length - shape.length, is.length), shape)) {
                throw new IllegalArgumentException("node '" + names[k] + "' expects inputs ending in " + Arrays.toString(shape)
                        + ", got " + Arrays.toString(is));
            }
            outer = Arrays.copyOfRange(is, 0, is.length - shape.length);
            h = (in.offset() == 0 && in.data().length == in.size() ? in : in.copy()).reshape(in.size() / feat, feat);
        }
        NeuronState[] ns = new NeuronState[chain.size()];
        for (int j = 0; j < chain.size(); j++) {
            Layer.Step r;
            try {
                r = chain.get(j).forward(h, states == null ? null : states[j]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node '" + names[k] + "' (" + chain.get(j) + "): " + e.getMessage(), e);
            }
            h = r.output();
            ns[j] = r.state();
        }
        next[k] = ns;
        if (outer != null) {
            int[] full = new int[outer.length + shape.length];
            System.arraycopy(outer, 0, full, 0, outer.length);
            System.arraycopy(shape, 0, full, outer.length, shape.length);
            h = (h.offset() == 0 && h.data().length == h.size() ? h : h.copy()).reshape(full);
        }
        return h;
    }

    /** {@code a + b}, a fresh tensor; b may have a suffix of a's shape (or the reverse) and is then broadcast. */
    private Tensor add(Tensor a, Tensor b, int node) {
        if (a == null) {
            return b;
        }
        Tensor big = a.rank() >= b.rank() ? a : b;
        Tensor small = big == a ? b : a;
        int[] bs = big.shape();
        int[] ss = small.shape();
        if (!Arrays.equals(Arrays.copyOfRange(bs, bs.length - ss.length, bs.length), ss)) {
            throw new IllegalArgumentException("node '" + names[node] + "' gets inputs of shapes " + Arrays.toString(a.shape())
                    + " and " + Arrays.toString(b.shape()) + ", which cannot be summed");
        }
        Tensor out = Tensor.zeros(bs);
        float[] o = out.data();
        float[] bd = big.data();
        float[] sd = small.data();
        int bo = big.offset();
        int so = small.offset();
        int m = small.size();
        for (int k = 0; k < o.length; k++) {
            o[k] = bd[bo + k] + sd[so + k % m];
        }
        return out;
    }

    @Override
    public boolean stateful() {
        return stateful;
    }

    @Override
    public NeuronState newState(int[] shape) {
        return new State(names.length);
    }

    @Override
    public void setThreads(int threads) {
        for (List<Layer> l : layers) {
            for (Layer x : l) {
                x.setThreads(threads);
            }
        }
    }

    /** The node names, in the order they were added. */
    public List<String> nodeNames() {
        return List.of(names);
    }

    /** The layers of node {@code name} (unmodifiable; empty for the identity). */
    public List<Layer> layers(String name) {
        for (int k = 0; k < names.length; k++) {
            if (names[k].equals(name)) {
                return layers.get(k);
            }
        }
        throw new IllegalArgumentException("no node '" + name + "'");
    }

    /** The index of node {@code name} (its position in {@link #nodeNames()}). */
    public int indexOf(String name) {
        int k = nodeNames().indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("no node '" + name + "'");
        }
        return k;
    }

    /** The names in evaluation order. */
    public List<String> order() {
        List<String> o = new ArrayList<>();
        for (int k : order) {
            o.add(names[k]);
        }
        return o;
    }

    /** All edges {@code {from, to}}, in the order they were added. */
    public List<String[]> edges() {
        return edges;
    }

    /** The recurrent edges (cut for the order; they deliver the previous step's value). */
    public List<String[]> recurrentEdges() {
        return recurrentEdges;
    }

    /** The input node's name. */
    public String inputName() {
        return names[input];
    }

    /** The output node's name. */
    public String outputName() {
        return names[output];
    }

    /** The neuron shape declared for node {@code name}, or null. */
    public int[] neuronShape(String name) {
        int[] s = neuronShapes[indexOf(name)];
        return s == null ? null : s.clone();
    }

    /** The initial value of recurrent source {@code name}, or null (a copy). */
    public Tensor initial(String name) {
        Tensor t = initial[indexOf(name)];
        return t == null ? null : t.copy();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Graph(\n");
        for (int k : order) {
            b.append("  ").append(names[k]).append(": ").append(layers.get(k).isEmpty() ? "Identity" : layers.get(k)).append('\n');
        }
        for (String[] e : edges) {
            boolean rec = recurrentEdges.stream().anyMatch(r -> r[0].equals(e[0]) && r[1].equals(e[1]));
            b.append("  ").append(e[0]).append(rec ? " ~> " : " -> ").append(e[1]).append('\n');
        }
        return b.append(')').toString();
    }
}
