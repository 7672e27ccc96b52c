package dev.ljuv.thread;

import dev.ljuv.stdlib.lib.buffer.StringBufferLibrary;
import dev.ljuv.stdlib.lua.MethodTable;
import org.luaj.vm2.LuaError;
import dev.ljuv.stdlib.lua.LuaObject;

/**
 * The object {@code ljuv.new_thread} returns: {@code running()} (true until the entry function returned or
 * failed) and {@code join()} (waits for the end, then {@code true, results...} or {@code false, traceback};
 * joining twice raises an error).
 *
 * <p>Threading: belongs to the state that created the thread.
 */
public final class ThreadObject extends LuaObject {
    private final ThreadRun run;
    private boolean joined;

    ThreadObject(MethodTable<ThreadObject> type, ThreadRun run) {
        super(run, type);
        this.run = run;
    }


    /** {@code join()}: the thread's results, once. */
    public org.luaj.vm2.Varargs join() {
        if (joined) {
            throw new LuaError("thread already joined");
        }
        joined = true;
        return StringBufferLibrary.decodeValues(run.join());
    }

    public static MethodTable<ThreadObject> methods() {
        return new MethodTable<>(ThreadObject.class, "ljuv_thread")
                .method("running", (self, args) -> valueOf(self.run.isRunning()))
                .method("join", (self, args) -> self.join());
    }
}
