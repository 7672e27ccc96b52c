package dev.ljuv.java;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The {@code luajava} module, for scripts written against LuaJ's (and LuaJava's): the same five functions, over
 * the {@code java} module's machinery (its overload rule, its access policy, its thread-safe proxies).
 *
 * <p>Threading: belongs to its state's thread.
 */
public final class Luajava {
    /** Every name of the module table. */
    static final String[] NAMES = {"bindClass", "createProxy", "loadLib", "new", "newInstance"};

    private Luajava() {}

    /** The loader for {@code package.preload.luajava}. */
    public static LuaValue loader(JavaState state) {
        return Functions.named("luajava", args -> create(state));
    }

    static LuaTable create(JavaState s) {
        return Functions.library("luajava", NAMES)
                .function("bindClass", args -> JavaLibrary.classArg(s, args, 1, "bindClass"))
                .function("newInstance", args -> JavaLibrary.classArg(s, args, 1, "newInstance").construct(args, 2))
                .function("new", args -> JavaLibrary.classArg(s, args, 1, "new").construct(args, 2))
                .function("createProxy", args -> { // createProxy(iface, ..., table), as LuaJ's
                    int n = args.narg() - 1;
                    if (n < 1) {
                        throw Args.error(1, "createProxy", "interface name expected");
                    }
                    LuaValue impl = Args.checkTable(args, n + 1, "createProxy");
                    Class<?>[] ifaces = new Class<?>[n];
                    for (int i = 0; i < n; i++) {
                        ifaces[i] = s.findClass(Args.checkString(args, i + 1, "createProxy").tojstring());
                    }
                    return JavaValues.toLua(s, JavaProxies.implement(s, ifaces, impl));
                })
                .function("loadLib", args -> {
                    JavaClass c = JavaLibrary.classArg(s, args, 1, "loadLib");
                    String method = Args.checkString(args, 2, "loadLib").tojstring();
                    LuaValue f = c.get(LuaValue.valueOf(method));
                    if (!(f instanceof JavaMethod)) {
                        throw new LuaError("luajava.loadLib: " + c.type.getTypeName() + " has no public static method '"
                                + method + "'");
                    }
                    return f.invoke(LuaValue.NONE);
                })
                .done();
    }
}
