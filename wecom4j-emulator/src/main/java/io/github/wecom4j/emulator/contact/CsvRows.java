package io.github.wecom4j.emulator.contact;

import io.github.wecom4j.emulator.ApiError;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CSV of an import job, read by header name as WeCom does (docs 90980-90982): RFC 4180
 * quoting, an optional UTF-8 BOM, CRLF or LF. At most {@link #MAX_ROWS} rows.
 */
final class CsvRows {

    static final int MAX_ROWS = 200_000;

    private CsvRows() {
    }

    static List<Map<String, String>> parse(byte[] file, List<String> required) {
        String text = new String(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> lines = lines(text);
        if (lines.isEmpty()) {
            throw new ApiError(40058, "the file is empty");
        }
        List<String> header = lines.get(0);
        for (String column : required) {
            if (!header.contains(column)) {
                throw new ApiError(40058, "the file has no column '" + column + "' (header: " + header + ")");
            }
        }
        if (lines.size() - 1 > MAX_ROWS) {
            throw new ApiError(40058, "the file has more than " + MAX_ROWS + " rows");
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> line : lines.subList(1, lines.size())) {
            if (line.size() == 1 && line.get(0).isEmpty()) {
                continue;
            }
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < line.size() ? unDefuse(line.get(i)) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    /** A leading ' before = + @ is the writer's formula guard, not data. */
    private static String unDefuse(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && "=+@".indexOf(cell.charAt(1)) >= 0 ? cell.substring(1) : cell;
    }

    private static List<List<String>> lines(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> line = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                line.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                line.add(cell.toString());
                cell.setLength(0);
                out.add(line);
                line = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || !line.isEmpty()) {
            line.add(cell.toString());
            out.add(line);
        }
        return out;
    }
}
