package dev.ljuv.stdlib.vm;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The runtime's settings: read once, from system properties and the environment ({@link #from}), when a
 * runtime starts (the command line, an embedding builder), then passed down to every state it makes; tests
 * build their own with the {@code with} methods.
 *
 * @param compile when Lua functions are compiled to JVM classes ({@code -Dljuv.compile=off|auto|always|pieces})
 * @param compileDump where generated classes are also written, for {@code javap} ({@code -Dljuv.compile.dump=DIR}),
 *     or null
 * @param reportCompile whether each function's fate is reported on stderr ({@code LJUV_DEBUG_COMPILE})
 * @param coroutines what runs coroutines ({@code -Dljuv.coroutines=threads} forces virtual threads)
 * @param transport the event loop's transport: {@code epoll}, {@code kqueue}, {@code nio}, or empty for the best
 *     available ({@code -Dljuv.transport})
 * @param debug whether internal errors show their Java trace and libraries may log ({@code LJUV_DEBUG})
 * @param classpath jars and directories every state's {@code java} module starts with ({@code LJUV_CLASSPATH},
 *     separated as the platform's class path), or empty
 * @param memoryLimit bytes each Lua state may hold ({@code LJUV_MEMORY_LIMIT}, as {@code 512m}, {@code 2g} or bytes;
 *     see {@code MemoryLimit}), or 0: the JVM's heap is the only limit
 */
public record RuntimeOptions(Compile compile, Path compileDump, boolean reportCompile, Coroutines coroutines,
        String transport, boolean debug, String classpath, long memoryLimit) {

    /** When chunks are compiled. */
    public enum Compile {
        /** Never: LuaJ's interpreter runs everything. */
        OFF,
        /** When it pays (the default): see {@code CompiledChunk}. */
        AUTO,
        /** Every function that can be, budget or not, loops or not: how the tests exercise the compiler. */
        ALWAYS,
        /**
         * As {@link #ALWAYS}, each function cut into methods of a few instructions: how the tests exercise the code of
         * functions too large for one method ({@code -Dljuv.compile=pieces}; see {@code Pieces}).
         */
        PIECES
    }

    /** What runs coroutines. */
    public enum Coroutines {
        /** JDK continuations when this JVM exports them to us (the default), else virtual threads. */
        CONTINUATIONS,
        /** Virtual threads, one per coroutine: slower; a fallback and a test of the engine's contract. */
        THREADS
    }

    /** The defaults: what a run without any property or variable gets. */
    public static final RuntimeOptions DEFAULTS =
            new RuntimeOptions(Compile.AUTO, null, false, Coroutines.CONTINUATIONS, "", false, "", 0);

    /** The options given by {@code properties} and {@code environment}. */
    public static RuntimeOptions from(Properties properties, Map<String, String> environment) {
        Compile compile = switch (properties.getProperty("ljuv.compile", "auto")) {
            case "false", "off" -> Compile.OFF;
            case "always" -> Compile.ALWAYS;
            case "pieces" -> Compile.PIECES;
            default -> Compile.AUTO;
        };
        String dump = properties.getProperty("ljuv.compile.dump");
        return new RuntimeOptions(compile, dump == null ? null : Path.of(dump),
                environment.get("LJUV_DEBUG_COMPILE") != null,
                properties.getProperty("ljuv.coroutines", "").equals("threads") ? Coroutines.THREADS : Coroutines.CONTINUATIONS,
                properties.getProperty("ljuv.transport", ""),
                environment.get("LJUV_DEBUG") != null,
                environment.getOrDefault("LJUV_CLASSPATH", ""),
                size("LJUV_MEMORY_LIMIT", environment.getOrDefault("LJUV_MEMORY_LIMIT", "")));
    }

    /**
     * A size in bytes written as {@code 65536}, {@code 64k}, {@code 512m} or {@code 2g} (a trailing {@code b} and
     * upper case allowed); empty: 0.
     *
     * @throws IllegalArgumentException naming {@code what} when {@code text} is not a size
     */
    public static long size(String what, String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.isEmpty()) {
            return 0;
        }
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = t.isEmpty() ? 0 : switch (t.charAt(t.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit) && digits.length() < 13) {
            long n = Long.parseLong(digits) << shift;
            if (n > 0) {
                return n;
            }
        }
        throw new IllegalArgumentException(what + ": not a size: " + text + " (bytes, or a number followed by k, m or g)");
    }

    /** The options of this process: its system properties and environment. */
    public static RuntimeOptions fromSystem() {
        return from(System.getProperties(), System.getenv());
    }

    public RuntimeOptions withCompile(Compile mode) {
        return new RuntimeOptions(mode, compileDump, reportCompile, coroutines, transport, debug, classpath, memoryLimit);
    }

    public RuntimeOptions withCoroutines(Coroutines engine) {
        return new RuntimeOptions(compile, compileDump, reportCompile, engine, transport, debug, classpath, memoryLimit);
    }

    /** With each state limited to {@code bytes} (0: no limit). */
    public RuntimeOptions withMemoryLimit(long bytes) {
        return new RuntimeOptions(compile, compileDump, reportCompile, coroutines, transport, debug, classpath, bytes);
    }
}
