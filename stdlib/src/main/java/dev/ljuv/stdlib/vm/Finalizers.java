package dev.ljuv.stdlib.vm;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;

/**
 * The {@code __gc} metamethods of a state's proxies ({@code newproxy}'s userdata, the ones a Lua program makes
 * itself; the metatable's when collected, which {@code debug.setmetatable} may have given): run as LuaJIT runs them,
 * once per proxy, with the proxy itself, when the collector finds it unreachable, and for those still alive when the
 * state ends ({@code lua_close}: the last made first, an error ignored). The JVM finds the proxy unreachable
 * ({@link Proxy#finalize}, which keeps it, and what it reaches, for the call, as LuaJIT's collector does: a cleaner
 * could not give the proxy to its own {@code __gc}); the call is made on the state's thread at its next safe point:
 * {@code collectgarbage()} (which waits for the finalization of the proxies it found, so that a proxy dropped before
 * it is finalized when it returns, an error raised there), a turn of the state's event loop (an error then a
 * callback's), and the state's end.
 *
 * <p>Threading: {@link Proxy#finalize} queues from the JVM's finalizer thread; everything else on the state's thread.
 */
public final class Finalizers {
    /** Proxies the JVM found unreachable, whose {@code __gc} is to run. */
    private final ConcurrentLinkedQueue<Proxy> collected = new ConcurrentLinkedQueue<>();
    /** Every proxy made, oldest first, held weakly, for the state's end (pruned as it grows). */
    private final List<WeakReference<Proxy>> made = new ArrayList<>();
    private int pruneAt = 64;
    /**
     * Proxies found collected so far (their references in {@link #made} cleared, by the same collection that handed
     * them to finalization), and those whose {@code finalize} has queued them since: {@link #collect} waits until
     * the second count reaches the first.
     */
    private long gone;
    private final AtomicLong queued = new AtomicLong();
    /** While a {@code __gc} runs: another safe point inside it leaves the queue to the outer one. */
    private boolean running;

    /** A new proxy with metatable {@code meta} (or none), whose {@code __gc} (looked up when collected) will run. */
    public LuaUserdata proxy(LuaTable meta) {
        return proxy(meta, new Object());
    }

    /**
     * As {@link #proxy(LuaTable)}, carrying {@code instance} (its {@code m_instance}): a library's own userdata whose
     * {@code __gc} frees what the instance holds, as a C library's does (lfs's directory locks).
     */
    public LuaUserdata proxy(LuaTable meta, Object instance) {
        Proxy p = new Proxy(meta, instance, this);
        if (made.size() >= pruneAt) {
            prune();
            pruneAt = Math.max(64, made.size() * 2);
        }
        made.add(new WeakReference<>(p));
        return p;
    }

    /**
     * A full collection ({@code collectgarbage}): the JVM's, its finalization waited for when this state has proxies,
     * then the {@code __gc} of those found unreachable. An error of one is raised (the rest run at the next point).
     */
    public void collect() {
        System.gc();
        prune();
        // the JVM's finalizer thread runs the finalize of each proxy found a moment later (after the reference thread
        // handed it over, in no set order): waited for by count, never longer than a second (the rest at the next point)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (queued.get() < gone && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000);
        }
        runCollected();
    }

    /** Drops the references of the proxies found collected, counting them ({@link #gone}). */
    private void prune() {
        int before = made.size();
        made.removeIf(r -> r.get() == null);
        gone += before - made.size();
    }

    /** Runs the {@code __gc} of the proxies found unreachable so far: a safe point of the state's thread. */
    public void runCollected() {
        if (running || collected.isEmpty()) {
            return;
        }
        running = true;
        try {
            for (Proxy p; (p = collected.poll()) != null; ) {
                call(p);
            }
        } finally {
            running = false;
        }
    }

    /** The end of state {@code g} (a LuaJIT state; any other has no proxies): see {@link #endOfState()}. */
    public static void endOfState(Globals g) {
        if (g instanceof LuaJitGlobals state) {
            state.finalizers.endOfState();
        }
    }

    /** The state's end: the pending ones, then every proxy still alive, the last made first; errors ignored. */
    public void endOfState() {
        for (Proxy p; (p = collected.poll()) != null; ) {
            callIgnoringErrors(p);
        }
        for (int i = made.size() - 1; i >= 0; i--) {
            Proxy p = made.get(i).get();
            if (p != null) {
                callIgnoringErrors(p);
            }
        }
        made.clear();
    }

    private static void callIgnoringErrors(Proxy p) {
        try {
            call(p);
        } catch (RuntimeException | StackOverflowError e) {
            // as lua_close: a finalizer's error does not stop the others
        }
    }

    private static void call(Proxy p) {
        if (p.finalized) {
            return; // once per proxy
        }
        p.finalized = true;
        LuaValue meta = p.getmetatable();
        LuaValue gc = meta == null ? LuaValue.NIL : meta.rawget("__gc");
        if (!gc.isnil()) {
            gc.call(p);
        }
    }

    /**
     * A proxy. Its {@code finalize} runs once, on the JVM's finalizer thread, when nothing reaches
     * it: it queues itself, alive again, for its {@code __gc} on the state's thread.
     */
    static final class Proxy extends LuaUserdata {
        private final Finalizers owner;
        /** Whether its {@code __gc} was called (a proxy it stored somewhere is not finalized again at the end). */
        volatile boolean finalized;

        Proxy(LuaTable meta, Object instance, Finalizers owner) {
            super(instance, meta);
            this.owner = owner;
        }

        @Override
        @SuppressWarnings({"removal", "deprecation"})
        protected void finalize() {
            if (!finalized) {
                owner.collected.add(this);
            }
            owner.queued.incrementAndGet();
        }
    }
}
