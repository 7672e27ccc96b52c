package dev.ljuv.stdlib.lib.io;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The three standard streams a Lua state reads and writes. The process streams are wrapped the way C's
 * stdio treats them (stdout fully buffered unless it is a terminal, stderr unbuffered) because Lua
 * programs print a lot and {@code System.out} flushes on every line.
 */
public record StdStreams(InputStream in, PrintStream out, PrintStream err) {

    /** The process's own stdin, stdout and stderr. */
    public static StdStreams process() {
        boolean terminal = System.console() != null && System.console().isTerminal();
        PrintStream out = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), terminal);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        return new StdStreams(System.in, out, err);
    }

    public void flush() {
        out.flush();
        err.flush();
    }
}
