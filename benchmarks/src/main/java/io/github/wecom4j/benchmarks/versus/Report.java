package io.github.wecom4j.benchmarks.versus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects one number per round for each (measure, contender) and prints medians with their spread
 * and the ratio of medians, so every comparison reads the same way. Rounds of the contenders are
 * interleaved by the callers (A, B, A, B, ...): a burst of load from another process then hits
 * both sides instead of one.
 */
final class Report {

    private final String title;
    private final Map<String, Map<String, List<Double>>> samples = new LinkedHashMap<>();
    private final String loadBefore = loadAverage();

    Report(String title) {
        this.title = title;
    }

    void add(String measure, String contender, double value) {
        samples.computeIfAbsent(measure, m -> new LinkedHashMap<>())
                .computeIfAbsent(contender, c -> new ArrayList<>()).add(value);
    }

    /** The median of one (measure, contender), or NaN when it was not measured. */
    double median(String measure, String contender) {
        List<Double> values = samples.getOrDefault(measure, Map.of()).get(contender);
        return values == null || values.isEmpty() ? Double.NaN : median(values);
    }

    /** How many rounds one (measure, contender) has. */
    int rounds(String measure, String contender) {
        List<Double> values = samples.getOrDefault(measure, Map.of()).get(contender);
        return values == null ? 0 : values.size();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * Prints the table; {@code baseline} is the contender every other one is divided by (the ratio
     * column is "contender / baseline" of the medians).
     */
    void print(String baseline) {
        StringBuilder out = new StringBuilder();
        out.append("\n== ").append(title).append(" ==\n");
        out.append("JDK ").append(System.getProperty("java.version")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, load average before: ")
                .append(loadBefore).append(", after: ").append(loadAverage()).append('\n');
        out.append(String.format(Locale.ROOT, "%-28s %-22s %12s %25s %8s %s%n", "measure", "contender", "median",
                "spread (min..max)", "ratio", "rounds"));
        for (Map.Entry<String, Map<String, List<Double>>> m : samples.entrySet()) {
            List<Double> base = m.getValue().get(baseline);
            for (Map.Entry<String, List<Double>> c : m.getValue().entrySet()) {
                List<Double> v = c.getValue();
                double median = median(v);
                String ratio = base == null || c.getKey().equals(baseline) ? ""
                        : median(base) == 0 ? "-" : String.format(Locale.ROOT, "%.2f", median / median(base));
                out.append(String.format(Locale.ROOT, "%-28s %-22s %12s %25s %8s %d%n", m.getKey(), c.getKey(),
                        fmt(median), fmt(min(v)) + " .. " + fmt(max(v)), ratio, v.size()));
            }
        }
        out.append("(ratio = median of the contender / median of ").append(baseline).append(")\n");
        System.out.print(out);
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static String fmt(double d) {
        if (Math.abs(d) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", d);
        }
        return String.format(Locale.ROOT, "%.2f", d);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
