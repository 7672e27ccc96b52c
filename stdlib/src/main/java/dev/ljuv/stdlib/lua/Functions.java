package dev.ljuv.stdlib.lua;

import dev.ljuv.stdlib.vm.ArgumentError;
import dev.ljuv.stdlib.vm.Generator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The one way a library binds a Lua function: a name and a lambda ({@link #named}); methods of Lua-visible
 * objects go through {@link MethodTable}. {@link #library} fills a library table from its name table, as
 * LuaJIT's {@code lib_*.c} files list theirs: every name set exactly once, none missing, none extra, checked when
 * the table is done, so that the class that declares a library's names is the only one that registers them.
 *
 * <p>Threading: a library table is built by the thread creating its state.
 */
public final class Functions {
    private Functions() {}

    /** A function's body: its arguments in, its results out. */
    public interface Body {
        Varargs call(Varargs args);
    }

    /**
     * The body of a function of one argument (extra ones ignored), which calls with exactly one take without an
     * argument list (LuaJ's {@code call(a)}, what the interpreter and compiled code call for {@code f(x)}). A
     * missing argument comes as {@link LuaValue#NONE} ({@link Args#checkNumber(LuaValue, int, String)} says
     * "no value"). Its value is all the function's results for that call: compiled code passes it on as the whole
     * result list ({@code f(g(x))}).
     */
    public interface Unary {
        LuaValue call(LuaValue a);
    }

    /**
     * A function of one number that gives one number ({@code math.sin}): compiled code whose argument is a number
     * calls it with the double, neither the argument nor the result boxed (see {@link #number(LuaValue)}). It must
     * mean what the function's {@link Unary} means for a number argument; it cannot fail.
     */
    public interface OfNumber {
        double call(double x);
    }

    /** As {@link OfNumber}, for a function of two numbers ({@code math.max(x, y)}). */
    public interface OfNumbers {
        double call(double x, double y);
    }

    /**
     * The body for two numbers of a function that folds more arguments from the left ({@code bit.bxor(a, b, c)} is
     * {@code bxor(bxor(a, b), c)}; {@code math.max}): compiled code applies it so to a call of three or four numbers
     * ({@link #folding}), which for any other function of two ({@code math.atan2(y, x, z)} ignores {@code z}) would
     * be wrong.
     */
    public interface Fold extends OfNumbers {}

    /** As {@link Unary}, for a function of two arguments ({@code bit.lshift(x, n)}), one result. */
    public interface Binary {
        LuaValue call(LuaValue a, LuaValue b);
    }

    /** A Lua function named {@code name} in error messages and tracebacks. */
    public static VarArgFunction named(String name, Body body) {
        return new Named(name, body, null, null, null, null);
    }

    /** A Lua function of one argument (see {@link Unary}). */
    public static VarArgFunction unary(String name, Unary one) {
        return new Named(name, args -> one.call(given(args, 1)), one, null, null, null);
    }

    /** A Lua function of one argument (see {@link Unary}) with a body for a number ({@link OfNumber}) beside it. */
    public static VarArgFunction unary(String name, Unary one, OfNumber number) {
        return new Named(name, args -> one.call(given(args, 1)), one, null, number, null);
    }

    /** A Lua function of two arguments (see {@link Unary}). */
    public static VarArgFunction binary(String name, Binary two) {
        return new Named(name, args -> two.call(given(args, 1), given(args, 2)), null, two, null, null);
    }

    /** A Lua function of two arguments (see {@link Binary}) with a body for two numbers ({@link OfNumbers}) beside it. */
    public static VarArgFunction binary(String name, Binary two, OfNumbers numbers) {
        return new Named(name, args -> two.call(given(args, 1), given(args, 2)), null, two, null, numbers);
    }

    /** A Lua function of any number of arguments whose calls with exactly two numbers may take {@code numbers}. */
    public static VarArgFunction ofNumbers(String name, Body body, OfNumbers numbers) {
        return new Named(name, body, null, null, null, numbers);
    }

    /**
     * A Lua function of any number of arguments whose calls with exactly one argument, for one result, take
     * {@code one} (it must mean what {@code body} means for one argument, its first result: {@code coroutine.yield}).
     */
    public static VarArgFunction named(String name, Body body, Unary one) {
        return new Named(name, body, one, null, null, null);
    }

    /**
     * A Lua function of any number of arguments whose calls with exactly two take {@code two} (it must mean what
     * {@code body} means for two, which gives one result: {@code bit.band}).
     */
    public static VarArgFunction named(String name, Body body, Binary two) {
        return new Named(name, body, null, two, null, null);
    }

    /** As {@link #named(String, Body, Binary)}, with a body for two numbers ({@link OfNumbers}) beside it. */
    public static VarArgFunction named(String name, Body body, Binary two, OfNumbers numbers) {
        return new Named(name, body, null, two, null, numbers);
    }

    /**
     * A Lua function that a frameless coroutine body calls itself, where it may wait without a continuation
     * ({@link Generator.Waits}: {@code frameless}, which must mean what {@code body} means, waiting its own way).
     */
    public static VarArgFunction waiting(String name, Body body, Generator.Waits frameless) {
        return new Waiting(name, body, frameless);
    }

    /**
     * A Lua function whose body keeps {@code held} alive ({@code coroutine.wrap}'s keeps its coroutine), so that a
     * state's memory limit counts what that holds ({@link dev.ljuv.stdlib.vm.MemoryLimit.Holds}).
     */
    public static VarArgFunction holding(String name, LuaValue held, Body body) {
        return new Holding(name, held, body, -1);
    }

    /**
     * The same for a function LuaJIT makes per call and numbers as a fast function ({@code coroutine.wrap}'s,
     * {@code string.gmatch}'s iterator): {@code tostring} shows {@code function: builtin#N} ({@code Builtins}).
     */
    public static VarArgFunction holdingBuiltin(int number, LuaValue held, Body body) {
        return new Holding(null, held, body, number);
    }

    /** What {@link #holding} and {@link #waiting} functions share: a named body whose argument errors name it. */
    private abstract static class Bodied extends VarArgFunction {
        private final Body body;

        Bodied(String functionName, Body body) {
            this.name = functionName;
            this.body = body;
        }

        /** An argument error on its way out of this function (see {@link ArgumentError#leaving}). */
        final ArgumentError leaving(ArgumentError e) {
            e.leaving(this, name);
            return e;
        }

        @Override
        public Varargs invoke(Varargs args) {
            try {
                return body.call(args);
            } catch (ArgumentError e) {
                throw leaving(e);
            }
        }
    }

    /** A function of {@link #holding}. */
    private static final class Holding extends Bodied
            implements dev.ljuv.stdlib.vm.MemoryLimit.Holds, dev.ljuv.stdlib.vm.Builtins.Numbered {
        private final LuaValue held;
        private final int builtin;

        Holding(String functionName, LuaValue held, Body body, int builtin) {
            super(functionName, body);
            this.held = held;
            this.builtin = builtin;
        }

        @Override
        public int builtin() {
            return builtin;
        }

        @Override
        public void reach(java.util.function.Consumer<LuaValue> to) {
            to.accept(held);
        }
    }

    /** A function of {@link #waiting}. */
    private static final class Waiting extends Bodied implements Generator.Waits {
        private final Generator.Waits frameless;

        Waiting(String functionName, Body body, Generator.Waits frameless) {
            super(functionName, body);
            this.frameless = frameless;
        }

        @Override
        public Varargs callFrameless(Varargs args, boolean again) {
            try {
                return frameless.callFrameless(args, again);
            } catch (ArgumentError e) {
                throw leaving(e);
            }
        }
    }

    /** {@code f}'s body for exactly one argument, when it is a library function that has one; else null. */
    public static Unary one(LuaValue f) {
        return f instanceof Named n ? n.one : null;
    }

    /** {@code f}'s body for one number argument, when it is a library function that has one; else null. */
    public static OfNumber number(LuaValue f) {
        return f instanceof Named n ? n.number : null;
    }

    /** {@code f}'s body for two number arguments, when it is a library function that has one; else null. */
    public static OfNumbers numbers(LuaValue f) {
        return f instanceof Named n ? n.numbers : null;
    }

    /** {@code f}'s body for two numbers when it folds more ({@link Fold}); else null. */
    public static OfNumbers folding(LuaValue f) {
        return f instanceof Named n ? n.fold : null;
    }

    /** {@code f}'s body for exactly two arguments, when it is a library function that has one; else null. */
    public static Binary two(LuaValue f) {
        return f instanceof Named n ? n.two : null;
    }

    /** Argument {@code i}, or {@link LuaValue#NONE} when there are fewer. */
    private static LuaValue given(Varargs args, int i) {
        return i <= args.narg() ? args.arg(i) : LuaValue.NONE;
    }

    /** A library table of exactly {@code names}, to be filled. */
    public static Library library(String library, String... names) {
        return new Library(library, new dev.ljuv.stdlib.vm.Table(), names); // the runtime's kind: fast field sites
    }

    /** As {@link #library}, filling an existing table ({@code _G} for the base library). */
    public static Library library(String library, LuaTable into, String... names) {
        return new Library(library, into, names);
    }

    /**
     * The functions LuaJ's library {@code lib} registers, to keep some of them: it is loaded into {@code g} (io,
     * os, base and package bind to their state) and its table taken back out, so that only the project's library
     * class registers names. {@code name} is the global it sets; for the base library ({@code "_G"}), the table
     * of the globals it added.
     */
    public static LuaTable luaj(Globals g, LuaValue lib, String name) {
        // LuaJ's libraries register themselves in package.loaded: give them one while the real one is not there
        boolean scratch = g.rawget("package").isnil();
        if (scratch) {
            LuaTable pkg = new LuaTable();
            pkg.rawset("loaded", new LuaTable());
            g.rawset("package", pkg);
        }
        LuaTable before = new LuaTable();
        for (LuaValue k = g.next(LuaValue.NIL).arg1(); !k.isnil(); k = g.next(k).arg1()) {
            before.rawset(k, LuaValue.TRUE);
        }
        g.load(lib);
        g.get("package").get("loaded").set(name, LuaValue.NIL);
        LuaTable added = new LuaTable();
        for (LuaValue k = g.next(LuaValue.NIL).arg1(); !k.isnil(); k = g.next(k).arg1()) {
            if (before.rawget(k).isnil()) {
                added.rawset(k, g.rawget(k));
            }
        }
        for (LuaValue k = added.next(LuaValue.NIL).arg1(); !k.isnil(); k = added.next(k).arg1()) {
            g.rawset(k, LuaValue.NIL);
        }
        if (scratch) {
            g.rawset("package", LuaValue.NIL);
        }
        return name.equals("_G") ? added : added.rawget(name).checktable();
    }

    /**
     * A library function. Compiled Lua calls its fixed-arity bodies itself ({@link Functions#one},
     * {@link Functions#two}) from its own call site (see {@code CallEmitter}), so that the JIT profiles and inlines
     * the body a site calls; calls reaching {@link #call(LuaValue, LuaValue)} here share one dispatch for every
     * library function, which the JIT cannot inline once a program calls three of them.
     */
    public static final class Named extends VarArgFunction {
        private final Body body;
        /** Its body for exactly one argument, or null; a caller passes its {@link ArgumentError}s to {@link #leaving}. */
        private final Unary one;
        /** Its body for exactly two arguments, or null; as {@link #one}. */
        private final Binary two;
        /** Its body for one number argument, or null. */
        private final OfNumber number;
        /** Its body for two number arguments, or null. */
        private final OfNumbers numbers;
        /** {@link #numbers} when it folds more ({@link Fold}), or null: told once, not by a type test at each call. */
        private final OfNumbers fold;

        Named(String functionName, Body body, Unary one, Binary two, OfNumber number, OfNumbers numbers) {
            this.name = functionName;
            this.body = body;
            this.one = one;
            this.two = two;
            this.number = number;
            this.numbers = numbers;
            this.fold = numbers instanceof Fold ? numbers : null;
        }

        /** An argument error on its way out of this function (see {@link ArgumentError#leaving}). */
        public ArgumentError leaving(ArgumentError e) {
            e.leaving(this, name);
            return e;
        }

        @Override
        public Varargs invoke(Varargs args) {
            try {
                return body.call(args);
            } catch (ArgumentError e) {
                throw leaving(e);
            }
        }

        @Override
        public LuaValue call(LuaValue a) {
            if (one == null) {
                return super.call(a);
            }
            try {
                return one.call(a);
            } catch (ArgumentError e) {
                throw leaving(e);
            }
        }

        @Override
        public LuaValue call(LuaValue a, LuaValue b) {
            if (two == null) {
                return super.call(a, b);
            }
            try {
                return two.call(a, b);
            } catch (ArgumentError e) {
                throw leaving(e);
            }
        }
    }

    /** A library table being filled; {@link #done()} checks it against the name table. */
    public static final class Library {
        private final String library;
        private final LuaTable table;
        private final Set<String> names;
        private final Set<String> set = new LinkedHashSet<>();

        private Library(String library, LuaTable table, String[] names) {
            this.library = library;
            this.table = table;
            this.names = new LinkedHashSet<>(List.of(names));
            if (this.names.size() != names.length) {
                throw new IllegalStateException(library + ": a name is listed twice");
            }
        }

        /** Binds {@code name} to {@code body}. */
        public Library function(String name, Body body) {
            return value(name, named(name, body));
        }

        /** Sets {@code name} to a value: a constant, a table, or a function made elsewhere. */
        public Library value(String name, LuaValue value) {
            if (!names.contains(name)) {
                throw new IllegalStateException(library + "." + name + " is not in the library's name table");
            }
            if (!set.add(name)) {
                throw new IllegalStateException(library + "." + name + " is registered twice");
            }
            table.rawset(name, value);
            return this;
        }

        /** Keeps LuaJ's own functions {@code kept} from its library table {@code luaj}. */
        public Library keep(LuaValue luaj, String... kept) {
            for (String name : kept) {
                LuaValue f = luaj.rawget(name);
                if (f.isnil()) {
                    throw new IllegalStateException("LuaJ has no " + library + "." + name);
                }
                value(name, f);
            }
            return this;
        }

        /** The filled table; fails when a listed name was not registered. */
        public LuaTable done() {
            if (!set.containsAll(names)) {
                Set<String> missing = new LinkedHashSet<>(names);
                missing.removeAll(set);
                throw new IllegalStateException(library + ": not registered: " + missing);
            }
            return table;
        }
    }
}
