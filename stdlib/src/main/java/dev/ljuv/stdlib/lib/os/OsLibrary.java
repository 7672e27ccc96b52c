package dev.ljuv.stdlib.lib.os;

import dev.ljuv.stdlib.lib.io.Errno;
import dev.ljuv.stdlib.lib.io.LuaJitIoLib;
import dev.ljuv.stdlib.lib.io.StdStreams;
import dev.ljuv.stdlib.lua.Args;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.luaj.vm2.LuaError;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import dev.ljuv.stdlib.lua.Functions;
import java.io.IOException;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The os library (LuaJIT's {@code lib_os.c}): LuaJ's functions on {@link LuaJitOsLib} (the process CPU clock,
 * a usable {@code tmpname}), and {@code exit} and {@code execute} as LuaJIT 2.1 has them, which flush the
 * state's buffered output first.
 *
 * <p>Threading: installs into one state.
 */
public final class OsLibrary {
    /** Every name of the {@code os} table. */
    static final String[] NAMES = {
        "clock", "date", "difftime", "execute", "exit", "getenv", "remove", "rename", "setlocale", "time", "tmpname",
    };

    private OsLibrary() {}

    /** The {@code os} table of a state whose standard streams are {@code streams}. */
    public static LuaTable install(Globals g, StdStreams streams) {
        LuaTable luaj = Functions.luaj(g, new LuaJitOsLib(), "os");
        return Functions.library("os", NAMES)
                .keep(luaj, "clock", "getenv", "tmpname")
                .function("date", OsLibrary::date)
                .function("time", OsLibrary::time)
                .function("difftime", args -> LuaValue.valueOf(Args.checkNumber(args, 1, "difftime")
                        - (args.isnoneornil(2) ? 0 : Args.checkNumber(args, 2, "difftime"))))
                .function("remove", args -> remove(Args.checkString(args, 1, "remove").tojstring()))
                .function("rename", args -> rename(Args.checkString(args, 1, "rename").tojstring(),
                        Args.checkString(args, 2, "rename").tojstring()))
                .function("setlocale", OsLibrary::setlocale)
                .function("exit", args -> exit(streams, args))
                .function("execute", args -> execute(streams, args))
                .done();
    }

    /** {@code os.exit([code])}: flushes the state's output, then ends the process ({@code true} is 0, {@code false} 1). */
    private static Varargs exit(StdStreams streams, Varargs args) {
        LuaValue code = args.arg1();
        int status;
        if (code.isnil()) {
            status = 0;
        } else if (code.isboolean()) {
            status = code.toboolean() ? 0 : 1;
        } else {
            status = Args.checkInt(args, 1, "exit");
        }
        streams.flush();
        System.out.flush();
        dev.ljuv.stdlib.vm.ProcessExit.exit(status);
        return LuaValue.NONE;
    }

    /**
     * {@code os.execute([command])} as in LuaJIT 2.1 (Lua 5.1): runs the command through {@code /bin/sh -c}
     * and returns the wait status as {@code system()} does (exit code times 256, or the signal number);
     * without a command, whether a shell is available (non-zero).
     */
    private static Varargs execute(StdStreams streams, Varargs args) {
        if (args.isnoneornil(1)) {
            return LuaValue.valueOf(new java.io.File("/bin/sh").canExecute() ? 1 : 0);
        }
        String command = Args.checkString(args, 1, "execute").tojstring();
        streams.flush(); // the child writes to the same descriptors: keep the output in order
        try {
            Process p = LuaJitIoLib.shell(command).inheritIO().start();
            int code = p.waitFor();
            return LuaValue.valueOf(code > 128 && code < 128 + 65 ? code - 128 : code << 8);
        } catch (IOException e) {
            return LuaValue.valueOf(127 << 8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LuaValue.valueOf(-1);
        }
    }

    /** {@code os.remove(name)}: a file or an empty directory; C's failure triple. */
    private static Varargs remove(String name) {
        try {
            Files.delete(Path.of(name));
            return LuaValue.TRUE;
        } catch (IOException e) {
            return Errno.failure(name, e);
        }
    }

    /** {@code os.rename(from, to)}: C's {@code rename}, replacing {@code to}; C's failure triple. */
    private static Varargs rename(String from, String to) {
        try {
            Files.move(Path.of(from), Path.of(to), StandardCopyOption.ATOMIC_MOVE);
            return LuaValue.TRUE;
        } catch (IOException e) {
            return Errno.failure(from, e);
        }
    }

    private static final java.util.List<String> CATEGORIES =
            java.util.List.of("all", "collate", "ctype", "monetary", "numeric", "time");

    /**
     * {@code os.setlocale([locale [, category]])}: the JVM formats as the C locale, which is the one locale that
     * can be set ({@code "C"}, {@code "POSIX"}); {@code ""} answers the environment's locale, as C does; any
     * other is refused with nil.
     */
    private static Varargs setlocale(Varargs args) {
        String category = args.isnoneornil(2) ? "all" : Args.checkString(args, 2, "setlocale").tojstring();
        if (!CATEGORIES.contains(category)) {
            throw Args.error(2, "setlocale", "invalid option '" + category + "'");
        }
        if (args.isnoneornil(1)) {
            return LuaValue.valueOf("C");
        }
        String locale = Args.checkString(args, 1, "setlocale").tojstring();
        if (locale.isEmpty()) {
            String env = System.getenv("LC_ALL");
            if (env == null || env.isEmpty()) {
                env = System.getenv("LANG");
            }
            return LuaValue.valueOf(env == null || env.isEmpty() ? "C" : env);
        }
        return locale.equals("C") || locale.equals("POSIX") ? LuaValue.valueOf("C") : LuaValue.NIL;
    }

    /** {@code os.date([format [, time]])}: {@code "*t"} a table, else strftime; {@code !} first means UTC. */
    private static Varargs date(Varargs args) {
        String format = args.isnoneornil(1) ? "%c" : Args.checkString(args, 1, "date").tojstring();
        long seconds = args.isnoneornil(2) ? System.currentTimeMillis() / 1000
                : (long) Math.floor(Args.checkNumber(args, 2, "date"));
        ZoneId zone = ZoneId.systemDefault();
        if (format.startsWith("!")) {
            format = format.substring(1);
            zone = ZoneOffset.UTC;
        }
        ZonedDateTime t;
        try {
            t = Instant.ofEpochSecond(seconds).atZone(zone);
        } catch (java.time.DateTimeException e) {
            return LuaValue.NIL; // a time no calendar date has (C's gmtime/localtime fail): nil, as LuaJIT's
        }
        if (format.startsWith("*t")) {
            LuaTable r = new LuaTable();
            r.set("year", t.getYear());
            r.set("month", t.getMonthValue());
            r.set("day", t.getDayOfMonth());
            r.set("hour", t.getHour());
            r.set("min", t.getMinute());
            r.set("sec", t.getSecond());
            r.set("wday", Strftime.weekday(t));
            r.set("yday", t.getDayOfYear());
            r.set("isdst", LuaValue.valueOf(zone.getRules().isDaylightSavings(t.toInstant())));
            return r;
        }
        return LuaValue.valueOf(Strftime.format(format, t));
    }

    /** {@code os.time([table])}: now, or the local time the table gives (normalized, as {@code mktime} does). */
    private static Varargs time(Varargs args) {
        if (args.isnoneornil(1)) {
            return LuaValue.valueOf(System.currentTimeMillis() / 1000);
        }
        LuaValue t = Args.checkTable(args, 1, "time");
        // read in C's order (sec first, year last), which decides which missing field is reported
        int sec = field(t, "sec", 0);
        int min = field(t, "min", 0);
        int hour = field(t, "hour", 12);
        int day = field(t, "day", -1);
        int month = field(t, "month", -1);
        int year = field(t, "year", -1);
        long seconds;
        try {
            LocalDateTime local = LocalDateTime.of(year, 1, 1, 0, 0).plusMonths(month - 1L).plusDays(day - 1L)
                    .plusHours(hour).plusMinutes(min).plusSeconds(sec);
            seconds = local.atZone(ZoneId.systemDefault()).toEpochSecond();
        } catch (java.time.DateTimeException e) {
            return LuaValue.NIL; // past the calendar's years: mktime fails
        }
        // mktime's -1 is its failure, which LuaJIT answers with nil (one second before 1970 included)
        return seconds == -1 ? LuaValue.NIL : LuaValue.valueOf(seconds);
    }

    private static int field(LuaValue t, String key, int dflt) {
        LuaValue v = t.get(key);
        if (v.isnumber()) {
            return v.toint();
        }
        if (v.isnil() && dflt >= 0) {
            return dflt;
        }
        throw new LuaError(v.isnil() ? "field '" + key + "' missing in date table" : "field '" + key + "' is not an integer");
    }
}
