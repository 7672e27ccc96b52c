package dev.ljuv.stdlib.vm;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.UpValue;

/**
 * What a Lua state holds, in bytes, for its {@link MemoryLimit}: every table, string, function and coroutine
 * reachable from the state's globals, registry, basic-type metatables and the registers of the Lua calls
 * running on this thread, counted once each, at the sizes the JVM gives them (object headers, the slots of a
 * table's parts, a string's bytes). Weak parts of weak tables are not followed, as the collector would not.
 * Java objects held by userdata count as their header, except those that say what they hold: their bytes (string
 * buffers, {@link MemoryLimit.Sized}) or the Lua values they keep (a loop's active handles, a handle's callbacks,
 * {@code coroutine.wrap}'s coroutine: {@link MemoryLimit.Holds}).
 *
 * <p>Threading: on the thread running the state (it reads the state's tables and call frames).
 */
final class MemoryWalk {
    /** JVM sizes, compressed references: an object header, a reference, and the objects of a table's parts. */
    private static final int HEADER = 16;
    private static final int REFERENCE = 4;
    private static final int TABLE = 48;
    private static final int HASH_ENTRY = 40;
    private static final int STRING = 32;

    /** The mark fields the build adds to tables and strings (see {@code FieldsPatch.TABLE_MARK}). */
    private static final java.lang.invoke.VarHandle TABLE_MARK;
    private static final java.lang.invoke.VarHandle STRING_MARK;

    static {
        try {
            var lookup = java.lang.invoke.MethodHandles.publicLookup();
            TABLE_MARK = lookup.findVarHandle(LuaTable.class, dev.ljuv.patcher.PatchedMembers.WALK_MARK, Object.class);
            STRING_MARK = lookup.findVarHandle(LuaString.class, dev.ljuv.patcher.PatchedMembers.WALK_MARK, Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** This walk's mark: an object seen by it holds it in its mark field (plain writes: one thread walks a state). */
    private final Object mark = new Object();
    /** The other objects seen (functions, coroutines, userdata, register arrays: far fewer). */
    private final IdentityHashMap<Object, Boolean> seen;
    private final ArrayDeque<Object> todo = new ArrayDeque<>();
    private long bytes;

    private MemoryWalk(int expected) {
        seen = new IdentityHashMap<>(Math.min(expected, 1 << 16));
    }

    /** Walks what {@code g} holds; {@code expected} objects of other types than tables and strings are about what
     * the last walk saw. */
    static MemoryWalk of(LuaJitGlobals g, int expected) {
        MemoryWalk w = new MemoryWalk(expected);
        w.value(g);
        w.value(g.registry);
        w.value(g.stringMetatable);
        w.value(g.fileMetatable);
        w.value(g.running);
        w.value(g.environmentOf(g.running));
        LuaStacks.CallStack c = LuaStacks.calls();
        w.frames(c.frames, 1, c.depth);
        w.drain();
        return w;
    }

    /** What the state holds, in bytes. */
    long bytes() {
        return bytes;
    }

    /** How many objects other than tables and strings the walk saw. */
    int objects() {
        return seen.size();
    }

    /** Whether {@code o} (a table or a string, by {@code handle}) is seen for the first time; marks it. */
    private boolean firstVisit(java.lang.invoke.VarHandle handle, Object o) {
        if (handle.get(o) == mark) {
            return false;
        }
        handle.set(o, mark);
        return true;
    }

    private void value(LuaValue v) {
        if (v == null) {
            return;
        }
        switch (v.type()) {
            case LuaValue.TSTRING -> {
                if (v instanceof LuaString s && firstVisit(STRING_MARK, s)) {
                    bytes += STRING + HEADER + s.m_length;
                }
            }
            case LuaValue.TTABLE -> {
                if (v instanceof LuaTable t && firstVisit(TABLE_MARK, t)) {
                    todo.push(t);
                }
            }
            case LuaValue.TFUNCTION, LuaValue.TTHREAD, LuaValue.TUSERDATA -> {
                if (seen.put(v, Boolean.TRUE) == null) {
                    todo.push(v);
                }
            }
            default -> { } // numbers, booleans: in the slot that holds them
        }
    }

    private void drain() {
        while (!todo.isEmpty()) {
            switch (todo.pop()) {
                case LuaTable t -> table(t);
                case LuaClosure f -> closure(f);
                case Coroutine co -> coroutine(co);
                case LuaUserdata u -> userdata(u);
                case MemoryLimit.Holds h -> { // a Java function keeping values
                    bytes += HEADER;
                    h.reach(this::value);
                }
                default -> bytes += HEADER; // a Java function, LuaJ's own thread type
            }
        }
    }

    private void table(LuaTable t) {
        LuaValue[] array = ValueSemantics.arrayPart(t);
        int entries = ValueSemantics.hashEntries(t);
        long[] numbers = t instanceof Table own ? own.numberPart() : null;
        bytes += numbers != null ? (long) numbers.length * Long.BYTES : 0;
        bytes += TABLE + HEADER + (long) array.length * REFERENCE + (t instanceof Table own && own.ownStorage()
                ? HEADER + (long) own.hashSlots().length * REFERENCE // keys and values side by side
                : (long) entries * (HASH_ENTRY + 2 * REFERENCE));
        LuaValue mt = t.getmetatable();
        value(mt);
        boolean weakKeys = false;
        boolean weakValues = false;
        if (mt != null) {
            LuaValue mode = mt.rawget(LuaValue.MODE);
            if (mode.isstring()) {
                String m = mode.tojstring();
                weakKeys = m.indexOf('k') >= 0;
                weakValues = m.indexOf('v') >= 0;
            }
        }
        if (!weakValues) {
            for (LuaValue v : array) {
                value(v);
            }
        }
        if (entries == 0) {
            return;
        }
        LuaValue k = array.length == 0 ? LuaValue.NIL : LuaValue.valueOf(array.length);
        while (true) {
            org.luaj.vm2.Varargs next = t.next(k);
            k = next.arg1();
            if (k.isnil()) {
                break;
            }
            if (!weakKeys) {
                value(k);
            }
            if (!weakValues) {
                value(next.arg(2));
            }
        }
    }

    private void closure(LuaClosure f) {
        UpValue[] up = f.upValues;
        bytes += HEADER + 2L * REFERENCE + (up == null ? 0 : HEADER + (long) up.length * (REFERENCE + HEADER));
        if (up != null) {
            for (UpValue u : up) {
                if (u != null) {
                    value(u.getValue());
                }
            }
        }
    }

    private void coroutine(Coroutine co) {
        bytes += 256; // the coroutine's own objects; its stack is counted by its frames
        value(co.state.function);
        value(co.environment());
        LuaStacks.Frame[] frames = co.suspendedFrames();
        frames(frames, 0, frames.length - 1);
    }

    private void userdata(LuaUserdata u) {
        bytes += HEADER + 2 * REFERENCE;
        value(u.m_metatable);
        if (u instanceof MemoryLimit.Sized o) {
            bytes += o.retainedBytes();
        }
        if (u.m_instance instanceof LuaValue v) {
            value(v);
        }
        if (u instanceof MemoryLimit.Holds h) {
            h.reach(this::value);
        }
    }

    /** The functions and registers of calls {@code from..to} of {@code frames}. */
    private void frames(LuaStacks.Frame[] frames, int from, int to) {
        for (int i = from; i <= to && i < frames.length; i++) {
            LuaStacks.Frame f = frames[i];
            if (f == null) {
                continue;
            }
            value(f.closure);
            LuaValue[] stack = f.stack;
            if (stack != null && seen.put(stack, Boolean.TRUE) == null) {
                bytes += HEADER + (long) stack.length * REFERENCE;
                for (LuaValue v : stack) {
                    value(v);
                }
            }
        }
    }
}
