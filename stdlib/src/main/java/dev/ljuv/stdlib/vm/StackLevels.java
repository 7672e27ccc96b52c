package dev.ljuv.stdlib.vm;

import dev.ljuv.stdlib.vm.CurrentState;
import dev.ljuv.stdlib.vm.LuaStacks;
import dev.ljuv.stdlib.vm.Coroutine;
import java.util.Iterator;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Stack levels as the debug functions number them (1: the function calling the debug function), over the
 * Lua calls the patched interpreter keeps ({@link LuaStacks#frameAt}). Inside an {@code xpcall} handler the
 * frames the handled error unwound come next, after the handler's own, as in LuaJIT where the handler runs
 * on top of the failed stack; the Java function that raised the error counts as a level there.
 *
 * <p>Threading: reads the calling thread's stack only.
 */
public final class StackLevels {
    /** The package of the classes the compiler generates for Lua functions: their frames are Lua levels. */
    public static final String GENERATED_PACKAGE = "ljuv.lua.";

    private StackLevels() {}

    /**
     * The function at stack level {@code level} as {@code getfenv}/{@code setfenv} see it: the Lua function, the
     * value {@code JAVA_FUNCTION} for a Java function's level, or null past the outermost level.
     */
    public static LuaValue functionAt(int level) {
        Level l = level >= 1 ? at(level) : null;
        if (l == null) {
            return null;
        }
        return l.closure() != null ? l.closure() : JAVA_FUNCTION;
    }

    /** Stands for a level whose function is a Java function (or an unwound frame, whose closure is gone). */
    public static final LuaValue JAVA_FUNCTION = new org.luaj.vm2.LuaUserdata(new Object());

    /**
     * One level: a Lua call ({@code proto} set; {@code closure} null for an unwound frame), or a Java function
     * ({@code javaFunction} itself where the live stack tells it, else null). {@code liveLevel} is the level among the
     * thread's live frames, or -1; {@code traceIndex} the index among the handled error's frames, or -1.
     */
    public record Level(LuaClosure closure, Prototype proto, int pc, LuaValue[] stack, int liveLevel, ErrorTrace trace,
            int traceIndex, CallSiteNames.Name javaCall, LuaStacks.Frame suspendedCaller, LuaValue javaFunction) {
        Level(LuaClosure closure, Prototype proto, int pc, LuaValue[] stack, int liveLevel, ErrorTrace trace,
                int traceIndex, CallSiteNames.Name javaCall) {
            this(closure, proto, pc, stack, liveLevel, trace, traceIndex, javaCall, null, null);
        }

        public boolean isJava() {
            return proto == null;
        }
    }

    private static Level java(CallSiteNames.Name name) {
        return new Level(null, null, -1, null, -1, null, -1, name);
    }

    /**
     * Level {@code level} (at least 1), or null past the outermost one. Inside a coroutine the levels stop at
     * its first function, as in Lua. In a handler: the handler's calls, the Java function that raised the error
     * (if one did), the unwound frames, {@code xpcall}, then the calls below it. A Java function that {@code pcall}
     * called has that {@code pcall} at level 1.
     */
    public static Level at(int level) {
        if (LuaStacks.calledFromJava()) { // pcall(debug.getinfo, 1): pcall is level 1
            if (level == 1) {
                return javaLevel(1);
            }
            level--;
        }
        HandledError.Context c = HandledError.context();
        int own = ownDepth();
        if (c == null) {
            return nth(liveLevels(1, level, own), level);
        }
        int above = LuaStacks.depth() - c.baseDepth();
        java.util.List<Level> handler = liveLevels(1, level, above);
        if (level <= handler.size()) {
            return handler.get(level - 1);
        }
        java.util.List<Level> failed = unwound(c.trace());
        int k = level - handler.size();
        if (k <= failed.size()) {
            return failed.get(k - 1);
        }
        if (k == failed.size() + 1) {
            return java(new CallSiteNames.Name("global", "xpcall"));
        }
        int m = k - failed.size() - 1;
        return nth(liveLevels(above + 1, m, own), m);
    }

    private static Level nth(java.util.List<Level> levels, int n) {
        return n >= 1 && n <= levels.size() ? levels.get(n - 1) : null;
    }

    /**
     * The levels an error left, innermost first: the Java function that raised it (if one did), then each
     * unwound Lua frame followed by the Java function through which its caller called it (if any).
     */
    private static java.util.List<Level> unwound(ErrorTrace trace) {
        java.util.List<Level> levels = new java.util.ArrayList<>();
        if (trace.raisedByJava()) {
            levels.add(java(trace.raiser()));
        }
        for (int i = 0; i < trace.depth(); i++) {
            ErrorTrace.Frame f = trace.frame(i);
            levels.add(f == null ? java(null) : new Level(null, f.proto(), f.pc(), f.stack(), -1, trace, i, null));
            if (trace.via(i) != null) {
                levels.add(java(trace.via(i)));
            }
        }
        return levels;
    }

    /**
     * Up to {@code count} levels of the live stack from Lua call {@code from} (1: the innermost) to Lua call
     * {@code limit}: each call, followed by the Java function its caller called it through, when one did (as
     * {@code table.sort} calls a comparator): LuaJIT counts those as levels too. A call whose tail call of a Java
     * function is running is none ({@link LuaStacks.Frame#tailCalling}).
     */
    private static java.util.List<Level> liveLevels(int from, int count, int limit) {
        java.util.List<Level> levels = new java.util.ArrayList<>();
        String[] how = null;
        for (int l = from; l <= limit && levels.size() < count; l++) {
            LuaStacks.Frame f = LuaStacks.frameAt(l);
            if (f == null) {
                break;
            }
            if (!f.tailCalling) { // (replaced by the Java function it tail-called, as in LuaJIT)
                levels.add(new Level(f.closure, f.closure.p, f.pc, f.stack, l, null, -1, null));
            }
            if (l < limit && levels.size() < count) {
                if (how == null || l > how.length) { // (past the count when calls were skipped)
                    how = howCalled(Math.min(Math.max(from - 1 + count, l + count), limit));
                }
                if (l - 1 < how.length && "".equals(how[l - 1])) {
                    levels.add(javaLevel(l + 1));
                }
            }
        }
        return levels;
    }

    /**
     * The level of the Java function that Lua call {@code live} is calling: named by that call's instruction, or,
     * when the call tail-called it ({@link LuaStacks.Frame#tailCalling}), as the call it replaced was named, by the
     * call below (LuaJIT's {@code [C]: in function 'g'} for {@code return pcall(f)} in {@code g}).
     */
    private static Level javaLevel(int live) {
        LuaStacks.Frame caller = LuaStacks.frameAt(live);
        Level level = javaCalleeLevel(caller);
        if (caller == null || !caller.tailCalling) {
            return level;
        }
        LuaStacks.Frame below = LuaStacks.frameAt(live + 1);
        CallSiteNames.Name name = below == null || below.stack == null ? null
                : CallSiteNames.calledFunction(below.closure.p, below.pc);
        return new Level(null, null, -1, null, -1, null, -1, name, null, level.javaFunction());
    }

    /**
     * The level of the Java function {@code caller} is calling: its name and itself as the caller's call instruction
     * tells them, both null when the caller is not at a call of a Java function.
     */
    private static Level javaCalleeLevel(LuaStacks.Frame caller) {
        CallSiteNames.Name name = caller == null || caller.stack == null ? null
                : CallSiteNames.calledFunction(caller.closure.p, caller.pc); // null: pc not at a call
        LuaValue target = name == null ? null
                : caller.stack[org.luaj.vm2.Lua.GETARG_A(caller.closure.p.code[caller.pc])];
        boolean java = target != null && target.isfunction() && !(target instanceof LuaClosure);
        return new Level(null, null, -1, null, -1, null, -1, java ? name : null, null, java ? target : null);
    }

    /** Lua calls of the running coroutine (or of the main thread when none runs). */
    private static int ownDepth() {
        return CurrentState.runningThread() instanceof Coroutine co
                ? LuaStacks.depth() - co.baseDepth() : LuaStacks.depth();
    }

    /** Whether levels stop at a coroutine's first function (no host entry below them). */
    public static boolean inCoroutine() {
        return CurrentState.runningThread() instanceof Coroutine;
    }

    /** Whether {@code thread} is another coroutine than the running one (its levels start at 0). */
    public static boolean isOther(LuaThread thread) {
        return thread instanceof Coroutine
                && thread != CurrentState.runningThread();
    }

    /**
     * Level {@code level} of {@code thread}: the running thread's own stack, or another coroutine's, numbered as
     * LuaJIT does from 0, the Java function on top: {@code yield} over the calls of a suspended coroutine, or,
     * for one an error killed, the function that raised it over the frames the error unwound.
     */
    public static Level at(LuaThread thread, int level) {
        if (!isOther(thread)) {
            return level >= 1 ? at(level) : null;
        }
        Coroutine co = (Coroutine) thread;
        if (co.deathCause() instanceof LuaError le && ErrorHooks.traceOf(le) != null) {
            ErrorTrace trace = ErrorHooks.traceOf(le);
            java.util.List<Level> failed = unwound(trace);
            Level l = level >= 0 && level < failed.size() ? failed.get(level) : null;
            if (level == 0 && l != null && !l.isJava()) {
                // raised by its own instruction: LuaJIT kept no position for it (currentline -1, 'src: in ...')
                return new Level(l.closure(), l.proto(), -1, l.stack(), l.liveLevel(), trace, l.traceIndex(), null);
            }
            return l;
        }
        LuaStacks.Frame[] frames = co.suspendedFrames();
        if (frames.length == 0 || level < 0 || level > frames.length) {
            return null;
        }
        if (level == 0) {
            LuaStacks.Frame inner = frames[frames.length - 1];
            CallSiteNames.Name yielder = CallSiteNames.calledFunction(inner.closure.p, inner.pc);
            return java(yielder);
        }
        int index = frames.length - level;
        LuaStacks.Frame f = frames[index];
        LuaStacks.Frame caller = index > 0 ? frames[index - 1] : null;
        return new Level(f.closure, f.closure.p, f.pc, f.stack, -1, null, -1, null, caller, null);
    }

    /** How the function at {@code level} was called: {@code namewhat} and {@code name}, or null when unknown. */
    public static CallSiteNames.Name calledAs(Level level) {
        if (level.trace() != null) {
            return level.trace().name(level.traceIndex());
        }
        if (level.suspendedCaller() != null) {
            return CallSiteNames.calledFunction(level.suspendedCaller().closure.p, level.suspendedCaller().pc);
        }
        if (level.liveLevel() < 0) {
            return null;
        }
        String[] all = howCalled(level.liveLevel());
        String how = level.liveLevel() - 1 < all.length ? all[level.liveLevel() - 1] : "";
        if (how == null) {
            LuaStacks.Frame caller = LuaStacks.frameAt(level.liveLevel() + 1);
            return caller == null ? null : CallSiteNames.calledFunction(caller.closure.p, caller.pc);
        }
        return how.isEmpty() ? null : new CallSiteNames.Name("metamethod", how);
    }

    /**
     * How LuaJ's runtime called each of the first {@code count} live Lua calls, read from the Java stack in one
     * walk (only when asked: no cost on the normal path): null when a Lua call instruction called it (directly or
     * through {@code __call}: the caller's frame is at that instruction), the event ({@code __index},
     * {@code __add}...) when it runs as a metamethod, "" when Java code called it.
     */
    static String[] howCalled(int count) {
        String[] how = new String[count];
        java.util.Arrays.fill(how, "");
        StackWalker.getInstance().walk(frames -> {
            Iterator<StackWalker.StackFrame> it = frames.iterator();
            int level = 0;
            while (level < count && it.hasNext()) {
                StackWalker.StackFrame f = it.next();
                // a Lua call: a closure's execute, or a compiled caller's direct call (fastCall, fastInvoke)
                if (!(f.getClassName().equals("org.luaj.vm2.LuaClosure") && f.getMethodName().equals("execute")
                        || (f.getMethodName().equals("fastCall") || f.getMethodName().equals("fastInvoke"))
                                && f.getClassName().startsWith(GENERATED_PACKAGE))) {
                    continue;
                }
                // the frames below Lua call number `level + 1` say who called it
                String result = "";
                while (it.hasNext()) {
                    StackWalker.StackFrame g = it.next();
                    String type = g.getClassName();
                    String method = g.getMethodName();
                    if (method.equals(dev.ljuv.patcher.PatchedMembers.EXECUTE)
                            || method.equals("callHook") && type.equals(CallHooks.class.getName())) {
                        result = null; // called by Lua code (a debug hook: by the hooked function, as in LuaJIT)
                        break;
                    }
                    if (method.equals("callJavaHook") && type.equals(CallHooks.class.getName())) {
                        break; // a hook of a Java function's call: by that function, called by the hooked one
                    }
                    if (type.equals("org.luaj.vm2.LuaClosure") || type.equals("org.luaj.vm2.LuaValue")
                            && (method.equals("call") || method.equals("invoke") || method.equals("onInvoke"))
                            || type.startsWith(GENERATED_PACKAGE) || type.equals("org.luaj.vm2.TailcallVarargs")) {
                        // the closure's own entry points (a compiled one's too), a value's __call, or the pending
                        // tail call LuaJ's caller resolves: the tail call replaced the calling frame, and the call
                        // below (the caller's caller's instruction) is the one that counts, as in LuaJIT
                        continue;
                    }
                    String event = switch (method) {
                        case "gettable" -> "__index";
                        case "settable" -> "__newindex";
                        case "arithmt", "arithmtwith" -> it.hasNext() ? arithmeticEvent(it.next().getMethodName()) : null;
                        case "negate" -> "__unm";
                        case "len" -> "__len";
                        case "concatmt" -> "__concat";
                        case "eqmtcall" -> "__eq";
                        case "compareByMetamethod" -> comparisonEvent(it);
                        default -> null;
                    };
                    result = event == null ? "" : event;
                    break;
                }
                how[level++] = result;
            }
            return null;
        });
        return how;
    }

    private static String arithmeticEvent(String method) {
        return switch (method) {
            case "add", "sub", "mul", "div", "mod", "pow" -> "__" + method;
            default -> null;
        };
    }

    /** The comparison below the patched {@code comparemt} frame. */
    private static String comparisonEvent(Iterator<StackWalker.StackFrame> it) {
        String method = null;
        while (it.hasNext() && (method == null || method.equals("comparemt"))) {
            method = it.next().getMethodName();
        }
        return method == null ? null : switch (method) {
            case "lt", "lt_b", "gteq", "gteq_b" -> "__lt";
            case "lteq", "lteq_b", "gt", "gt_b" -> "__le";
            default -> null;
        };
    }
}
