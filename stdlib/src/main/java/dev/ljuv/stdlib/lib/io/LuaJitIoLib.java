package dev.ljuv.stdlib.lib.io;

import dev.ljuv.stdlib.lua.Args;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JseIoLib;

/**
 * LuaJ's {@code io} library with LuaJIT 2.1's reading, writing and failures on LuaJ's files:
 * <ul>
 * <li>{@code read} and {@code lines} with every format LuaJIT accepts ({@code "*n"} as C's {@code %lf}, with hex
 *     and exponents; {@code "*l"}, {@code "*L"}, {@code "*a"}, a count; the forms without {@code *}; no argument
 *     for a line), lines that keep {@code \r} and NUL bytes, {@code "*a"} read to the end of pipes too, and
 *     {@code io.lines(name)} closing its file at the end;
 * <li>{@code write} answering {@code true}, or {@code nil, msg, errno} when the write fails; {@code io.open}'s
 *     failures as C's ({@link Errno}); {@code seek} refusing an unknown whence;
 * <li>files opened in {@code "a"} mode appending as C's {@code fopen} does: every write goes to the end of the
 *     file, atomically ({@code O_APPEND}), so that several threads or processes appending to one log do not
 *     overwrite each other (LuaJ seeked to the end once, at open).
 * </ul>
 *
 * <p>Threading: a file belongs to the state that opened it.
 */
public class LuaJitIoLib extends JseIoLib {
    /** Whether {@code v} is an io file (LuaJ's file type is only visible to io library subclasses). */
    static boolean isFile(LuaValue v) {
        return v instanceof File;
    }

    /** Whether {@code v} is an open file that {@code __gc} closes (not a standard stream). */
    static boolean isCollectableFile(LuaValue v) {
        return v instanceof File f && !f.isclosed() && !f.isstdfile();
    }

    /**
     * A file argument as LuaFileSystem checks one ({@code lfs.lock}, {@code unlock}, {@code setmode}): "FILE*
     * expected" for anything else, {@code "lock: closed file"} for a closed one. Its channel, or null where it has
     * none to lock (a pipe, a standard stream).
     */
    public static FileChannel checkFileChannel(Varargs args, int index, String function) {
        LuaValue v = args.arg(index);
        if (!(v instanceof File f)) {
            throw Args.typeError(args, index, function, "FILE*");
        }
        if (f.isclosed()) {
            throw new LuaError(function + ": closed file");
        }
        if (f instanceof StreamFile s) {
            return s.out instanceof FileOutputStream file ? file.getChannel() : null;
        }
        return RandomAccess.FILE.isInstance(f) ? ((RandomAccessFile) RandomAccess.FIELD.get(f)).getChannel() : null;
    }

    /**
     * LuaJ's file over a {@code RandomAccessFile} (io.open's read and update modes), which it keeps private: looked
     * up at lfs's first lock, not at every state's start.
     */
    private static final class RandomAccess {
        static final Class<?> FILE;
        static final java.lang.invoke.VarHandle FIELD;

        static {
            try {
                FILE = Class.forName("org.luaj.vm2.lib.jse.JseIoLib$FileImpl");
                FIELD = java.lang.invoke.MethodHandles.privateLookupIn(FILE, java.lang.invoke.MethodHandles.lookup())
                        .findVarHandle(FILE, "file", RandomAccessFile.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** LuaJ's table of file methods (package-private in LuaJ): {@link IoLibrary} puts LuaJIT's {@code lines} in it. */
    private static final java.lang.invoke.VarHandle FILE_METHODS;

    static {
        try {
            FILE_METHODS = java.lang.invoke.MethodHandles.privateLookupIn(org.luaj.vm2.lib.IoLib.class,
                    java.lang.invoke.MethodHandles.lookup()).findVarHandle(org.luaj.vm2.lib.IoLib.class, "filemethods",
                    LuaTable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code io.stdout}, whose buffering {@code setvbuf} sets. */
    private LuaValue stdout;

    /** {@code io.stdin}: reading it first flushes the standard output (a prompt shows before the read waits). */
    private LuaValue stdin;

    void rememberStdout(LuaValue file) {
        stdout = file;
    }

    void rememberStdin(LuaValue file) {
        stdin = file;
    }

    /** The table the files' methods are looked up in. */
    LuaTable fileMethods() {
        return (LuaTable) FILE_METHODS.get(this);
    }

    private static File open(LuaValue v, String function) {
        if (!(v instanceof File f)) {
            throw Args.error(1, function, "FILE* expected, got " + (v.isnil() ? "no value" : v.typename()));
        }
        if (f.isclosed()) {
            throw new LuaError("attempt to use a closed file");
        }
        return f;
    }

    private File input() {
        return open(_io_input(NIL).arg1(), "read");
    }

    @Override
    public Varargs _io_read(Varargs args) throws IOException {
        return read(input(), args, 1);
    }

    @Override
    public Varargs _file_read(LuaValue file, Varargs formats) throws IOException {
        return read(open(file, "read"), formats, 2);
    }

    @Override
    public Varargs _io_write(Varargs args) throws IOException {
        return write(open(_io_output(NIL).arg1(), "write"), args, 1);
    }

    @Override
    public Varargs _file_write(LuaValue file, Varargs args) throws IOException {
        return write(open(file, "write"), args, 2);
    }

    @Override
    public Varargs _file_seek(LuaValue file, String whence, int offset) throws IOException {
        File f = open(file, "seek");
        if (!whence.equals("set") && !whence.equals("cur") && !whence.equals("end")) {
            throw Args.error(2, "seek", "invalid option '" + whence + "'");
        }
        try {
            return valueOf(f.seek(whence, offset));
        } catch (IOException e) {
            return Errno.failure(null, e);
        }
    }

    /** {@code file:setvbuf(mode)}: for the standard output, C's buffering modes ({@link StdStreams.Buffered}). */
    @Override
    public Varargs _file_setvbuf(LuaValue file, String mode, int size) {
        File f = open(file, "setvbuf");
        if (!mode.equals("no") && !mode.equals("full") && !mode.equals("line")) {
            throw Args.error(2, "setvbuf", "invalid option '" + mode + "'");
        }
        if (f == stdout && globals.STDOUT instanceof StdStreams.Buffered out) {
            out.setMode(mode);
        }
        f.setvbuf(mode, size);
        return TRUE;
    }

    /** C's strerror(EINVAL): a mode fopen or popen refuses. */
    private static final String INVALID_ARGUMENT = "Invalid argument";

    /**
     * {@code io.open}: a mode C's {@code fopen} refuses (not starting with r, w or a) fails with EINVAL, as in
     * LuaJIT; LuaJ opened any other mode for writing, truncating the file.
     */
    @Override
    public Varargs _io_open(String filename, String mode) {
        try {
            if (mode.isEmpty() || "rwa".indexOf(mode.charAt(0)) < 0) {
                throw new IOException(INVALID_ARGUMENT);
            }
            return super._io_open(filename, mode);
        } catch (IOException e) {
            return Errno.failure(filename, e);
        }
    }

    /** {@code io.popen}: its failures as C's, {@code nil, "cmd: text", errno}. */
    @Override
    public Varargs _io_popen(String prog, String mode) {
        try {
            return super._io_popen(prog, mode);
        } catch (IOException e) {
            return Errno.failure(prog, e);
        }
    }

    /**
     * The iterator of {@code io.lines([name, ...])} ({@code io} true) or {@code file:lines(...)}: reads with the
     * formats after the file; {@code io.lines(name)} opens the file and closes it at the end.
     */
    Varargs lines(Varargs args, boolean io) {
        File f;
        boolean closeAtEnd = false;
        if (io && !args.isnil(1)) {
            String name = Args.checkString(args, 1, "lines").tojstring();
            Varargs opened = _io_open(name, "r");
            if (!(opened.arg1() instanceof File file)) {
                throw Args.error(1, "lines", opened.arg(2).tojstring());
            }
            f = file;
            closeAtEnd = true;
        } else {
            f = io ? input() : open(args.arg1(), "lines");
        }
        Varargs formats = args.subargs(2);
        boolean close = closeAtEnd;
        // named as the read that raises its argument errors, so that its caller names them as LuaJIT does: the
        // local it is called through, or '(for generator)' in a generic for
        return dev.ljuv.stdlib.lua.Functions.named("read", ignored -> {
            if (f.isclosed()) {
                throw new LuaError("attempt to use a closed file");
            }
            try {
                Varargs v = read(f, formats, 1);
                if (close && v.isnil(1)) {
                    f.close();
                }
                return v;
            } catch (IOException e) {
                throw new LuaError(Errno.text(e));
            }
        });
    }

    private static Varargs write(File f, Varargs args, int first) {
        for (int i = 1, n = args.narg(); i <= n; i++) {
            LuaValue v = args.arg(i);
            if (!v.isstring()) {
                throw Args.error(first + i - 1, "write", "string expected, got " + (v.isnil() && i > n ? "no value" : v.typename()));
            }
        }
        try {
            for (int i = 1, n = args.narg(); i <= n; i++) {
                f.write(args.arg(i).strvalue());
            }
            return TRUE;
        } catch (IOException e) {
            return Errno.failure(null, e);
        }
    }

    /** {@code read(formats...)}: one value per format, up to and including the first that fails (nil). */
    private Varargs read(File f, Varargs formats, int first) {
        if (f == stdin) {
            globals.STDOUT.flush();
        }
        try {
            return readFormats(f, formats, first);
        } catch (IOException e) { // a failed read gives C's nil, message, errno (what was read is dropped)
            return Errno.failure(null, e);
        }
    }

    private Varargs readFormats(File f, Varargs formats, int first) throws IOException {
        int n = formats.narg();
        if (n == 0) {
            return line(f, false);
        }
        LuaValue[] out = new LuaValue[n];
        int i = 0;
        while (i < n) {
            LuaValue fmt = formats.arg(i + 1);
            LuaValue v;
            if (fmt.type() == TNUMBER) {
                long count = (long) fmt.todouble();
                v = count <= 0 ? (f.peek() < 0 ? NIL : EMPTYSTRING) : bytes(f, (int) Math.min(count, Integer.MAX_VALUE - 8));
            } else if (fmt.type() == TSTRING) {
                LuaString s = fmt.strvalue();
                int at = s.m_length > 0 && s.luaByte(0) == '*' ? 1 : 0;
                v = switch (at < s.m_length ? s.luaByte(at) : 0) {
                    case 'n' -> number(f);
                    case 'l' -> line(f, false);
                    case 'L' -> line(f, true);
                    case 'a' -> all(f);
                    default -> throw Args.error(first + i, "read", "invalid format");
                };
            } else {
                throw Args.error(first + i, "read", "invalid option");
            }
            out[i++] = v;
            if (v.isnil()) {
                break;
            }
        }
        return varargsOf(out, 0, i);
    }

    /** A line, with or without its newline; nil at the end of the file. */
    private static LuaValue line(File f, boolean keepNewline) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(80);
        int c;
        while ((c = f.read()) >= 0 && c != '\n') {
            b.write(c);
        }
        if (c < 0 && b.size() == 0) {
            return NIL;
        }
        if (c == '\n' && keepNewline) {
            b.write('\n');
        }
        return LuaString.valueUsing(b.toByteArray());
    }

    /** Up to {@code count} bytes; nil at the end of the file. */
    private static LuaValue bytes(File f, int count) throws IOException {
        byte[] b = new byte[Math.min(count, 1 << 16)];
        java.io.ByteArrayOutputStream out = null;
        int total = 0;
        while (total < count) {
            int r = f.read(b, 0, Math.min(b.length, count - total));
            if (r <= 0) {
                break;
            }
            if (out == null && r == count) {
                return LuaString.valueUsing(b, 0, r);
            }
            if (out == null) {
                out = new java.io.ByteArrayOutputStream();
            }
            out.write(b, 0, r);
            total += r;
        }
        return total == 0 ? NIL : LuaString.valueUsing(out.toByteArray());
    }

    /** The rest of the file (of a pipe: until its writer closes it); {@code ""} at the end. */
    private static LuaValue all(File f) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] b = new byte[1 << 16];
        int r;
        while ((r = f.read(b, 0, b.length)) > 0) {
            out.write(b, 0, r);
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    /**
     * A number as C's {@code fscanf("%lf")} reads it: white space skipped, then the longest prefix of a decimal
     * or hexadecimal float, {@code inf} or {@code nan}; nil when there is none.
     */
    private static LuaValue number(File f) throws IOException {
        int c;
        while ((c = f.peek()) >= 0 && dev.ljuv.stdlib.vm.LuaNumbers.isSpace(c)) {
            f.read();
        }
        StringBuilder s = new StringBuilder();
        if (c == '+' || c == '-') {
            s.append((char) f.read());
            c = f.peek();
        }
        if (c == 'i' || c == 'I' || c == 'n' || c == 'N') {
            String word = c == 'n' || c == 'N' ? "nan" : "inf";
            for (int k = 0; k < word.length() && Character.toLowerCase(f.peek()) == word.charAt(k); k++) {
                f.read();
                if (k == word.length() - 1) {
                    double v = word.equals("nan") ? Double.NaN : Double.POSITIVE_INFINITY;
                    return valueOf(s.indexOf("-") == 0 ? -v : v);
                }
            }
            return NIL;
        }
        boolean hex = false;
        int mantissaDigits = 0;
        if (c == '0') {
            s.append((char) f.read());
            mantissaDigits = 1;
            if ((c = f.peek()) == 'x' || c == 'X') {
                s.append((char) f.read());
                hex = true;
                mantissaDigits = 0;
            }
        }
        String digits = hex ? "0123456789abcdefABCDEF" : "0123456789";
        mantissaDigits += digits(f, s, digits);
        if (f.peek() == '.') {
            s.append((char) f.read());
            mantissaDigits += digits(f, s, digits);
        }
        int mantissaEnd = s.length();
        // as glibc's scanf: an exponent only after a digit ("e5" is no number, nothing read), and one without
        // digits ("1e", "1.5E+") read but left out of the value
        if (mantissaDigits > 0 && ((c = f.peek()) == (hex ? 'p' : 'e') || c == (hex ? 'P' : 'E'))) {
            s.append((char) f.read());
            if ((c = f.peek()) == '+' || c == '-') {
                s.append((char) f.read());
            }
            if (digits(f, s, "0123456789") == 0) {
                s.setLength(mantissaEnd);
            }
        }
        String text = s.toString();
        boolean negative = text.startsWith("-");
        LuaValue v = dev.ljuv.stdlib.vm.ValueSemantics.parseNumber(
                text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text);
        return v == null ? NIL : negative ? valueOf(-v.todouble()) : valueOf(v.todouble());
    }

    /** Reads the characters of {@code allowed} that come next into {@code s}: how many. */
    private static int digits(File f, StringBuilder s, String allowed) throws IOException {
        int c;
        int n = 0;
        while ((c = f.peek()) >= 0 && allowed.indexOf(c) >= 0) {
            s.append((char) f.read());
            n++;
        }
        return n;
    }

    /**
     * The C library's {@code system} and {@code popen}: {@code /bin/sh -c command}, the shell's {@code $0} "sh" as
     * theirs (its messages read {@code sh: 1: x: not found}, not {@code /bin/sh: 1: ...}).
     */
    public static ProcessBuilder shell(String command) {
        return new ProcessBuilder("/bin/sh", "-c", command, "sh");
    }

    /**
     * {@code io.popen(cmd, mode)}: the command through {@code /bin/sh -c}, as C's {@code popen} (LuaJ split it
     * at spaces and ran it without a shell); {@code "r"} reads its output, {@code "w"} writes its input. The
     * state's buffered output is flushed first, so that the child's writes come after it.
     */
    @Override
    protected File openProgram(String prog, String mode) throws IOException {
        // glibc's popen takes r or w, and e (close-on-exec, which a child process here always is): nothing else
        boolean write = mode.indexOf('w') >= 0;
        if (mode.chars().anyMatch(c -> "rwe".indexOf(c) < 0) || write == (mode.indexOf('r') >= 0)) {
            throw new IOException(INVALID_ARGUMENT);
        }
        globals.STDOUT.flush();
        ProcessBuilder pb = shell(prog);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        if (write) {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        }
        Process process = pb.start();
        return write ? new StreamFile(null, process.getOutputStream(), process)
                : new StreamFile(process.getInputStream(), null, process);
    }

    @Override
    protected File openFile(String filename, boolean readMode, boolean appendMode, boolean updateMode, boolean binaryMode)
            throws IOException {
        if (!readMode && !updateMode) { // "w" and "a": write-only, as C's (a read gives EBADF)
            return new StreamFile(null, new FileOutputStream(filename, appendMode), null, appendMode);
        }
        if (readMode && updateMode) {
            // "r+": LuaJ opened it read-only (a write gave EBADF); C's reads and writes from the start, without
            // truncating, and fails for a file that does not exist, which opening for writing would create
            new java.io.RandomAccessFile(filename, "r").close();
            File f = super.openFile(filename, false, true, true, binaryMode); // read-write, kept whole, at its end
            f.seek("set", 0);
            return f;
        }
        return super.openFile(filename, readMode, appendMode, updateMode, binaryMode);
    }

    /**
     * A one-way file over a Java stream: one end of a pipe to a child process ({@code io.popen}, the process
     * waited for at close), or a file opened for writing only: "w" (seeks move the position) or "a" (where a seek
     * tells the size, as C's).
     */
    private final class StreamFile extends File {
        private final java.io.BufferedInputStream in; // null: not readable
        private final java.io.OutputStream out; // null: not writable
        private final Process process; // null: no child to wait for
        private final boolean append;
        private boolean closed;

        StreamFile(java.io.InputStream in, java.io.OutputStream out, Process process) {
            this(in, out, process, false);
        }

        StreamFile(java.io.InputStream in, java.io.OutputStream out, Process process, boolean append) {
            this.in = in == null ? null : new java.io.BufferedInputStream(in);
            this.out = out;
            this.process = process;
            this.append = append;
        }

        private java.io.BufferedInputStream in() throws IOException {
            if (in == null) {
                throw new IOException("Bad file descriptor");
            }
            return in;
        }

        @Override
        public void write(LuaString s) throws IOException {
            if (out == null) {
                throw new IOException("Bad file descriptor");
            }
            out.write(s.m_bytes, s.m_offset, s.m_length);
        }

        @Override
        public void flush() throws IOException {
            if (out != null) {
                out.flush();
            }
        }

        @Override
        public boolean isstdfile() {
            return false;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            if (out != null) {
                out.close();
            } else {
                in.close();
            }
            if (process != null) {
                try {
                    process.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
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
            if (out instanceof FileOutputStream file) {
                java.nio.channels.FileChannel channel = file.getChannel();
                if (append) {
                    return (int) channel.size();
                }
                long base = option.equals("set") ? 0 : option.equals("end") ? channel.size() : channel.position();
                if (base + bytecount < 0) {
                    throw new IOException("Invalid argument");
                }
                channel.position(base + bytecount);
                return (int) (base + bytecount);
            }
            throw new IOException("Illegal seek");
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
            java.io.BufferedInputStream from = in();
            from.mark(1);
            int c = from.read();
            from.reset();
            return c;
        }

        @Override
        public int read() throws IOException {
            return in().read();
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            return in().read(bytes, offset, length);
        }
    }
}
