package dev.ljuv.stdlib.compile;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Implemented by every generated class: a closure of it makes more closures of the same function. One
 * instance is kept on the prototype ({@code Prototype.ljuv$compiled}), which is how a closure created
 * anywhere (the interpreter, the loader) gets the compiled class.
 *
 * <p>Threading: stateless.
 */
public interface CompiledFunction {
    /** A new closure of {@code p} (the prototype this class was compiled from) with {@code env} as its first upvalue. */
    LuaClosure fresh(Prototype p, LuaValue env);

    // What LuaClosure's call(...) does, with this function's register count and parameters as constants: how
    // compiled code calls a compiled function with up to three arguments and one result or none (four: the
    // generated classes are also FourArgumentCalls).

    LuaValue fastCall();

    LuaValue fastCall(LuaValue a);

    LuaValue fastCall(LuaValue a, LuaValue b);

    LuaValue fastCall(LuaValue a, LuaValue b, LuaValue c);
}
