package io.github.sockopt4j.agent;

import io.github.sockopt4j.agent.apps.JdkHttpServerApp;
import io.github.sockopt4j.agent.apps.JettyApp;
import io.github.sockopt4j.agent.apps.TomcatApp;
import io.github.sockopt4j.agent.apps.UndertowApp;
import io.github.sockopt4j.testkit.AppProcess;
import io.github.sockopt4j.testkit.clients.ClientOutcome;
import io.github.sockopt4j.testkit.clients.Expected;
import io.github.sockopt4j.testkit.clients.Outcomes;
import io.github.sockopt4j.testkit.clients.RealClient;
import io.github.sockopt4j.testkit.clients.Upload;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real servers with no sockopt4j in them (the JDK's HttpServer, Undertow 2.4, Tomcat 10.1 and
 * Jetty 12.1 with their own connectors), answering an 8 MiB upload with 413 without reading it,
 * each in a child JVM started with the agent and without it, against real clients: with the
 * agent every trial gets the 413; without it the same test reproduces the loss, except for the
 * pairs named in {@link Server#deliverByThemselves}, which deliver (or mostly do) by themselves.
 * Trials per cell: {@code -Dsockopt4j.trials} (10).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealServerAgentTest {
    private static final int TRIALS = Integer.getInteger("sockopt4j.trials", 10);
    private static final int SIZE = 8 << 20;
    private static final List<RealClient> CLIENTS = List.of(RealClient.PYTHON_HTTP_CLIENT, RealClient.PYTHON_URLLIB,
            RealClient.PYTHON_REQUESTS, RealClient.WGET, RealClient.JAVA_HTTP_CLIENT, RealClient.CURL);

    enum Server {
        // Measured (10 trials per cell): requests reads the response after a failed send, curl
        // and HttpClient stop sending at the 413 (HttpClient lost it in 2 of 10 on HttpServer).
        JDK_HTTP_SERVER("JDK HttpServer", JdkHttpServerApp.class.getName(),
                Set.of(RealClient.PYTHON_REQUESTS, RealClient.JAVA_HTTP_CLIENT, RealClient.CURL)),
        UNDERTOW("Undertow 2.4", UndertowApp.class.getName(),
                Set.of(RealClient.PYTHON_REQUESTS, RealClient.JAVA_HTTP_CLIENT, RealClient.CURL)),
        TOMCAT_10_1("Tomcat 10.1", TomcatApp.class.getName(),
                Set.of(RealClient.PYTHON_REQUESTS, RealClient.JAVA_HTTP_CLIENT, RealClient.CURL)),
        // HttpClient got it in 5 of 10 here: at the threshold, so named.
        JETTY_12_1("Jetty 12.1", JettyApp.class.getName(),
                Set.of(RealClient.PYTHON_REQUESTS, RealClient.JAVA_HTTP_CLIENT, RealClient.CURL));

        final String label;
        final String mainClass;
        /** Clients that get the 413 without the agent in most trials on this server. */
        final Set<RealClient> deliverByThemselves;

        Server(String label, String mainClass, Set<RealClient> deliverByThemselves) {
            this.label = label;
            this.mainClass = mainClass;
            this.deliverByThemselves = deliverByThemselves;
        }
    }

    private final Map<Server, AppProcess> withAgent = new EnumMap<>(Server.class);
    private final Map<Server, AppProcess> without = new EnumMap<>(Server.class);

    private synchronized AppProcess app(Server server, boolean agent) throws Exception {
        Map<Server, AppProcess> apps = agent ? withAgent : without;
        AppProcess app = apps.get(server);
        if (app == null) {
            List<String> flags = agent ? List.of(ChildJvm.agentFlag(null)) : List.of();
            app = AppProcess.start(ChildJvm.classPath(), flags, "Started UploadApp", server.mainClass);
            if (agent && !app.log().contains(Sockopt4jAgent.PREFIX + "lingering closes on")) {
                throw new AssertionError("the agent did not install; the app's output:\n" + app.log());
            }
            apps.put(server, app);
        }
        return app;
    }

    @AfterAll
    void stop() throws InterruptedException {
        for (AppProcess app : withAgent.values()) {
            app.close();
        }
        for (AppProcess app : without.values()) {
            app.close();
        }
    }

    Stream<Arguments> cells() {
        return Stream.of(Server.values()).flatMap(s -> CLIENTS.stream().map(c -> Arguments.of(s, c)));
    }

    private List<ClientOutcome> trials(Server server, RealClient client, boolean agent) throws Exception {
        client.requireInstalled();
        Upload upload = Upload.of(SIZE, client == RealClient.PYTHON_REQUESTS ? "/multipart" : "/upload");
        List<ClientOutcome> outcomes = client.trials(Expected.STATUS_413, app(server, agent).port(), upload, null, TRIALS);
        System.out.printf("[agent-cell] %-15s %-8s %-20s %9d bytes: %s%n", server.label, agent ? "agent" : "without",
                client.id(), SIZE, Outcomes.summary(outcomes));
        return outcomes;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cells")
    @Timeout(600)
    void withTheAgentEveryTrialGetsThe413(Server server, RealClient client) throws Exception {
        List<ClientOutcome> outcomes = trials(server, client, true);
        if (Outcomes.delivered(outcomes) != outcomes.size()) {
            throw new AssertionError(server.label + " with the agent, " + client.id() + ": " + Outcomes.summary(outcomes));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cells")
    @Timeout(600)
    void withoutItTheLossIsReproduced(Server server, RealClient client) throws Exception {
        List<ClientOutcome> outcomes = trials(server, client, false);
        if (!server.deliverByThemselves.contains(client) && Outcomes.delivered(outcomes) >= outcomes.size() / 2.0) {
            throw new AssertionError(server.label + " without the agent delivered to " + client.id()
                    + " in most trials, the negative control shows no loss: " + Outcomes.summary(outcomes));
        }
    }
}
