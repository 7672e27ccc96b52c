package dev.ljuv.thread;

import dev.ljuv.loop.Async;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * {@code ljuv.export} / {@code ljuv.import}: hands a channel, a shared flag or an async handle to another
 * Lua state. Exporting registers the shared Java object under a fresh id and a random key and returns a
 * plain table (encodable by string.buffer, so it can travel through channels and thread arguments);
 * importing takes it out of the registry, so each payload imports exactly once, and a forged or reused
 * payload raises an error instead of reaching anything.
 *
 * <p>Threading: the registry is safe from any thread.
 */
public final class Exports {
    private Exports() {}

    static final String KEY = "ljuv-export";

    private record Entry(String type, long key, Object object) {}

    private static final Map<Long, Entry> REGISTRY = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Whether {@code v} is something {@link #export} accepts. */
    static boolean isExportable(LuaValue v) {
        return v instanceof Channel || v instanceof SharedFlag || v instanceof Async;
    }

    /** The payload for {@code v}, or null when it cannot be exported. */
    static LuaTable export(LuaValue v) {
        String type;
        Object shared;
        if (v instanceof Channel c) {
            type = "channel";
            shared = c.queue;
        } else if (v instanceof SharedFlag f) {
            type = "shared_flag";
            shared = f.cell;
        } else if (v instanceof Async a) {
            a.checkOpen();
            type = "async";
            shared = a;
        } else {
            return null;
        }
        return exportShared(type, shared);
    }

    /** The payload for a shared object of {@code type}, which only this module's own code makes (see ThreadPools). */
    static LuaTable exportShared(String type, Object shared) {
        long id = IDS.incrementAndGet();
        long key = RANDOM.nextLong() & ((1L << 52) - 1); // exact as a Lua number
        REGISTRY.put(id, new Entry(type, key, shared));
        LuaTable inner = new LuaTable();
        inner.set("type", type);
        inner.set("id", LuaValue.valueOf((double) id));
        inner.set("key", LuaValue.valueOf((double) key));
        LuaTable payload = new LuaTable();
        payload.set(KEY, inner);
        return payload;
    }

    /** The shared object a payload stands for, removed from the registry; null when it is not one. */
    static Object take(LuaValue payload, String[] typeOut) {
        if (!payload.istable()) {
            return null;
        }
        LuaValue inner = payload.get(KEY);
        if (!inner.istable() || !inner.get("id").isnumber() || !inner.get("key").isnumber()) {
            return null;
        }
        long id = (long) inner.get("id").todouble();
        long key = (long) inner.get("key").todouble();
        String type = inner.get("type").optjstring("");
        Entry e = REGISTRY.get(id);
        if (e == null || e.key != key || !e.type.equals(type) || !REGISTRY.remove(id, e)) {
            return null;
        }
        typeOut[0] = e.type;
        return e.object;
    }

    static LuaError notExportable() {
        return new LuaError("no defined export for the given object");
    }

    static LuaError notImportable() {
        return new LuaError("no defined import for the given payload (not an export, or already imported)");
    }

}
