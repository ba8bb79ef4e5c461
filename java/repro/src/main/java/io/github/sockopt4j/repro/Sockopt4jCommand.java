package io.github.sockopt4j.repro;

import io.github.sockopt4j.repro.clients.ClientsCommand;
import io.github.sockopt4j.repro.servers.ServersCommand;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sockopt4j} command-line tool; {@code make repro} runs its {@code repro} subcommand. */
@Command(name = "sockopt4j", mixinStandardHelpOptions = true, version = "sockopt4j 0.1.0",
        description = "Native socket controls and precise TCP close semantics: reproductions and checks.",
        subcommands = {ReproCommand.class, ClientsCommand.class, ServersCommand.class, PlatformCommand.class,
            CommandLine.HelpCommand.class})
public final class Sockopt4jCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Sockopt4jCommand()).execute(args));
    }
}
