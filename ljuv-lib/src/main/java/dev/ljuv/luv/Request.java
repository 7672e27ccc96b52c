package dev.ljuv.luv;

import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.LuaObject;
import dev.ljuv.stdlib.lua.MethodTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * luv's request objects ({@code uv_write_t}, {@code uv_connect_t}, {@code uv_shutdown_t}, {@code uv_fs_t},
 * {@code uv_getaddrinfo_t}, {@code uv_work_t}...): what a function that starts an operation with a callback
 * returns. Lua can only tell them apart ({@code uv.req_get_type}, {@code req:get_type()}) and try to cancel them
 * ({@code uv.cancel}, {@code req:cancel()}), which succeeds for work not yet started.
 *
 * <p>Threading: loop thread only; {@link #cancel} sets a flag the worker checks before it starts.
 */
public final class Request extends LuaObject {
    /** libuv's {@code uv_req_type} numbers, by name. */
    static final String[] TYPES = {
        "unknown", "req", "connect", "write", "shutdown", "udp_send", "fs", "work", "getaddrinfo", "getnameinfo",
        "random",
    };

    private final String type;
    private boolean canceled;
    private boolean started;

    Request(MethodTable<Request> table, String type) {
        super(type, table, true);
        this.type = type;
    }

    String requestType() {
        return type;
    }

    int typeNumber() {
        for (int i = 0; i < TYPES.length; i++) {
            if (TYPES[i].equals(type)) {
                return i;
            }
        }
        return 0;
    }

    /** Whether {@link #cancel} won before the work started (the worker calls it as it starts). */
    synchronized boolean start() {
        started = true;
        return !canceled;
    }

    /** libuv's {@code uv_cancel}: only work on the thread pool that has not started can be canceled. */
    synchronized boolean cancel() {
        if (started || !(type.equals("fs") || type.equals("work") || type.equals("getaddrinfo")
                || type.equals("getnameinfo"))) {
            return false;
        }
        canceled = true;
        return true;
    }

    synchronized boolean canceled() {
        return canceled;
    }

    /** {@code uv.cancel(req)}: 0, or {@code EBUSY} when it is too late. */
    Varargs cancelled() {
        return cancel() ? LuvErrors.OK : LuvErrors.fail(UvError.EBUSY);
    }

    /** {@code uv.req_get_type(req)}: libuv's name and number of its type. */
    Varargs typeNameAndNumber() {
        return LuaValue.varargsOf(LuaValue.valueOf(type), LuaValue.valueOf(typeNumber()));
    }

    static MethodTable<Request> methods() {
        return Luv.luvType(new MethodTable<>(Request.class, "uv_req"), null)
                .method("cancel", (r, args) -> r.cancelled())
                .method("get_type", (r, args) -> r.typeNameAndNumber());
    }
}
