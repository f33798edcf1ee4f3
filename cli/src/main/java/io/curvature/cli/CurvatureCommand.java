package io.curvature.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code curvature} command: {@code fit}, {@code compare}, {@code predict}, {@code info}. Errors are
 * one line on stderr and an exit code: 2 for bad input, 3 for a run that did not converge; {@code --debug}
 * adds the stack trace.
 */
@Command(name = "curvature", mixinStandardHelpOptions = true, version = "Curvature 0.1.0",
        description = "Second-order optimization on the JVM.",
        subcommands = {FitCommand.class, CompareCommand.class, PredictCommand.class, InfoCommand.class,
            CommandLine.HelpCommand.class})
public final class CurvatureCommand implements Runnable {

    private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "print stack traces of errors")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with Curvature's settings and error handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CurvatureCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            boolean debug = parse.originalArgs().contains("--debug");
            int code = ex instanceof CliException c ? c.exitCode
                    : ex instanceof IllegalArgumentException || ex instanceof java.io.UncheckedIOException ? CliException.BAD_INPUT : 1;
            line.getErr().println("curvature: " + ex.getMessage());
            if (debug) {
                ex.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return code;
        });
        return cl;
    }

    /** Entry point. */
    public static void main(String[] args) {
        // Library warnings go through System.Logger; on the command line each is one line, not JUL's two.
        if (System.getProperty(LOG_FORMAT) == null) {
            System.setProperty(LOG_FORMAT, "%4$s: %5$s%6$s%n");
        }
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("curvature: out of memory (" + e.getMessage() + "): give the JVM more with "
                    + "CURVATURE_JAVA_OPTS=-Xmx..., or use a method that needs only vectors (lbfgs, newton-cg)");
            code = CliException.BAD_INPUT;
        }
        System.exit(code);
    }
}
