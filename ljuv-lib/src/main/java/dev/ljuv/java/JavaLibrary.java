package dev.ljuv.java;

import dev.ljuv.loop.EventLoop;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.vm.Coroutine;
import java.lang.reflect.Array;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code java} module: Java as this runtime's answer to LuaJIT's FFI.
 *
 * <pre>
 *   import(name)            a class ("java.util.ArrayList", "java.util.Map.Entry") or a package view ("java.util.*")
 *   new(class, ...)         constructs (a class value or a name)
 *   array(type, n | t, ...) a Java array: n elements (more sizes: more dimensions), or t's sequence converted
 *   method(o, name, sig)    one overload by its parameter types ("int,java.lang.String"), unbound
 *   proxy(iface, impl)      a Java object implementing iface with a function or a table of methods
 *   classpath(path, ...)    adds jars and directories to this state's class loader
 *   await(f, ...)           runs a Java call on a virtual thread; the calling coroutine waits, the loop goes on
 *   luaify(o)               deep copy of maps, lists, arrays and iterables into tables
 *   equals(a, b)            Java's equals
 *   instanceof(o, class)    Java's instanceof
 * </pre>
 *
 * <p>Threading: the module belongs to its state's thread; {@code await}'s Java call runs on a virtual thread and
 * only its result comes back to the state's thread.
 */
public final class JavaLibrary {
    /** Every name of the module table. */
    static final String[] NAMES = {
        "array", "await", "classpath", "equals", "import", "instanceof", "luaify", "method", "new", "proxy",
    };

    private JavaLibrary() {}

    /** The loader for {@code package.preload.java}. */
    public static LuaValue loader(JavaState state) {
        return Functions.named("java", args -> create(state));
    }

    static LuaTable create(JavaState s) {
        return Functions.library("java", NAMES)
                .function("import", args -> importName(s, Args.checkString(args, 1, "import").tojstring()))
                .function("new", args -> classArg(s, args, 1, "new").construct(args, 2))
                .function("array", args -> array(s, args))
                .function("method", args -> method(s, args))
                .function("proxy", args -> JavaValues.toLua(s,
                        JavaProxies.implement(s, classArg(s, args, 1, "proxy").type, Args.checkValue(args, 2, "proxy"))))
                .function("classpath", args -> {
                    if (!s.access.any()) {
                        throw new LuaError("java.classpath: denied (java access policy NONE)");
                    }
                    for (int i = 1; i <= args.narg(); i++) {
                        s.addToClassPath(Args.checkString(args, i, "classpath").tojstring());
                    }
                    return LuaValue.NONE;
                })
                .function("await", args -> await(s, args))
                .function("luaify", args -> luaify(s, args.arg1(), 0))
                .function("equals", args -> LuaValue.valueOf(Objects.equals(
                        JavaValues.toObject(s, args.arg1()), JavaValues.toObject(s, args.arg(2)))))
                .function("instanceof", args -> LuaValue.valueOf(
                        classArg(s, args, 2, "instanceof").type.isInstance(JavaValues.unwrap(args.arg1()))))
                .done();
    }

    /** A class or package view by name. */
    static LuaValue importName(JavaState s, String name) {
        if (name.endsWith(".*")) {
            return packageView(s, name.substring(0, name.length() - 2));
        }
        return s.classValue(s.findClass(name));
    }

    /** A table that finds {@code pkg}'s classes (and sub-packages) by name, on first access. */
    private static LuaTable packageView(JavaState s, String pkg) {
        LuaTable view = new LuaTable();
        LuaTable meta = new LuaTable();
        meta.rawset("__index", Functions.named("__index", args -> {
            String name = Args.checkString(args, 2, "__index").tojstring();
            String full = pkg + "." + name;
            LuaValue v;
            try {
                v = s.classValue(s.findClass(full));
            } catch (LuaError e) {
                if (!e.getMessage().contains("not found") || Character.isUpperCase(name.charAt(0))) {
                    throw e;
                }
                v = packageView(s, full); // lower case and no such class: a sub-package
            }
            view.rawset(name, v);
            return v;
        }));
        meta.rawset("__tostring", Functions.named("__tostring", args -> LuaValue.valueOf("package " + pkg)));
        view.setmetatable(meta);
        return view;
    }

    /** Argument {@code i} as a class: a class value, or a name. */
    static JavaClass classArg(JavaState s, Varargs args, int i, String function) {
        LuaValue v = args.arg(i);
        if (v instanceof JavaClass c) {
            return c;
        }
        if (v.isstring()) {
            return s.classValue(s.findClass(v.tojstring()));
        }
        throw Args.typeError(args, i, function, "Java class");
    }

    private static LuaValue array(JavaState s, Varargs args) {
        Class<?> type = classArg(s, args, 1, "array").type;
        LuaValue size = args.arg(2);
        if (size instanceof LuaTable t) {
            return JavaValues.toLua(s, JavaValues.array(s, type, t));
        }
        int[] dims = new int[Math.max(1, args.narg() - 1)];
        for (int i = 0; i < dims.length; i++) {
            int n = Args.checkInt(args, i + 2, "array");
            if (n < 0) {
                throw Args.error(i + 2, "array", "negative size");
            }
            dims[i] = n;
        }
        return JavaValues.toLua(s, Array.newInstance(type, dims));
    }

    private static LuaValue method(JavaState s, Varargs args) {
        LuaValue target = args.arg1();
        String name = Args.checkString(args, 2, "method").tojstring();
        String signature = args.isnoneornil(3) ? "" : Args.checkString(args, 3, "method").tojstring();
        if (target instanceof JavaClass c) {
            ClassMembers m = ClassMembers.of(c.type);
            Overloads o = name.equals("new") ? m.constructors : m.staticMethod(name);
            if (o == null) {
                throw Args.error(2, "method", "class " + c.type.getTypeName() + " has no public static method '" + name + "'");
            }
            return new JavaMethod(o.only(signature), c);
        }
        Object o = JavaValues.unwrap(target);
        if (o == null) {
            throw Args.typeError(args, 1, "method", "Java object or class");
        }
        if (!(ClassMembers.of(o.getClass()).instanceMember(org.luaj.vm2.LuaString.valueOf(name)) instanceof JavaMethod jm)) {
            throw Args.error(2, "method", o.getClass().getTypeName() + " has no public method '" + name + "'");
        }
        return new JavaMethod(jm.overloads.only(signature), null);
    }

    private static LuaValue luaify(JavaState s, LuaValue v, int depth) {
        if (depth > 100) {
            throw new LuaError("java.luaify: structure too deep (a cycle?)");
        }
        Object o = JavaValues.unwrap(v);
        if (o == null || v instanceof JavaClass) {
            return v;
        }
        LuaTable t = new LuaTable();
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                LuaValue k = luaify(s, JavaValues.toLua(s, e.getKey()), depth + 1);
                if (!k.isnil()) {
                    t.rawset(k, luaify(s, JavaValues.toLua(s, e.getValue()), depth + 1));
                }
            }
        } else if (o.getClass().isArray()) {
            for (int i = 0, n = Array.getLength(o); i < n; i++) {
                t.rawset(i + 1, luaify(s, JavaValues.toLua(s, Array.get(o, i)), depth + 1));
            }
        } else if (o instanceof Iterable<?> it) {
            int i = 0;
            for (Object e : it) {
                t.rawset(++i, luaify(s, JavaValues.toLua(s, e), depth + 1));
            }
        } else {
            return v;
        }
        return t;
    }

    // ---- await

    /**
     * {@code java.await(f, ...)}: {@code f} is a Java method ({@code stmt.executeQuery}, with its receiver as the
     * first argument), or a Java {@code Callable}, {@code Supplier}, {@code Runnable} or {@code Future}. In a
     * coroutine, the call runs on a virtual thread while the coroutine waits and the loop goes on (the pending call
     * keeps the loop alive); outside one, the state's thread waits, serving calls of its proxies from other threads.
     * Returns the call's result; a Java exception is raised as a Lua error, as for a direct call.
     */
    private static Varargs await(JavaState s, Varargs args) {
        LuaValue f = Args.checkValue(args, 1, "await");
        Callable<Object> task;
        boolean nothing = false;
        if (f instanceof JavaMethod m) {
            Overloads.Prepared p = m.prepare(args.subargs(2));
            nothing = p.returnsNothing();
            task = () -> {
                try {
                    return p.invoke();
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new IllegalStateException(t);
                }
            };
        } else {
            Object o = JavaValues.unwrap(f);
            if (o instanceof Future<?> fut) {
                task = () -> {
                    try {
                        return fut.get();
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof Exception x ? x : e;
                    }
                };
            } else if (o instanceof Callable<?> c) {
                task = c::call;
            } else if (o instanceof Supplier<?> sup) {
                task = sup::get;
            } else if (o instanceof Runnable r) {
                nothing = true;
                task = () -> {
                    r.run();
                    return null;
                };
            } else {
                throw Args.typeError(args, 1, "await", "Java method, Callable, Supplier, Runnable or Future");
            }
        }
        Coroutine waiter = s.globals.running instanceof Coroutine co ? co : null;
        EventLoop loop = waiter == null ? null : s.eventLoop();
        if (waiter != null && loop == null) {
            throw new LuaError("java.await in a coroutine needs the ljuv module (its loop resumes the coroutine)");
        }
        CompletableFuture<Object> done = new CompletableFuture<>();
        Thread.ofVirtual().name("ljuv java.await").start(() -> {
            try {
                done.complete(task.call());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        if (waiter == null) {
            Object result;
            try {
                result = s.await(done);
            } catch (ExecutionException e) {
                throw JavaErrors.raise(s, e.getCause());
            } catch (Exception e) {
                throw JavaErrors.raise(s, e);
            }
            return nothing ? LuaValue.NONE : JavaValues.toLua(s, result);
        }
        loop.handleActivated();
        boolean[] waiting = {true};
        done.whenComplete((r, t) -> loop.ready(() -> {
            loop.handleDeactivated();
            if (!waiting[0]) {
                return; // resumed by someone else meanwhile: the await already failed
            }
            Varargs out = waiter.resume(LuaValue.NONE);
            if (!out.arg1().toboolean()) {
                Throwable cause = waiter.deathCause();
                loop.recordError(cause != null ? cause : new LuaError(out.arg(2)));
            }
        }));
        Coroutine.yield(s.globals, LuaValue.NONE);
        waiting[0] = false;
        if (!done.isDone()) {
            throw new LuaError("java.await: the coroutine was resumed before its Java call completed");
        }
        try {
            Object result = done.get();
            return nothing ? LuaValue.NONE : JavaValues.toLua(s, result);
        } catch (ExecutionException e) {
            throw JavaErrors.raise(s, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LuaError("interrupted!");
        }
    }
}
