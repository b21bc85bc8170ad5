package org.recllm.core.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.recllm.core.io.AtomicFiles;

/**
 * A grouped bar chart with error bars written as PNG (headless AWT): one group per category (e.g. a model), one bar
 * per series (e.g. without / with knowledge), bars at the mean and whiskers at ± one standard deviation.
 */
public final class BarChart {
    /** One series: a name and, per category, a mean and a standard deviation. */
    public record Series(String name, double[] means, double[] stds) {}

    private static final Color[] COLORS = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52)};

    private BarChart() {}

    public static void png(Path file, String title, String axis, List<String> categories, List<Series> series) {
        System.setProperty("java.awt.headless", "true");
        int width = Math.max(640, 120 + categories.size() * (40 + 36 * series.size()));
        int height = 420;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int c = 0; c < categories.size(); c++) {
                low = Math.min(low, s.means()[c] - s.stds()[c]);
                high = Math.max(high, s.means()[c] + s.stds()[c]);
            }
        }
        double pad = Math.max(1e-4, (high - low) * 0.25);
        low -= pad;
        high += pad;
        int left = 80;
        int right = width - 20;
        int top = 50;
        int bottom = height - 70;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = g.getFontMetrics();
        for (int tick = 0; tick <= 5; tick++) {
            double value = low + (high - low) * tick / 5;
            int y = (int) (bottom - (bottom - top) * (value - low) / (high - low));
            g.setColor(new Color(0xE0E0E0));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%.4f", value);
            g.drawString(label, left - 8 - metrics.stringWidth(label), y + 4);
        }
        g.drawString(axis, 8, top - 10);
        int groupWidth = (right - left) / categories.size();
        int barWidth = Math.max(8, (groupWidth - 30) / series.size());
        for (int c = 0; c < categories.size(); c++) {
            int groupLeft = left + c * groupWidth + 15;
            for (int s = 0; s < series.size(); s++) {
                Series current = series.get(s);
                int x = groupLeft + s * barWidth;
                int y = (int) (bottom - (bottom - top) * (current.means()[c] - low) / (high - low));
                g.setColor(COLORS[s % COLORS.length]);
                g.fillRect(x, y, barWidth - 4, bottom - y);
                int spread = (int) ((bottom - top) * current.stds()[c] / (high - low));
                int middle = x + (barWidth - 4) / 2;
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(1.5f));
                g.drawLine(middle, y - spread, middle, y + spread);
                g.drawLine(middle - 4, y - spread, middle + 4, y - spread);
                g.drawLine(middle - 4, y + spread, middle + 4, y + spread);
            }
            g.setColor(Color.BLACK);
            String name = categories.get(c);
            g.drawString(name, groupLeft + (series.size() * barWidth - metrics.stringWidth(name)) / 2, bottom + 18);
        }
        for (int s = 0; s < series.size(); s++) {
            int x = left + s * 170;
            g.setColor(COLORS[s % COLORS.length]);
            g.fillRect(x, height - 30, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s).name(), x + 20, height - 18);
        }
        g.dispose();
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this JVM");
            }
        });
    }
}
