package org.recllm.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart is a readable PNG whose bars are drawn in the series colours. */
class BarChartTest {
    @Test
    void writesAPngWithBothSeries(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chart.png");
        BarChart.png(file, "AUC with and without knowledge", "test AUC", List.of("deepfm", "din"),
                List.of(new BarChart.Series("without", new double[] {0.786, 0.783}, new double[] {0.001, 0.003}),
                        new BarChart.Series("with", new double[] {0.790, 0.789}, new double[] {0.001, 0.002})), 0.5);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(420, image.getHeight());
        int blue = 0;
        int orange = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                blue += rgb == 0x4C72B0 ? 1 : 0;
                orange += rgb == 0xDD8452 ? 1 : 0;
            }
        }
        assertNotEquals(0, blue, "the first series' bars are drawn");
        assertNotEquals(0, orange, "the second series' bars are drawn");
    }

    @Test
    void barsGrowFromTheBaselineInProportionToTheirValue(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("gains.png");
        BarChart.png(file, "gain", "AUC gain", List.of("a", "b"),
                List.of(new BarChart.Series("gain", new double[] {0.002, 0.004}, new double[] {0, 0})), 0);
        BufferedImage image = ImageIO.read(file.toFile());
        int[] heights = new int[2];
        int column = 0;
        boolean inBar = false;
        for (int x = 0; x < image.getWidth(); x++) {
            int height = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                height += (image.getRGB(x, y) & 0xFFFFFF) == 0x4C72B0 ? 1 : 0;
            }
            if (height > 14 && !inBar && column < 2) {
                heights[column++] = height;
            }
            inBar = height > 14;
        }
        assertEquals(2, column, "two bars");
        assertEquals(2.0, heights[1] / (double) heights[0], 0.05, "a bar twice the value is twice as tall: " + heights[0] + ", " + heights[1]);
    }

    @Test
    void stepsAreRound() {
        assertEquals(0.001, BarChart.niceStep(0.0008), 1e-12);
        assertEquals(0.002, BarChart.niceStep(0.0015), 1e-12);
        assertEquals(0.05, BarChart.niceStep(0.03), 1e-12);
        assertEquals(1, BarChart.niceStep(1), 1e-12);
    }
}
