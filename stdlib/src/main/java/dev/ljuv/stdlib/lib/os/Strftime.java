package dev.ljuv.stdlib.lib.os;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * C's {@code strftime} in the C locale, as glibc formats, for {@code os.date}: every conversion of C99 and POSIX
 * ({@code %a %A %b %B %c %C %d %D %e %F %g %G %h %H %I %j %k %l %m %M %n %p %P %r %R %s %S %t %T %u %U %V %w %W
 * %x %X %y %Y %z %Z %%}), the {@code E} and {@code O} modifiers accepted and ignored, and an unknown conversion
 * copied as it is.
 *
 * <p>Threading: stateless.
 */
final class Strftime {
    private Strftime() {}

    static String format(String fmt, ZonedDateTime t) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%' || i + 1 >= fmt.length()) {
                out.append(c);
                continue;
            }
            char k = fmt.charAt(++i);
            if ((k == 'E' || k == 'O') && i + 1 < fmt.length()) {
                k = fmt.charAt(++i);
            }
            conversion(out, k, t);
        }
        return out.toString();
    }

    private static void conversion(StringBuilder out, char k, ZonedDateTime t) {
        switch (k) {
            case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
            case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
            case 'b', 'h' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
            case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
            case 'c' -> out.append(format("%a %b %e %H:%M:%S %Y", t));
            case 'C' -> two(out, t.getYear() / 100);
            case 'd' -> two(out, t.getDayOfMonth());
            case 'D', 'x' -> out.append(format("%m/%d/%y", t));
            case 'e' -> out.append(String.format("%2d", t.getDayOfMonth()));
            case 'F' -> out.append(format("%Y-%m-%d", t));
            case 'g' -> two(out, t.get(IsoFields.WEEK_BASED_YEAR) % 100);
            case 'G' -> out.append(t.get(IsoFields.WEEK_BASED_YEAR));
            case 'H' -> two(out, t.getHour());
            case 'I' -> two(out, hour12(t));
            case 'j' -> out.append(String.format("%03d", t.getDayOfYear()));
            case 'k' -> out.append(String.format("%2d", t.getHour()));
            case 'l' -> out.append(String.format("%2d", hour12(t)));
            case 'm' -> two(out, t.getMonthValue());
            case 'M' -> two(out, t.getMinute());
            case 'n' -> out.append('\n');
            case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
            case 'P' -> out.append(t.getHour() < 12 ? "am" : "pm");
            case 'r' -> out.append(format("%I:%M:%S %p", t));
            case 'R' -> out.append(format("%H:%M", t));
            case 's' -> out.append(t.toEpochSecond());
            case 'S' -> two(out, t.getSecond());
            case 't' -> out.append('\t');
            case 'T', 'X' -> out.append(format("%H:%M:%S", t));
            case 'u' -> out.append(t.getDayOfWeek().getValue());
            case 'U' -> two(out, (t.getDayOfYear() + 6 - t.getDayOfWeek().getValue() % 7) / 7);
            case 'V' -> two(out, t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case 'w' -> out.append(t.getDayOfWeek().getValue() % 7);
            case 'W' -> two(out, (t.getDayOfYear() + 6 - (t.getDayOfWeek().getValue() + 6) % 7) / 7);
            case 'y' -> two(out, t.getYear() % 100);
            case 'Y' -> out.append(t.getYear());
            case 'z' -> {
                int s = t.getOffset().getTotalSeconds();
                out.append(s < 0 ? '-' : '+');
                s = Math.abs(s) / 60;
                two(out, s / 60);
                two(out, s % 60);
            }
            case 'Z' -> out.append(zoneName(t));
            case '%' -> out.append('%');
            default -> out.append('%').append(k);
        }
    }

    private static int hour12(ZonedDateTime t) {
        int h = t.getHour() % 12;
        return h == 0 ? 12 : h;
    }

    private static void two(StringBuilder out, int v) {
        if (v < 10) {
            out.append('0');
        }
        out.append(v);
    }

    /** The zone's abbreviation as C writes it ({@code CET}, {@code UTC}; glibc says {@code GMT} for {@code !}). */
    static String zoneName(ZonedDateTime t) {
        return t.getZone().getId().equals("Z") ? "GMT"
                : t.getZone().getDisplayName(TextStyle.SHORT, Locale.US).replace("Coordinated Universal Time", "UTC");
    }

    /** C's {@code tm_wday + 1}: Sunday is 1. */
    static int weekday(ZonedDateTime t) {
        return t.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : t.getDayOfWeek().getValue() + 1;
    }

    static long field(ZonedDateTime t, ChronoField f) {
        return t.getLong(f);
    }
}
