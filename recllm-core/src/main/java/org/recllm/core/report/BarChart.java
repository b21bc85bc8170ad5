package org.recllm.core.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A grouped bar chart with error bars written as PNG (headless AWT): one group per category (e.g. a model), one bar
 * per series (e.g. without / with knowledge), bars from the baseline to the mean, labelled with the mean, and whiskers
 * at ± one standard deviation where there is one. The axis always contains the baseline (0 for gains), with ticks at
 * round values, so bar heights compare honestly.
 */
public final class BarChart {
    /** One series: a name and, per category, a mean and a standard deviation. */
    public record Series(String name, double[] means, double[] stds) {}

    private static final Color[] COLORS = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52)};

    private BarChart() {}

    /** 1, 2 or 5 times a power of ten, the smallest such at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1e-3;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= raw * (1 - 1e-9)) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    /** @param title one line, or a title and smaller lines below it separated by {@code \n} */
    public static void png(Path file, String title, String axis, List<String> categories, List<Series> series,
                           double baseline) {
        int width = Math.max(640, 120 + categories.size() * (40 + 36 * series.size()));
        int height = 420;
        PngCanvas canvas = new PngCanvas(width, height);
        Graphics2D g = canvas.graphics;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int c = 0; c < categories.size(); c++) {
                low = Math.min(low, s.means()[c] - s.stds()[c]);
                high = Math.max(high, s.means()[c] + s.stds()[c]);
            }
        }
        low = Math.min(low, baseline);
        high = Math.max(high, baseline);
        double step = niceStep((high - low) / 5);
        low = Math.floor(low / step) * step;
        high = Math.ceil(high / step) * step + (high == low ? step : 0);
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step)));
        String[] titleLines = title.split("\n");
        int left = 80;
        int right = width - 20;
        int top = 36 + 16 * titleLines.length;
        int bottom = height - 70;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        for (int line = 0; line < titleLines.length; line++) {
            g.drawString(titleLines[line], left, 24 + 17 * line);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = g.getFontMetrics();
        int ticks = (int) Math.round((high - low) / step);
        for (int tick = 0; tick <= ticks; tick++) {
            double value = low + step * tick;
            int y = (int) (bottom - (bottom - top) * (value - low) / (high - low));
            g.setColor(Math.abs(value - baseline) < step / 2 ? Color.GRAY : new Color(0xE0E0E0));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%." + decimals + "f", value);
            g.drawString(label, left - 8 - metrics.stringWidth(label), y + 4);
        }
        int base = (int) (bottom - (bottom - top) * (baseline - low) / (high - low));
        g.drawString(axis, 8, top - 10);
        int groupWidth = (right - left) / categories.size();
        // Bars no wider than 90 pixels: a single wide bar reads as an area, not a value.
        int barWidth = Math.min(90, Math.max(8, (groupWidth - 30) / series.size()));
        for (int c = 0; c < categories.size(); c++) {
            int groupLeft = left + c * groupWidth + (groupWidth - series.size() * barWidth) / 2;
            for (int s = 0; s < series.size(); s++) {
                Series current = series.get(s);
                int x = groupLeft + s * barWidth;
                int y = (int) (bottom - (bottom - top) * (current.means()[c] - low) / (high - low));
                g.setColor(COLORS[s % COLORS.length]);
                g.fillRect(x, Math.min(y, base), barWidth - 4, Math.abs(base - y));
                int spread = (int) ((bottom - top) * current.stds()[c] / (high - low));
                int middle = x + (barWidth - 4) / 2;
                g.setColor(Color.BLACK);
                if (spread > 0) {
                    g.setStroke(new BasicStroke(1.5f));
                    g.drawLine(middle, y - spread, middle, y + spread);
                    g.drawLine(middle - 4, y - spread, middle + 4, y - spread);
                    g.drawLine(middle - 4, y + spread, middle + 4, y + spread);
                }
                String value = String.format(Locale.ROOT, "%." + (decimals + 1) + "f", current.means()[c]);
                int labelY = current.means()[c] >= baseline ? y - spread - 4 : y + spread + 13;
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                g.drawString(value, middle - g.getFontMetrics().stringWidth(value) / 2, labelY);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
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
        canvas.write(file);
    }
}
