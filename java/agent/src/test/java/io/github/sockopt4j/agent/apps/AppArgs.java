package io.github.sockopt4j.agent.apps;

/** The {@code --server.address=} and {@code --server.port=} that {@code AppProcess} passes. */
record AppArgs(String address, int port) {
    static AppArgs parse(String[] args) {
        String address = null;
        int port = -1;
        for (String a : args) {
            if (a.startsWith("--server.address=")) {
                address = a.substring("--server.address=".length());
            } else if (a.startsWith("--server.port=")) {
                port = Integer.parseInt(a.substring("--server.port=".length()));
            }
        }
        if (address == null || port < 0) {
            throw new IllegalArgumentException("need --server.address= and --server.port=, got " + String.join(" ", args));
        }
        return new AppArgs(address, port);
    }
}
