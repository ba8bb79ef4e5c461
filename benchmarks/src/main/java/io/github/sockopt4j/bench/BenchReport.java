package io.github.sockopt4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Turns JMH JSON results (and the C floor's "call ns" lines) into a Markdown table, headed by
 * the machine, JDK and JMH settings they were measured with, with the bytes allocated beyond the
 * JDK route and the ratios to the JDK, to Netty and to the C floor (written to results.md and
 * printed), and a bar chart (PNG).
 *
 * <p>Usage: {@code BenchReport <jmh.json>[,<jmh.json>...] <floor.txt|-> <out-dir> [close-floor.txt]}:
 * several files when benchmarks ran with different settings (each benchmark's are in the header);
 * the C floor of the closes ({@code native/close_floor.c}), when given, is appended as its own
 * table. Rows of the per-call benchmarks are named {@code <call>_<route>}; every other benchmark
 * is listed as it is.
 */
public final class BenchReport {

    /** One JMH result row. */
    record Row(String call, String route, double score, double error, String unit, Double bytesPerOp) {}

    private BenchReport() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: BenchReport <jmh.json>[,<jmh.json>...] <floor.txt|-> <out-dir> [close-floor.txt]");
            System.exit(2);
        }
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        for (String file : args[0].split(",")) {
            results.addAll((ArrayNode) new ObjectMapper().readTree(Path.of(file).toFile()));
        }
        Map<String, Double> floor = args[1].equals("-") ? Map.of() : readFloor(Path.of(args[1]));
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        List<Row> rows = rows(results);
        String environment = environment(results);
        String table = markdown(rows, floor, environment);
        if (args.length == 4) {
            table += closeFloor(Files.readAllLines(Path.of(args[3])));
        }
        Files.writeString(out.resolve("results.md"), table);
        chart(rows, floor, out.resolve("chart.png"));
        System.out.print(table);
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
            if (route.equals("forced")) { // ForcedFfmBenchmark.x_forced: route sockopt4jFfm
                route = "sockopt4j" + clazz.substring("Forced".length(), clazz.length() - "Benchmark".length());
            }
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

    /** The machine (CPU, cores, memory, kernel), the JDK and the JMH settings of the run, and when it ran. */
    static String environment(JsonNode results) {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal").map(m -> " with " + m + " memory").orElse("");
        String kernel = System.getProperty("os.version");
        JsonNode first = results.size() > 0 ? results.get(0) : null;
        if (first == null) {
            return cpu + ", Linux " + kernel + ", no results";
        }
        String jdk = first.path("vmName").asText() + " " + first.path("vmVersion").asText() + " (JDK "
                + first.path("jdkVersion").asText() + ", " + first.path("jvm").asText() + ")";
        // Each distinct setting, with the benchmark classes measured with it.
        Map<String, List<String>> settings = new LinkedHashMap<>();
        for (JsonNode r : results) {
            String setting = String.format(Locale.ROOT, "%s forks, %s warmup × %s, %s measurement × %s",
                    r.path("forks").asText(), r.path("warmupIterations").asText(), r.path("warmupTime").asText(),
                    r.path("measurementIterations").asText(), r.path("measurementTime").asText());
            String name = r.path("benchmark").asText();
            String clazz = name.substring(0, name.lastIndexOf('.'));
            List<String> classes = settings.computeIfAbsent(setting, k -> new ArrayList<>());
            String simple = clazz.substring(clazz.lastIndexOf('.') + 1);
            if (!classes.contains(simple)) {
                classes.add(simple);
            }
        }
        String jmh = "JMH " + first.path("jmhVersion").asText() + ", " + (settings.size() == 1
                ? settings.keySet().iterator().next()
                : settings.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                        .collect(Collectors.joining("; ")));
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores" + memory + ", Linux " + kernel
                + ", " + jdk + ", " + jmh + "; reported " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The value of the first {@code key: value} line of a /proc file. */
    static Optional<String> firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The route the "× JDK" column divides by: the JDK's; for {@code CloseEventBenchmark}, whose
     * routes are its observers, the close with none (its rows say so in their route).
     */
    private static Optional<Double> baseline(List<Row> rows, String call) {
        return peer(rows, call, "jdk").or(() -> peer(rows, call, "observer=none"));
    }

    private static Optional<Double> peer(List<Row> rows, String call, String route) {
        return rows.stream().filter(r -> r.call().equals(call) && r.route().equals(route))
                .map(Row::score).findFirst();
    }

    /** Bytes allocated per call above the JDK route of the same call (whose setup allocates the same). */
    private static String bytesOverJdk(List<Row> rows, Row r) {
        Optional<Double> jdk = rows.stream().filter(o -> o.call().equals(r.call()) && o.route().equals("jdk"))
                .map(Row::bytesPerOp).filter(Objects::nonNull).findFirst();
        return r.bytesPerOp() == null || jdk.isEmpty() ? "–"
                : String.format(Locale.ROOT, "%+.0f", r.bytesPerOp() - jdk.get());
    }

    private static String ratio(double score, Optional<Double> peer) {
        return peer.map(p -> String.format(Locale.ROOT, "%.2f×", score / p)).orElse("–");
    }

    static String markdown(List<Row> rows, Map<String, Double> floor, String environment) {
        StringBuilder md = new StringBuilder();
        md.append("Measured on ").append(environment).append(".\n\n");
        md.append("| call | route | score | ± | B/op | B/op − JDK | × JDK | × Netty | × C floor |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            Optional<Double> c = Optional.ofNullable(floor.get(r.call()));
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f %s | %.1f | %s | %s | %s | %s | %s |%n",
                    r.call(), r.route(), r.score(), r.unit(), r.error(),
                    r.bytesPerOp() == null ? "–" : String.format(Locale.ROOT, "%.0f", r.bytesPerOp()),
                    bytesOverJdk(rows, r),
                    ratio(r.score(), baseline(rows, r.call())), ratio(r.score(), peer(rows, r.call(), "netty")),
                    ratio(r.score(), c)));
        }
        if (!floor.isEmpty()) {
            md.append("\nC floor (native/syscall_floor.c, median of 5 rounds of 10^6 calls): ");
            md.append(floor.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.0f ns", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "))).append(".\n");
        }
        return md.toString();
    }

    /**
     * The close floor's "mode ns ratio # what it does" lines as a table; its comment lines (a mode
     * it could not measure, and why) as they are.
     */
    static String closeFloor(List<String> lines) {
        StringBuilder md = new StringBuilder("\nC floor of the closes (native/close_floor.c: loopback connections as"
                + " CloseLatencyBenchmark sets them up, median of 5 rounds); the ratio divides by the same close without"
                + " the reads:\n\n"
                + "| mode | ns per close | ratio | steps |\n|---|---:|---:|---|\n");
        StringBuilder notMeasured = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith("#")) {
                notMeasured.append('\n').append(line.substring(1).trim()).append(".\n");
                continue;
            }
            String[] parts = line.split(" # ", 2);
            String[] numbers = parts[0].trim().split("\\s+");
            if (numbers.length == 3) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s× | %s |%n", numbers[0], numbers[1], numbers[2],
                        parts.length == 2 ? parts[1] : ""));
            }
        }
        return md.append(notMeasured).toString();
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
