package io.github.sockopt4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Turns one JMH JSON result (and the C floor's "call ns" lines) into a Markdown table with
 * ratios to the JDK, to Netty and to the C floor, and a bar chart (PNG).
 *
 * <p>Usage: {@code BenchReport <jmh.json> <floor.txt|-> <out-dir>}. Rows of the per-call
 * benchmarks are named {@code <call>_<route>}; every other benchmark is listed as it is.
 */
public final class BenchReport {

    /** One JMH result row. */
    record Row(String call, String route, double score, double error, String unit, Double bytesPerOp) {}

    private BenchReport() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: BenchReport <jmh.json> <floor.txt|-> <out-dir>");
            System.exit(2);
        }
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Map<String, Double> floor = args[1].equals("-") ? Map.of() : readFloor(Path.of(args[1]));
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        List<Row> rows = rows(results);
        String environment = environment(results);
        Files.writeString(out.resolve("results.md"), markdown(rows, floor, environment));
        chart(rows, floor, out.resolve("chart.png"));
        System.out.println("wrote " + out.resolve("results.md") + " and " + out.resolve("chart.png"));
    }

    static Map<String, Double> readFloor(Path file) throws IOException {
        Map<String, Double> floor = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                floor.put(parts[0], Double.parseDouble(parts[1]));
            }
        }
        return floor;
    }

    static List<Row> rows(JsonNode results) {
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : results) {
            String name = r.get("benchmark").asText();
            String method = name.substring(name.lastIndexOf('.') + 1);
            String clazz = name.substring(0, name.lastIndexOf('.'));
            clazz = clazz.substring(clazz.lastIndexOf('.') + 1);
            int split = method.indexOf('_');
            String call = split > 0 ? method.substring(0, split) : clazz + "." + method;
            String route = split > 0 ? method.substring(split + 1) : "";
            JsonNode params = r.get("params");
            if (params != null) {
                String p = params.properties().stream().map(e -> e.getKey() + "=" + e.getValue().asText())
                        .collect(Collectors.joining(","));
                route = route.isEmpty() ? p : route + "[" + p + "]";
            }
            JsonNode m = r.get("primaryMetric");
            JsonNode gc = r.path("secondaryMetrics").path("gc.alloc.rate.norm");
            rows.add(new Row(call, route, m.get("score").asDouble(), m.get("scoreError").asDouble(),
                    m.get("scoreUnit").asText(), gc.isMissingNode() ? null : gc.get("score").asDouble()));
            // JMH @AuxCounters (e.g. the closer's closesPerSecond): a row of their own each.
            for (var aux : r.path("secondaryMetrics").properties()) {
                if (!aux.getKey().startsWith("gc.") && !aux.getKey().startsWith("·")) {
                    JsonNode a = aux.getValue();
                    rows.add(new Row(call + ":" + aux.getKey(), route, a.get("score").asDouble(),
                            a.path("scoreError").asDouble(Double.NaN), a.get("scoreUnit").asText(), null));
                }
            }
        }
        return rows;
    }

    private static String environment(JsonNode results) {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // keep "unknown CPU"
        }
        String kernel = System.getProperty("os.version");
        JsonNode first = results.size() > 0 ? results.get(0) : null;
        String jdk = first == null ? "?" : first.path("vmName").asText() + " " + first.path("jdkVersion").asText();
        String forks = first == null ? "?" : first.path("forks").asText();
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, Linux " + kernel + ", " + jdk
                + ", " + forks + " forks";
    }

    private static Optional<Double> peer(List<Row> rows, String call, String route) {
        return rows.stream().filter(r -> r.call().equals(call) && r.route().equals(route))
                .map(Row::score).findFirst();
    }

    private static String ratio(double score, Optional<Double> peer) {
        return peer.map(p -> String.format(Locale.ROOT, "%.2f×", score / p)).orElse("–");
    }

    static String markdown(List<Row> rows, Map<String, Double> floor, String environment) {
        StringBuilder md = new StringBuilder();
        md.append("Measured on ").append(environment).append(".\n\n");
        md.append("| call | route | score | ± | B/op | × JDK | × Netty | × C floor |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            Optional<Double> c = Optional.ofNullable(floor.get(r.call()));
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f %s | %.1f | %s | %s | %s | %s |%n",
                    r.call(), r.route(), r.score(), r.unit(), r.error(),
                    r.bytesPerOp() == null ? "–" : String.format(Locale.ROOT, "%.0f", r.bytesPerOp()),
                    ratio(r.score(), peer(rows, r.call(), "jdk")), ratio(r.score(), peer(rows, r.call(), "netty")),
                    ratio(r.score(), c)));
        }
        if (!floor.isEmpty()) {
            md.append("\nC floor (native/syscall_floor.c, median of 5 rounds of 10^6 calls): ");
            md.append(floor.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.0f ns", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "))).append(".\n");
        }
        return md.toString();
    }

    private static void chart(List<Row> rows, Map<String, Double> floor, Path png) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Row r : rows) {
            if (r.unit().equals("ns/op") && !r.route().isEmpty()) {
                data.addValue(r.score(), r.route(), r.call());
            }
        }
        floor.forEach((call, ns) -> {
            if (data.getColumnKeys().contains(call)) {
                data.addValue(ns, "C floor", call);
            }
        });
        JFreeChart chart = ChartFactory.createBarChart("Cost per call (lower is better)", "call", "ns/op", data,
                PlotOrientation.HORIZONTAL, true, false, false);
        int height = Math.max(400, 40 * data.getColumnCount() * Math.max(1, data.getRowCount()) / 2);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, height);
    }
}
