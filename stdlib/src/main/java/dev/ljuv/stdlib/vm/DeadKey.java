package dev.ljuv.stdlib.vm;

import java.lang.ref.WeakReference;
import org.luaj.vm2.LuaValue;

/**
 * What a {@link TableHash} slot keeps of an object key (a table, function, thread or userdata) whose value was set to
 * nil: the key through a weak reference. The key stays in its slot as LuaJIT's does in its node (so that {@code next}
 * goes on from it while a loop clears the entries it walks, and setting it again takes the slot back), but LuaJIT's
 * collector does not mark the key of a node without a value, and neither does the JVM's here: a value removed from a
 * set ({@code clients[sock] = nil}) is garbage once nothing else holds it, not when the table is next resized. (A
 * strong key held copas's finished threads, and with them what they referenced, until then.)
 *
 * <p>Matches the key it stands for in the probes ({@link #raweq}), never another key; never leaves the table: every
 * reader of the slots skips a slot without a value. Threading: as its table.
 */
final class DeadKey extends LuaValue {
    private final WeakReference<LuaValue> key;

    private DeadKey(LuaValue key) {
        this.key = new WeakReference<>(key);
    }

    /** What slot key {@code k}, whose value is now cleared, becomes: a dead key for an object, else itself. */
    static LuaValue of(LuaValue k) {
        return switch (k.type()) {
            case TTABLE, TFUNCTION, TTHREAD, TUSERDATA -> new DeadKey(k);
            default -> k; // strings, numbers and booleans keep nothing else alive (and are probed by their own kind)
        };
    }

    /** The key a slot holds again once it gets a value: the one it had, still alive since a probe just matched it. */
    static LuaValue live(LuaValue k) {
        return k instanceof DeadKey d ? d.key.get() : k;
    }

    @Override
    public boolean raweq(LuaValue v) {
        LuaValue k = key.get();
        return k != null && (k == v || k.raweq(v));
    }

    @Override
    public int type() {
        return TNONE;
    }

    @Override
    public String typename() {
        return "dead key";
    }
}
