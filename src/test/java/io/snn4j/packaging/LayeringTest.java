package io.snn4j.packaging;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering of the design card, checked over the compiled main classes (not the tests):
 * {@code cli -> io -> nn -> (module, optim) -> functional -> internal}, {@code tensor} at the bottom; only
 * the Panama kernels touch {@code jdk.incubator.vector}; only the CLI touches picocli and java.desktop;
 * {@code optim} depends on {@code tensor} alone; and every main package has a documented
 * {@code package-info.java}. Each rule is also shown to catch a violation, with fixture classes from the
 * test sources that break it.
 */
class LayeringTest {
    private static final String ROOT = "io.snn4j";

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    /** Upper layers may use any lower one; no layer uses one above it; every class is in a layer. */
    static ArchRule layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("io.snn4j.cli..")
                .layer("io").definedBy("io.snn4j.io..")
                .layer("nn").definedBy("io.snn4j.nn..")
                .layer("optim").definedBy("io.snn4j.optim..")
                .layer("module").definedBy("io.snn4j.module..")
                .layer("functional").definedBy("io.snn4j.functional..")
                .layer("internal").definedBy("io.snn4j.internal..")
                .layer("tensor").definedBy("io.snn4j.tensor..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("io").mayOnlyAccessLayers("nn", "optim", "module", "functional", "internal", "tensor")
                .whereLayer("nn").mayOnlyAccessLayers("optim", "module", "functional", "internal", "tensor")
                .whereLayer("module").mayOnlyAccessLayers("functional", "internal", "tensor")
                .whereLayer("optim").mayOnlyAccessLayers("tensor")
                .whereLayer("functional").mayOnlyAccessLayers("internal", "tensor")
                .whereLayer("internal").mayNotAccessAnyLayer()
                .whereLayer("tensor").mayNotAccessAnyLayer()
                .ensureAllClassesAreContainedInArchitecture();
    }

    /** {@code io.snn4j.tensor} uses nothing else of snn4j. */
    static ArchRule tensorStandsAlone() {
        return noClasses().that().resideInAPackage("io.snn4j.tensor..")
                .should().dependOnClassesThat(resideInAPackage("io.snn4j..").and(not(resideInAPackage("io.snn4j.tensor.."))))
                .as("io.snn4j.tensor depends on no other snn4j package");
    }

    /** {@code io.snn4j.optim} depends on {@code io.snn4j.tensor} and the JDK only (not even EJML). */
    static ArchRule optimOnTensorOnly() {
        return classes().that().resideInAPackage("io.snn4j.optim..")
                .should().onlyDependOnClassesThat(resideInAnyPackage("io.snn4j.optim..", "io.snn4j.tensor..", "java.."))
                .as("io.snn4j.optim depends only on io.snn4j.tensor and java.*");
    }

    /**
     * The incubator module is imported by the Panama kernels only ({@code internal.vectorization.Panama*}),
     * which the provider loads by name, so that the rest of the library links without the module.
     */
    static ArchRule onlyPanamaKernelsUseTheVectorApi() {
        return noClasses().that().haveNameNotMatching("io\\.snn4j\\.internal\\.vectorization\\.Panama[^.]*")
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
                .as("only io.snn4j.internal.vectorization.Panama* use jdk.incubator.vector");
    }

    /** picocli, java.desktop (AWT, ImageIO, Swing) and SLF4J belong to the command line. */
    static ArchRule cliDependenciesStayInTheCli() {
        return noClasses().that().resideOutsideOfPackage("io.snn4j.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "java.awt..", "javax.imageio..",
                        "javax.swing..", "org.slf4j..")
                .as("only io.snn4j.cli uses picocli, java.desktop or SLF4J");
    }

    /** jhdf is an optional dependency, touched only by the NIR reader in {@code io.snn4j.io} (and the CLI). */
    static ArchRule jhdfStaysInIo() {
        return noClasses().that().resideOutsideOfPackages("io.snn4j.io..", "io.snn4j.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.jhdf..")
                .as("only io.snn4j.io uses the optional jhdf");
    }

    private static List<ArchRule> rules() {
        return List.of(layers(), tensorStandsAlone(), optimOnTensorOnly(), onlyPanamaKernelsUseTheVectorApi(),
                cliDependenciesStayInTheCli(), jhdfStaysInIo());
    }

    @Test
    void importedTheLibraryAndTheCliButNoTests() {
        assertTrue(main.containPackage("io.snn4j.tensor"), "no main classes imported");
        assertTrue(main.containPackage("io.snn4j.cli"));
        assertTrue(main.contain("io.snn4j.internal.vectorization.PanamaKernels"));
        assertFalse(main.contain(LayeringTest.class), "test classes were imported");
    }

    @Test
    void packageLayering() {
        layers().check(main);
    }

    @Test
    void tensorDependsOnNoOtherPackage() {
        tensorStandsAlone().check(main);
    }

    @Test
    void optimDependsOnlyOnTensor() {
        optimOnTensorOnly().check(main);
    }

    @Test
    void onlyThePanamaKernelsImportTheIncubatorModule() {
        onlyPanamaKernelsUseTheVectorApi().check(main);
    }

    @Test
    void picocliAndJavaDesktopOnlyInTheCli() {
        cliDependenciesStayInTheCli().check(main);
    }

    @Test
    void jhdfOnlyInIo() {
        jhdfStaysInIo().check(main);
    }

    /** Each rule reports the fixtures: test classes placed in library packages that break the rules. */
    @Test
    void everyRuleCatchesAViolation() {
        List<URL> fixtures = new ArrayList<>();
        for (String name : List.of("io.snn4j.tensor.LayeringViolationFixture", "io.snn4j.optim.LayeringViolationFixture")) {
            URL url = LayeringTest.class.getResource("/" + name.replace('.', '/') + ".class");
            assertNotNull(url, name + " not compiled");
            fixtures.add(url);
        }
        JavaClasses withFixtures = new ClassFileImporter().importUrls(fixtures);
        assertEquals(2, withFixtures.size());
        List<String> missed = new ArrayList<>();
        for (ArchRule rule : rules()) {
            EvaluationResult result = rule.evaluate(withFixtures);
            if (!result.hasViolation() || !result.getFailureReport().toString().contains("LayeringViolationFixture")) {
                missed.add(rule.getDescription());
            }
        }
        assertEquals(List.of(), missed, "rules that did not report the fixtures' violations");
    }

    private static Path mainSources() {
        Path sources = Paths.get(System.getProperty("basedir", "."), "src", "main", "java");
        assertTrue(Files.isDirectory(sources), "no " + sources.toAbsolutePath());
        return sources;
    }

    private static List<Path> javaFiles(Path sources) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
    }

    /** A {@code package-info.java} with a javadoc comment in every package of {@code src/main/java}. */
    @Test
    void everyPackageHasADocumentedPackageInfo() throws IOException {
        Path sources = mainSources();
        Map<String, String> problems = new TreeMap<>();
        TreeSet<Path> packages = javaFiles(sources).stream().map(Path::getParent)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(packages.size() >= 9, "found only " + packages);
        Pattern declaration = Pattern.compile("(?s)^\\s*/\\*\\*(.*?)\\*/\\s*package\\s+([\\w.]+)\\s*;");
        for (Path dir : packages) {
            String expected = sources.relativize(dir).toString().replace(dir.getFileSystem().getSeparator(), ".");
            Path info = dir.resolve("package-info.java");
            if (!Files.exists(info)) {
                problems.put(expected, "no package-info.java");
                continue;
            }
            Matcher m = declaration.matcher(Files.readString(info, StandardCharsets.UTF_8));
            if (!m.find()) {
                problems.put(expected, "package-info.java has no javadoc comment before its package declaration");
            } else if (!m.group(2).equals(expected)) {
                problems.put(expected, "package-info.java declares package " + m.group(2));
            } else if (m.group(1).replaceAll("[\\s*]", "").length() < 40) {
                problems.put(expected, "package-info.java's comment is too short to say what the package is");
            }
        }
        assertEquals(Map.of(), problems);
    }

    /**
     * Every public top-level type has a javadoc comment. (The javadoc build runs doclint without its
     * "missing" group, which would also demand a comment, {@code @param} and {@code @return} on every
     * member; this keeps the part the project promises.)
     */
    @Test
    void everyPublicTypeHasAJavadocComment() throws IOException {
        Pattern publicType = Pattern.compile(
                "^public\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*(?:class|interface|record|enum|@interface)\\s",
                Pattern.MULTILINE);
        List<String> undocumented = new ArrayList<>();
        int checked = 0;
        for (Path file : javaFiles(mainSources())) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = publicType.matcher(text);
            if (file.getFileName().toString().equals("package-info.java") || !m.find()) {
                continue;
            }
            checked++;
            if (!documented(text.substring(0, m.start()))) {
                undocumented.add(file.getFileName().toString());
            }
        }
        assertTrue(checked > 100, "found only " + checked + " public types");
        assertEquals(List.of(), undocumented, "public types without a javadoc comment");
    }

    /** Whether the text before a declaration ends with a javadoc comment followed only by annotations. */
    static boolean documented(String before) {
        int end = before.lastIndexOf("*/");
        int start = end < 0 ? -1 : before.lastIndexOf("/**", end);
        if (start < 0 || before.substring(start, end).contains("*/")) {
            return false;                         // no javadoc comment, or the last comment is another kind
        }
        String rest = before.substring(end + 2).trim();
        while (rest.startsWith("@")) {            // annotations, with balanced (possibly multi-line) arguments
            int k = 1;
            while (k < rest.length() && (Character.isJavaIdentifierPart(rest.charAt(k)) || rest.charAt(k) == '.')) {
                k++;
            }
            rest = rest.substring(k).trim();
            if (rest.startsWith("(")) {
                int depth = 0;
                int i = 0;
                do {
                    char c = rest.charAt(i);
                    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                    i++;
                } while (depth > 0 && i < rest.length());
                rest = rest.substring(i).trim();
            }
        }
        return rest.isEmpty();
    }

    @Test
    void documentedSeesCommentsThroughAnnotationsOnly() {
        assertTrue(documented("package a;\n/** A thing. */\n"));
        assertTrue(documented("/** A thing. */\n@Command(name = \"x\",\n    sub = {A.class, B.class})\n@Deprecated\n"));
        assertFalse(documented("package a;\nimport b.C;\n"));
        assertFalse(documented("/* A plain comment. */\n"));
        assertFalse(documented("/** Of something else. */ int x;\n/* A plain comment. */\n"));
        assertTrue(documented("/** Reads {@code digits/*.npy}. */\n"));
        assertFalse(documented("/** Comment of a field. */ int x;\n@Deprecated\n"));
    }
}
