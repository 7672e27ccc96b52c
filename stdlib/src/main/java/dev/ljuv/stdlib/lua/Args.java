package dev.ljuv.stdlib.lua;

import dev.ljuv.stdlib.vm.ArgumentError;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** Argument checks of library functions, with LuaJIT's messages: {@code bad argument #1 to 'f' (...)}. */
public final class Args {
    private Args() {}

    public static LuaError error(int index, String function, String message) {
        return new ArgumentError(index, function, message);
    }

    /** LuaJIT's name for the type of an argument, {@code no value} when it is absent. */
    public static String typeName(Varargs args, int index) {
        return index > args.narg() ? "no value" : args.arg(index).typename();
    }

    public static LuaError typeError(Varargs args, int index, String function, String expected) {
        return error(index, function, expected + " expected, got " + typeName(args, index));
    }

    public static LuaValue checkFunction(Varargs args, int index, String function) {
        LuaValue v = args.arg(index);
        if (!v.isfunction()) {
            throw typeError(args, index, function, "function");
        }
        return v;
    }

    /** A function or a value whose metatable has a function {@code __call} (luv's "callable"). */
    public static LuaValue checkCallable(Varargs args, int index, String function) {
        LuaValue v = args.arg(index);
        if (v.isfunction() || v.getmetatable() != null && v.getmetatable().rawget(LuaValue.CALL).isfunction()) {
            return v;
        }
        throw typeError(args, index, function, "function or callable table");
    }

    /** As {@link #checkCallable}, nil (or absent) allowed and returned as nil. */
    public static LuaValue optCallable(Varargs args, int index, String function) {
        return args.isnoneornil(index) ? LuaValue.NIL : checkCallable(args, index, function);
    }

    public static double checkNumber(Varargs args, int index, String function) {
        LuaValue v = args.arg(index);
        if (!v.isnumber()) {
            throw typeError(args, index, function, "number");
        }
        return v.todouble();
    }

    /** {@link #checkNumber(Varargs, int, String)} for argument {@code index} alone ({@code NONE}: absent). */
    public static double checkNumber(LuaValue v, int index, String function) {
        if (v instanceof LuaInteger n) { // by class, not through isnumber(), whose one profile all callers share
            return n.v;
        }
        if (v instanceof LuaDouble) {
            return v.todouble();
        }
        if (!v.isnumber()) {
            throw error(index, function, "number expected, got " + (v == LuaValue.NONE ? "no value" : v.typename()));
        }
        return v.todouble();
    }

    public static int checkInt(Varargs args, int index, String function) {
        return (int) checkNumber(args, index, function);
    }

    /** A string argument (numbers convert, as in Lua) as a Lua string. */
    public static LuaString checkString(Varargs args, int index, String function) {
        LuaValue v = args.arg(index);
        if (!v.isstring()) {
            throw typeError(args, index, function, "string");
        }
        return v.strvalue();
    }

    /** Any value, present: {@code value expected} when it is absent. */
    public static LuaValue checkValue(Varargs args, int index, String function) {
        if (index > args.narg()) {
            throw error(index, function, "value expected");
        }
        return args.arg(index);
    }

    /** An optional number argument as an int ({@code dflt} when absent or nil). */
    public static int optInt(Varargs args, int index, String function, int dflt) {
        return args.isnoneornil(index) ? dflt : checkInt(args, index, function);
    }

    public static LuaValue checkTable(Varargs args, int index, String function) {
        LuaValue v = args.arg(index);
        if (!v.istable()) {
            throw typeError(args, index, function, "table");
        }
        return v;
    }
}
