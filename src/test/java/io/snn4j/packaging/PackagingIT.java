package io.snn4j.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the packaged artifacts after {@code mvn package} (failsafe, in {@code mvn verify} and
 * {@code scripts/test}): what each jar holds and leaves out, the module name, the class-file version,
 * that the CLI jar starts, and that a small program compiled against the standalone jar alone runs on a
 * JDK 17 (the one scripts/test found; the test JVM if there is none) with the SIMD kernels and without
 * them, with the same spikes on both paths. The build passes the jar locations as system properties.
 */
class PackagingIT {
    /** Class-file major version of Java 17: the library's baseline. */
    private static final int JAVA_17_MAJOR = 61;
    private static final String SIMD_LOG = "snn4j: SIMD kernels (jdk.incubator.vector";
    private static final String SCALAR_LOG =
            "snn4j: scalar kernels; start the JVM with --add-modules jdk.incubator.vector to enable the SIMD kernels";

    private static Path target;
    private static String finalName;
    private static String moduleName;

    @BeforeAll
    static void locateArtifacts() {
        target = Paths.get(property("snn4j.it.buildDirectory"));
        finalName = property("snn4j.it.finalName");
        moduleName = property("snn4j.it.moduleName");
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertNotNull(value, "system property " + name + " is not set (run through mvn verify)");
        return value;
    }

    private static Path jar(String classifier) {
        Path p = target.resolve(finalName + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar");
        assertTrue(Files.isRegularFile(p), p + " was not built");
        return p;
    }

    private static Set<String> entries(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream().map(JarEntry::getName).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Manifest manifest(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            assertNotNull(m, jar + " has no manifest");
            return m;
        }
    }

    private static List<String> startingWith(Set<String> entries, String... prefixes) {
        List<String> found = new ArrayList<>();
        for (String e : entries) {
            for (String p : prefixes) {
                if (e.startsWith(p)) {
                    found.add(e);
                }
            }
        }
        return found;
    }

    private static void assertContains(Path jar, Set<String> entries, String... names) {
        for (String n : names) {
            assertTrue(entries.contains(n), jar.getFileName() + " lacks " + n);
        }
    }

    private static void assertNone(Path jar, Set<String> entries, String... prefixes) {
        List<String> found = startingWith(entries, prefixes);
        assertEquals(List.of(), found.subList(0, Math.min(5, found.size())),
                jar.getFileName() + " must not contain " + Arrays.toString(prefixes) + " (" + found.size() + " entries)");
    }

    /** The highest class-file major version in a jar. */
    private static int maxClassVersion(Path jar) throws IOException {
        int max = 0;
        try (JarFile j = new JarFile(jar.toFile())) {
            for (JarEntry e : Collections.list(j.entries())) {
                if (!e.getName().endsWith(".class") || e.getName().startsWith("META-INF/versions/")) {
                    continue;
                }
                try (InputStream in = j.getInputStream(e)) {
                    byte[] head = in.readNBytes(8);
                    assertEquals(0xCAFEBABE, ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16)
                            | ((head[2] & 0xff) << 8) | (head[3] & 0xff), e.getName() + " is not a class file");
                    max = Math.max(max, ((head[6] & 0xff) << 8) | (head[7] & 0xff));
                }
            }
        }
        return max;
    }

    @Test
    void libraryJarHoldsTheLibraryOnly() throws IOException {
        Path jar = jar("");
        Set<String> e = entries(jar);
        assertContains(jar, e, "io/snn4j/tensor/Tensor.class", "io/snn4j/module/LIF.class",
                "io/snn4j/io/NirImporter.class", "io/snn4j/internal/vectorization/PanamaKernels.class",
                "io/snn4j/internal/vectorization/ScalarKernels.class");
        assertNone(jar, e, "io/snn4j/cli/", "picocli/", "org/ejml/", "io/jhdf/", "org/slf4j/", "META-INF/jpms.args");
        assertEquals(moduleName, manifest(jar).getMainAttributes().getValue("Automatic-Module-Name"));
        assertTrue(maxClassVersion(jar) <= JAVA_17_MAJOR, jar + " has classes newer than Java 17");
    }

    @Test
    void libraryJarIsTheAutomaticModuleIoSnn4j() {
        Set<ModuleReference> found = ModuleFinder.of(jar("")).findAll();
        assertEquals(1, found.size());
        ModuleDescriptor d = found.iterator().next().descriptor();
        assertEquals(moduleName, d.name());
        assertTrue(d.isAutomatic());
        assertTrue(d.packages().containsAll(Set.of("io.snn4j.tensor", "io.snn4j.module", "io.snn4j.functional",
                "io.snn4j.nn", "io.snn4j.optim", "io.snn4j.io", "io.snn4j.internal.vectorization")), d.packages().toString());
        assertTrue(d.packages().stream().noneMatch(p -> p.startsWith("io.snn4j.cli")), d.packages().toString());
    }

    @Test
    void standaloneJarIsTheLibraryWithEjmlAndNothingElse() throws IOException {
        Path jar = jar("standalone");
        Set<String> e = entries(jar);
        assertContains(jar, e, "org/ejml/data/FMatrixRMaj.class", "org/ejml/dense/row/CommonOps_FDRM.class",
                "org/ejml/UtilEjml.class");
        Set<String> libraryClasses = new TreeSet<>(entries(jar("")));
        libraryClasses.removeIf(n -> !n.endsWith(".class"));
        assertTrue(e.containsAll(libraryClasses), "the standalone jar lacks some of the library's classes");
        assertNone(jar, e, "io/snn4j/cli/", "picocli/", "io/jhdf/", "org/slf4j/", "org/apache/");
        assertEquals(moduleName, manifest(jar).getMainAttributes().getValue("Automatic-Module-Name"));
        assertTrue(maxClassVersion(jar) <= JAVA_17_MAJOR, jar + " has classes newer than Java 17");
    }

    @Test
    void sourcesJarHoldsTheLibrarySources() throws IOException {
        Path jar = jar("sources");
        Set<String> e = entries(jar);
        assertContains(jar, e, "io/snn4j/tensor/Tensor.java", "io/snn4j/tensor/package-info.java",
                "io/snn4j/internal/vectorization/PanamaKernels.java");
        assertNone(jar, e, "io/snn4j/cli/");
    }

    @Test
    void javadocJarDocumentsTheLibraryApi() throws IOException {
        Path jar = jar("javadoc");
        Set<String> e = entries(jar);
        assertContains(jar, e, "index.html", "io/snn4j/tensor/Tensor.html", "io/snn4j/tensor/package-summary.html",
                "io/snn4j/module/LIF.html", "io/snn4j/optim/Adam.html");
        assertNone(jar, e, "io/snn4j/cli/");
    }

    @Test
    void cliJarHoldsEverythingAndStarts(@TempDir Path dir) throws Exception {
        Path jar = jar("cli");
        Set<String> e = entries(jar);
        assertContains(jar, e, "io/snn4j/cli/Main.class", "io/snn4j/cli/digits/train_inputs.npy",
                "io/snn4j/tensor/Tensor.class", "picocli/CommandLine.class", "org/ejml/data/FMatrixRMaj.class",
                "io/jhdf/HdfFile.class");
        assertEquals("io.snn4j.cli.Main", manifest(jar).getMainAttributes().getValue("Main-Class"));
        Result r = run(dir, currentJava(), List.of("-jar", jar.toString(), "--help"));
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.out.contains("demo") && r.out.contains("train"), r.toString());
    }

    /**
     * What {@code scripts/snn} runs: the CLI jar with {@code -Dsnn4j.kernels=warmup} (here with no delay, so
     * that the SIMD kernels can take over during the run) and with a JDK 25 AOT cache made by a training run
     * ({@code -XX:AOTCacheOutput}), and with a cache file the JVM cannot use. Every run writes the same
     * spikes as the plain SIMD kernels, bit for bit, reports its time to first result, and the refused
     * cache neither fails the run nor prints the JVM's AOT messages.
     */
    @Test
    void cliDemoGivesTheSameSpikesWithWarmUpKernelsAndAnAotCache(@TempDir Path dir) throws Exception {
        String jar = jar("cli").toString();
        Path aot = dir.resolve("snn.aot"), bad = dir.resolve("bad.aot");
        Files.writeString(bad, "not an AOT cache");
        List<String> demo = List.of("demo", "--quiet", "--neurons", "1000", "--steps", "1500");
        List<List<String>> variants = List.of(
                List.of("-Dsnn4j.kernels=panama"),
                List.of("-Dsnn4j.kernels=warmup", "-Dsnn4j.warmupDelayMs=0"),
                List.of("-Dsnn4j.kernels=warmup", "-XX:AOTCacheOutput=" + aot, "-Xlog:aot*=off,cds*=off"),
                List.of("-Dsnn4j.kernels=warmup", "-XX:AOTCache=" + aot, "-Xlog:aot*=off,cds*=off"),
                List.of("-Dsnn4j.kernels=warmup", "-XX:AOTCache=" + bad, "-Xlog:aot*=off,cds*=off"));
        byte[] reference = null;
        for (int v = 0; v < variants.size(); v++) {
            Path spikes = dir.resolve("spikes" + v + ".npy");
            List<String> args = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector"));
            args.addAll(variants.get(v));
            args.addAll(List.of("-jar", jar));
            args.addAll(demo);
            args.addAll(List.of("--out", dir.resolve("raster" + v + ".png").toString(), "--spikes", spikes.toString()));
            Result r = run(dir, currentJava(), args);
            assertEquals(0, r.exit, r.toString());
            assertTrue(r.out.contains("first result ") && r.out.contains(" s from JVM launch"), r.toString());
            assertTrue(!r.out.contains("[aot]") && !r.err.contains("[aot]") && !r.err.contains("[cds]"), r.toString());
            if (v == 2) {
                assertTrue(Files.size(aot) > 0, "no AOT cache written: " + r);
            }
            byte[] b = Files.readAllBytes(spikes);
            if (reference == null) {
                reference = b;
            } else {
                assertTrue(Arrays.equals(reference, b), "spikes differ from the SIMD kernels' with " + variants.get(v));
            }
        }
    }

    /**
     * The CLI run in a folder of the user's: an output left at its default name ({@code raster.png} of
     * {@code demo} and {@code plot}, {@code output.npy} of {@code run}) never replaces a file the user has
     * there (one line, status 2, the file as it was), while a plot that snn wrote there is replaced by the
     * next run, and a file named on the command line is replaced as asked.
     */
    @Test
    void defaultOutputsReplaceOnlyWhatSnnWrote(@TempDir Path dir) throws Exception {
        List<String> cli = List.of("--add-modules", "jdk.incubator.vector", "-jar", jar("cli").toString());
        List<String> demo = List.of("demo", "--quiet", "--neurons", "200", "--steps", "50");
        Path raster = dir.resolve("raster.png"), output = dir.resolve("output.npy"), named = dir.resolve("named.png");
        Files.writeString(raster, "my own drawing");
        Files.writeString(output, "my own array");
        Files.writeString(named, "replace me");

        Result refused = run(dir, currentJava(), concat(cli, demo));
        assertEquals(2, refused.exit, refused.toString());
        assertTrue(refused.err.contains("raster.png exists and is not a plot snn wrote, so it is not replaced"), refused.toString());
        assertEquals("my own drawing", Files.readString(raster));

        Result asked = run(dir, currentJava(), concat(cli, demo, List.of("--out", named.toString(), "--spikes", "s.npy")));
        assertEquals(0, asked.exit, asked.toString());
        assertTrue(Files.size(named) > 100, "the named file was replaced by the plot");

        Result plot = run(dir, currentJava(), concat(cli, List.of("plot", "s.npy")));
        assertEquals(2, plot.exit, plot.toString());
        assertEquals("my own drawing", Files.readString(raster));

        Path model = Paths.get(PackagingIT.class.getResource("/digits/model.json").toURI());
        Path input = Paths.get(PackagingIT.class.getResource("/digits/test_inputs.npy").toURI());
        Result runRefused = run(dir, currentJava(), concat(cli, List.of("run", "--quiet", "--model", model.toString(),
                "--input", input.toString(), "--steps", "2")));
        assertEquals(2, runRefused.exit, runRefused.toString());
        assertTrue(runRefused.err.contains("output.npy exists and is not a plot snn wrote"), runRefused.toString());
        assertEquals("my own array", Files.readString(output));

        Files.delete(raster);
        for (int k = 0; k < 2; k++) { // the first writes the plot, the second replaces it
            Result r = run(dir, currentJava(), concat(cli, demo));
            assertEquals(0, r.exit, r.toString());
            assertTrue(Files.size(raster) > 100, r.toString());
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    /**
     * The standalone jar as the one file an application needs: compiled against it alone for Java 17, the
     * program runs on JDK 17 without the vector module (scalar kernels, and the log names the flag) and
     * with it (SIMD kernels), and both give the same spikes.
     */
    @Test
    void appCompiledAgainstTheStandaloneJarRunsWithAndWithoutSimd(@TempDir Path dir) throws Exception {
        Path standalone = jar("standalone");
        Path classes = dir.resolve("classes");
        compile(List.of("--release", "17", "-classpath", standalone.toString(), "-d", classes.toString(),
                smokeSource("smoke/Smoke.java").toString()));
        String cp = standalone + java.io.File.pathSeparator + classes;
        String java = java17();

        Result scalar = run(dir, java, List.of("-cp", cp, "smoke.Smoke"));
        assertEquals(0, scalar.exit, scalar.toString());
        assertTrue(scalar.err.contains(SCALAR_LOG), "no scalar-kernel log line: " + scalar);
        assertJavaVersion(scalar);

        Result simd = run(dir, java, List.of("--add-modules", "jdk.incubator.vector", "-cp", cp, "smoke.Smoke"));
        assertEquals(0, simd.exit, simd.toString());
        assertTrue(simd.err.contains(SIMD_LOG), "no SIMD-kernel log line: " + simd);
        assertTrue(simd.out.contains("recurrent spikes") && !simd.out.contains("recurrent spikes 0 "), simd.out);
        assertEquals(scalar.out, simd.out, "the scalar and SIMD paths gave different spikes");
    }

    /** The library jar and EJML on the module path: a named module that {@code requires io.snn4j} runs. */
    @Test
    void namedModuleRequiresTheLibrary(@TempDir Path dir) throws Exception {
        String modulePath = String.join(java.io.File.pathSeparator, jar("").toString(),
                codeSource(FMatrixRMaj.class), codeSource(CommonOps_FDRM.class));
        Path classes = dir.resolve("smoke");
        compile(List.of("--release", "17", "--module-path", modulePath, "-d", classes.toString(),
                smokeSource("module-info.java").toString(), smokeSource("smoke/Smoke.java").toString()));
        Result r = run(dir, java17(), List.of("--add-modules", "jdk.incubator.vector",
                "--module-path", modulePath + java.io.File.pathSeparator + classes, "-m", "smoke/smoke.Smoke"));
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.err.contains(SIMD_LOG), r.toString());
        assertTrue(r.out.contains("feed-forward spikes"), r.toString());
    }

    private static String codeSource(Class<?> c) throws URISyntaxException {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static Path smokeSource(String name) throws URISyntaxException {
        java.net.URL url = PackagingIT.class.getResource("/packaging/" + name);
        assertNotNull(url, "test resource packaging/" + name);
        return Paths.get(url.toURI());
    }

    private static void compile(List<String> args) {
        java.util.spi.ToolProvider javac = java.util.spi.ToolProvider.findFirst("javac")
                .orElseThrow(() -> new AssertionError("the test JVM has no javac"));
        StringWriter messages = new StringWriter();
        PrintWriter w = new PrintWriter(messages);
        int status = javac.run(w, w, args.toArray(new String[0]));
        w.flush();
        assertEquals(0, status, "javac " + String.join(" ", args) + " failed:\n" + messages);
    }

    private static String currentJava() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The JDK 17 that scripts/test found, or the test JVM when the JDK 17 runs are skipped. */
    private static String java17() {
        if (Boolean.parseBoolean(System.getProperty("snn4j.it.jdk17.skip", "true"))) {
            System.err.println("PackagingIT: no JDK 17 given (snn4j.jdk17.skip); running the program on "
                    + System.getProperty("java.version"));
            return currentJava();
        }
        return property("snn4j.it.jdk17.java");
    }

    private static void assertJavaVersion(Result r) {
        String expected = Boolean.parseBoolean(System.getProperty("snn4j.it.jdk17.skip", "true"))
                ? System.getProperty("java.specification.version") : "17";
        assertTrue(r.out.startsWith("java " + expected + System.lineSeparator()), "expected Java " + expected + ": " + r);
    }

    private static final class Result {
        final List<String> command;
        final int exit;
        final String out;
        final String err;

        Result(List<String> command, int exit, String out, String err) {
            this.command = command;
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\nexit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private static Result run(Path dir, String java, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(args);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("timed out after 120 s: " + String.join(" ", command));
        }
        return new Result(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
