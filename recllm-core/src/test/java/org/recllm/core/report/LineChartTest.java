package org.recllm.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {

    @Test
    void drawsEachSeriesInItsColour(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("loss.png");
        LineChart.png(file, "Loss", "step", "nats", List.of(
                new LineChart.Series("train", new double[] {1, 2, 3, 4}, new double[] {8.3, 6.1, 5.2, 4.9}),
                new LineChart.Series("valid", new double[] {4}, new double[] {5.1})));
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(720, image.getWidth());
        assertEquals(420, image.getHeight());
        int train = 0;
        int valid = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                train += rgb == 0x4C72B0 ? 1 : 0;
                valid += rgb == 0xDD8452 ? 1 : 0;
            }
        }
        assertTrue(train > 500, "pixels of the train line: " + train);
        assertTrue(valid > 20, "pixels of the valid dot and legend: " + valid);
    }
}
