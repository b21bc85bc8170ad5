package org.recllm.core.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Lines through (x, y) points written as PNG (headless AWT), e.g. training and held-out loss against the step: axes
 * with ticks at round values ({@link BarChart#niceStep}), one colour per series, a dot at each point of a sparse series.
 */
public final class LineChart {
    /** One line: a name and its points, x ascending. */
    public record Series(String name, double[] x, double[] y) {}

    private static final Color[] COLORS = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52)};

    private LineChart() {}

    public static void png(Path file, String title, String xAxis, String yAxis, List<Series> series) {
        int width = 720;
        int height = 420;
        double xLow = Double.POSITIVE_INFINITY, xHigh = Double.NEGATIVE_INFINITY;
        double yLow = Double.POSITIVE_INFINITY, yHigh = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                xLow = Math.min(xLow, s.x()[i]);
                xHigh = Math.max(xHigh, s.x()[i]);
                yLow = Math.min(yLow, s.y()[i]);
                yHigh = Math.max(yHigh, s.y()[i]);
            }
        }
        if (!(xHigh >= xLow)) {
            xLow = yLow = 0;
            xHigh = yHigh = 1;
        }
        double yStep = BarChart.niceStep((yHigh - yLow) / 5);
        yLow = Math.floor(yLow / yStep) * yStep;
        yHigh = Math.ceil(yHigh / yStep) * yStep + (yHigh == yLow ? yStep : 0);
        double xStep = BarChart.niceStep((xHigh - xLow) / 6);
        xLow = Math.floor(xLow / xStep) * xStep;
        xHigh = Math.ceil(xHigh / xStep) * xStep + (xHigh == xLow ? xStep : 0);
        int left = 70, right = width - 20, top = 50, bottom = height - 60;
        PngCanvas canvas = new PngCanvas(width, height);
        Graphics2D g = canvas.graphics;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int yDecimals = Math.max(0, (int) Math.ceil(-Math.log10(yStep)));
        for (double v = yLow; v <= yHigh + yStep / 2; v += yStep) {
            int py = scale(v, yLow, yHigh, bottom, top);
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(left, py, right, py);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%." + yDecimals + "f", v), 8, py + 4);
        }
        for (double v = xLow; v <= xHigh + xStep / 2; v += xStep) {
            int px = scale(v, xLow, xHigh, left, right);
            g.drawLine(px, bottom, px, bottom + 4);
            g.drawString(String.format(Locale.ROOT, "%,.0f", v), px - 10, bottom + 18);
        }
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        g.drawString(xAxis, (left + right) / 2 - 20, height - 18);
        g.drawString(yAxis, left + 6, top - 6);
        g.setStroke(new BasicStroke(2f));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            g.setColor(COLORS[k % COLORS.length]);
            for (int i = 0; i < s.x().length; i++) {
                int px = scale(s.x()[i], xLow, xHigh, left, right);
                int py = scale(s.y()[i], yLow, yHigh, bottom, top);
                if (i > 0) {
                    g.drawLine(scale(s.x()[i - 1], xLow, xHigh, left, right), scale(s.y()[i - 1], yLow, yHigh, bottom, top), px, py);
                }
                if (s.x().length <= 30) {
                    g.fillOval(px - 3, py - 3, 6, 6);
                }
            }
            g.fillRect(right - 150, top + 8 + 18 * k, 12, 12);
            g.drawString(s.name(), right - 132, top + 19 + 18 * k);
        }
        canvas.write(file);
    }

    private static int scale(double v, double low, double high, int from, int to) {
        return (int) Math.round(from + (v - low) / (high - low) * (to - from));
    }
}
