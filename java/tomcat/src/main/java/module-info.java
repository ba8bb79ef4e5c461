/**
 * sockopt4j for Tomcat: {@link io.github.sockopt4j.tomcat.LingeringHttp11NioProtocol}, a Tomcat 11 /
 * 10.1 NIO connector protocol whose closes linger.
 */
module io.github.sockopt4j.tomcat {
    requires transitive io.github.sockopt4j;
    requires transitive org.apache.tomcat.embed.core;

    exports io.github.sockopt4j.tomcat;
}
