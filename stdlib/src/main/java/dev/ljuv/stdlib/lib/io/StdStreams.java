package dev.ljuv.stdlib.lib.io;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The three standard streams a Lua state reads and writes. The process streams are wrapped the way C's
 * stdio treats them (stdout fully buffered unless it is a terminal, where it is line buffered; stderr
 * unbuffered) because Lua programs print a lot and {@code System.out} flushes on every line; and, as in C,
 * {@code io.stdout:setvbuf(mode)} changes that ({@link Buffered}).
 */
public record StdStreams(InputStream in, PrintStream out, PrintStream err) {

    /** The process's own stdin, stdout and stderr. */
    public static StdStreams process() {
        boolean terminal = System.console() != null && System.console().isTerminal();
        PrintStream out = new Buffered(endsOnBrokenPipe(new FileOutputStream(FileDescriptor.out)), terminal ? "line" : "full");
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        return new StdStreams(System.in, out, err);
    }

    public void flush() {
        out.flush();
        err.flush();
    }

    /**
     * The process's standard output, ending the process as SIGPIPE ends luajit (status 141) when its reader has
     * gone ({@code ljuv script | head -1}): the JVM ignores the signal, and a write would otherwise fail silently
     * in a {@link PrintStream}, leaving the program printing to nowhere.
     */
    private static OutputStream endsOnBrokenPipe(OutputStream target) {
        return new java.io.FilterOutputStream(target) {
            @Override
            public void write(int b) throws java.io.IOException {
                try {
                    out.write(b);
                } catch (java.io.IOException e) {
                    throw brokenPipe(e);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                try {
                    out.write(b, off, len);
                } catch (java.io.IOException e) {
                    throw brokenPipe(e);
                }
            }

            @Override
            public void flush() throws java.io.IOException {
                try {
                    out.flush();
                } catch (java.io.IOException e) {
                    throw brokenPipe(e);
                }
            }
        };
    }

    private static java.io.IOException brokenPipe(java.io.IOException e) {
        if (e.getMessage() != null && e.getMessage().contains("Broken pipe")) {
            Runtime.getRuntime().halt(128 + 13); // SIGPIPE's status; no shutdown hook would have anywhere to write
        }
        return e;
    }

    /**
     * A buffered standard stream whose buffering C's {@code setvbuf} modes choose: {@code "full"} (flushed when
     * the buffer fills, at exit and on demand), {@code "line"} (also after each newline), {@code "no"} (after
     * every write).
     *
     * <p>Threading: as {@link PrintStream}; the mode is read by the writing thread.
     */
    public static final class Buffered extends PrintStream {
        private static final int FULL = 0;
        private static final int LINE = 1;
        private static final int NONE = 2;
        private volatile int mode;

        public Buffered(OutputStream target, String mode) {
            super(new BufferedOutputStream(target, 1 << 16), false);
            this.mode = code(mode);
        }

        private static int code(String mode) {
            return mode.equals("no") ? NONE : mode.equals("line") ? LINE : FULL;
        }

        /** Sets the mode ({@code "no"}, {@code "line"} or {@code "full"}), flushing what is buffered. */
        public void setMode(String mode) {
            this.mode = code(mode);
            flush();
        }

        @Override
        public void write(int b) {
            super.write(b);
            int m = mode;
            if (m == NONE || (b == '\n' && m == LINE)) {
                flush();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            int m = mode;
            if (m == NONE) {
                flush();
            } else if (m == LINE) {
                for (int i = off + len - 1; i >= off; i--) {
                    if (b[i] == '\n') {
                        flush();
                        break;
                    }
                }
            }
        }
    }
}
