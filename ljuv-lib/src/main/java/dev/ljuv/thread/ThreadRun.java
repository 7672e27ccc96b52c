package dev.ljuv.thread;

import dev.ljuv.stdlib.vm.LuaErrors;
import dev.ljuv.stdlib.vm.Finalizers;
import dev.ljuv.stdlib.vm.LuaStacks;
import dev.ljuv.stdlib.lib.buffer.Message;
import dev.ljuv.stdlib.lib.buffer.StringBufferLibrary;
import java.io.ByteArrayInputStream;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One ljuv thread: a new platform thread (with the Lua stack size) running {@code entry} in a brand-new Lua
 * state. Arguments arrive and results leave encoded by the string.buffer codec; the result is
 * {@code (true, results...)} or {@code (false, message with traceback)} (a table error value travels as a
 * decoded copy). {@code onEnd} runs on the thread once the result is available.
 *
 * <p>Threading: created by one thread, run by its own; {@link #result} is published through the volatile
 * {@code done} flag, and {@link #join} may be called from any thread.
 */
final class ThreadRun implements Runnable {
    private static final java.util.concurrent.atomic.AtomicInteger COUNT = new java.util.concurrent.atomic.AtomicInteger();

    private final StateFactory states;
    private final String path;
    private final String cpath;
    private final LuaString entry;
    private final Message args;
    private final int[] autoImports;
    private final Runnable onEnd;
    private final Thread thread;
    private Message result;
    private volatile boolean done;

    ThreadRun(StateFactory states, String path, String cpath, LuaString entry, Message args, int[] autoImports,
            Runnable onEnd) {
        this.states = states;
        this.path = path;
        this.cpath = cpath;
        this.entry = entry;
        this.args = args;
        this.autoImports = autoImports;
        this.onEnd = onEnd;
        this.thread = LuaStacks.newThread("ljuv-thread-" + COUNT.incrementAndGet(), this);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean isRunning() {
        return !done;
    }

    /** Waits for the end; the encoded result. */
    Message join() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    /** The result of a thread that ran out of memory, made in advance: there may be no memory left to make it. */
    private static final Message OUT_OF_MEMORY =
            StringBufferLibrary.encodeValues(LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("not enough memory")));

    @Override
    public void run() {
        Message out = OUT_OF_MEMORY;
        try {
            out = outcome();
        } catch (VirtualMachineError e) { // even the report failed: the thread still ends and says so
            dev.ljuv.stdlib.vm.MemoryGuard.outOfMemory();
        } finally {
            result = out;
            done = true;
            tellTheEnd();
        }
    }

    /**
     * The encoded results, or the failure. In a frame of its own: a Lua error's trace holds the registers of the
     * calls it left, and so the failed state's data (a table that filled the heap); a dead local of the frame still
     * running keeps it alive for the JVM's interpreter, and the loop, told of the end, ran its callback in a full heap.
     */
    private Message outcome() {
        try {
            return StringBufferLibrary.encodeValues(LuaValue.varargsOf(LuaValue.TRUE, execute()));
        } catch (RuntimeException | VirtualMachineError e) {
            dev.ljuv.stdlib.vm.CurrentState.restore(null); // the failed state becomes garbage: room to report
            LuaStacks.forgetFinishedCalls();
            return failure(e);
        }
    }

    /**
     * Runs {@code onEnd}, which wakes the loop waiting for this thread. When the heap is full (another state
     * filling it, or this one's garbage not yet collected) that can fail for want of memory: tried again a few
     * times, since a loop never told would wait for ever.
     */
    private void tellTheEnd() {
        for (int attempt = 0; ; attempt++) {
            try {
                onEnd.run();
                return;
            } catch (RuntimeException e) {
                return; // the loop that wanted to hear about the end is gone: nothing to tell
            } catch (OutOfMemoryError e) {
                dev.ljuv.stdlib.vm.MemoryGuard.outOfMemory();
                if (attempt == 100) {
                    throw e;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Varargs execute() {
        Globals g = states.newState(path, cpath);
        LuaValue fn = g.load(new ByteArrayInputStream(entry.m_bytes, entry.m_offset, entry.m_length),
                "=(thread entry)", "bt", g);
        Varargs in = StringBufferLibrary.decodeValues(args);
        if (autoImports.length > 0) {
            LuaValue importer = g.get("require").call(LuaValue.valueOf("ljuv")).get("import");
            LuaValue[] values = new LuaValue[in.narg()];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.arg(i + 1);
            }
            for (int i : autoImports) {
                values[i - 1] = importer.call(values[i - 1]);
            }
            in = LuaValue.varargsOf(values);
        }
        // the thread's state ends, as by lua_close: its proxies' __gc, after a Lua error too (not in a full heap)
        Varargs out;
        try {
            out = fn.invoke(in);
        } catch (RuntimeException e) {
            Finalizers.endOfState(g);
            throw e;
        }
        Finalizers.endOfState(g);
        return out;
    }

    private static Message failure(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return OUT_OF_MEMORY; // the same report whether or not there is memory left to add a traceback
        }
        LuaValue value = LuaErrors.valueOf(e);
        if (value.isstring() && value.tojstring().equals("not enough memory")) {
            return OUT_OF_MEMORY; // the memory guard's error: the same report as the JVM's own
        }
        if (value.isstring() || value.isnil()) {
            value = LuaValue.valueOf(LuaErrors.messageWithTraceback(e));
        }
        try {
            return StringBufferLibrary.encodeValues(LuaValue.varargsOf(LuaValue.FALSE, value));
        } catch (LuaError notEncodable) {
            return StringBufferLibrary.encodeValues(LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf(value.tojstring())));
        }
    }
}
