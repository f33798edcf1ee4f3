package io.curvature.cli;

import io.curvature.optim.Method;

import java.util.Arrays;
import java.util.Iterator;

/** The methods' command-line names, for {@code --method}'s help and completion: taken from {@link Method}. */
final class MethodNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(Method.values()).map(Method::cliName).iterator();
    }
}
