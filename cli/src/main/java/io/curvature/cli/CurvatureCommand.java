package io.curvature.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code curvature} command: subcommands fit models, compare methods and report the environment. */
@Command(name = "curvature", mixinStandardHelpOptions = true, version = "Curvature 0.1.0",
        description = "Second-order optimization on the JVM.",
        subcommands = {InfoCommand.class, CommandLine.HelpCommand.class})
public final class CurvatureCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with Curvature's settings (exit codes, case-insensitive enums). */
    public static CommandLine commandLine() {
        return new CommandLine(new CurvatureCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
