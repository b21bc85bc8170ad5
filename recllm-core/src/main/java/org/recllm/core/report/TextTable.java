package org.recllm.core.report;

import java.util.ArrayList;
import java.util.List;

/** A results table rendered for the terminal (aligned columns) or as GitHub markdown for docs/. */
public final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... header) {
        this.header = List.of(header);
    }

    public TextTable add(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, the table has " + header.size() + " columns");
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    public int rows() {
        return rows.size();
    }

    /** Columns padded to their widest cell; text left-aligned, numbers right-aligned. */
    public String render() {
        int[] widths = widths();
        StringBuilder out = new StringBuilder();
        appendRow(out, header, widths, "  ");
        out.append('\n');
        for (int i = 0; i < widths.length; i++) {
            out.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.append('\n');
        for (List<String> row : rows) {
            appendRow(out, row, widths, "  ");
            out.append('\n');
        }
        return out.toString();
    }

    public String markdown() {
        StringBuilder out = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        for (String ignored : header) {
            out.append("---|");
        }
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    private int[] widths() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        return widths;
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] widths, String gap) {
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String padding = " ".repeat(widths[i] - cell.length());
            out.append(i == 0 ? "" : gap);
            out.append(isNumeric(cell) ? padding + cell : cell + (i == cells.size() - 1 ? "" : padding));
        }
    }

    private static boolean isNumeric(String cell) {
        return !cell.isEmpty() && cell.matches("[-+±0-9.,%e ]+") && cell.chars().anyMatch(Character::isDigit);
    }
}
