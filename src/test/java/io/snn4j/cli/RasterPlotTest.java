package io.snn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The raster plot: spikes at their time on the tick scale, honest rates, round ticks, a legend only for E/I. */
class RasterPlotTest {
    private static final int W = RasterPlot.RIGHT - RasterPlot.LEFT;

    @Test
    void aSpikeIsDrawnAtItsTimeOnTheSameScaleAsTheTicks() {
        // 100 steps of 1 ms: the axis runs 0..100 ms over the plot width, so step 50 is half way
        List<int[]> times = List.of(new int[] {50}, new int[] {0, 99});
        BufferedImage img = RasterPlot.draw(times, 100, 0.001, 2, "t");
        int y0 = RasterPlot.RASTER_BOTTOM - 1;
        assertEquals(RasterPlot.EXCITATORY.getRGB(), img.getRGB(RasterPlot.LEFT + W / 2, y0), "50 ms at the middle");
        int y1 = RasterPlot.neuronAxis(2).pixel(1, RasterPlot.RASTER_BOTTOM - 1, RasterPlot.RASTER_TOP);
        assertEquals(RasterPlot.EXCITATORY.getRGB(), img.getRGB(RasterPlot.LEFT + (int) Math.round(0.99 * W), y1), "99 ms");
        assertEquals(RasterPlot.EXCITATORY.getRGB(), img.getRGB(RasterPlot.LEFT + 1, y1), "0 ms, just inside the axis");
    }

    @Test
    void aSampleOfNeuronsIsDrawnAtTheirOwnRows() {
        // neurons 0 and 900 of 1000 (800 excitatory): 900 is drawn at its row, in the inhibitory colour
        BufferedImage img = RasterPlot.draw(List.of(new int[] {10}, new int[] {50}), new int[] {0, 900}, 1000, 100, 0.001, 800, "t");
        LearningCurve.Axis rows = RasterPlot.neuronAxis(1000);
        int y = rows.pixel(900, RasterPlot.RASTER_BOTTOM - 1, RasterPlot.RASTER_TOP);
        assertEquals(RasterPlot.INHIBITORY.getRGB(), img.getRGB(RasterPlot.LEFT + W / 2, y), "neuron 900 at 50 ms");
        assertNotEquals(RasterPlot.INHIBITORY.getRGB(), img.getRGB(RasterPlot.LEFT + W / 2, RasterPlot.RASTER_BOTTOM - 1));
        assertEquals(RasterPlot.EXCITATORY.getRGB(), img.getRGB(RasterPlot.LEFT + W / 10, RasterPlot.RASTER_BOTTOM - 1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RasterPlot.draw(List.of(new int[0], new int[0]), new int[] {5, 5}, 10, 10, 0.001, 0, "t"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RasterPlot.draw(List.of(new int[0]), new int[] {10}, 10, 10, 0.001, 0, "t"));
    }

    @Test
    void theLastPartialRateBinIsDividedByItsOwnWidth() {
        // one neuron firing at every one of 7 steps of 1 ms, bins of 5 steps: 1000 Hz in both bins
        int[] every = {0, 1, 2, 3, 4, 5, 6};
        assertArrayEquals(new double[] {1000, 1000}, RasterPlot.rates(List.of(every), 7, 0.001, 5), 1e-9);
        // two neurons, one silent: 500 Hz per neuron
        assertArrayEquals(new double[] {500, 500}, RasterPlot.rates(List.of(every, new int[0]), 7, 0.001, 5), 1e-9);
    }

    @Test
    void ticksAreRoundAndTheAxisFitsOneStepAndAMillionSteps() {
        RasterPlot.TimeAxis one = RasterPlot.TimeAxis.of(1, 0.001);
        assertEquals("ms", one.unit());
        assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), one.labels());
        RasterPlot.TimeAxis second = RasterPlot.TimeAxis.of(1000, 0.001);
        assertEquals(List.of("0", "200", "400", "600", "800", "1000"), second.labels());
        RasterPlot.TimeAxis million = RasterPlot.TimeAxis.of(1_000_000, 0.001);
        assertEquals("s", million.unit());
        assertEquals(List.of("0", "200", "400", "600", "800", "1000"), million.labels());
        // rate ticks: a maximum of 5 Hz gives 0, 1, ..., 5 (not 1.5-Hz steps printed as "2")
        LearningCurve.Axis rate = RasterPlot.fromZero(5);
        assertEquals(1.0, rate.step());
        assertEquals(5.0, rate.end());
        // neuron ticks are whole neurons, also for 1 or 7 neurons
        assertEquals(1.0, RasterPlot.neuronAxis(1).step());
        LearningCurve.Axis seven = RasterPlot.neuronAxis(7);
        assertEquals(2.0, seven.step());
        assertEquals(8.0, seven.end());
        // a million steps: rate bins stay at least two pixels wide, and drawing is quick
        assertTrue(1_000_000 / RasterPlot.binSteps(1_000_000, 0.001) <= W / RasterPlot.MIN_BIN_PIXELS + 1);
        List<int[]> times = new ArrayList<>();
        times.add(new int[] {0, 500_000, 999_999});
        long t0 = System.nanoTime();
        BufferedImage img = RasterPlot.draw(times, 1_000_000, 0.001, 1, "long");
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
        assertEquals(RasterPlot.EXCITATORY.getRGB(), img.getRGB(RasterPlot.LEFT + W / 2, RasterPlot.RASTER_BOTTOM - 1));
        // one step: draws, with its single spike inside the axes
        BufferedImage single = RasterPlot.draw(List.of(new int[] {0}), 1, 0.001, 1, "one");
        assertEquals(RasterPlot.EXCITATORY.getRGB(), single.getRGB(RasterPlot.LEFT + 1, RasterPlot.RASTER_BOTTOM - 1));
    }

    @Test
    void theLegendIsDrawnOnlyWhenThereAreTwoPopulations() {
        List<int[]> times = List.of(new int[] {1}, new int[] {2}, new int[] {3}, new int[] {4});
        int e = RasterPlot.LEGEND_E + RasterPlot.SWATCH / 2, i = RasterPlot.LEGEND_I + RasterPlot.SWATCH / 2;
        int y = RasterPlot.LEGEND_TOP + RasterPlot.SWATCH / 2;
        BufferedImage both = RasterPlot.draw(times, 10, 0.001, 2, "");
        assertEquals(RasterPlot.EXCITATORY.getRGB(), both.getRGB(e, y));
        assertEquals(RasterPlot.INHIBITORY.getRGB(), both.getRGB(i, y));
        for (int split : new int[] {0, 4}) {
            BufferedImage one = RasterPlot.draw(times, 10, 0.001, split, "");
            assertEquals(0xFFFFFFFF, one.getRGB(e, y), "no legend for excitatory = " + split);
            assertEquals(0xFFFFFFFF, one.getRGB(i, y), "no legend for excitatory = " + split);
            // and no neuron is drawn as inhibitory
            int y3 = RasterPlot.neuronAxis(4).pixel(3, RasterPlot.RASTER_BOTTOM - 1, RasterPlot.RASTER_TOP);
            assertNotEquals(RasterPlot.INHIBITORY.getRGB(), one.getRGB(RasterPlot.TimeAxis.of(10, 0.001).x(0.004), y3));
        }
    }
}
