package io.github.sockopt4j.agent.apps;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Embedded Tomcat 10.1 with its own NIO connector (no sockopt4j-tomcat), answering every upload
 * 413 without reading it; Tomcat swallows up to its maxSwallowSize (2 MiB) and closes with the
 * rest unread.
 */
public final class TomcatApp {
    private TomcatApp() {}

    public static void main(String[] args) throws Exception {
        AppArgs a = AppArgs.parse(args);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat-agent").toString());
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(a.port());
        connector.setProperty("address", a.address());
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "upload", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setStatus(413);
                resp.setContentType("text/plain");
                resp.getWriter().write("request body too large\n");
            }
        });
        context.addServletMappingDecoded("/*", "upload");
        tomcat.start();
        System.out.println("Started UploadApp on Tomcat 10.1, port " + a.port());
        tomcat.getServer().await();
    }
}
