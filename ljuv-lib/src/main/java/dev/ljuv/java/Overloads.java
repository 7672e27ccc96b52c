package dev.ljuv.java;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The methods (or constructors) of one name in one class, and the rule that picks one for a call.
 *
 * <p>The rule, deterministic and independent of the order Java lists the methods in: first the candidates that
 * take the arguments as they are (fixed arity; a varargs method given its array counts), else the varargs ones
 * with the trailing arguments packed. Among those whose every parameter accepts its argument ({@link JavaValues}
 * gives each argument-to-parameter pair a cost), the one that is at least as cheap as every other one at every
 * argument is taken; when no one is, the call is ambiguous, an error naming the candidates, and
 * {@code java.method(obj, name, "int,java.lang.String")} picks one by its signature. The choice depends only on
 * the arguments' kinds, so it is remembered per kind signature.
 *
 * <p>Method handles come from {@link MethodHandles#publicLookup()} through the accessible type the method was
 * found in; a caller-sensitive method ({@code DriverManager.getConnection}, {@code Class.forName}), which that
 * lookup refuses, is bound per state to a class of the state's own class loader (see {@link JavaState}).
 *
 * <p>Threading: shared by every state of the JVM; the handle and choice caches are published immutable objects, so
 * a race only computes one twice.
 */
final class Overloads {
    /** A method or constructor and the accessible type to invoke it through. */
    record Target(Executable member, Class<?> owner) {}

    final String name;
    final boolean isStatic;
    final Candidate[] candidates;
    /** Remembered choices: kind signatures and what they picked (copy on write, bounded). */
    private volatile Choice[] choices = new Choice[0];

    Overloads(String name, List<Target> targets, boolean isStatic) {
        this.name = name;
        this.isStatic = isStatic;
        List<Target> sorted = new ArrayList<>(targets);
        sorted.sort((a, b) -> parameterKey(a.member()).compareTo(parameterKey(b.member()))); // Java's order is unspecified
        this.candidates = sorted.stream().map(Candidate::new).toArray(Candidate[]::new);
    }

    static String parameterKey(Executable e) {
        StringJoiner j = new StringJoiner(",");
        for (Class<?> p : e.getParameterTypes()) {
            j.add(p.getTypeName());
        }
        return j.toString();
    }

    /** One method or constructor: its parameters and, once called, its handle. */
    static final class Candidate {
        final Target target;
        final Class<?>[] params;
        final boolean varargs;
        final Class<?> returns;
        /** Whether the handle takes a receiver first (an instance method). */
        final boolean hasReceiver;
        private volatile MethodHandle spread;
        /** The handle taking its arguments one by one, all as Object: {@code (Object...)Object}, fixed arity. */
        private volatile MethodHandle exact;
        private volatile boolean callerSensitive;
        /** Whether its parameters all have a fast conversion (see {@link FastArguments}). */
        final boolean fast;

        Candidate(Target target) {
            this.target = target;
            this.params = target.member().getParameterTypes();
            this.varargs = target.member().isVarArgs();
            this.returns = target.member() instanceof Method m ? m.getReturnType() : target.owner();
            this.hasReceiver = target.member() instanceof Method m && !Modifier.isStatic(m.getModifiers());
            this.fast = !varargs && FastArguments.covers(params);
        }

        /** The generated invoker once made (an immutable object, safely published racily), and whether it was tried. */
        private Invoker invoker;
        private volatile boolean invokerTried;

        /** The generated invoker of this method, or null (a caller-sensitive one, or classes it cannot see). */
        Invoker invoker(JavaState state) {
            Invoker i = invoker;
            return i != null || invokerTried ? i : makeInvoker(state);
        }

        private Invoker makeInvoker(JavaState state) {
            handle(state); // finds out whether it is caller-sensitive
            Invoker made = callerSensitive ? null : Invokers.of(this);
            invoker = made;
            invokerTried = true;
            return made;
        }

        /**
         * Whether {@code publicLookup} refuses it: a caller-sensitive method, bound per state instead. Resolves the
         * shared handle once.
         */
        boolean isCallerSensitive() {
            if (spread == null && !callerSensitive) {
                try {
                    spread = resolve(MethodHandles.publicLookup());
                } catch (IllegalAccessException e) {
                    callerSensitive = true;
                }
            }
            return callerSensitive;
        }

        /** {@link #handle} without the spreader: for calls whose arguments come one by one. */
        MethodHandle exactHandle(JavaState state) {
            MethodHandle h = exact;
            if (h == null) {
                h = handle(state).asCollector(Object[].class, params.length + (hasReceiver ? 1 : 0));
                if (!callerSensitive) {
                    exact = h;
                }
            }
            return h;
        }

        String signature() {
            return target.member().getName().replaceAll(".*\\.", "") + "(" + parameterKey(target.member()) + ")";
        }

        /** The handle, of type {@code (Object[])Object}, the receiver first for an instance method. */
        MethodHandle handle(JavaState state) {
            return isCallerSensitive() ? state.callerSensitive(this) : spread;
        }

        MethodHandle resolve(MethodHandles.Lookup lookup) throws IllegalAccessException {
            Executable m = target.member();
            Class<?> owner = target.owner();
            MethodHandle h;
            try {
                if (m instanceof Constructor<?>) {
                    h = lookup.findConstructor(owner, MethodType.methodType(void.class, params));
                } else if (!hasReceiver) {
                    h = lookup.findStatic(owner, m.getName(), MethodType.methodType(returns, params));
                } else {
                    h = lookup.findVirtual(owner, m.getName(), MethodType.methodType(returns, params));
                }
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
            if (h.isVarargsCollector()) {
                h = h.asFixedArity();
            }
            int n = h.type().parameterCount();
            return h.asType(MethodType.genericMethodType(n)).asSpreader(Object[].class, n);
        }
    }

    private record Choice(int[] kinds, Class<?>[] classes, Candidate picked, boolean packed) {}

    /**
     * Calls the chosen candidate with the Lua arguments {@code args} from {@code first} on; {@code receiver} is
     * the object for an instance method (null otherwise).
     */
    Varargs call(JavaState state, Object receiver, Varargs args, int first) {
        Prepared p = prepare(state, receiver, args, first);
        Object result;
        try {
            result = (Object) p.handle.invokeExact(p.arguments);
        } catch (LuaError e) {
            throw e;
        } catch (Throwable t) {
            throw JavaErrors.raise(state, t);
        }
        return p.candidate.returns == void.class ? LuaValue.NONE : JavaValues.toLua(state, result);
    }

    /**
     * The common case without an argument list: one candidate, fixed arity, up to three Lua arguments {@code a},
     * {@code b}, {@code c} ({@code n} of them), each converted by its parameter's fast conversion.
     */
    LuaValue call(JavaState state, Object receiver, int n, LuaValue a, LuaValue b, LuaValue c) {
        // kept small, so that the JIT inlines it into the Lua code's call site: the rest is in other methods
        Candidate only;
        if (candidates.length == 1) {
            only = candidates[0]; // its receiver type was checked by the caller (JavaMethod)
            if (!only.fast || only.params.length != n) {
                only = null;
            }
        } else {
            only = fastChoice(n, a, b, c);
            if (only != null && !isStatic && !only.target.owner().isInstance(receiver)) {
                only = null;
            }
        }
        if (only == null) {
            return general(state, receiver, n, a, b, c);
        }
        Invoker invoker = only.invoker(state);
        if (invoker != null) {
            try {
                return invoker.invoke(state, receiver, a, b, c);
            } catch (Throwable t) {
                if (t != Invoker.NOT_FAST) {
                    throw t instanceof LuaError e ? e : JavaErrors.raise(state, t);
                }
                // an argument that needs the general conversion: the handle below
            }
        }
        return byHandle(state, only, receiver, n, a, b, c);
    }

    private LuaValue general(JavaState state, Object receiver, int n, LuaValue a, LuaValue b, LuaValue c) {
        Varargs args = n == 0 ? LuaValue.NONE : n == 1 ? a : n == 2 ? LuaValue.varargsOf(a, b) : LuaValue.varargsOf(a, b, c);
        return call(state, receiver, args, 1).arg1();
    }

    private LuaValue byHandle(JavaState state, Candidate only, Object receiver, int n, LuaValue a, LuaValue b, LuaValue c) {
        Class<?>[] p = only.params;
        Object result;
        try {
            MethodHandle h = only.exactHandle(state);
            if (isStatic) {
                result = switch (n) {
                    case 0 -> (Object) h.invokeExact();
                    case 1 -> (Object) h.invokeExact(FastArguments.convert(state, p[0], a, 1, this));
                    case 2 -> (Object) h.invokeExact(FastArguments.convert(state, p[0], a, 1, this),
                            FastArguments.convert(state, p[1], b, 2, this));
                    default -> (Object) h.invokeExact(FastArguments.convert(state, p[0], a, 1, this),
                            FastArguments.convert(state, p[1], b, 2, this), FastArguments.convert(state, p[2], c, 3, this));
                };
            } else {
                result = switch (n) {
                    case 0 -> (Object) h.invokeExact(receiver);
                    case 1 -> (Object) h.invokeExact(receiver, FastArguments.convert(state, p[0], a, 1, this));
                    case 2 -> (Object) h.invokeExact(receiver, FastArguments.convert(state, p[0], a, 1, this),
                            FastArguments.convert(state, p[1], b, 2, this));
                    default -> (Object) h.invokeExact(receiver, FastArguments.convert(state, p[0], a, 1, this),
                            FastArguments.convert(state, p[1], b, 2, this), FastArguments.convert(state, p[2], c, 3, this));
                };
            }
        } catch (LuaError e) {
            throw e;
        } catch (Throwable t) {
            throw JavaErrors.raise(state, t);
        }
        return only.returns == void.class ? LuaValue.NONE : JavaValues.toLua(state, result);
    }

    /** Choices for arguments whose kinds alone decide (no Java object among them): kind signature, candidate. */
    private record FastChoice(int signature, Candidate picked) {}

    private volatile FastChoice[] fastChoices = new FastChoice[0];

    /**
     * The candidate for up to three arguments of plain kinds, remembered by their kinds packed in an int (no
     * allocation on the way); null when the general path must decide (a Java object argument, varargs packing, a
     * candidate without fast conversions).
     */
    private Candidate fastChoice(int n, LuaValue a, LuaValue b, LuaValue c) {
        int signature = n;
        for (int i = 0; i < n; i++) {
            int kind = JavaValues.kind(i == 0 ? a : i == 1 ? b : c);
            if (kind >= JavaValues.OBJECT) {
                return null;
            }
            signature |= (kind + 1) << (4 + 4 * i);
        }
        for (FastChoice f : fastChoices) {
            if (f.signature == signature) {
                return f.picked;
            }
        }
        Varargs args = n == 0 ? LuaValue.NONE : n == 1 ? a : n == 2 ? LuaValue.varargsOf(a, b) : LuaValue.varargsOf(a, b, c);
        Choice choice = choose(args, 1, n); // raises the ambiguity or no-overload error
        Candidate picked = choice.packed || !choice.picked.fast ? null : choice.picked;
        FastChoice[] old = fastChoices;
        if (old.length < 16) {
            FastChoice[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = new FastChoice(signature, picked);
            fastChoices = grown;
        }
        return picked;
    }

    /** The error for an argument its parameter cannot take. */
    private LuaError badArgument(Class<?> param, LuaValue v, int index) {
        return new LuaError("bad argument #" + index + " to '" + name + "' (" + param.getTypeName()
                + " expected, got " + JavaValues.describe(v) + ")");
    }

    /** A call ready to run anywhere: the handle and the Java arguments. */
    record Prepared(Candidate candidate, MethodHandle handle, Object[] arguments) {
        Object invoke() throws Throwable {
            return (Object) handle.invokeExact(arguments);
        }

        boolean returnsNothing() {
            return candidate.returns == void.class;
        }
    }

    /** Chooses the candidate and converts the arguments (on the state's thread). */
    Prepared prepare(JavaState state, Object receiver, Varargs args, int first) {
        int n = args.narg() - first + 1;
        Candidate c;
        boolean packed;
        if (candidates.length == 1 && !candidates[0].varargs) {
            c = candidates[0];
            packed = false;
            if (c.params.length != n) {
                throw new LuaError("wrong number of arguments to '" + name + "' (" + Math.max(n, 0) + " given, "
                        + c.signature() + " takes " + c.params.length + ")");
            }
        } else {
            Choice choice = choose(args, first, Math.max(n, 0));
            c = choice.picked;
            packed = choice.packed;
        }
        if (!isStatic && !c.target.owner().isInstance(receiver)) {
            throw new LuaError("calling '" + name + "' on bad self (" + c.target.owner().getTypeName() + " expected)");
        }
        return new Prepared(c, c.handle(state), arguments(state, c, receiver, args, first, Math.max(n, 0), packed));
    }

    private Object[] arguments(JavaState state, Candidate c, Object receiver, Varargs args, int first, int n, boolean packed) {
        int fixed = packed ? c.params.length - 1 : c.params.length;
        int offset = isStatic ? 0 : 1;
        Object[] out = new Object[offset + c.params.length];
        if (!isStatic) {
            out[0] = receiver;
        }
        for (int i = 0; i < fixed; i++) {
            out[offset + i] = argument(state, c.params[i], args.arg(first + i), i + 1);
        }
        if (packed) {
            Class<?> component = c.params[fixed].getComponentType();
            Object rest = Array.newInstance(component, n - fixed);
            for (int i = fixed; i < n; i++) {
                Array.set(rest, i - fixed, argument(state, component, args.arg(first + i), i + 1));
            }
            out[offset + fixed] = rest;
        }
        return out;
    }

    /** {@code v} for {@code param}, checked by the cost rule, or the argument error. */
    Object argument(JavaState state, Class<?> param, LuaValue v, int index) {
        if (JavaValues.cost(param, JavaValues.kind(v), JavaValues.unwrap(v), v) < 0) {
            throw badArgument(param, v, index);
        }
        return JavaValues.toJava(state, param, v);
    }

    private Choice choose(Varargs args, int first, int n) {
        int[] kinds = new int[n];
        Class<?>[] classes = new Class<?>[n];
        for (int i = 0; i < n; i++) {
            LuaValue v = args.arg(first + i);
            kinds[i] = JavaValues.kind(v);
            Object o = JavaValues.unwrap(v);
            classes[i] = o == null ? null : kinds[i] == JavaValues.OTHER ? v.getClass() : o.getClass();
        }
        for (Choice c : choices) {
            if (Arrays.equals(c.kinds, kinds) && Arrays.equals(c.classes, classes)) {
                return c;
            }
        }
        Choice made = pick(args, first, n, kinds, classes);
        Choice[] old = choices;
        if (old.length < 16) { // beyond that many argument signatures, the rest are chosen each time
            Choice[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = made;
            choices = grown;
        }
        return made;
    }

    private Choice pick(Varargs args, int first, int n, int[] kinds, Class<?>[] classes) {
        for (boolean packed : new boolean[] {false, true}) {
            List<Candidate> applicable = new ArrayList<>();
            List<int[]> costs = new ArrayList<>();
            for (Candidate c : candidates) {
                int[] cost = costs(c, args, first, n, packed);
                if (cost != null) {
                    applicable.add(c);
                    costs.add(cost);
                }
            }
            if (applicable.isEmpty()) {
                continue;
            }
            Candidate best = null;
            for (int i = 0; i < applicable.size() && best == null; i++) {
                boolean dominates = true;
                for (int j = 0; j < applicable.size() && dominates; j++) {
                    for (int k = 0; k < n; k++) {
                        if (costs.get(i)[k] > costs.get(j)[k]) {
                            dominates = false;
                            break;
                        }
                    }
                }
                if (dominates) {
                    best = applicable.get(i);
                }
            }
            if (best == null) {
                throw new LuaError("ambiguous call to '" + name + "' with (" + describe(args, first, n)
                        + "): candidates " + signatures(applicable) + "; pick one with java.method");
            }
            return new Choice(kinds, classes, best, packed);
        }
        throw new LuaError("no overload of '" + name + "' takes (" + describe(args, first, n) + "); there are "
                + signatures(Arrays.asList(candidates)));
    }

    /** The cost of each argument for {@code c}, or null when {@code c} cannot take them. */
    private static int[] costs(Candidate c, Varargs args, int first, int n, boolean packed) {
        int p = c.params.length;
        if (packed ? !c.varargs || n < p - 1 : n != p) {
            return null;
        }
        int[] cost = new int[n];
        for (int i = 0; i < n; i++) {
            Class<?> param = packed && i >= p - 1 ? c.params[p - 1].getComponentType() : c.params[i];
            LuaValue v = args.arg(first + i);
            cost[i] = JavaValues.cost(param, JavaValues.kind(v), JavaValues.unwrap(v), v);
            if (cost[i] < 0) {
                return null;
            }
        }
        return cost;
    }

    private static String describe(Varargs args, int first, int n) {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < n; i++) {
            j.add(JavaValues.describe(args.arg(first + i)));
        }
        return j.toString();
    }

    private static String signatures(List<Candidate> cs) {
        StringJoiner j = new StringJoiner(", ");
        for (Candidate c : cs) {
            j.add(c.signature());
        }
        return j.toString();
    }

    /** The candidate whose parameter types are {@code signature} ({@code "int,java.lang.String"}), as its own set. */
    Overloads only(String signature) {
        String wanted = signature.replace(" ", "");
        for (Candidate c : candidates) {
            if (parameterKey(c.target.member()).equals(wanted)) {
                return new Overloads(name, List.of(c.target), isStatic);
            }
        }
        throw new LuaError("'" + name + "' has no overload (" + wanted + "); there are " + signatures(Arrays.asList(candidates)));
    }
}
