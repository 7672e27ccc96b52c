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
        PrintStream out = new Buffered(new FileOutputStream(FileDescriptor.out), terminal ? "line" : "full");
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        return new StdStreams(System.in, out, err);
    }

    public void flush() {
        out.flush();
        err.flush();
    }

    /**
     * A buffered standard stream whose buffering C's {@code setvbuf} modes choose: {@code "full"} (flushed when
     * the buffer fills, at exit and on demand), {@code "line"} (also after each newline), {@code "no"} (after
     * every write).
     *
     * <p>Threading: as {@link PrintStream}; the mode is read by the writing thread.
     */
    public static final class Buffered extends PrintStream {
        private volatile String mode;

        public Buffered(OutputStream target, String mode) {
            super(new BufferedOutputStream(target, 1 << 16), false);
            this.mode = mode;
        }

        /** Sets the mode ({@code "no"}, {@code "line"} or {@code "full"}), flushing what is buffered. */
        public void setMode(String mode) {
            this.mode = mode;
            flush();
        }

        @Override
        public void write(int b) {
            super.write(b);
            if (mode.equals("no") || (b == '\n' && mode.equals("line"))) {
                flush();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            String m = mode;
            if (m.equals("no")) {
                flush();
            } else if (m.equals("line")) {
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
