package dev.ljuv.java;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Java interfaces implemented in Lua: {@code java.proxy("java.lang.Runnable", fn_or_table)}, and a Lua function
 * (or table) passed where a functional interface is expected ({@code list:forEach(function(x) ... end)}). A
 * function implements the interface's single abstract method; a table implements each method by name
 * ({@code t.run(...)}, without self, as luajava's proxies); a default method the table lacks runs Java's default;
 * {@code equals}, {@code hashCode} and {@code toString} are the proxy's identity.
 *
 * <p>Threading: a proxy may be called from any Java thread. Its Lua code always runs on the state's thread: a call
 * from that thread runs directly; a call from another one is queued to the state (served by its loop, or while it
 * waits in {@code java.await}) and the calling thread waits for the result, so Lua code of one state never runs
 * on two threads at once.
 */
final class JavaProxies {
    private JavaProxies() {}

    /** A proxy of {@code iface} whose methods call {@code impl}. */
    static Object implement(JavaState state, Class<?> iface, LuaValue impl) {
        return implement(state, new Class<?>[] {iface}, impl);
    }

    /** A proxy of all of {@code ifaces} (luajava's {@code createProxy} takes several) whose methods call {@code impl}. */
    static Object implement(JavaState state, Class<?>[] ifaces, LuaValue impl) {
        for (Class<?> iface : ifaces) {
            check(iface, impl);
        }
        if (impl.isfunction() && ifaces.length > 1) {
            throw new LuaError("several interfaces are implemented by a table of methods, not a function");
        }
        state.eventLoop(); // resolved now, on the state's thread: calls from other threads come in through it
        Class<?> first = ifaces[0];
        ClassLoader loader = first.getClassLoader() != null ? first.getClassLoader() : state.loader();
        try {
            return Proxy.newProxyInstance(loader, ifaces, new Handler(state, first, impl));
        } catch (IllegalArgumentException e) { // interfaces of loaders that do not see each other
            return Proxy.newProxyInstance(state.loader(), ifaces, new Handler(state, first, impl));
        }
    }

    private static void check(Class<?> iface, LuaValue impl) {
        if (!iface.isInterface()) {
            throw new LuaError("cannot implement " + iface.getTypeName() + " in Lua: not an interface");
        }
        if (!ClassMembers.isAccessible(iface)) {
            throw new LuaError("cannot implement " + iface.getTypeName() + " in Lua: not a public interface");
        }
        if (impl.isfunction() && JavaValues.functionalMethod(iface) == null) {
            throw new LuaError("cannot implement " + iface.getTypeName()
                    + " with a function: not a functional interface (give a table of methods)");
        }
        if (!impl.isfunction() && !(impl instanceof LuaTable)) {
            throw new LuaError("a Java interface is implemented by a function or a table, not a " + impl.typename());
        }
    }

    private record Handler(JavaState state, Class<?> iface, LuaValue impl) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals":
                    if (method.getParameterCount() == 1 && method.getParameterTypes()[0] == Object.class) {
                        return proxy == args[0];
                    }
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) {
                        return System.identityHashCode(proxy);
                    }
                    break;
                case "toString":
                    if (method.getParameterCount() == 0) {
                        return "Lua implementation of " + iface.getTypeName();
                    }
                    break;
                default:
                    break;
            }
            Object[] given = args == null ? new Object[0] : args;
            try {
                return state.onOwner(() -> call(proxy, method, given));
            } catch (LuaError e) {
                throw new JavaErrors.LuaFailure(e);
            }
        }

        /** On the state's thread. */
        private Object call(Object proxy, Method method, Object[] args) throws Exception {
            LuaValue f = impl.isfunction() ? impl : impl.get(method.getName());
            if (f.isnil() && method.isDefault()) {
                try {
                    return InvocationHandler.invokeDefault(proxy, method, args);
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            }
            if (!f.isfunction() && !(f.getmetatable() != null && !f.getmetatable().get(LuaValue.CALL).isnil())) {
                throw new LuaError("the Lua implementation of " + iface.getTypeName() + " has no method '"
                        + method.getName() + "'");
            }
            LuaValue[] luaArgs = new LuaValue[args.length];
            for (int i = 0; i < args.length; i++) {
                luaArgs[i] = JavaValues.toLua(state, args[i]);
            }
            Varargs r = f.invoke(LuaValue.varargsOf(luaArgs));
            Class<?> ret = method.getReturnType();
            if (ret == void.class) {
                return null;
            }
            LuaValue v = r.arg1();
            if (JavaValues.cost(ret, JavaValues.kind(v), JavaValues.unwrap(v), v) < 0
                    && !(ret == Object.class && v.isfunction())) {
                throw new LuaError("Lua implementation of " + iface.getSimpleName() + "." + method.getName()
                        + " returned " + JavaValues.describe(v) + ", " + ret.getTypeName() + " expected");
            }
            return ret == Object.class ? JavaValues.toObject(state, v) : JavaValues.toJava(state, ret, v);
        }
    }
}
