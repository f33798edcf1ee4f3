package io.curvature.cli;

import io.curvature.ffi.NativeLibrary;
import io.curvature.optim.Implementations;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code curvature info}: the machine, the JVM, the kernels and the native library in use. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the JDK, CPU and vector flags, vector species, kernels and LAPACK provider in use.")
final class InfoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> facts = new LinkedHashMap<>(Implementations.describe());
        NativeLibrary.Loaded lib = NativeLibrary.load();
        facts.put("native.lapack", lib.available() ? String.join(", ", lib.paths()) : "not loaded: " + lib.failure());
        facts.put("openblas.config", NativeLibrary.openBlasConfig().orElse("n/a"));
        int t = NativeLibrary.openBlasThreads();
        facts.put("openblas.threads", t < 0 ? "n/a" : Integer.toString(t));
        facts.put("threads.default", Integer.toString(Runtime.getRuntime().availableProcessors()));
        int width = facts.keySet().stream().mapToInt(String::length).max().orElse(0);
        facts.forEach((k, v) -> out.printf("%-" + width + "s  %s%n", k, v));
        out.flush();
        return 0;
    }
}
