package dev.ljuv.stdlib.patch;

import dev.ljuv.stdlib.LuaErrors;
import dev.ljuv.stdlib.LuaStacks;
import dev.ljuv.stdlib.debug.CallSiteNames;
import dev.ljuv.stdlib.debug.ChunkNames;
import dev.ljuv.stdlib.debug.ErrorTrace;
import dev.ljuv.stdlib.debug.RuntimeErrors;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.Prototype;

/**
 * Called by patched LuaJ code (see {@link LuaJPatcher}). Its fields are reached through var handles because
 * this class is compiled against the unpatched LuaJ; initialising it fails when the patches are missing from
 * the class path, which {@link #verify()} turns into a clear message.
 *
 * <p>Threading: stateless; each call works on an error owned by the calling thread.
 */
public final class LuaHooks {
    private static final VarHandle LEVEL;
    private static final VarHandle FILELINE;
    private static final VarHandle TRACEBACK;
    private static final VarHandle TRACE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LEVEL = lookup.findVarHandle(LuaError.class, "level", int.class);
            FILELINE = lookup.findVarHandle(LuaError.class, "fileline", String.class);
            TRACEBACK = lookup.findVarHandle(LuaError.class, "traceback", String.class);
            TRACE = lookup.findVarHandle(LuaError.class, ErrorFieldsPatch.TRACE_FIELD, Object.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("LuaJ is not patched for ljuv: put ljuv-stdlib before luaj-jse on the class path", e);
        }
    }

    private LuaHooks() {}


    /** Fails with a clear message when the LuaJ classes on the class path are not the patched ones. */
    public static void verify() {
        // class initialisation above does the check
    }

    /**
     * An error leaves the Lua frame running {@code p} at instruction {@code pc}: record the frame, and when it
     * is the frame the error's level designates, give the message that frame's position.
     */
    public static void onUnwind(LuaClosure closure, LuaError le, Prototype p, int pc) {
        ErrorTrace trace = (ErrorTrace) TRACE.get(le);
        if (trace == null) {
            trace = new ErrorTrace();
            TRACE.set(le, trace);
            Throwable cause = le.getCause();
            if (cause != null && !(cause instanceof LuaError)) {
                // LuaJ wrapped a Java exception as "vm error: java.lang...": keep only what it means
                TRACEBACK.set(le, position(p, pc) + ": " + LuaErrors.describe(cause));
            }
        }
        int depth = trace.enter(p, pc);
        if (depth == 1 && le.getCause() == null && TRACEBACK.get(le) == null && FILELINE.get(le) == null) {
            // still the message as constructed: a VM error gets LuaJIT's text with the variable's name
            String vmText = RuntimeErrors.rewrite(le.getMessage(), p, pc);
            if (vmText != null) {
                trace.raisedByVm();
                TRACEBACK.set(le, position(p, pc) + ": " + vmText);
                return;
            }
        }
        if (depth == (int) LEVEL.get(le) && FILELINE.get(le) == null && TRACEBACK.get(le) == null) {
            FILELINE.set(le, position(p, pc) + ":");
        }
    }

    /**
     * Entry of a Lua call (patched {@code LuaClosure.execute}): counts it, refusing past the limit, and notes
     * the function for stack-level look-ups ({@code getfenv(1)}, {@code debug.getinfo(2)}).
     */
    public static void enterCall(LuaClosure closure) {
        if (Thread.currentThread() instanceof LuaStacks.LuaThreadStack t) {
            int d = ++t.depth;
            if (d > LuaStacks.MAX_DEPTH) {
                t.depth--;
                throw new LuaError(LuaErrors.STACK_OVERFLOW);
            }
            LuaClosure[] frames = t.frames;
            if (d >= frames.length) {
                frames = t.frames = java.util.Arrays.copyOf(frames, frames.length * 2);
            }
            frames[d] = closure;
        }
    }

    /** Exit of a Lua call, normal or by an error. */
    public static void leaveCall() {
        if (Thread.currentThread() instanceof LuaStacks.LuaThreadStack t) {
            t.depth--;
        }
    }

    /** The error a syntax error raises (patched {@code LexState.lexerror}); {@code near} is null for none. */
    public static LuaError syntaxError(LuaString source, int line, String message, String near) {
        if (message.startsWith("unexpected symbol")) {
            message = "unexpected symbol"; // LuaJ appends the token's code
        }
        String text = ChunkNames.shortSource(source) + ":" + line + ": " + message;
        if (near == null) {
            return new LuaError(text);
        }
        return new LuaError(text + " near '" + (near.equals("<eos>") ? "<eof>" : near) + "'");
    }

    /** A number constant as the compiler stores it: integral values as integers, except negative zero. */
    public static LuaValue numberConstant(LuaValue v) {
        if (v instanceof LuaDouble) {
            double d = v.todouble();
            int i = (int) d;
            if (d == i && (i != 0 || Double.doubleToRawLongBits(d) == 0)) {
                return LuaInteger.valueOf(i);
            }
        }
        return v;
    }

    /** Byte equality of two Lua strings (patched {@code LuaString.raweq}). */
    public static boolean stringsEqual(LuaString a, LuaString b) {
        if (a == b) {
            return true;
        }
        int n = a.m_length;
        if (b.m_length != n) {
            return false;
        }
        if (a.m_bytes == b.m_bytes && a.m_offset == b.m_offset) {
            return true;
        }
        if (a.hashCode() != b.hashCode()) {
            return false;
        }
        return java.util.Arrays.equals(a.m_bytes, a.m_offset, a.m_offset + n, b.m_bytes, b.m_offset, b.m_offset + n);
    }

    /** The frames recorded for {@code le}, or null when it never left a Lua frame. */
    public static ErrorTrace traceOf(LuaError le) {
        return (ErrorTrace) TRACE.get(le);
    }

    static String position(Prototype p, int pc) {
        return ChunkNames.shortSource(p.source) + ":" + CallSiteNames.line(p, pc);
    }
}
