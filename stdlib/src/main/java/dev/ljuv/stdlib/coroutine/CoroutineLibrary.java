package dev.ljuv.stdlib.coroutine;

import dev.ljuv.stdlib.Args;
import dev.ljuv.stdlib.Functions;
import java.util.function.Function;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code coroutine} library on {@link Coroutine}: {@code create}, {@code resume}, {@code yield},
 * {@code status}, {@code running}, {@code wrap}, {@code isyieldable}, with LuaJIT 2.1's behaviour.
 */
public final class CoroutineLibrary {
    private CoroutineLibrary() {}

    private static final Function<Runnable, Execution> EXECUTIONS = selectExecutions();

    private static Function<Runnable, Execution> selectExecutions() {
        String forced = System.getProperty("ljuv.coroutines", "");
        if (!forced.equals("threads") && continuationsAvailable()) {
            return ContinuationExecution::new;
        }
        if (!forced.equals("threads")) {
            System.err.println("ljuv: JDK continuations are not accessible (add --add-exports "
                    + "java.base/jdk.internal.vm=ALL-UNNAMED): coroutines run on virtual threads, much slower");
        }
        return ThreadExecution::new;
    }

    /**
     * Whether this JVM exports {@code jdk.internal.vm} to us. Checked here, not in
     * {@link ContinuationExecution}, whose initialisation would itself fail without the export.
     */
    static boolean continuationsAvailable() {
        return Object.class.getModule().isExported("jdk.internal.vm", CoroutineLibrary.class.getModule());
    }

    /** Installs the library into {@code globals} (as {@code coroutine} and {@code package.loaded.coroutine}). */
    public static LuaTable install(Globals globals) {
        LuaTable co = new LuaTable();
        co.set("create", Functions.named("create", args -> create(globals, Args.checkFunction(args, 1, "create"))));
        co.set("resume", Functions.named("resume", args -> checkCoroutine(args, "resume").resume(args.subargs(2))));
        co.set("yield", Functions.named("yield", args -> Coroutine.yield(globals, args)));
        co.set("status", Functions.named("status", args -> LuaValue.valueOf(checkCoroutine(args, "status").getStatus())));
        co.set("running", Functions.named("running", args -> globals.running instanceof Coroutine c ? c : LuaValue.NIL));
        co.set("isyieldable", Functions.named("isyieldable", args -> LuaValue.valueOf(globals.running instanceof Coroutine)));
        co.set("wrap", Functions.named("wrap", args -> wrap(create(globals, Args.checkFunction(args, 1, "wrap")))));
        globals.set("coroutine", co);
        globals.get("package").get("loaded").set("coroutine", co);
        return co;
    }

    /** A new suspended coroutine running {@code body}. */
    public static Coroutine create(Globals globals, LuaValue body) {
        return new Coroutine(globals, body, EXECUTIONS);
    }

    private static Coroutine checkCoroutine(Varargs args, String function) {
        if (args.arg1() instanceof Coroutine c) {
            return c;
        }
        throw Args.error(1, function, "coroutine expected");
    }

    private static LuaValue wrap(Coroutine co) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                Varargs r = co.resume(args);
                if (r.arg1().toboolean()) {
                    return r.subargs(2);
                }
                throw new LuaError(r.arg(2)); // the error value travels on unchanged
            }
        };
    }
}
