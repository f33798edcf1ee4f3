package io.curvature.compute;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reading a choice by its name, in any case, with a message that lists the names when it is none of them. */
final class ChoiceNames {
    private ChoiceNames() {
    }

    static <E extends Enum<E>> E byName(Class<E> type, String what, String name) {
        if (name != null) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(name.strip())) {
                    return e;
                }
            }
        }
        String names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown " + what + " '" + name + "' (" + names + ")");
    }
}
