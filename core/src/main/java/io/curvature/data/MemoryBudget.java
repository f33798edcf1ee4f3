package io.curvature.data;

import java.lang.management.ManagementFactory;

/**
 * How much memory one of Curvature's allocations may take: half the physical memory (the container's, where the
 * JVM sees a limit), read once per JVM. Anything larger is refused with its size before it is asked for, so a
 * mistake (a LIBSVM index of 2^31, a dense method on a million features) is a message, not an
 * {@code OutOfMemoryError} or a machine that swaps.
 */
public final class MemoryBudget {

    /** Below this an allocation is not checked: asking the operating system costs start-up time. */
    private static final double UNCHECKED_BELOW = 1L << 28;

    private static final class Holder {
        static final long BYTES = ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() / 2
                : Runtime.getRuntime().maxMemory();
    }

    private MemoryBudget() {
    }

    /** {@return the most bytes one allocation may take} */
    public static long bytes() {
        return Holder.BYTES;
    }

    /**
     * Refuses an allocation of {@code bytes} that exceeds the budget.
     *
     * @param bytes what {@code what} needs
     * @param what  the thing allocated, for the message (e.g. {@code "a 3 x 2147483648 matrix"})
     * @throws IllegalArgumentException naming the thing, its size and the budget
     */
    public static void require(double bytes, String what) {
        if (bytes >= UNCHECKED_BELOW && bytes > Holder.BYTES) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s needs %.3g GB, more than the %.3g GB this process may use", what, bytes / 1e9, Holder.BYTES / 1e9));
        }
    }
}
