package io.snn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurveTest {
    @TempDir
    Path dir;

    static final double[] LOSS = {2.3, 1.7, 1.2, 0.9, 0.75, 0.6, 0.52, 0.47, 0.44, 0.41};
    static final double[] TRAIN = {0.12, 0.35, 0.58, 0.7, 0.78, 0.83, 0.86, 0.88, 0.9, 0.91};
    static final double[] TEST = {0.1, 0.3, 0.52, 0.66, 0.73, 0.79, 0.8, 0.82, 0.83, 0.835};

    static int count(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (img.getRGB(x, y) == c.getRGB()) {
                    n++;
                }
            }
        }
        return n;
    }

    static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.collect(Collectors.toList());
        }
    }

    @Test
    void writesAPngWithTheThreeCurves() throws IOException {
        Path png = dir.resolve("curve.png");
        LearningCurve.write(png, LOSS, TRAIN, TEST);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(LearningCurve.WIDTH, img.getWidth());
        assertEquals(LearningCurve.HEIGHT, img.getHeight());
        // 10 epochs of 2-px lines across most of the plot width, plus markers
        assertTrue(count(img, LearningCurve.LOSS) > 500, "loss line pixels: " + count(img, LearningCurve.LOSS));
        assertTrue(count(img, LearningCurve.TRAIN) > 500, "train accuracy pixels: " + count(img, LearningCurve.TRAIN));
        assertTrue(count(img, LearningCurve.TEST) > 500, "test accuracy pixels: " + count(img, LearningCurve.TEST));
        assertEquals(List.of(png), files(dir), "no temporary file is left");

        // the first loss point: epoch 1 on an axis 0..10, loss 2.3 on an axis 0..2.5 (ticks every 0.5)
        int x = (int) Math.round(LearningCurve.LEFT + 1.0 / 10 * (LearningCurve.RIGHT - LearningCurve.LEFT));
        int y = (int) Math.round(LearningCurve.LOSS_BOTTOM + 2.3 / 2.5 * (LearningCurve.LOSS_TOP - LearningCurve.LOSS_BOTTOM));
        assertEquals(LearningCurve.LOSS.getRGB(), img.getRGB(x, y), "marker of epoch 1");
        // the loss curve stays in the loss panel and the accuracies in theirs
        for (int py = 0; py < img.getHeight(); py++) {
            for (int px = 0; px < img.getWidth(); px++) {
                int rgb = img.getRGB(px, py);
                if (rgb == LearningCurve.LOSS.getRGB()) {
                    assertTrue(py <= LearningCurve.LOSS_BOTTOM + 4, "loss pixel at y " + py);
                }
                if (rgb == LearningCurve.TEST.getRGB()) {
                    assertTrue(py >= LearningCurve.ACC_TOP - 4, "test pixel at y " + py);
                }
            }
        }
    }

    @Test
    void withoutTestAccuracyThereIsNoTestCurve() throws IOException {
        Path png = dir.resolve("train-only.png");
        LearningCurve.write(png, LOSS, TRAIN, null);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(count(img, LearningCurve.TRAIN) > 500);
        assertEquals(0, count(img, LearningCurve.TEST));
        // loss alone, one epoch, a diverged value: still drawn
        LearningCurve.write(png, new double[] {0.7}, null, null);
        assertTrue(count(ImageIO.read(png.toFile()), LearningCurve.LOSS) >= 49, "the single epoch's marker");
        LearningCurve.write(png, new double[] {1, 0.5, Double.NaN, Double.POSITIVE_INFINITY, 0.3}, new double[] {0.5, 0.6,
            Double.NaN, 0.7, 0.8}, null);
        assertTrue(count(ImageIO.read(png.toFile()), LearningCurve.LOSS) > 100);
    }

    @Test
    void replacesAnExistingFileAndRefusesADirectory() throws IOException {
        Path png = dir.resolve("c.png");
        Files.writeString(png, "old");
        LearningCurve.write(png, LOSS, TRAIN, TEST);
        assertEquals(LearningCurve.WIDTH, ImageIO.read(png.toFile()).getWidth());

        Path sub = Files.createDirectory(dir.resolve("plots.png"));
        IOException e = assertThrows(IOException.class, () -> LearningCurve.write(sub, LOSS, TRAIN, TEST));
        assertTrue(e.getMessage().contains(sub.toString()) && e.getMessage().contains("directory"), e.getMessage());
        assertTrue(Files.isDirectory(sub));
        assertEquals(List.of(), files(sub));

        Path missing = dir.resolve("no-such-folder").resolve("c.png");
        IOException e2 = assertThrows(IOException.class, () -> LearningCurve.write(missing, LOSS, TRAIN, TEST));
        assertTrue(e2.getMessage().contains(missing.toString()), e2.getMessage());
        assertEquals(2, files(dir).size(), "only c.png and plots.png: no temporary file");
    }

    @Test
    void thePngGetsTheUsualPermissions() throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path png = dir.resolve("p.png"), plain = dir.resolve("plain.txt");
        LearningCurve.write(png, LOSS, TRAIN, TEST);
        Files.writeString(plain, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(png),
                "not the owner-only permissions of a temporary file");
    }

    @Test
    void rejectsBadSeries() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningCurve.draw(LOSS, new double[] {0.1, 0.2}, null));
        assertTrue(e.getMessage().contains("trainAccuracy") && e.getMessage().contains("10"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LearningCurve.draw(new double[] {1, 2}, null, new double[] {0.5, 85}));
        assertTrue(e.getMessage().contains("testAccuracy[1] = 85.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningCurve.draw(new double[0], null, null));
        assertThrows(IllegalArgumentException.class, () -> LearningCurve.draw(null, null, null));
        assertThrows(IllegalArgumentException.class, () -> LearningCurve.write(dir.resolve("x.png"), LOSS, TRAIN,
                new double[] {-0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    }

    @Test
    void ticksAreRound() {
        LearningCurve.Axis loss = LearningCurve.Axis.around(0, 2.3);
        assertEquals(0, loss.start());
        assertEquals(0.5, loss.step());
        assertEquals(2.5, loss.end());
        assertEquals(5, loss.ticks());
        LearningCurve.Axis acc = LearningCurve.Axis.around(0.93, 1);
        assertEquals(0.02, acc.step());
        assertEquals(0.92, acc.start(), 1e-12);
        assertEquals(4, acc.ticks());
        String[] labels = new String[acc.ticks() + 1];
        for (int k = 0; k <= acc.ticks(); k++) {
            labels[k] = LearningCurve.format(acc.tick(k) * 100, acc.step() * 100);
        }
        assertArrayEquals(new String[] {"92", "94", "96", "98", "100"}, labels);
        LearningCurve.Axis small = LearningCurve.Axis.around(-0.013, 0.031);
        assertEquals(0.01, small.step());
        assertEquals("-0.02", LearningCurve.format(small.tick(0), small.step()));
        assertEquals("0.00", LearningCurve.format(small.tick(2), small.step()));
        assertEquals("0.1", LearningCurve.format(0.1 + 0.2 - 0.2, 0.1));
        assertEquals(0.2, LearningCurve.niceStep(0.15));
        assertEquals(5.0, LearningCurve.niceStep(3));
        assertEquals(10.0, LearningCurve.niceStep(7));
        LearningCurve.Axis flat = LearningCurve.Axis.around(0, 0);
        assertEquals(0, flat.start());
        assertEquals(1, flat.end(), 1e-12);
    }
}
