package io.snn4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Draws a spike raster (time on x, neuron on y; excitatory neurons in blue, inhibitory in red) above a
 * population-rate trace, with axes, ticks and labels, and writes it as a PNG. Headless; if the platform
 * has no fonts the labels are left out and everything else is drawn. Not thread-safe.
 */
public final class RasterPlot {
    /** Image width in pixels. */
    public static final int WIDTH = 1000;
    /** Image height in pixels. */
    public static final int HEIGHT = 700;
    /** The plot area of the raster (left, top, right, bottom), for tests. */
    static final int LEFT = 80, RIGHT = WIDTH - 30, RASTER_TOP = 40, RASTER_BOTTOM = 470;
    /** The plot area of the rate trace. */
    static final int RATE_TOP = 520, RATE_BOTTOM = HEIGHT - 60;
    static final Color EXCITATORY = new Color(30, 90, 200);
    static final Color INHIBITORY = new Color(210, 40, 40);
    static final Color AXIS = Color.BLACK;

    private RasterPlot() {
    }

    /**
     * Draws the raster of {@code spikeTimes} (per neuron, step indices) over {@code steps} steps of
     * {@code dt} seconds; neurons below {@code excitatory} are drawn as excitatory.
     */
    public static BufferedImage draw(List<int[]> spikeTimes, int steps, double dt, int excitatory, String title) {
        System.setProperty("java.awt.headless", "true");
        int neurons = spikeTimes.size();
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int w = RIGHT - LEFT, h = RASTER_BOTTOM - RASTER_TOP;
        // spikes: one pixel (or a short tick) per spike
        for (int j = 0; j < neurons; j++) {
            int y = RASTER_BOTTOM - 1 - (int) ((long) j * (h - 1) / Math.max(1, neurons - 1));
            int rgb = (j < excitatory ? EXCITATORY : INHIBITORY).getRGB();
            for (int t : spikeTimes.get(j)) {
                int x = LEFT + 1 + (int) ((long) t * (w - 2) / Math.max(1, steps - 1));
                img.setRGB(x, y, rgb);
                if (neurons < h / 2 && y + 1 < RASTER_BOTTOM) {
                    img.setRGB(x, y + 1, rgb);
                }
            }
        }
        // population rate in bins of about 5 ms
        int bin = Math.max(1, (int) Math.round(0.005 / dt));
        int bins = (steps + bin - 1) / bin;
        double[] rate = new double[bins];
        for (int[] ts : spikeTimes) {
            for (int t : ts) {
                rate[t / bin] += 1;
            }
        }
        double max = 1e-9;
        for (int b = 0; b < bins; b++) {
            rate[b] /= neurons * bin * dt;
            max = Math.max(max, rate[b]);
        }
        double top = niceCeiling(max);
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1.5f));
        int rh = RATE_BOTTOM - RATE_TOP;
        int prevX = -1, prevY = -1;
        for (int b = 0; b < bins; b++) {
            int x = LEFT + (int) ((b + 0.5) * w / bins);
            int y = RATE_BOTTOM - (int) Math.round(rate[b] / top * rh);
            if (prevX >= 0) {
                g.drawLine(prevX, prevY, x, y);
            }
            prevX = x;
            prevY = y;
        }
        // axes
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(LEFT, RASTER_TOP, LEFT, RASTER_BOTTOM);
        g.drawLine(LEFT, RASTER_BOTTOM, RIGHT, RASTER_BOTTOM);
        g.drawLine(LEFT, RATE_TOP, LEFT, RATE_BOTTOM);
        g.drawLine(LEFT, RATE_BOTTOM, RIGHT, RATE_BOTTOM);
        double seconds = steps * dt;
        double tick = niceStep(seconds * 1000 / 8);
        for (double ms = 0; ms <= seconds * 1000 + 1e-9; ms += tick) {
            int x = LEFT + (int) Math.round(ms / (seconds * 1000) * w);
            g.drawLine(x, RASTER_BOTTOM, x, RASTER_BOTTOM + 5);
            g.drawLine(x, RATE_BOTTOM, x, RATE_BOTTOM + 5);
            label(g, String.format(Locale.ROOT, "%.0f", ms), x, RATE_BOTTOM + 20, true);
        }
        for (int k = 0; k <= 4; k++) {
            int y = RASTER_BOTTOM - k * h / 4;
            g.drawLine(LEFT - 5, y, LEFT, y);
            label(g, Integer.toString(Math.round((float) k * neurons / 4)), LEFT - 8, y + 4, false);
            int ry = RATE_BOTTOM - k * rh / 4;
            g.drawLine(LEFT - 5, ry, LEFT, ry);
            label(g, String.format(Locale.ROOT, "%.0f", top * k / 4), LEFT - 8, ry + 4, false);
        }
        label(g, "time (ms)", LEFT + w / 2, HEIGHT - 15, true);
        verticalLabel(g, "neuron", 22, (RASTER_TOP + RASTER_BOTTOM) / 2);
        verticalLabel(g, "rate (Hz)", 22, (RATE_TOP + RATE_BOTTOM) / 2);
        label(g, title, WIDTH / 2, 25, true);
        g.setColor(EXCITATORY);
        label(g, "excitatory", RIGHT - 150, RASTER_TOP - 10, false);
        g.setColor(INHIBITORY);
        label(g, "inhibitory", RIGHT, RASTER_TOP - 10, false);
        g.dispose();
        return img;
    }

    /**
     * Writes the image as a PNG: to a temporary file in the same folder, then moved into place (a folder at
     * {@code file} is never replaced). Errors name {@code option} and the file.
     */
    public static void write(BufferedImage img, String option, Path file) throws IOException {
        OutputFile.writeAtomically(option, file, OutputFile.png(img));
    }

    private static void label(Graphics2D g, String text, int x, int y, boolean centred) {
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int width = g.getFontMetrics().stringWidth(text);
            g.drawString(text, centred ? x - width / 2 : x - width, y);
        } catch (Throwable fontsMissing) { // a platform without fonts: draw the rest without labels
        }
    }

    private static void verticalLabel(Graphics2D g, String text, int x, int y) {
        try {
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2, x, y);
            label(g, text, x, y, true);
            g.setTransform(saved);
        } catch (Throwable fontsMissing) {
        }
    }

    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    static double niceCeiling(double v) {
        double step = niceStep(v / 4);
        return Math.max(step, Math.ceil(v / step) * step);
    }
}
