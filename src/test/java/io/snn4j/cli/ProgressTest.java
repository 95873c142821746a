package io.snn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void notATerminalGetsAPlainLineEveryInterval() throws InterruptedException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(b, true, StandardCharsets.UTF_8);
        Progress p = new Progress(err, 0, 100, false, "steps", 1_000_000L);
        for (int t = 1; t <= 50; t++) {
            Thread.sleep(2);
            p.update(t);
        }
        String text = b.toString(StandardCharsets.UTF_8);
        assertTrue(text.lines().count() >= 10, text);
        assertTrue(text.lines().allMatch(l -> l.matches("progress: \\d+/100 steps \\(\\d+%\\), \\d+ steps/s, \\d+m?\\d*s left")), text);
        assertTrue(text.contains("progress: 50/100 steps (50%)"), text);
    }

    @Test
    void quietPrintsNothing() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(b, true, StandardCharsets.UTF_8), 0, 10, true, "steps", 0);
        for (int t = 1; t <= 10; t++) {
            p.update(t);
        }
        assertEquals(0, b.size());
    }
}
