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
                        new BarChart.Series("with", new double[] {0.790, 0.789}, new double[] {0.001, 0.002})));
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
}
