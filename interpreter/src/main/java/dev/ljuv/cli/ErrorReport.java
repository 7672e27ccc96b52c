package dev.ljuv.cli;

import dev.ljuv.stdlib.vm.LuaErrors;
import org.luaj.vm2.LuaValue;

/**
 * What the command line prints for an error that no Lua code caught, in luajit's words: the message
 * (through {@code __tostring} for a non-string error object) followed by a stack traceback for runtime
 * errors, {@code (error object is not a string)} when there is no text, nothing for {@code error(nil)}.
 */
final class ErrorReport {
    private ErrorReport() {}

    /** The text to print after the program name, or null when luajit prints nothing. */
    static String describe(Throwable t, boolean withTraceback) {
        LuaValue value;
        try {
            value = LuaErrors.valueOf(t);
        } catch (RuntimeException e) {
            return LuaErrors.describe(e);
        }
        if (value.isnil()) {
            return null;
        }
        String message;
        if (value.isstring()) {
            message = value.tojstring();
        } else {
            LuaValue meta = value.metatag(LuaValue.TOSTRING);
            if (meta.isnil()) {
                return "(error object is not a string)";
            }
            try {
                LuaValue s = meta.call(value);
                if (!s.isstring()) {
                    return "(error object is not a string)";
                }
                message = s.tojstring();
            } catch (RuntimeException | StackOverflowError e) {
                return "(error object is not a string)";
            }
        }
        if (!withTraceback) {
            return message;
        }
        return message + "\n" + LuaErrors.traceback(t);
    }
}
