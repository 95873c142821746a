package io.snn4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.snn4j.nn.Layer;
import io.snn4j.nn.SequentialState;
import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a NIR file is read: {@link NirImporter.Mode#AUTO} (the default) reads a file whose metadata says
 * Norse's exporter wrote it as Norse's numbers ({@code NORSE_EXPORT}) and any other file as Norse's
 * importer does ({@code NORSE_IMPORT}); the caller learns which mode was used and why. Mode names parse
 * case-insensitively.
 */
class NirModeTest {
    static final Path DIGITS = TestFiles.resource("digits/digits.nir");
    static final Path TINY = TestFiles.resource("digits/nir_tiny/tiny.nir");

    @Test
    void theDigitsFileSaysNorseExportedItAndIsReadAsNorseExport() throws IOException {
        NirImporter.Imported auto = NirImporter.importFile(DIGITS, 0.001, NirImporter.Mode.AUTO);
        assertEquals(NirImporter.Mode.NORSE_EXPORT, auto.mode());
        assertTrue(auto.reason().contains("source = \"norse.torch.to_nir"), auto.reason());
        assertEquals("0.001", auto.metadata().get("norse_dt"), "the file's metadata, as strings: " + auto.metadata());
        // the same layers as the explicit mode: LIFCell and LICell, not the forward-Euler chain
        SequentialState net = auto.model().network();
        assertEquals(4, net.layers().size(), net.toString());
        assertTrue(net.layers().get(1).toString().startsWith("LIFCell("), net.toString());
        assertTrue(net.layers().get(3).toString().startsWith("LICell("), net.toString());
        assertEquals(NirImporter.load(DIGITS, 0.001, NirImporter.Mode.NORSE_EXPORT).network().toString(), net.toString());
        assertEquals(net.toString(), NirImporter.load(DIGITS, 0.001).network().toString(), "AUTO is the default");
    }

    @Test
    void aFileThatDoesNotSayNorseExportedItKeepsNirsReading() throws IOException {
        NirImporter.Imported auto = NirImporter.importFile(TINY, 0.001, NirImporter.Mode.AUTO);
        assertEquals(NirImporter.Mode.NORSE_IMPORT, auto.mode());
        assertTrue(auto.reason().contains("names no Norse exporter"), auto.reason());
        SequentialState net = auto.model().network();
        assertEquals(NirImporter.load(TINY, 0.001, NirImporter.Mode.NORSE_IMPORT).network().toString(), net.toString());
        assertEquals(7, net.layers().size(), "Linear, Scale, LIBox, Scale, LIFBox, Linear, LIBox: " + net);
        // and computes the same numbers as the explicit mode
        Tensor x = NumPy.readNpy(TestFiles.resource("digits/nir_tiny/tiny_input.npy")).toTensor();
        assertEquals(NirImporter.load(TINY, 0.001, NirImporter.Mode.NORSE_IMPORT).network().run(x, null).output(),
                net.run(x, null).output());
    }

    @Test
    void anExplicitModeIsUsedAsGivenAndSaysSo() throws IOException {
        NirImporter.Imported imp = NirImporter.importFile(DIGITS, 0.001, NirImporter.Mode.NORSE_IMPORT);
        assertEquals(NirImporter.Mode.NORSE_IMPORT, imp.mode());
        assertEquals("requested", imp.reason());
        Layer synapse = imp.model().network().layers().get(2);
        assertTrue(synapse.toString().startsWith("LIBoxCell("), imp.model().network().toString());
    }

    @Test
    void detectionLooksAtWhoTheMetadataSaysWroteTheFile() {
        assertEquals(NirImporter.Mode.NORSE_IMPORT, NirImporter.detect(Map.of()).mode());
        assertEquals(NirImporter.Mode.NORSE_EXPORT, NirImporter.detect(Map.of("source", "norse.torch.to_nir of x")).mode());
        assertEquals(NirImporter.Mode.NORSE_EXPORT, NirImporter.detect(Map.of("Producer", "Norse 1.1.0")).mode());
        assertEquals(NirImporter.Mode.NORSE_EXPORT, NirImporter.detect(Map.of("exporter", " norse")).mode());
        assertEquals(NirImporter.Mode.NORSE_IMPORT, NirImporter.detect(Map.of("source", "snntorch export_to_nir")).mode());
        assertEquals(NirImporter.Mode.NORSE_IMPORT, NirImporter.detect(Map.of("source", "norsemen.io")).mode(),
                "a word that merely starts with 'norse'");
        assertEquals(NirImporter.Mode.NORSE_IMPORT, NirImporter.detect(Map.of("readout", "norse-style max")).mode(),
                "only producer keys count");
        assertEquals(NirImporter.Mode.NORSE_IMPORT, NirImporter.detect(Map.of("source", "converted from norse by rockpool"))
                .mode(), "the producer must be named first");
    }

    @Test
    void modeNamesParseCaseInsensitively() {
        assertEquals(NirImporter.Mode.AUTO, NirImporter.Mode.parse("auto"));
        assertEquals(NirImporter.Mode.NORSE_EXPORT, NirImporter.Mode.parse("Norse_Export"));
        assertEquals(NirImporter.Mode.NORSE_EXPORT, NirImporter.Mode.parse("norse-export"));
        assertEquals(NirImporter.Mode.NORSE_IMPORT, NirImporter.Mode.parse(" NORSE_IMPORT "));
        for (String bad : new String[] {"", "norse", "export", "auto2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NirImporter.Mode.parse(bad));
            assertEquals("unknown NIR mode '" + bad + "'; valid modes: auto, norse_import, norse_export", e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NirImporter.Mode.parse(null));
        assertTrue(e.getMessage().contains("valid modes: auto, norse_import, norse_export"), e.getMessage());
    }
}
