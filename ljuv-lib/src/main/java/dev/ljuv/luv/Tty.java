package dev.ljuv.luv;

import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.MethodTable;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * luv's {@code uv_tty_t}: {@code uv.new_tty(fd, readable)} on this process's standard streams (0 to read, 1 or 2 to
 * write) when they are a terminal. The terminal's mode is the {@code stty} command's to change (the JVM has no
 * termios): {@code set_mode("raw")} saves the settings first, {@code uv.tty_reset_mode()} restores them; the
 * window size is {@code stty size}'s.
 *
 * <p>Threading: loop thread only; the terminal settings saved are the process's (one terminal).
 */
public final class Tty extends Stream {
    static final List<Op<? super Tty>> OPS = List.of(
            Op.of(Tty.class, "uv_tty", "tty_set_mode", "set_mode", (t, a) -> setMode(mode(a))),
            Op.of(Tty.class, "uv_tty", "tty_get_winsize", "get_winsize", (t, a) -> winsize()));

    /** The terminal's settings before the first mode change ({@code stty -g}), for reset_mode. */
    private static volatile String saved;

    private static final File TERMINAL = new File("/dev/tty");

    Tty(Luv luv, MethodTable<Tty> type) {
        super(luv, type);
    }

    @Override
    public String typeName() {
        return "tty";
    }

    /**
     * {@code uv.new_tty}: the handle; as libuv, EINVAL for a file, and a pipe is accepted (writes go through, the
     * mode functions fail); descriptors other than the standard streams cannot be opened from the JVM.
     */
    static Varargs open(Luv luv, MethodTable<Tty> type, int fd) {
        if (fd < 0 || fd > 2) {
            return LuvErrors.fail(fd < 0 ? UvError.EINVAL : UvError.ENOTSUP);
        }
        String kind = Misc.guessHandle(fd);
        if (kind.equals("file") || kind.equals("unknown")) {
            return LuvErrors.fail(UvError.EINVAL);
        }
        Tty t = new Tty(luv, type);
        if (fd == 0) {
            t.attach(luv.globals.STDIN, null, false);
        } else {
            t.attach(null, fd == 1 ? luv.globals.STDOUT : luv.globals.STDERR, false);
        }
        return t;
    }

    private static int mode(Varargs a) {
        LuaValue m = a.arg1();
        if (m.type() == LuaValue.TNUMBER) {
            return m.toint();
        }
        String s = Args.checkString(a, 1, "tty_set_mode").tojstring();
        return switch (s) {
            case "normal" -> 0;
            case "raw" -> 1;
            case "io" -> 2;
            case "raw_vt" -> 3;
            default -> throw Args.error(1, "tty_set_mode", "invalid option '" + s + "'");
        };
    }

    private static Varargs setMode(int mode) {
        if (saved == null) {
            String settings = stty("-g");
            if (settings == null) {
                return LuvErrors.fail(UvError.ENOTTY);
            }
            saved = settings.trim();
        }
        // libuv's raw mode keeps output processing (newlines still return the carriage); "io" is cfmakeraw's
        String out = mode == 0 ? stty(saved)
                : mode == 2 ? stty("raw", "-echo")
                : stty("-brkint", "-icrnl", "-inpck", "-istrip", "-ixon", "onlcr", "cs8", "-echo", "-icanon",
                        "-iexten", "-isig", "min", "1", "time", "0");
        return out == null ? LuvErrors.fail(UvError.ENOTTY) : LuvErrors.OK;
    }

    /** {@code uv.tty_reset_mode()}: the settings before the first {@code set_mode}. */
    static Varargs resetMode() {
        String s = saved;
        if (s != null && stty(s) == null) {
            return LuvErrors.fail(UvError.ENOTTY);
        }
        return LuvErrors.OK;
    }

    private static Varargs winsize() {
        String size = stty("size");
        if (size != null) {
            String[] f = size.trim().split("\\s+");
            if (f.length == 2) {
                return varargsOf(valueOf(Integer.parseInt(f[1])), valueOf(Integer.parseInt(f[0])));
            }
        }
        return LuvErrors.fail(UvError.ENOTTY);
    }

    /** Runs {@code stty} on the controlling terminal: its output, or null when there is none. */
    private static String stty(String... args) {
        if (!TERMINAL.canRead()) {
            return null;
        }
        List<String> command = new ArrayList<>();
        command.add("stty");
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectInput(TERMINAL)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
