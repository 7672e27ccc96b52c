package dev.ljuv.stdlib.vm;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;

/**
 * The {@code __gc} metamethods of a state's proxies ({@code newproxy}'s userdata, the ones a Lua program makes
 * itself; the metatable's when collected, which {@code debug.setmetatable} may have given): run as LuaJIT runs them,
 * once per proxy, with the proxy itself, when the collector finds it unreachable, and for those still alive when the
 * state ends ({@code lua_close}: the last made first, an error ignored). The JVM finds the proxy unreachable ({@link Proxy#finalize}, which keeps it, and what it
 * reaches, for the call, as LuaJIT's collector does: a cleaner could not give the proxy to its own {@code __gc}); the
 * call is made on the state's thread at its next safe point: {@code collectgarbage()} (which waits for the JVM's
 * finalization first, so that a proxy dropped before it is finalized when it returns, an error raised there), a turn
 * of the state's event loop (an error then a callback's), and the state's end.
 *
 * <p>Threading: {@link Proxy#finalize} queues from the JVM's finalizer thread; everything else on the state's thread.
 */
public final class Finalizers {
    /** Proxies the JVM found unreachable, whose {@code __gc} is to run. */
    private final ConcurrentLinkedQueue<Proxy> collected = new ConcurrentLinkedQueue<>();
    /** Every proxy made, oldest first, held weakly, for the state's end (pruned as it grows). */
    private final List<WeakReference<Proxy>> made = new ArrayList<>();
    private int pruneAt = 64;
    /** While a {@code __gc} runs: another safe point inside it leaves the queue to the outer one. */
    private boolean running;

    /** A new proxy with metatable {@code meta} (or none), whose {@code __gc} (looked up when collected) will run. */
    public LuaUserdata proxy(LuaTable meta) {
        Proxy p = new Proxy(meta, this);
        if (made.size() >= pruneAt) {
            made.removeIf(r -> r.get() == null);
            pruneAt = Math.max(64, made.size() * 2);
        }
        made.add(new WeakReference<>(p));
        return p;
    }

    /**
     * A full collection ({@code collectgarbage}): the JVM's, its finalization waited for when this state has proxies,
     * then the {@code __gc} of those found unreachable. An error of one is raised (the rest run at the next point).
     */
    @SuppressWarnings("removal") // (Runtime.runFinalization: see the class comment for why finalization)
    public void collect() {
        if (made.isEmpty()) {
            System.gc();
        } else {
            // the collector hands what it found to the JVM's reference thread, which queues it for finalization a
            // moment later; runFinalization runs only what is queued: a sentinel finalized is the sign it was
            java.util.concurrent.CountDownLatch queued = new java.util.concurrent.CountDownLatch(1);
            new Sentinel(queued);
            System.gc();
            try {
                queued.await(1, java.util.concurrent.TimeUnit.SECONDS); // (never longer: the rest at the next point)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().runFinalization();
        }
        runCollected();
    }

    /** Made unreachable at once: its finalization tells that the collection's findings are queued. */
    private static final class Sentinel {
        private final java.util.concurrent.CountDownLatch queued;

        Sentinel(java.util.concurrent.CountDownLatch queued) {
            this.queued = queued;
        }

        @Override
        @SuppressWarnings({"removal", "deprecation"})
        protected void finalize() {
            queued.countDown();
        }
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

    /** The state's end: the pending ones, then every proxy still alive, the last made first; errors ignored. */
    public void endOfState() {
        running = false;
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

        Proxy(LuaTable meta, Finalizers owner) {
            super(new Object(), meta);
            this.owner = owner;
        }

        @Override
        @SuppressWarnings({"removal", "deprecation"})
        protected void finalize() {
            if (!finalized) {
                owner.collected.add(this);
            }
        }
    }
}
