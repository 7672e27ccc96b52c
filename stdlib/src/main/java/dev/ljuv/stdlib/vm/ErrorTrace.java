package dev.ljuv.stdlib.vm;

import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.Prototype;

/**
 * The Lua frames an error left on its way out, innermost first, recorded as it unwinds (nothing is recorded
 * on the normal path). Keeps the first and last frames of a deep stack, as Lua's traceback prints them.
 *
 * <p>Threading: owned by the thread that unwinds the error.
 */
public final class ErrorTrace {
    static final int HEAD = 12;
    static final int TAIL = 10;

    /** One unwound frame: its function's prototype, the instruction it was at, its registers (or null). */
    record Frame(Prototype proto, int pc, org.luaj.vm2.LuaValue[] stack) {}

    /**
     * A frame already recorded by the compiled loop it ran on the interpreter's behalf (see
     * {@code CompiledChunk.loop}): the interpreter's own report of it, which comes next, is dropped.
     */
    Prototype recordedByLoop;

    /**
     * An argument error raised by a function that a Lua frame tail-called (see {@code ErrorHooks.onUnwind}): the
     * next Lua frame that made a plain call names and places it, as LuaJIT's frame below the tail call does.
     */
    Argument tailCalled;

    /** An argument error's parts: the argument's number as the function counts it, and the detail. */
    record Argument(int index, String detail) {
        /** The message naming the function {@code function}. */
        String named(String function) {
            return "bad argument #" + index + " to '" + function + "' (" + detail + ")";
        }
    }

    private final List<Frame> head = new ArrayList<>();
    private final Frame[] tail = new Frame[TAIL];
    private int depth;
    /** True when the virtual machine raised the error itself (no Java function raised it). */
    private boolean byVm;
    /** The name of frame {@code depth} as its caller called it, known once the caller is recorded. */
    private final List<CallSiteNames.Name> headNames = new ArrayList<>();
    private final CallSiteNames.Name[] tailNames = new CallSiteNames.Name[TAIL];
    /** The Java function between frame {@code depth} and its Lua caller (that called it), or null. */
    private final List<CallSiteNames.Name> headVia = new ArrayList<>();
    private final CallSiteNames.Name[] tailVia = new CallSiteNames.Name[TAIL];

    /**
     * Records the next outer frame, running {@code p} at {@code pc}; returns its level (1 for the frame where
     * the error was raised). The frame's function and registers tell whether the frame
     * called the previous one itself or through a Java function (which the traceback then shows, as
     * {@code [C]: in function 'sort'}), and keep the locals for {@code debug.getlocal}.
     */
    public int enter(Prototype p, int pc, org.luaj.vm2.LuaValue[] stack) {
        if (depth > 0) {
            CallSiteNames.Name called = CallSiteNames.calledFunction(p, pc);
            if (called == null) {
                String event = CallSiteNames.metamethodEvent(p, pc);
                setName(depth - 1, event == null ? null : new CallSiteNames.Name("metamethod", event), null);
            } else if (callsDirectly(p, pc, stack)) {
                setName(depth - 1, called, null);
            } else {
                setName(depth - 1, null, called); // called by the Java function this frame called
            }
        }
        Frame f = new Frame(p, pc, stack);
        if (depth < HEAD) {
            head.add(f);
            headNames.add(null);
            headVia.add(null);
        } else {
            tail[(depth - HEAD) % TAIL] = f;
            tailNames[(depth - HEAD) % TAIL] = null;
            tailVia[(depth - HEAD) % TAIL] = null;
        }
        return ++depth;
    }

    /**
     * Whether the call at {@code pc} reached the frame recorded last without a Java function in between: it
     * called a Lua function (that frame, or the one that frame's tail call replaced it with, which LuaJIT shows
     * under the name of this call) or a value whose __call it ran.
     */
    private boolean callsDirectly(Prototype p, int pc, org.luaj.vm2.LuaValue[] stack) {
        if (stack == null) {
            return true; // cannot tell: trust the call instruction
        }
        org.luaj.vm2.LuaValue target = stack[org.luaj.vm2.Lua.GETARG_A(p.code[pc])];
        return !target.isfunction() || target instanceof org.luaj.vm2.LuaClosure;
    }

    private void setName(int index, CallSiteNames.Name name, CallSiteNames.Name via) {
        if (index < HEAD) {
            headNames.set(index, name);
            headVia.set(index, via);
        } else {
            tailNames[(index - HEAD) % TAIL] = name;
            tailVia[(index - HEAD) % TAIL] = via;
        }
    }

    /** Marks the error as raised by the virtual machine, not by a called Java function. */
    public void raisedByVm() {
        byVm = true;
    }

    /** Frame {@code index} (0: where the error was raised), or null when a deep stack's middle was dropped. */
    Frame frame(int index) {
        if (index < 0 || index >= depth) {
            return null;
        }
        if (index < HEAD) {
            return head.get(index);
        }
        return index >= depth - TAIL ? tail[(index - HEAD) % TAIL] : null;
    }

    /** How frame {@code index} was called, or null when unknown. */
    CallSiteNames.Name name(int index) {
        if (index < 0 || index >= depth) {
            return null;
        }
        if (index < HEAD) {
            return headNames.get(index);
        }
        return index >= depth - TAIL ? tailNames[(index - HEAD) % TAIL] : null;
    }

    /** The name of the Java function that raised the error, as the innermost frame called it, or null. */
    CallSiteNames.Name raiser() {
        if (head.isEmpty() || byVm) {
            return null;
        }
        Frame inner = head.get(0);
        return CallSiteNames.calledFunction(inner.proto, inner.pc);
    }

    /** The Java function between frame {@code index} and its Lua caller, or null. */
    CallSiteNames.Name via(int index) {
        if (index < 0 || index >= depth) {
            return null;
        }
        if (index < HEAD) {
            return headVia.get(index);
        }
        return index >= depth - TAIL ? tailVia[(index - HEAD) % TAIL] : null;
    }

    /** Whether a Java function (such as {@code error}) raised the error: it counts as a stack level. */
    boolean raisedByJava() {
        return !byVm;
    }

    /** Number of Lua frames recorded. */
    public int depth() {
        return depth;
    }

    /** The traceback lines for the recorded frames, each starting with a tab, as LuaJIT prints them. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < head.size(); i++) {
            lines.add(describe(head.get(i), headNames.get(i)));
            addVia(lines, headVia.get(i));
        }
        if (depth > HEAD) {
            int tailCount = Math.min(TAIL, depth - HEAD);
            if (depth > HEAD + TAIL) {
                lines.add("\t...");
            }
            for (int k = depth - tailCount; k < depth; k++) {
                int slot = (k - HEAD) % TAIL;
                lines.add(describe(tail[slot], tailNames[slot]));
                addVia(lines, tailVia[slot]);
            }
        }
        return lines;
    }

    /**
     * The whole traceback: {@code stack traceback:}, the Java function that raised the error when the innermost
     * frame was calling one, the recorded frames, and the host's entry.
     */
    public String traceback() {
        StringBuilder sb = new StringBuilder("stack traceback:");
        CallSiteNames.Name raiser = raiser();
        if (raiser != null) {
            sb.append("\n\t[C]: in function '").append(raiser.name()).append('\'');
        }
        for (String line : lines()) {
            sb.append('\n').append(line);
        }
        return sb.append("\n\t[C]: in ?").toString();
    }

    private static void addVia(List<String> lines, CallSiteNames.Name javaFunction) {
        if (javaFunction != null) {
            lines.add("\t[C]: in function '" + javaFunction.name() + "'");
        }
    }

    private static String describe(Frame f, CallSiteNames.Name name) {
        return describe(f.proto, f.pc, name);
    }

    /** One traceback line for a Lua frame running {@code proto} at {@code pc}, called as {@code name}. */
    public static String describe(Prototype proto, int pc, CallSiteNames.Name name) {
        int line = CallSiteNames.line(proto, pc);
        String where = "\t" + ChunkNames.shortSource(proto.source) + ":" + (line > 0 ? line + ":" : "") + " in ";
        if (name != null && !name.kind().equals("constant")) {
            return where + "function '" + name.name() + "'";
        }
        if (proto.linedefined == 0) {
            return where + "main chunk";
        }
        return where + "function <" + ChunkNames.shortSource(proto.source) + ":" + proto.linedefined + ">";
    }
}
