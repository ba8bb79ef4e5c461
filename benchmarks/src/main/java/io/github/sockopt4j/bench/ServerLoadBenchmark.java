package io.github.sockopt4j.bench;

import io.github.sockopt4j.testkit.AppProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the starter costs a server: the Boot 4 test app ({@code UploadApp}), on Tomcat 11 and on
 * Jetty 12.1 (one module each, the same source), each started twice in child JVMs, with the
 * starter and without (sockopt4j's jars left off its class path),
 * the same heap flags for both and sockopt4j's JVM flags only where it runs; wrk drives each in
 * turn with {@code POST /echo} of 1 KiB, read whole by the app, with {@code Connection: close}
 * and with keep-alive: a warm-up per app and mode, then rounds that alternate the apps (with,
 * without; then without, with, so that a drift of the machine falls on both); each round runs
 * both servers, so that their rows share the machine's state too. Reported: the median
 * requests/s of each, their ratio (the targets: at least 0.95 with {@code Connection: close}, 0.98
 * with keep-alive), every round, and how far the rounds spread. Then the heap per lingering
 * connection ({@link LingeringHeap}) on another Tomcat app with the starter and 60 s drain
 * timeouts (the closer and the JDK's channel are the same under Jetty; the measurement's clients
 * rely on Tomcat dropping the connection after its 413).
 *
 * <p>wrk, the apps and this JVM share the machine's cores: nothing is pinned, since pinning the
 * server to fewer cores than it has would measure another server; one wrk thread takes at most
 * one core, and this JVM sleeps while wrk runs.
 *
 * <p>Usage: {@code ServerLoadBenchmark --warmup <s> --rounds <n> --seconds <s> --lingering <n>
 * [--servers tomcat,jetty] --out <file.md>}, with {@code -Dsockopt4j.appClasses} (the Tomcat app's
 * classes), {@code -Dsockopt4j.appClasspath} (the file its build writes, {@code
 * target/app.classpath}), the same for the Jetty app ({@code -Dsockopt4j.jettyAppClasses}, {@code
 * -Dsockopt4j.jettyAppClasspath}) and {@code -Dsockopt4j.jvmFlags} (sockopt4j's JVM flags), which
 * the Makefile passes.
 */
public final class ServerLoadBenchmark {
    private static final String MAIN_CLASS = "io.github.sockopt4j.bootapp.UploadApp";
    private static final String READY = "Started UploadApp";
    private static final String INSTALLED = "sockopt4j: lingering closes on";
    /** The same for both apps: a fixed heap, so that neither resizes during a round. */
    private static final List<String> COMMON_FLAGS = List.of("-Xms512m", "-Xmx512m");
    /** The drain timeouts of the heap measurement: longer than it takes, so no close ends during it. */
    private static final String[] LONG_LINGER = {"--sockopt4j.close.idle-timeout=60s",
        "--sockopt4j.close.total-timeout=60s"};
    private static final String[] ROUTES = {"with starter", "without"};

    /** One server's app: its name in the table and the system properties that locate its build. */
    private record Server(String name, String classesProperty, String classpathProperty) {}

    private static final List<Server> SERVERS = List.of(
            new Server("Tomcat 11", "sockopt4j.appClasses", "sockopt4j.appClasspath"),
            new Server("Jetty 12.1", "sockopt4j.jettyAppClasses", "sockopt4j.jettyAppClasspath"));

    /** One load mode: its name, whether each request says {@code Connection: close}, its target ratio. */
    private record Mode(String name, boolean connectionClose, double target) {}

    private static final List<Mode> MODES = List.of(new Mode("Connection: close", true, 0.95),
            new Mode("keep-alive", false, 0.98));

    private ServerLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "20"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "7"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "5"));
        int lingering = Integer.parseInt(opts.getOrDefault("lingering", "2000"));
        Path out = Path.of(opts.getOrDefault("out", "server-load.md"));
        List<Server> servers = servers(opts.getOrDefault("servers", "tomcat,jetty"));

        List<String> withFlags = new ArrayList<>(COMMON_FLAGS);
        withFlags.addAll(Arrays.asList(property("sockopt4j.jvmFlags").trim().split("\\s+")));
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        String wrkVersion = Wrk.version();
        Wrk wrk = Wrk.create();

        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, Long> socketErrors = new HashMap<>();
        List<AppProcess> started = new ArrayList<>();
        try {
            // Per server: the app with the starter, then without; all running for the whole measurement.
            List<AppProcess[]> apps = new ArrayList<>();
            for (Server server : servers) {
                List<String> classPath = classPath(server);
                // By file name, so that a checkout in a folder named sockopt4j keeps the app's other entries.
                List<String> withoutCp = AppProcess.without(classPath,
                        e -> Path.of(e).getFileName().toString().startsWith("sockopt4j"));
                AppProcess with = AppProcess.start(classPath, withFlags, READY, MAIN_CLASS);
                started.add(with);
                AppProcess without = AppProcess.start(withoutCp, COMMON_FLAGS, READY, MAIN_CLASS);
                started.add(without);
                if (!with.log().contains(INSTALLED) || without.log().contains(INSTALLED)) {
                    throw new IllegalStateException(server.name() + ": the starter is not on the first app alone;"
                            + " their output:\n" + with.log() + "\n----\n" + without.log());
                }
                checkEcho(with.port());
                checkEcho(without.port());
                apps.add(new AppProcess[] {with, without});
            }
            for (int s = 0; s < servers.size(); s++) {
                for (Mode mode : MODES) {
                    for (int a = 0; a < ROUTES.length && warmup > 0; a++) {
                        load(wrk, apps.get(s)[a], mode, warmup);
                    }
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (int s = 0; s < servers.size(); s++) {
                    for (Mode mode : MODES) {
                        for (int i = 0; i < ROUTES.length; i++) {
                            int a = round % 2 == 0 ? i : ROUTES.length - 1 - i; // with, without; then without, with
                            AppProcess app = apps.get(s)[a];
                            String key = key(servers.get(s), mode, a);
                            long cpuBefore = ProcessCpu.nanos(app.pid());
                            Wrk.Run run = load(wrk, app, mode, seconds);
                            double micros = (ProcessCpu.nanos(app.pid()) - cpuBefore) / 1000.0 / Math.max(1, run.requests());
                            rates.computeIfAbsent(key, k -> new ArrayList<>()).add(run.requestsPerSecond());
                            cpu.computeIfAbsent(key, k -> new ArrayList<>()).add(micros);
                            socketErrors.merge(key, run.socketErrors(), Long::sum);
                            System.out.printf(Locale.ROOT, "[server-load] round %d, %-10s %-17s %-12s %10.1f req/s,"
                                    + " server CPU %6.1f µs/req%n", round + 1, servers.get(s).name(), mode.name(),
                                    ROUTES[a], run.requestsPerSecond(), micros);
                        }
                    }
                }
            }
        } finally {
            for (AppProcess app : started) {
                app.close();
            }
        }
        LingeringHeap.Result heap;
        try (AppProcess app = AppProcess.start(classPath(SERVERS.get(0)), withFlags, READY, MAIN_CLASS, LONG_LINGER)) {
            heap = LingeringHeap.measure(app.pid(), app.port(), lingering);
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();

        String md = markdown(opts, servers, wrk, wrkVersion, rates, cpu, socketErrors, heap, loadBefore, loadAfter);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md, StandardCharsets.UTF_8);
        System.out.println(md);
        System.out.println("[server-load] written to " + out);
    }

    /** The servers named in {@code --servers} ({@code tomcat}, {@code jetty}), in that order. */
    private static List<Server> servers(String names) {
        List<Server> chosen = new ArrayList<>();
        for (String name : names.split(",")) {
            Server server = SERVERS.stream().filter(s -> s.name().toLowerCase(Locale.ROOT).startsWith(name.trim()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("--servers: " + name
                            + " is not one of tomcat, jetty"));
            chosen.add(server);
        }
        return chosen;
    }

    /** The app's classes, then its runtime class path. */
    private static List<String> classPath(Server server) throws IOException {
        List<String> classPath = new ArrayList<>();
        classPath.add(property(server.classesProperty()));
        classPath.addAll(AppProcess.classPathFile(Path.of(property(server.classpathProperty()))));
        return classPath;
    }

    private static String key(Server server, Mode mode, int route) {
        return server.name() + "/" + mode.name() + "/" + ROUTES[route];
    }

    /** One wrk run against {@code app}; every answer must be a 2xx. */
    private static Wrk.Run load(Wrk wrk, AppProcess app, Mode mode, int seconds) throws IOException, InterruptedException {
        Wrk.Run run = wrk.run(url(app.port()), mode.connectionClose(), seconds);
        if (run.non2xx() > 0) {
            throw new IllegalStateException(run.non2xx() + " answers were not 2xx: " + run.output() + "\n" + app.log());
        }
        return run;
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port + "/echo";
    }

    /** The app reads the body whole: it answers with the count of bytes it read. */
    private static void checkEcho(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(port)))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[Wrk.BODY_BYTES])).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().equals(Wrk.BODY_BYTES + " bytes\n")) {
            throw new IllegalStateException("POST /echo answered " + response.statusCode() + ": " + response.body());
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().collect(Collectors.toList());
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** (max − min) / median, in percent: how far one route's rounds spread. */
    private static double spread(List<Double> values) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return 100 * (max - min) / median(values);
    }

    private static String markdown(Map<String, String> opts, List<Server> servers, Wrk wrk, String wrkVersion,
                                   Map<String, List<Double>> rates, Map<String, List<Double>> cpu,
                                   Map<String, Long> socketErrors,
                                   LingeringHeap.Result heap, String loadBefore, String loadAfter) {
        String processor = BenchReport.firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
        String memory = BenchReport.firstValue(Path.of("/proc/meminfo"), "MemTotal").orElse("?");
        StringBuilder md = new StringBuilder();
        md.append("# Boot 4 (").append(servers.stream().map(Server::name).collect(Collectors.joining(", ")))
                .append(") under load, with and without the sockopt4j starter\n\n");
        md.append(String.format(Locale.ROOT, "Measured on %s, %d cores with %s memory, Linux %s, %s %s (%s), %s;"
                        + " apps started with `%s` (and sockopt4j's flags with the starter); reported %s.%n%n", processor,
                Runtime.getRuntime().availableProcessors(), memory, System.getProperty("os.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), System.getProperty("java.home"),
                wrkVersion, String.join(" ", COMMON_FLAGS), Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        md.append(String.format(Locale.ROOT, "Warm-up: %s s per app and mode; then %s rounds of %s s per app and mode,"
                        + " the apps alternating (with, without; then without, with), every server in each round;"
                        + " medians of the rounds.%n%n",
                opts.getOrDefault("warmup", "20"), opts.getOrDefault("rounds", "7"), opts.getOrDefault("seconds", "5")));
        md.append("Command (`make bench` runs it on each JDK):\n\n```\n").append(commandLine()).append("\n```\n\n");
        md.append("Each round, per app and mode (keep-alive: the same without `-H`), with `post.lua` the script below:\n\n```\n")
                .append(quoted(wrk.command("http://127.0.0.1:<port>/echo", true, Integer.parseInt(opts.getOrDefault("seconds", "5")))
                        .stream().map(a -> a.equals(wrk.script().toString()) ? "post.lua" : a).collect(Collectors.toList())))
                .append("\n```\n\n```lua\n").append(Wrk.SCRIPT).append("```\n\n");
        md.append("| server | mode | with starter, req/s (median) | without, req/s (median) | with / without | target "
                + "| rounds with | rounds without | spread with / without | round ratios | socket errors with / without |\n");
        md.append("|---|---|---:|---:|---:|---:|---|---|---:|---:|---:|\n");
        for (Server server : servers) {
            for (Mode mode : MODES) {
                List<Double> with = rates.getOrDefault(key(server, mode, 0), List.of());
                List<Double> without = rates.getOrDefault(key(server, mode, 1), List.of());
                if (with.isEmpty() || without.isEmpty()) {
                    continue;
                }
                double ratio = median(with) / median(without);
                md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.3f× | ≥ %.2f× %s | %s | %s | %.0f %% / %.0f %% | %s | %d / %d |%n",
                        server.name(), mode.name(), median(with), median(without), ratio, mode.target(),
                        ratio >= mode.target() ? "met" : "**not met**", joined(with), joined(without), spread(with),
                        spread(without), roundRatios(with, without), socketErrors.getOrDefault(key(server, mode, 0), 0L),
                        socketErrors.getOrDefault(key(server, mode, 1), 0L)));
            }
        }
        md.append("\nThe server's CPU time (user + system, all its threads, from `/proc/<pid>/stat`) per request,"
                + " in the same rounds: less moved than requests/s by other work on the machine.\n\n");
        md.append("| server | mode | with starter, µs/request (median) | without, µs/request (median) | with / without"
                + " | rounds with | rounds without |\n|---|---|---:|---:|---:|---|---|\n");
        for (Server server : servers) {
            for (Mode mode : MODES) {
                List<Double> with = cpu.getOrDefault(key(server, mode, 0), List.of());
                List<Double> without = cpu.getOrDefault(key(server, mode, 1), List.of());
                if (with.isEmpty() || without.isEmpty()) {
                    continue;
                }
                md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.3f× | %s | %s |%n", server.name(),
                        mode.name(), median(with), median(without), median(with) / median(without), joined1(with),
                        joined1(without)));
            }
        }
        md.append(String.format(Locale.ROOT, "%nLoad average (1, 5, 15 min; running/total; last pid) before: %s; after: %s.%n%n",
                loadBefore, loadAfter));
        md.append(String.format(Locale.ROOT, "## Heap per lingering connection%n%n%d connections to the Tomcat app with the starter"
                        + " (`%s`), each answered 413 and left lingering, silent; after a full GC, minus before they"
                        + " connected:%n%n", heap.connections(), String.join(" ", LONG_LINGER)));
        md.append("| figure | before | with them pending | per connection |\n|---|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| used heap (`jcmd GC.heap_info` after `GC.run`, least of 3) | %d KiB | %d KiB | %.0f B |%n",
                heap.usedBeforeKib(), heap.usedWithKib(), heap.usedBytesPerConnection()));
        md.append(String.format(Locale.ROOT, "| live objects (`jcmd GC.class_histogram` total) | %d B | %d B | %.0f B |%n%n",
                heap.liveBefore(), heap.liveWith(), heap.liveBytesPerConnection()));
        md.append(String.format(Locale.ROOT, "Of the live bytes, sockopt4j's own classes (`io.github.sockopt4j.*`): %.0f B"
                + " per connection. The classes that grew most, per pending connection:%n%n", heap.sockopt4jBytesPerConnection()));
        md.append("| class | instances | bytes |\n|---|---:|---:|\n");
        for (LingeringHeap.ClassDelta c : heap.classes()) {
            md.append(String.format(Locale.ROOT, "| `%s` | %.2f | %.0f |%n", c.name(), c.instancesPerConnection(),
                    c.bytesPerConnection()));
        }
        return md.toString();
    }

    /** The least and the most of the rounds' own ratios (each round's with over its without). */
    private static String roundRatios(List<Double> with, List<Double> without) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(with.size(), without.size()); i++) {
            ratios.add(with.get(i) / without.get(i));
        }
        double min = ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.2f–%.2f", min, max);
    }

    /** This JVM's command line, arguments with spaces quoted, so that it can be pasted. */
    private static String commandLine() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> all = new ArrayList<>();
        all.add(info.command().orElse("java"));
        all.addAll(Arrays.asList(info.arguments().orElse(new String[0])));
        return quoted(all);
    }

    private static String quoted(List<String> args) {
        return args.stream().map(a -> a.contains(" ") ? "'" + a + "'" : a).collect(Collectors.joining(" "));
    }

    private static String joined1(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).collect(Collectors.joining(", "));
    }

    private static String joined(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).collect(Collectors.joining(", "));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("-D" + name + " is not set: the Makefile passes it");
        }
        return value;
    }
}
