package dev.ljuv.stdlib.lib.io;

import java.io.FileOutputStream;
import java.io.IOException;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.lib.jse.JseIoLib;

/**
 * LuaJ's {@code io} library with files opened in {@code "a"} mode appending as C's {@code fopen} does: every
 * write goes to the end of the file, atomically ({@code O_APPEND}), so that several threads or processes
 * appending to one log do not overwrite each other (LuaJ seeked to the end once, at open).
 *
 * <p>Threading: a file belongs to the state that opened it.
 */
public class LuaJitIoLib extends JseIoLib {
    /** Whether {@code v} is an io file (LuaJ's file type is only visible to io library subclasses). */
    static boolean isFile(org.luaj.vm2.LuaValue v) {
        return v instanceof File;
    }

    /** Whether {@code v} is an open file that {@code __gc} closes (not a standard stream). */
    static boolean isCollectableFile(org.luaj.vm2.LuaValue v) {
        return v instanceof File f && !f.isclosed() && !f.isstdfile();
    }

    @Override
    protected File openFile(String filename, boolean readMode, boolean appendMode, boolean updateMode, boolean binaryMode)
            throws IOException {
        if (appendMode && !updateMode) {
            return new AppendFile(new FileOutputStream(filename, true));
        }
        return super.openFile(filename, readMode, appendMode, updateMode, binaryMode);
    }

    /** A write-only file in append mode. */
    private final class AppendFile extends File {
        private final FileOutputStream out;
        private boolean closed;

        AppendFile(FileOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(LuaString s) throws IOException {
            out.write(s.m_bytes, s.m_offset, s.m_length);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public boolean isstdfile() {
            return false;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            out.close();
        }

        @Override
        public boolean isclosed() {
            return closed;
        }

        @Override
        public String tojstring() {
            return dev.ljuv.stdlib.vm.ValueSemantics.fileText(this, closed);
        }

        @Override
        public int seek(String option, int bytecount) throws IOException {
            return (int) out.getChannel().size();
        }

        @Override
        public void setvbuf(String mode, int size) {
        }

        @Override
        public int remaining() {
            return -1;
        }

        @Override
        public int peek() throws IOException {
            throw new IOException("Bad file descriptor");
        }

        @Override
        public int read() throws IOException {
            throw new IOException("Bad file descriptor");
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            throw new IOException("Bad file descriptor");
        }
    }
}
