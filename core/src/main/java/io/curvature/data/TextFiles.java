package io.curvature.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens the text data files: UTF-8, gzip-compressed or not (recognised by content, not by name), and turns a
 * byte that is not UTF-8 into a message with its offset instead of the decoder's "Input length = 1".
 */
final class TextFiles {

    private TextFiles() {
    }

    /** A reader of {@code file}'s text, decompressed when it is gzip. */
    static BufferedReader open(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(bytes(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** {@code file}'s bytes, decompressed when they start with gzip's magic number. */
    static InputStream bytes(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /** The exception for an I/O failure while reading {@code file}: for bad UTF-8, where the first bad byte is. */
    static UncheckedIOException failure(Path file, IOException e) {
        if (e instanceof CharacterCodingException) {
            long at = firstBadByte(file);
            return new UncheckedIOException("cannot read " + file + ": not UTF-8 text"
                    + (at >= 0 ? " (byte offset " + at + (isGzip(file) ? " after decompression" : "") + ")" : "")
                    + "; convert it to UTF-8 first", e);
        }
        return new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }

    private static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            return false;
        }
    }

    /** The offset of the first byte that is not valid UTF-8, or -1 (only on the error path: it reads the file again). */
    private static long firstBadByte(Path file) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        long consumed = 0;
        try (InputStream in = bytes(file)) {
            while (true) {
                int n = in.read(buf.array(), buf.position(), buf.remaining());
                boolean end = n < 0;
                if (!end) {
                    buf.position(buf.position() + n);
                }
                buf.flip();
                int before = buf.position();
                var result = dec.decode(buf, out, end);
                consumed += buf.position() - before;
                if (result.isError()) {
                    return consumed;
                }
                out.clear();
                buf.compact();
                if (end) {
                    return -1;
                }
            }
        } catch (IOException e) {
            return -1;
        }
    }
}
