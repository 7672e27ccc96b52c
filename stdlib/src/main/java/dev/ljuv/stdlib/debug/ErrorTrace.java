package dev.ljuv.stdlib.debug;

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

    private record Frame(Prototype proto, int pc) {}

    private final List<Frame> head = new ArrayList<>();
    private final Frame[] tail = new Frame[TAIL];
    private int depth;
    /** True when the virtual machine raised the error itself (no Java function raised it). */
    private boolean byVm;
    /** The name of frame {@code depth} as its caller called it, known once the caller is recorded. */
    private final List<CallSiteNames.Name> headNames = new ArrayList<>();
    private final CallSiteNames.Name[] tailNames = new CallSiteNames.Name[TAIL];

    /** Records the next outer frame; returns its level (1 for the frame where the error was raised). */
    public int enter(Prototype p, int pc) {
        CallSiteNames.Name calleeName = CallSiteNames.calledFunction(p, pc);
        if (depth > 0) {
            setName(depth - 1, calleeName);
        }
        Frame f = new Frame(p, pc);
        if (depth < HEAD) {
            head.add(f);
            headNames.add(null);
        } else {
            tail[(depth - HEAD) % TAIL] = f;
            tailNames[(depth - HEAD) % TAIL] = null;
        }
        return ++depth;
    }

    private void setName(int index, CallSiteNames.Name name) {
        if (index < HEAD) {
            headNames.set(index, name);
        } else {
            tailNames[(index - HEAD) % TAIL] = name;
        }
    }

    /** Marks the error as raised by the virtual machine, not by a called Java function. */
    public void raisedByVm() {
        byVm = true;
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
        }
        if (depth > HEAD) {
            int tailCount = Math.min(TAIL, depth - HEAD);
            if (depth > HEAD + TAIL) {
                lines.add("\t...");
            }
            for (int k = depth - tailCount; k < depth; k++) {
                int slot = (k - HEAD) % TAIL;
                lines.add(describe(tail[slot], tailNames[slot]));
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
        if (!head.isEmpty() && !byVm) {
            Frame inner = head.get(0);
            CallSiteNames.Name raiser = CallSiteNames.calledFunction(inner.proto, inner.pc);
            if (raiser != null && !raiser.kind().equals("for iterator")) {
                sb.append("\n\t[C]: in function '").append(raiser.name()).append('\'');
            }
        }
        for (String line : lines()) {
            sb.append('\n').append(line);
        }
        return sb.append("\n\t[C]: in ?").toString();
    }

    private static String describe(Frame f, CallSiteNames.Name name) {
        String where = "\t" + ChunkNames.shortSource(f.proto.source) + ":" + CallSiteNames.line(f.proto, f.pc) + ": in ";
        if (name != null && !name.kind().equals("constant")) {
            return where + "function '" + name.name() + "'";
        }
        if (f.proto.linedefined == 0) {
            return where + "main chunk";
        }
        return where + "function <" + ChunkNames.shortSource(f.proto.source) + ":" + f.proto.linedefined + ">";
    }
}
