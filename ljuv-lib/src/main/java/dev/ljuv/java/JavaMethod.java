package dev.ljuv.java;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * A Java method as a Lua function: {@code obj.name} / {@code obj:name(...)} for an instance method (one function
 * per class and name, shared by every state: the receiver says which state it runs in), {@code Class.name(...)}
 * and {@code Class:name(...)} for a static one (one per class value, so per state), the constructors when a
 * class is called. Which overload runs is {@link Overloads}' rule.
 *
 * <p>A method with one signature whose arguments and result convert without help gets, on its first look-up, a
 * subclass generated for it ({@link Invokers#specialize}) whose {@code call} converts and calls it straight away:
 * a compiled Lua call site then sees one class, and the JIT inlines the Java call into the Lua code.
 *
 * <p>Threading: immutable but for {@link #specialized} (made once, volatile: two threads may make two);
 * called on the thread of the state that owns its arguments.
 */
class JavaMethod extends VarArgFunction {
    final Overloads overloads;
    /** The class value a static method or constructor belongs to; null for an instance method. */
    final JavaClass owner;
    /** The type a receiver must have (an instance method's). */
    private final Class<?> declaring;
    /** Whether calling it needs the policy's consent beyond holding the object ({@link JavaAccess#reflective}). */
    final boolean reflective;
    /** What look-ups hand out for this method: its generated subclass, or itself; null until the first. */
    private volatile JavaMethod specialized;

    JavaMethod(Overloads overloads, JavaClass owner) {
        this.overloads = overloads;
        this.owner = owner;
        this.name = overloads.name;
        this.declaring = overloads.candidates[0].target.owner();
        this.reflective = JavaAccess.reflective(declaring);
    }

    @Override
    public Varargs invoke(Varargs args) {
        if (owner != null) {
            // Class:method(...) passes the class first: it is not an argument of a static method
            return overloads.call(owner.state, null, args, args.arg1() == owner ? 2 : 1);
        }
        LuaValue self = args.arg1();
        JavaState state = stateOf(self);
        return overloads.call(state, receiver(state, self), args, 2);
    }

    // The compiled code's calls with up to three arguments and one result come here directly: no argument list.

    @Override
    public LuaValue call(LuaValue a) {
        return call(1, a, NIL, NIL);
    }

    @Override
    public LuaValue call(LuaValue a, LuaValue b) {
        return call(2, a, b, NIL);
    }

    @Override
    public LuaValue call(LuaValue a, LuaValue b, LuaValue c) {
        return call(3, a, b, c);
    }

    /** This method as look-ups hand it out: its generated subclass where it has one (made now), else itself. */
    JavaMethod forCalls() {
        JavaMethod s = specialized;
        if (s == null) {
            s = specialized = Invokers.specialize(this);
        }
        return s;
    }

    /** The generated subclass: hands itself out. */
    JavaMethod(JavaMethod generic) {
        this(generic.overloads, generic.owner);
        this.specialized = this;
    }

    /**
     * After a generated fast path threw {@code t}: an argument it does not take goes the general way (which converts
     * it or says why not), anything else is the Java method's exception, raised as a Lua error.
     */
    final LuaValue failed(Throwable t, int count, LuaValue a, LuaValue b, LuaValue c) {
        if (t == Invoker.NOT_FAST) {
            return call(count, a, b, c);
        }
        if (t instanceof LuaError e) {
            throw e;
        }
        throw JavaErrors.raise(owner != null ? owner.state : stateOf(a), t);
    }

    /** A call with the {@code count} Lua arguments {@code a}, {@code b}, {@code c} (the receiver first, if any). */
    private LuaValue call(int count, LuaValue a, LuaValue b, LuaValue c) {
        if (owner != null) {
            return a == owner ? overloads.call(owner.state, null, count - 1, b, c, NIL)
                    : overloads.call(owner.state, null, count, a, b, c);
        }
        JavaState state = stateOf(a);
        return overloads.call(state, receiver(state, a), count - 1, b, c, NIL);
    }

    /** The receiver of an instance method call, checked. */
    Object receiver(JavaState state, LuaValue self) {
        Object target = self instanceof JavaObject o ? o.m_instance : JavaValues.unwrap(self);
        if (target == null || !declaring.isInstance(target)) {
            throw new LuaError("calling '" + name + "' on bad self (" + declaring.getTypeName() + " expected, got "
                    + (self.isnil() ? "no value" : JavaValues.describe(self)) + ")");
        }
        if (reflective && !state.access.permitsCallsOn(declaring)) {
            throw new LuaError(state.access.denial(declaring.getName()));
        }
        return target;
    }

    static JavaState stateOf(LuaValue v) {
        if (v instanceof JavaObject o) {
            return o.state;
        }
        if (v instanceof JavaClass c) {
            return c.state;
        }
        throw new LuaError("calling a Java method on bad self (Java object expected, got " + v.typename() + ")");
    }

    /** The prepared call {@code java.await} runs on another thread: arguments converted here, on the owner. */
    Overloads.Prepared prepare(Varargs args) {
        if (owner != null) {
            return overloads.prepare(owner.state, null, args, args.arg1() == owner ? 2 : 1);
        }
        LuaValue self = args.arg1();
        JavaState state = stateOf(self);
        return overloads.prepare(state, receiver(state, self), args, 2);
    }
}
