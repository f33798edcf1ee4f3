package io.curvature.ffi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Checks that a file is a shared library this JVM's process could load, before the dynamic loader sees it: the
 * loader maps a damaged file and the process dies of {@code SIGBUS} when it touches a page past the end (a
 * truncated copy of {@code liblapacke.so.3} does exactly that). Checked: a readable regular file, the ELF magic,
 * the class (64-bit for a 64-bit JVM), the byte order, a shared object, the machine where this JVM's architecture
 * names one, and that the program headers and every loadable segment lie inside the file.
 */
final class ElfCheck {

    private static final int PT_LOAD = 1;
    private static final int ET_DYN = 3;

    private ElfCheck() {
    }

    /** Why {@code file} cannot be loaded, or {@code null} when it looks like a loadable library of this machine. */
    static String problem(Path file) {
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (!Files.isRegularFile(file)) {
            return "not a regular file";
        }
        if (!Files.isReadable(file)) {
            return "not readable";
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 64) {
                return "not an ELF shared library (" + size + " bytes)";
            }
            ByteBuffer head = read(ch, 0, 64);
            if (head.get(0) != 0x7f || head.get(1) != 'E' || head.get(2) != 'L' || head.get(3) != 'F') {
                return "not an ELF file";
            }
            boolean is64 = head.get(4) == 2;
            if (head.get(4) != 1 && !is64) {
                return "unknown ELF class " + head.get(4);
            }
            if (is64 != "64".equals(System.getProperty("sun.arch.data.model", "64"))) {
                return (is64 ? "64" : "32") + "-bit library for a " + System.getProperty("sun.arch.data.model") + "-bit JVM";
            }
            ByteOrder order = head.get(5) == 1 ? ByteOrder.LITTLE_ENDIAN : head.get(5) == 2 ? ByteOrder.BIG_ENDIAN : null;
            if (order != ByteOrder.nativeOrder()) {
                return "byte order does not match this machine";
            }
            head.order(order);
            if (head.getShort(16) != ET_DYN) {
                return "not a shared library (ELF type " + head.getShort(16) + ")";
            }
            int machine = Short.toUnsignedInt(head.getShort(18));
            int expected = machineOf(System.getProperty("os.arch", ""));
            if (expected != 0 && machine != expected) {
                return "built for ELF machine " + machine + ", this JVM runs on " + System.getProperty("os.arch")
                        + " (" + expected + ")";
            }
            return is64 ? segments64(ch, head, size) : null;
        } catch (IOException e) {
            return "cannot read: " + e.getMessage();
        }
    }

    /** The program headers and every {@code PT_LOAD} segment lie inside the file. */
    private static String segments64(FileChannel ch, ByteBuffer head, long size) throws IOException {
        long phoff = head.getLong(32);
        int phentsize = Short.toUnsignedInt(head.getShort(54));
        int phnum = Short.toUnsignedInt(head.getShort(56));
        if (phnum == 0 || phentsize < 56 || phoff < 0 || phoff > size || (long) phnum * phentsize > size - phoff) {
            return "truncated or damaged (program headers outside the file of " + size + " bytes)";
        }
        ByteBuffer ph = read(ch, phoff, phnum * phentsize).order(head.order());
        for (int k = 0; k < phnum; k++) {
            int at = k * phentsize;
            if (ph.getInt(at) == PT_LOAD) {
                long offset = ph.getLong(at + 8);
                long fileSize = ph.getLong(at + 32);
                if (offset < 0 || fileSize < 0 || offset > size || fileSize > size - offset) {
                    return "truncated or damaged (a loadable segment ends at byte " + (offset + fileSize)
                            + " of a " + size + "-byte file)";
                }
            }
        }
        return null;
    }

    private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return b.flip();
    }

    /** The ELF {@code e_machine} of a JVM architecture, or 0 where not known (then not checked). */
    static int machineOf(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> 62;
            case "aarch64", "arm64" -> 183;
            case "riscv64" -> 243;
            case "ppc64le", "ppc64" -> 21;
            case "s390x" -> 22;
            default -> 0;
        };
    }
}
