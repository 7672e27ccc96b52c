package dev.ljuv.luv;

import dev.ljuv.loop.Handle;
import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.lua.MethodTable;
import dev.ljuv.stdlib.vm.ArgumentError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One luv operation on a handle in its two forms, as luv binds them: the function {@code uv.<function>(h, ...)}
 * and the method {@code h:<method>(...)}, one body for both. On a closed handle an operation returns luv's
 * failure ({@code EBADF} for streams, {@code EINVAL} for the others), except the queries that libuv answers
 * for closing handles ({@code is_active}, {@code is_closing}, {@code has_ref}, {@code get_type}).
 *
 * <p>Threading: loop thread only, as the handles.
 */
final class Op<T extends Handle> {
    final Class<T> type;
    /** The type's name in luv's argument errors: {@code uv_timer}, {@code uv_stream}... */
    final String typeName;
    final String function;
    final String method;
    private final MethodTable.Body<T> body;
    private final boolean anyState;
    /** A value of another class the function form also takes (see {@link #alsoFor}), or null. */
    private final Class<? extends LuaValue> standIn;
    private final MethodTable.Body<LuaValue> standInBody;

    private Op(Class<T> type, String typeName, String function, String method, MethodTable.Body<T> body,
            boolean anyState, Class<? extends LuaValue> standIn, MethodTable.Body<LuaValue> standInBody) {
        this.type = type;
        this.typeName = typeName;
        this.function = function;
        this.method = method;
        this.body = body;
        this.anyState = anyState;
        this.standIn = standIn;
        this.standInBody = standInBody;
    }

    private Op(Class<T> type, String typeName, String function, String method, MethodTable.Body<T> body,
            boolean anyState) {
        this(type, typeName, function, method, body, anyState, null, null);
    }

    /**
     * This operation whose function form also takes a {@code standIn}: a value standing for such a handle in the
     * state of another thread, which has its own method (luv's {@code uv.async_send} on an async handed to a thread).
     */
    @SuppressWarnings("unchecked")
    <S extends LuaValue> Op<T> alsoFor(Class<S> standIn, MethodTable.Body<S> standInBody) {
        return new Op<>(type, typeName, function, method, body, anyState, standIn,
                (self, args) -> standInBody.call((S) self, args));
    }

    static <T extends Handle> Op<T> of(Class<T> type, String typeName, String function, String method,
            MethodTable.Body<T> body) {
        return new Op<>(type, typeName, function, method, body, false);
    }

    /** An operation that also answers for a closed handle. */
    static <T extends Handle> Op<T> query(Class<T> type, String typeName, String function, String method,
            MethodTable.Body<T> body) {
        return new Op<>(type, typeName, function, method, body, true);
    }

    Varargs call(T self, Varargs args) {
        if (!anyState && self.isClosed()) {
            return LuvErrors.fail(self instanceof Stream ? UvError.EBADF : UvError.EINVAL);
        }
        return body.call(self, args);
    }

    /** The method body for a subtype's method table. */
    <S extends T> MethodTable.Body<S> methodBody() {
        return this::call;
    }

    /** The function form, which takes the handle as its argument #1. */
    LuaValue functionForm() {
        return Functions.named(function, args -> {
            LuaValue self = args.arg1();
            if (standIn != null && standIn.isInstance(self)) {
                return standInBody.call(self, args.subargs(2));
            }
            if (!type.isInstance(self)) {
                throw typeName.equals("uv_stream") || typeName.equals("uv_handle")
                        ? Args.error(1, function, "Expected " + typeName + " userdata") // luv's abstract types
                        : Args.typeError(args, 1, function, typeName);
            }
            try {
                return call(type.cast(self), args.subargs(2));
            } catch (ArgumentError e) {
                throw e.shifted(1, function);
            }
        });
    }
}
