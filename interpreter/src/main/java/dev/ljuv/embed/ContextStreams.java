package dev.ljuv.embed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.script.ScriptContext;

/**
 * The standard streams of an engine's Lua state. They follow the script context being evaluated, read at each
 * write, so a new writer takes effect at once and the state lives on. Lua strings are bytes and a
 * {@link Writer} takes chars: each byte reaches the writer as the char of the same value (ISO-8859-1), so binary
 * data passes unharmed and never turns into U+FFFD (text Lua wrote in UTF-8 is
 * {@code new String(s.getBytes(ISO_8859_1), UTF_8)}). A {@link Reader} is read the other way: chars up to
 * U+00FF are one byte each, others their UTF-8 bytes. A context's initial streams are the process's
 * ({@link ProcessWriter}, {@link ProcessReader}): there Lua's bytes go to the process unchanged.
 *
 * <p>Threading: used by the thread inside the engine's state.
 */
final class ContextStreams {
    final PrintStream out;
    final PrintStream err;
    final InputStream in;
    private final Supplier<ScriptContext> context;

    ContextStreams(Supplier<ScriptContext> context) {
        this.context = context;
        this.out = new PrintStream(new ToWriter(false), true, StandardCharsets.UTF_8);
        this.err = new PrintStream(new ToWriter(true), true, StandardCharsets.UTF_8);
        this.in = new FromReader();
    }

    /** A writer onto a process stream: Java's chars as UTF-8, Lua's bytes as they are. */
    static final class ProcessWriter extends Writer {
        private final OutputStream stream;

        ProcessWriter(OutputStream stream) {
            this.stream = stream;
        }

        @Override
        public void write(char[] c, int off, int len) throws IOException {
            stream.write(new String(c, off, len).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void flush() throws IOException {
            stream.flush();
        }

        @Override
        public void close() throws IOException {
            flush(); // the process's stream stays open
        }
    }

    /** A reader of a process stream: UTF-8 chars for Java, the bytes as they are for Lua. */
    static final class ProcessReader extends Reader {
        private final InputStream stream;
        private Reader chars;

        ProcessReader(InputStream stream) {
            this.stream = stream;
        }

        @Override
        public int read(char[] c, int off, int len) throws IOException {
            if (chars == null) {
                chars = new InputStreamReader(stream, StandardCharsets.UTF_8);
            }
            return chars.read(c, off, len);
        }

        @Override
        public void close() {
            // the process's stream stays open
        }
    }

    private final class ToWriter extends OutputStream {
        private final boolean error;

        ToWriter(boolean error) {
            this.error = error;
        }

        private Writer writer() {
            ScriptContext c = context.get();
            return error ? c.getErrorWriter() : c.getWriter();
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Writer w = writer();
            if (w == null) {
                return;
            }
            if (w instanceof ProcessWriter p) {
                p.stream.write(b, off, len);
                return;
            }
            char[] c = new char[len];
            for (int i = 0; i < len; i++) {
                c[i] = (char) (b[off + i] & 0xff);
            }
            w.write(c, 0, len);
        }

        @Override
        public void flush() throws IOException {
            Writer w = writer();
            if (w != null) {
                w.flush();
            }
        }
    }

    /** Supports {@code mark}/{@code reset} over what one read brought in: enough for LuaJ's one-byte peeks. */
    private final class FromReader extends InputStream {
        private byte[] pending = new byte[0];
        private int next;
        private int marked = -1;

        @Override
        public boolean markSupported() {
            return true;
        }

        @Override
        public void mark(int limit) {
            marked = next;
        }

        @Override
        public void reset() throws IOException {
            if (marked < 0) {
                throw new IOException("no mark to reset to");
            }
            next = marked;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (next == pending.length) {
                Reader r = context.get().getReader();
                if (r == null) {
                    return -1;
                }
                byte[] fresh;
                if (r instanceof ProcessReader p) {
                    byte[] buf = new byte[Math.min(len, 8192)];
                    int n = p.stream.read(buf);
                    if (n < 0) {
                        return -1;
                    }
                    fresh = Arrays.copyOf(buf, n);
                } else {
                    char[] c = new char[Math.min(len, 8192)];
                    int n = r.read(c, 0, c.length);
                    if (n < 0) {
                        return -1;
                    }
                    fresh = bytes(c, n);
                }
                marked = marked == pending.length ? 0 : -1; // a mark at the end of what was read is the start of this
                pending = fresh;
                next = 0;
            }
            int n = Math.min(len, pending.length - next);
            System.arraycopy(pending, next, b, off, n);
            next += n;
            return n;
        }

        private static byte[] bytes(char[] c, int n) {
            ByteArrayOutputStream b = new ByteArrayOutputStream(n);
            for (int i = 0; i < n; i++) {
                if (c[i] <= 0xff) {
                    b.write(c[i]);
                } else {
                    int end = Character.isHighSurrogate(c[i]) && i + 1 < n && Character.isLowSurrogate(c[i + 1]) ? i + 2 : i + 1;
                    b.writeBytes(new String(c, i, end - i).getBytes(StandardCharsets.UTF_8));
                    i = end - 1;
                }
            }
            return b.toByteArray();
        }
    }
}
