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
            TRACE = lookup.findVarHandle(LuaError.class, FieldsPatch.ERROR_TRACE, Object.class);
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
        LuaStacks.Frame frame = LuaStacks.frameAt(1); // still this call's: leaveCall comes after
        int depth = trace.enter(p, pc, frame != null && frame.closure == closure ? frame.stack : null, closure);
        if (depth == 1 && le.getCause() == null && TRACEBACK.get(le) == null && FILELINE.get(le) == null) {
            // still the message as constructed: a VM error gets LuaJIT's text with the variable's name
            String vmText = RuntimeErrors.rewrite(le.getMessage(), p, pc);
            if (vmText != null) {
                trace.raisedByVm();
                TRACEBACK.set(le, position(p, pc) + ": " + vmText);
                return;
            }
            String argText = RuntimeErrors.rewriteArgument(le.getMessage(), p, pc);
            if (argText != null && (int) LEVEL.get(le) == 1) {
                TRACEBACK.set(le, position(p, pc) + ": " + argText);
                return;
            }
        }
        if (depth == (int) LEVEL.get(le) && FILELINE.get(le) == null && TRACEBACK.get(le) == null) {
            FILELINE.set(le, position(p, pc) + ":");
        }
    }

    /**
     * Entry of a Lua call (patched {@code LuaClosure.execute}): counts it, refusing past the limit, and returns
     * the frame the interpreter keeps its current instruction in, noted for stack-level look-ups
     * ({@code getfenv(1)}, {@code debug.getinfo(2)}).
     */
    public static LuaStacks.Frame enterCall(LuaClosure closure, LuaValue[] stack) {
        LuaStacks.CallStack c = LuaStacks.calls();
        int d = ++c.depth;
        if (d > LuaStacks.MAX_DEPTH && c.limited) {
            c.depth--;
            throw new LuaError(LuaErrors.STACK_OVERFLOW);
        }
        LuaStacks.Frame[] frames = c.frames;
        if (d >= frames.length) {
            frames = c.frames = java.util.Arrays.copyOf(frames, frames.length * 2);
        }
        LuaStacks.Frame f = frames[d];
        if (f == null) {
            f = frames[d] = new LuaStacks.Frame(c);
        }
        f.closure = closure;
        f.stack = stack;
        return f;
    }

    /**
     * A closure of {@code p}, made by the interpreter's {@code CLOSURE} instruction (patched): of the function's
     * compiled class when it has one (see {@code CompiledChunk}), else LuaJ's.
     */
    public static LuaClosure newClosure(Prototype p, LuaValue env) {
        return dev.ljuv.stdlib.compile.CompiledChunk.newClosure(p, env);
    }

    /**
     * The pending tail call of a {@code TAILCALL} instruction (patched): refused at once when {@code f} cannot be
     * called, so that the error belongs to the function making the call, as in LuaJIT.
     */
    public static org.luaj.vm2.TailcallVarargs tailCall(LuaValue f, org.luaj.vm2.Varargs args) {
        if (!f.isfunction() && f.metatag(LuaValue.CALL).isnil()) {
            throw new LuaError("attempt to call " + f.typename()); // LuaJ's text, which onUnwind makes LuaJIT's
        }
        return new org.luaj.vm2.TailcallVarargs(f, args);
    }

    /** Exit of the Lua call of {@code f}, normal or by an error. */
    public static void leaveCall(LuaStacks.Frame f) {
        f.stack = null; // the registers of a finished call are garbage
        f.calls.depth--;
    }

    private static final java.util.regex.Pattern DUPLICATE_LABEL =
            java.util.regex.Pattern.compile("label '(.*?)'? already defined on line \\d+");

    /** The error a syntax error raises (patched {@code LexState.lexerror}); {@code near} is null for none. */
    public static LuaError syntaxError(LuaString source, int line, String message, String near) {
        if (message.startsWith("unexpected symbol")) {
            message = "unexpected symbol"; // LuaJ appends the token's code
        }
        java.util.regex.Matcher label = DUPLICATE_LABEL.matcher(message);
        if (label.matches()) {
            message = "duplicate label '" + label.group(1) + "'"; // LuaJ's text lost its closing quote
        }
        String text = ChunkNames.shortSource(source) + ":" + line + ": " + message;
        if (near == null) {
            return new LuaError(text);
        }
        near = near.replace("\0", "");
        return new LuaError(text + " near '" + (near.equals("<eos>") ? "<eof>" : near) + "'");
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final java.util.regex.Pattern HEX =
            java.util.regex.Pattern.compile("0[xX]([0-9a-fA-F]*)(?:\\.([0-9a-fA-F]*))?(?:[pP]([+-]?\\d+))?");

    /** A number literal's value as LuaJIT reads it, or null when it is malformed (patched {@code str2d}). */
    public static LuaValue parseNumber(String text) {
        String s = text.replace("\0", "").trim();
        java.util.regex.Matcher m;
        if (DECIMAL.matcher(s).matches()) {
            return LuaValue.valueOf(Double.parseDouble(s));
        }
        if ((m = HEX.matcher(s)).matches()) {
            String ip = m.group(1);
            String fp = m.group(2) == null ? "" : m.group(2);
            if (ip.isEmpty() && fp.isEmpty()) {
                return null;
            }
            double v = 0;
            for (char c : (ip + fp).toCharArray()) {
                v = v * 16 + Character.digit(c, 16);
            }
            int exp = m.group(3) == null ? 0 : Integer.parseInt(m.group(3).replace("+", "")) ;
            return LuaValue.valueOf(Math.scalb(v, exp - 4 * fp.length())); // scalb keeps subnormals
        }
        if (s.length() > 2 && (s.startsWith("0b") || s.startsWith("0B")) && s.substring(2).matches("[01]+")) {
            return LuaValue.valueOf((double) Long.parseUnsignedLong(s.substring(2), 2));
        }
        return null;
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

    /**
     * The error of a failed argument check of argument {@code i} (patched {@code Varargs.checkX}): LuaJ's
     * {@code bad argument: number expected, got nil} becomes {@code bad argument #i: number expected, got no
     * value}; the unwind hook later adds the function's name.
     */
    public static LuaError argumentError(org.luaj.vm2.Varargs args, LuaError e, int i) {
        if (e.getCause() != null || FILELINE.get(e) != null || TRACEBACK.get(e) != null) {
            return e;
        }
        String m = e.getMessage();
        if (m == null || m.startsWith("bad argument #")) {
            return e;
        }
        String detail = m.startsWith("bad argument: ") ? m.substring("bad argument: ".length()) : m;
        if (i > args.narg() && detail.endsWith("got nil")) {
            detail = detail.substring(0, detail.length() - "nil".length()) + "no value";
        }
        return new LuaError("bad argument #" + i + ": " + detail);
    }

    /** {@code tostring} of a table, function or thread, as LuaJIT writes it (patched {@code tojstring}s). */
    public static String identityText(LuaValue v) {
        int id = System.identityHashCode(v);
        if (v instanceof org.luaj.vm2.lib.LibFunction) {
            return "function: builtin#" + (id & 0xff);
        }
        return v.typename() + ": 0x" + String.format("%08x", id);
    }

    /** {@code tostring} of an io file, as LuaJIT writes it (patched {@code IoLib.File.tojstring}). */
    public static String fileText(LuaValue file, boolean closed) {
        return closed ? "file (closed)" : "file (0x" + String.format("%08x", System.identityHashCode(file)) + ")";
    }

    /**
     * {@code tostring} of a userdata: the Java object's own text for objects an application exposed, as
     * {@code userdata: 0x...} otherwise (never a Java class name such as {@code java.lang.Object@...}).
     */
    public static String userdataText(org.luaj.vm2.LuaUserdata u) {
        Object o = u.m_instance;
        if (o == null || o.getClass() == Object.class || o.getClass().getName().startsWith("dev.ljuv.")
                || o.getClass().getName().startsWith("org.luaj.")) {
            return "userdata: 0x" + String.format("%08x", System.identityHashCode(u));
        }
        return String.valueOf(o);
    }

    /** Comparison of two Lua strings by unsigned bytes (patched {@code LuaString.strcmp}). */
    public static int compareStrings(LuaString a, LuaString b) {
        return java.util.Arrays.compareUnsigned(a.m_bytes, a.m_offset, a.m_offset + a.m_length,
                b.m_bytes, b.m_offset, b.m_offset + b.m_length);
    }

    /** {@code #t} for a table: its border, whatever {@code __len} says (patched {@code LuaTable.len}). */
    public static LuaValue tableLength(org.luaj.vm2.LuaTable t) {
        return LuaInteger.valueOf(t.rawlen());
    }

    /**
     * An ordered comparison that needs metamethods (patched {@code LuaValue.comparemt}), by Lua 5.1's rules as
     * LuaJIT applies them: both operands of the same type, both with the same handler; {@code a <= b} without
     * {@code __le} is {@code not (b < a)}. LuaJ took either operand's handler.
     */
    public static LuaValue compareByMetamethod(LuaValue a, LuaValue tag, LuaValue b) {
        if (a.type() == b.type()) {
            LuaValue h = commonHandler(a, b, tag);
            if (h != null) {
                return h.call(a, b);
            }
            if (LuaValue.LE.raweq(tag) && (h = commonHandler(b, a, LuaValue.LT)) != null) {
                return h.call(b, a).not();
            }
        }
        throw new LuaError("attempt to compare " + tag + " on " + a.typename() + " and " + b.typename());
    }

    private static LuaValue commonHandler(LuaValue a, LuaValue b, LuaValue tag) {
        LuaValue h = a.metatag(tag);
        return !h.isnil() && h.raweq(b.metatag(tag)) ? h : null;
    }

    /**
     * The metatable of strings (patched {@code LuaString.getmetatable}): the current state's, not one static
     * table shared by every state of the JVM (LuaJ's kept the first state's, so a thread's {@code s:method()}
     * ran another state's functions).
     */
    public static LuaValue stringMetatable(LuaString s) {
        dev.ljuv.stdlib.LuaJitGlobals g = dev.ljuv.stdlib.CurrentState.get();
        return g != null ? g.stringMetatable : LuaString.s_metatable;
    }

    /** {@code -v} for a non-number: {@code __unm(v, v)} (patched {@code LuaValue.neg}). */
    public static LuaValue negate(LuaValue v) {
        LuaValue h = v.metatag(LuaValue.UNM);
        if (h.isnil()) {
            throw new LuaError("attempt to perform arithmetic on " + v.typename());
        }
        return h.call(v, v);
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
        byte[] x = a.m_bytes;
        byte[] y = b.m_bytes;
        int i = a.m_offset;
        int j = b.m_offset;
        if (n <= 16) {
            // the usual case: a table key met by an equal constant of another chunk (global and field names)
            if (n >= 8) {
                return (long) LONGS.get(x, i) == (long) LONGS.get(y, j)
                        && (long) LONGS.get(x, i + n - 8) == (long) LONGS.get(y, j + n - 8);
            }
            for (int k = 0; k < n; k++) {
                if (x[i + k] != y[j + k]) {
                    return false;
                }
            }
            return true;
        }
        return java.util.Arrays.equals(x, i, i + n, y, j, j + n);
    }

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.nativeOrder());

    /** The frames recorded for {@code le}, or null when it never left a Lua frame. */
    public static ErrorTrace traceOf(LuaError le) {
        return (ErrorTrace) TRACE.get(le);
    }

    static String position(Prototype p, int pc) {
        return ChunkNames.shortSource(p.source) + ":" + CallSiteNames.line(p, pc);
    }
}
