package io.snn4j.io;

import io.snn4j.nn.Graph;
import io.snn4j.nn.Layer;
import io.snn4j.nn.SequentialState;
import io.snn4j.functional.NeuronState;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Not a unit test: runs the NIR importer over the real files of {@code ../shared/nir-real} (or the folder
 * given as the first argument) and prints a table of file, loaded (yes or the error), matched (against the
 * traces the folder has: yes / no / - for none). {@code scripts/nir-check} compiles and runs it. Exits 0
 * whatever it finds (it reports); exits 2 if the folder is missing.
 */
public final class NirCheck {
    private NirCheck() {
    }

    static final double DT = 1e-4;

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "../shared/nir-real");
        if (!Files.isDirectory(root.resolve("nir"))) {
            System.out.println("nir-check: no folder " + root.resolve("nir") + "; nothing to check");
            System.exit(2);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(root.resolve("nir"))) {
            files = s.filter(p -> p.toString().endsWith(".nir")).sorted().toList();
        }
        List<String[]> rows = new ArrayList<>();
        int loaded = 0;
        for (Path f : files) {
            String name = root.resolve("nir").relativize(f).toString();
            String load;
            String match = "-";
            try {
                NirImporter.Imported imp = NirImporter.importFile(f, DT, NirImporter.Options.DEFAULT);
                load = "yes";
                loaded++;
                match = match(root, f, imp.model());
            } catch (IOException | RuntimeException e) {
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                m = m.replace(f.toString() + ": ", "").replace('\n', ' ');
                load = m.length() > 150 ? m.substring(0, 147) + "..." : m;
            }
            rows.add(new String[] {name, load, match});
        }
        int w = 0;
        for (String[] r : rows) {
            w = Math.max(w, r[0].length());
        }
        System.out.printf("%-" + w + "s | %s | %s%n", "file", "matched", "loaded");
        for (String[] r : rows) {
            System.out.printf("%-" + w + "s | %s | %s%n", r[0], r[2], r[1]);
        }
        System.out.println(loaded + " of " + rows.size() + " files loaded");
    }

    /** Compares with the recorded traces that apply to file f, or "-". */
    static String match(Path root, Path f, LoadedModel model) throws IOException {
        String n = f.getFileName().toString();
        if (n.equals("lif_norse.nir") || n.equals("lif_rockpool.nir")) {
            return lif(root, f);
        }
        String model0 = n.contains("noDelay_bias_zero") ? "noDelay_bias_zero" : n.contains("noDelay_noBias_subtract")
                ? "noDelay_noBias_subtract" : null;
        if (model0 == null || !Files.exists(root.resolve("braille/braille_sample0_input.npy"))) {
            return "-";
        }
        boolean subtract = model0.contains("subtract");
        List<String> out = new ArrayList<>();
        // snnTorch: recurrent bias at step 0; the subtract model with snnTorch's subtract reset
        NirImporter.Options snn = NirImporter.Options.DEFAULT.withRecurrentBiasAtStart(true)
                .withReset(subtract ? NirImporter.Reset.SUBTRACT : NirImporter.Reset.TO_V_RESET);
        // Norse's executor: no recurrent bias at step 0, reset to v_reset (Norse has no subtract reset)
        NirImporter.Options norse = NirImporter.Options.DEFAULT.withRecurrentBiasAtStart(false);
        for (String[] p : new String[][] {{"snntorch", "snn"}, {"norse", "norse"}}) {
            Path rec = root.resolve("braille/" + p[0] + "_activity_" + model0 + ".npy");
            if (!Files.exists(rec)) {
                continue;
            }
            Tensor want = NumPy.readNpy(rec).toTensor();
            Tensor got = hidden(root, f, p[1].equals("snn") ? snn : norse);
            int diff = 0;
            int spikes = 0;
            for (int k = 0; k < want.size(); k++) {
                diff += want.data()[k] != got.data()[k] ? 1 : 0;
                spikes += got.data()[k] != 0 ? 1 : 0;
            }
            out.add(p[0] + (diff == 0 ? " yes" : " no") + " (" + spikes + " spikes, " + diff + " differ)");
        }
        return out.isEmpty() ? "-" : String.join("; ", out);
    }

    /** The hidden layer's spikes (256, N) for Braille test sample 0. */
    static Tensor hidden(Path root, Path f, NirImporter.Options o) throws IOException {
        LoadedModel m = NirImporter.load(f, DT, o);
        Layer only = m.network().layers().get(0);
        if (!(only instanceof Graph g)) {
            throw new IOException("not a graph");
        }
        Tensor x = NumPy.readNpy(root.resolve("braille/braille_sample0_input.npy")).toTensor();
        String hiddenNode = null;
        for (String name : g.nodeNames()) {
            if (name.equals("lif1.lif") || hiddenNode == null && name.startsWith("lif1.") && g.layers(name).size() > 1) {
                hiddenNode = name;
            }
        }
        if (hiddenNode == null) {
            throw new IOException("no node lif1.lif");
        }
        int h = g.indexOf(hiddenNode);
        int steps = x.dim(0);
        Tensor[] rows = new Tensor[steps];
        NeuronState s = null;
        for (int t = 0; t < steps; t++) {
            int tt = t;
            Layer.Step r = g.forward(x.step(t).reshape(1, x.dim(1)), s, (k, name, out) -> {
                if (k == h) {
                    rows[tt] = out.copy();
                }
            });
            s = r.state();
        }
        int n = rows[0].size();
        Tensor out = Tensor.zeros(steps, n);
        for (int t = 0; t < steps; t++) {
            out.step(t).copyFrom(rows[t].reshape(n));
        }
        return out;
    }

    /** The single-LIF task: the steps at which the model spikes vs the steps the platforms agree on. */
    static String lif(Path root, Path f) throws IOException {
        Path csv = root.resolve("lif/lif_norse.csv");
        if (!Files.exists(csv)) {
            return "-";
        }
        List<String> lines = Files.readAllLines(csv);
        Tensor x = Tensor.zeros(lines.size(), 1, 1);
        List<Integer> want = new ArrayList<>();
        for (int t = 0; t < lines.size(); t++) {
            String[] c = lines.get(t).split(",");
            x.set(Float.parseFloat(c[0]), t, 0, 0);
            if (Float.parseFloat(c[2]) != 0) {
                want.add(t);
            }
        }
        List<String> parts = new ArrayList<>();
        for (NirImporter.Discretisation d : NirImporter.Discretisation.values()) {
            SequentialState net = NirImporter.load(f, DT, NirImporter.Options.DEFAULT.withDiscretisation(d)).network();
            Tensor y = net.run(x, null).output();
            List<Integer> got = new ArrayList<>();
            for (int t = 0; t < y.dim(0); t++) {
                if (y.step(t).countNonZero() > 0) {
                    got.add(t);
                }
            }
            parts.add(d.name().toLowerCase(java.util.Locale.ROOT) + " " + (got.equals(want) ? "yes" : "no " + got));
        }
        return String.join(", ", parts) + " (Norse/snnTorch/exact spike at " + want + ")";
    }
}
