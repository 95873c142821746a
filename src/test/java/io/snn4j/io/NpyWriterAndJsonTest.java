package io.snn4j.io;

import static io.snn4j.io.FormatsTest.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.snn4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterAndJsonTest {
    @TempDir
    Path tmp;

    @Test
    void stepWiseWritingGivesTheArrayNumPyWouldWrite() throws IOException {
        Tensor all = FormatsTest.random(3, 5, 2, 3);
        Path f = tmp.resolve("o.npy");
        try (NpyWriter w = NpyWriter.create(f, new int[] {5, 2, 3})) {
            for (int t = 4; t >= 0; t--) {
                w.writeStep(t, all.step(t));
            }
            assertThrows(IllegalArgumentException.class, () -> w.writeStep(5, all.step(0)));
            assertThrows(IllegalArgumentException.class, () -> w.writeStep(0, Tensor.zeros(3, 2)));
        }
        assertEquals(all, NumPy.readNpy(f).toTensor());
        try (NpyWriter w = NpyWriter.open(f, new int[] {5, 2, 3})) {
            w.writeStep(2, Tensor.zeros(2, 3));
        }
        assertEquals(0f, NumPy.readNpy(f).toTensor().get(2, 1, 1));
        rejects("not the output of shape [6, 2, 3]", () -> NpyWriter.open(f, new int[] {6, 2, 3}));
        rejects("no such file", () -> NpyWriter.open(tmp.resolve("none.npy"), new int[] {1}));
    }

    @Test
    void jsonIsStrictAndRoundTrips() throws IOException {
        Object v = Json.parse("{\"a\": [1, 2.5, -3e2, true, null, \"x\\u00e9\\n\"], \"b\": {}}", "t");
        assertEquals(Map.of("a", java.util.Arrays.asList(1.0, 2.5, -300.0, true, null, "x\u00e9\n"), "b", Map.of()), v);
        assertEquals(v, Json.parse(Json.write(v), "t"));
        for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\q\"", "{\"a\":1,\"a\":2}", "[1] x", "tru",
                "[".repeat(300) + "]".repeat(300), "\"\u0001\"")) {
            rejects("malformed JSON", () -> Json.parse(bad, "bad.json"));
        }
    }
}
