package dev.ljuv.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code ljuv}, parsed as luajit parses its own:
 * {@code ljuv [options]... [script [args]...]}.
 */
final class Options {
    /** An {@code -e} or {@code -l} option, run in command-line order before the script. */
    record Action(char kind, String value) {}

    final List<Action> actions = new ArrayList<>();
    boolean interactive;
    boolean version;
    boolean ignoreEnvironment;
    /** {@code -h} / {@code --help}: the usage on stdout, status 0. */
    boolean help;
    /**
     * The command as it was invoked ({@code arg[-1]}, C's {@code argv[0]}): bin/ljuv passes its own {@code $0} in
     * the property {@code ljuv.command}; {@code ljuv} when the jar is run directly.
     */
    final String command = System.getProperty("ljuv.command", "ljuv");
    /** Index in {@code argv} of the script ({@code "-"} for stdin), or {@code argv.length} when there is none. */
    int scriptIndex;

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static Options parse(String[] argv) throws UsageException {
        Options o = new Options();
        int i = 0;
        for (; i < argv.length; i++) {
            String a = argv[i];
            if (a.length() < 2 || a.charAt(0) != '-') {
                break; // the script, or "-" for stdin
            }
            if (a.equals("--")) {
                i++;
                break;
            }
            if (a.equals("-h") || a.equals("--help")) {
                o.help = true;
                continue;
            }
            char c = a.charAt(1);
            switch (c) {
                case 'e', 'l' -> {
                    String value = a.substring(2);
                    if (value.isEmpty()) {
                        if (++i >= argv.length) {
                            throw new UsageException("'" + a + "' needs argument");
                        }
                        value = argv[i];
                    }
                    o.actions.add(new Action(c, value));
                }
                case 'j' -> { // JIT control: nothing to control on the JVM, accepted for compatibility
                    if (a.length() == 2 && ++i >= argv.length) {
                        throw new UsageException("'-j' needs argument");
                    }
                }
                case 'O' -> { } // optimisation flags: accepted and ignored
                case 'i' -> { o.interactive = true; o.version = true; checkAlone(a); }
                case 'v' -> { o.version = true; checkAlone(a); }
                case 'E' -> { o.ignoreEnvironment = true; checkAlone(a); }
                case 'b' -> throw new UsageException("bytecode saving ('-b') is not supported on the JVM");
                default -> throw new UsageException("unrecognized option '" + a + "'");
            }
        }
        o.scriptIndex = i;
        return o;
    }

    private static void checkAlone(String a) throws UsageException {
        if (a.length() != 2) {
            throw new UsageException("unrecognized option '" + a + "'");
        }
    }

    static final String USAGE = """
            usage: ljuv [options]... [script [args]...].
            Available options are:
              -e chunk  Execute string 'chunk'.
              -l name   Require library 'name'.
              -j cmd    Accepted for compatibility with luajit (no effect).
              -O[opt]   Accepted for compatibility with luajit (no effect).
              -i        Enter interactive mode after executing 'script'.
              -v        Show version information.
              -E        Ignore environment variables.
              --        Stop handling options.
              -         Execute stdin and stop handling options.
              -h, --help  Show this help.
            Environment: LUA_PATH, LUA_CPATH, LUA_INIT as luajit; LJUV_JAVA_OPTS (JVM options; the heap is at
            most 75% of the machine's memory unless they say otherwise, e.g. -Xmx2g), LJUV_MEMORY_LIMIT (memory
            each Lua state may hold, e.g. 512m or 2g: past it, "not enough memory"), LJUV_DEBUG (Java traces of
            internal errors, library logs), LJUV_DEBUG_COMPILE (what is compiled), LJUV_NO_BUILD (never build
            the jar).
            """;
}
