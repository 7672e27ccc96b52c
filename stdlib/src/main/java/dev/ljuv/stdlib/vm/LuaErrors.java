package dev.ljuv.stdlib.vm;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * Translates whatever a Lua call threw into the value a Lua program sees. Every place where Java code
 * catches an error on behalf of Lua (pcall, coroutine.resume, the command line, callbacks run by the event
 * loop) goes through here, so that no Java exception name or stack trace ever reaches a Lua user.
 */
public final class LuaErrors {
    private LuaErrors() {}

    private static final java.util.regex.Pattern BAD_ARGUMENT =
            java.util.regex.Pattern.compile("bad argument #(\\d+): (.*)", java.util.regex.Pattern.DOTALL);

    private static final java.util.regex.Pattern UNNAMED_CALL = java.util.regex.Pattern.compile("attempt to call (\\w+)");

    /** The message LuaJIT gives when the Lua stack is exhausted. */
    public static final String STACK_OVERFLOW = "stack overflow";
    /** The error a Ctrl-C raises in the running Lua code (LuaJIT's command line). */
    public static final String INTERRUPTED = "interrupted!";
    /** LuaJIT's message for a failed allocation (the heap, or a state's memory limit). */
    public static final String NOT_ENOUGH_MEMORY = "not enough memory";

    /** The error of a failed allocation: without a position, as LuaJIT raises it. */
    public static LuaError notEnoughMemory() {
        return new LuaError(NOT_ENOUGH_MEMORY, 0);
    }

    /** Initializes this class while there is memory: it is what reports running out of it. */
    public static void prepare() {
        // the class initializer has run
    }

    /**
     * The error value carried by {@code t}, as {@code pcall} would return it.
     * Callers catch {@link RuntimeException}, {@link StackOverflowError} and {@link OutOfMemoryError}.
     */
    public static LuaValue valueOf(Throwable t) {
        if (t instanceof ArgumentError ae && ErrorHooks.traceOf(ae) == null) {
            return LuaValue.valueOf(ae.unnamed()); // never left a Lua frame: called by Java, without a name
        }
        if (t instanceof LuaError le && ErrorHooks.traceOf(le) == null && le.getMessageObject() != null
                && le.getMessageObject().isstring()) {
            java.util.regex.Matcher call = UNNAMED_CALL.matcher(le.getMessageObject().tojstring());
            if (call.matches()) { // a value called by Java (pcall(t)): no variable to name
                return LuaValue.valueOf("attempt to call a " + call.group(1) + " value");
            }
        }
        if (t instanceof LuaError le) {
            LuaValue m = le.getMessageObject();
            if (m != null && m.isstring() && !(m.type() == LuaValue.TNUMBER)) {
                // an argument error that never reached a Lua frame (a library function called by pcall)
                java.util.regex.Matcher bad = BAD_ARGUMENT.matcher(m.tojstring());
                if (bad.matches()) {
                    return LuaValue.valueOf("bad argument #" + bad.group(1) + " to '?' ("
                            + RuntimeErrors.argumentDetail(bad.group(2)) + ")");
                }
            }
            return m == null ? LuaValue.NIL : m;
        }
        if (t instanceof StackOverflowError) {
            return LuaValue.valueOf(STACK_OVERFLOW);
        }
        if (t instanceof OutOfMemoryError) {
            MemoryGuard.outOfMemory(); // the reserve goes: room for the handler that reports it
            return LuaValue.valueOf(NOT_ENOUGH_MEMORY);
        }
        return LuaValue.valueOf(describe(t));
    }

    /**
     * A Lua-style description of a Java failure, without Java type or class names: the message of exceptions
     * that carry a user-level message, "internal error" for the others (their texts name Java classes).
     */
    public static String describe(Throwable t) {
        String m = t.getMessage();
        boolean userMessage = t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof UnsupportedOperationException || t instanceof java.io.IOException
                || t instanceof java.io.UncheckedIOException || t instanceof ArithmeticException
                || t instanceof LuaError;
        if (m == null || m.isBlank() || !userMessage || m.contains("java.") || m.contains("org.luaj")) {
            return "internal error";
        }
        return m;
    }

    /**
     * The traceback of the Lua frames {@code t} unwound ({@code "stack traceback:\n\t..."}), as LuaJIT prints
     * it under an uncaught error; a Java-level failure that never left a Lua frame has the one level
     * {@code [C]: in ?}.
     */
    public static String traceback(Throwable t) {
        ErrorTrace trace = t instanceof LuaError le ? ErrorHooks.traceOf(le) : null;
        return trace != null ? trace.traceback() : "stack traceback:\n\t[C]: in ?";
    }

    /**
     * {@code debug.traceback(co, err)} as the script's {@code debug} table has it now (a script may replace it), or
     * what calling it raised: the error of a coroutine that a loop callback resumed, as that callback raises it.
     */
    public static LuaValue traceback(org.luaj.vm2.Globals g, org.luaj.vm2.LuaThread co, LuaValue err) {
        try {
            return g.get("debug").get("traceback").call(co, err);
        } catch (RuntimeException e) {
            return valueOf(e);
        }
    }

    /** "message\nstack traceback:...": the error value's text and its traceback, the one way they are joined. */
    public static String messageWithTraceback(Throwable t) {
        return valueOf(t).tojstring() + "\n" + traceback(t);
    }
}
