package dev.ljuv.stdlib.vm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Error hooks: what patched LuaJ code calls when an error leaves a Lua frame ({@code onUnwind}), when the
 * parser fails ({@code syntaxError}) and when an argument check fails ({@code argumentError}), so that
 * messages carry LuaJIT's positions, names and texts. {@link LuaErrors} turns what they recorded into what a
 * Lua program or a user sees.
 *
 * <p>{@code LuaError}'s fields are reached through var handles because this class is compiled against the
 * unpatched LuaJ; initialising it fails when the patches are missing from the class path, which
 * {@link #verify()} turns into a clear message.
 *
 * <p>Threading: stateless; each call works on an error owned by the calling thread.
 */
public final class ErrorHooks {
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
            TRACE = lookup.findVarHandle(LuaError.class, dev.ljuv.patcher.PatchedMembers.ERROR_TRACE, Object.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("LuaJ is not patched for ljuv: put ljuv-stdlib before luaj-jse on the class path", e);
        }
    }

    private ErrorHooks() {}


    /** Fails with a clear message when the LuaJ classes on the class path are not the patched ones. */
    public static void verify() {
        // class initialisation above does the check
    }

    /**
     * Marks {@code le}, just unwound from compiled code that ran an interpreted call's loop (on-stack
     * replacement: {@code CompiledChunk.loop}), so that the interpreter's report of the same frame is dropped.
     */
    public static void recordedByLoop(LuaError le, Prototype p) {
        if (TRACE.get(le) instanceof ErrorTrace trace) {
            trace.recordedByLoop = p;
        }
    }

    /**
     * An error leaves the Lua frame running {@code p} at instruction {@code pc}: record the frame, and when it
     * is the frame the error's level designates, give the message that frame's position.
     */
    public static void onUnwind(LuaClosure closure, LuaError le, Prototype p, int pc) {
        ErrorTrace trace = (ErrorTrace) TRACE.get(le);
        if (trace != null && trace.recordedByLoop == p) {
            trace.recordedByLoop = null; // the compiled loop that ran this frame recorded it (at the right pc)
            return;
        }
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
        LuaValue[] registers = frame != null && frame.closure == closure ? frame.stack : null;
        if (registers != null && frame.spare == registers) {
            frame.spare = null; // the trace keeps these registers (debug.getlocal in a handler): no later call reuses them
        }
        int depth = trace.enter(p, pc, registers);
        if (depth == 1 && le instanceof CallHooks.Refused) {
            trace.raisedByVm(); // no "[C]: in function 'f'" for the Lua function whose call was refused
        }
        if (depth == 1 && le.getCause() == null && TRACEBACK.get(le) == null && FILELINE.get(le) == null) {
            // still the message as constructed: a VM error gets LuaJIT's text with the variable's name
            String elsewhere = RuntimeErrors.callNotMadeHere(le.getMessage(), p, pc, registers);
            if (elsewhere != null) {
                // a value called by a metamethod's dispatch or by a Java function this instruction called: LuaJIT
                // raises it in that call, which has no position ('attempt to call a number value')
                TRACEBACK.set(le, elsewhere);
                return;
            }
            String vmText = RuntimeErrors.rewrite(le.getMessage(), p, pc, registers);
            if (vmText != null) {
                trace.raisedByVm();
                TRACEBACK.set(le, position(p, pc) + ": " + vmText);
                return;
            }
            int op = Lua.GET_OPCODE(p.code[pc]);
            ErrorTrace.Argument tailArgument = (int) LEVEL.get(le) == 1 && op == Lua.OP_TAILCALL
                    ? tailCalledArgument(le, p, pc, registers) : null;
            if (tailArgument != null) {
                // LuaJIT: the tail call replaced this frame, so the error is the frame below's: unnamed, without
                // a position, under pcall (a Java frame); named and placed by a Lua caller's call (see below)
                TRACEBACK.set(le, tailArgument.named("?"));
                trace.tailCalled = tailArgument;
                return;
            }
            if (op == Lua.OP_TAILCALL && (int) LEVEL.get(le) > 0 && !(le instanceof CallHooks.Refused)) {
                // the same for any error of the tail-called function: levels count from the frame below, so
                // 'return error("x")' under pcall has no position, as in LuaJIT
                LEVEL.set(le, (int) LEVEL.get(le) + 1);
            }
            if (le instanceof ArgumentError ae && !ae.methodNumbered() && (int) LEVEL.get(le) == 1
                    && (op == Lua.OP_CALL || op == Lua.OP_TFORCALL)) {
                // raised by the function this call made (the call site names it so, a generic for's iterator as
                // '(for generator)'; not one that it called in turn): counted as the call counts it, without self
                // for a method call
                if (raisedByCalled(ae, p, pc, registers)) {
                    TRACEBACK.set(le, position(p, pc) + ": " + RuntimeErrors.argumentText(ae.index(), ae.detail(), p, pc));
                    return;
                }
            }
            String argText = RuntimeErrors.rewriteArgument(le.getMessage(), p, pc);
            if (argText != null && (int) LEVEL.get(le) == 1) {
                TRACEBACK.set(le, position(p, pc) + ": " + argText);
                return;
            }
        }
        if (trace.tailCalled != null && depth > 1) {
            ErrorTrace.Argument a = trace.tailCalled;
            int op = Lua.GET_OPCODE(p.code[pc]);
            if (op == Lua.OP_TAILCALL) {
                return; // a tail call again: the frame below that one decides
            }
            trace.tailCalled = null;
            String event = CallSiteNames.metamethodEvent(p, pc); // (null for a call)
            if (op == Lua.OP_CALL) {
                TRACEBACK.set(le, position(p, pc) + ": " + RuntimeErrors.argumentText(a.index(), a.detail(), p, pc));
            } else if (event != null) { // a metamethod that tail-called the function: named by its event
                TRACEBACK.set(le, position(p, pc) + ": " + a.named(event));
            }
            return;
        }
        if (depth == (int) LEVEL.get(le) && FILELINE.get(le) == null && TRACEBACK.get(le) == null) {
            FILELINE.set(le, position(p, pc) + ":");
        }
    }

    /**
     * The argument error {@code le} as raised by the function the tail call at {@code pc} made (not one it called in
     * turn), or null: ljuv's own (named) ones, and LuaJ's ({@code bad argument #1: detail}), raised at level 1.
     */
    private static ErrorTrace.Argument tailCalledArgument(LuaError le, Prototype p, int pc, LuaValue[] registers) {
        if (le instanceof ArgumentError ae) {
            return !ae.methodNumbered() && raisedByCalled(ae, p, pc, registers)
                    ? new ErrorTrace.Argument(ae.index(), ae.detail()) : null;
        }
        return RuntimeErrors.argument(le.getMessage());
    }

    /** Whether the function called at {@code pc} raised {@code ae} itself, by its name or by its identity. */
    private static boolean raisedByCalled(ArgumentError ae, Prototype p, int pc, LuaValue[] registers) {
        CallSiteNames.Name n = CallSiteNames.calledFunction(p, pc);
        boolean raisedByCallee = ae.raisedBy() != null && registers != null
                && registers[Lua.GETARG_A(p.code[pc])] == ae.raisedBy();
        return n != null && (n.name().equals(ae.function()) || raisedByCallee);
    }

    private static final java.util.regex.Pattern UNDEFINED_LABEL =
            java.util.regex.Pattern.compile("no visible label '(.*)' for <goto> at line \\d+");
    private static final java.util.regex.Pattern GOTO_INTO_SCOPE =
            java.util.regex.Pattern.compile("(<goto .*>) at line (\\d+) (jumps into the scope of local '.*')");
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
        java.util.regex.Matcher missing = UNDEFINED_LABEL.matcher(message);
        if (missing.matches()) { // LuaJ (5.2) words a break outside a loop as a goto to a missing label
            message = missing.group(1).equals("break") ? "no loop to break" : "undefined label '" + missing.group(1) + "'";
        }
        java.util.regex.Matcher into = GOTO_INTO_SCOPE.matcher(message);
        if (into.matches()) { // LuaJ places it at the label, naming the goto's line; LuaJIT places it at the goto
            line = Integer.parseInt(into.group(2));
            message = into.group(1) + " " + into.group(3);
        }
        message = message.replace("'<eos>'", "'<eof>'");
        if (message.equals("syntax error")) { // LuaJ's word for an expression that is neither a call nor assigned
            message = "'=' expected";
        }
        String text = ChunkNames.shortSource(source) + ":" + line + ": " + message;
        if (near == null) {
            return new LuaError(text);
        }
        near = near.replace("\0", "");
        return new LuaError(text + " near '" + (near.equals("<eos>") ? "<eof>" : near) + "'");
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

    /**
     * An error caught by {@code pcall} or {@code xpcall} from the Java function they called directly, at a level
     * past 1: no Lua frame unwound it, so no frame placed it. Level 1 is the protected call itself (a Java
     * function: no position); level 2 and up are the live levels of its caller, placed here as LuaJIT places
     * them when raised ({@code pcall(error, "e", 2)} is the line calling pcall).
     */
    public static void placeCaught(LuaError le) {
        int level = (int) LEVEL.get(le);
        if (level < 2 || TRACE.get(le) != null || FILELINE.get(le) != null || TRACEBACK.get(le) != null
                || le.getCause() != null) {
            return;
        }
        StackLevels.Level l = StackLevels.at(level - 1);
        if (l != null && !l.isJava()) {
            FILELINE.set(le, position(l.proto(), l.pc()) + ":");
        }
    }

    /** The frames recorded for {@code le}, or null when it never left a Lua frame. */
    public static ErrorTrace traceOf(LuaError le) {
        return (ErrorTrace) TRACE.get(le);
    }

    static String position(Prototype p, int pc) {
        return ChunkNames.shortSource(p.source) + ":" + CallSiteNames.line(p, pc);
    }
}
