package dev.ljuv.stdlib.compile;

import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;

/**
 * The JVM names the generated classes use: LuaJ's types and members, and the hooks the patched interpreter
 * calls. One place, so that a renamed member fails in one file.
 */
final class ClassShape {
    private ClassShape() {}

    static final ClassDesc VALUE = ClassDesc.of("org.luaj.vm2.LuaValue");
    static final ClassDesc VALUES = VALUE.arrayType();
    static final ClassDesc VARARGS = ClassDesc.of("org.luaj.vm2.Varargs");
    static final ClassDesc BOOLEAN = ClassDesc.of("org.luaj.vm2.LuaBoolean");
    static final ClassDesc INTEGER = ClassDesc.of("org.luaj.vm2.LuaInteger");
    static final ClassDesc COUNTER = ClassDesc.of("dev.ljuv.stdlib.compile.LoopCounter");
    static final ClassDesc NUMBER = ClassDesc.of("org.luaj.vm2.LuaNumber");
    static final ClassDesc TABLE = ClassDesc.of("org.luaj.vm2.LuaTable");
    static final ClassDesc CLOSURE = ClassDesc.of("org.luaj.vm2.LuaClosure");
    static final ClassDesc PROTOTYPE = ClassDesc.of("org.luaj.vm2.Prototype");
    static final ClassDesc UPVALUE = ClassDesc.of("org.luaj.vm2.UpValue");
    static final ClassDesc UPVALUES = UPVALUE.arrayType();
    static final ClassDesc BUFFER = ClassDesc.of("org.luaj.vm2.Buffer");
    static final ClassDesc ERROR = ClassDesc.of("org.luaj.vm2.LuaError");
    static final ClassDesc TAILCALL = ClassDesc.of("org.luaj.vm2.TailcallVarargs");
    static final ClassDesc FRAME = ClassDesc.of("dev.ljuv.stdlib.LuaStacks$Frame");
    static final ClassDesc HOOKS = ClassDesc.of("dev.ljuv.stdlib.patch.LuaHooks");
    static final ClassDesc SUPPORT = ClassDesc.of("dev.ljuv.stdlib.compile.CompiledSupport");
    static final ClassDesc METHOD_SITE = ClassDesc.of("dev.ljuv.stdlib.compile.MethodSite");
    static final ClassDesc FOUR_ARGUMENTS = ClassDesc.of("dev.ljuv.stdlib.lua.FourArgumentCall");
    static final ClassDesc FACTORY = ClassDesc.of("dev.ljuv.stdlib.compile.CompiledFunction");
    static final ClassDesc CHUNK = ClassDesc.of("dev.ljuv.stdlib.compile.CompiledChunk");

    /** The interpreter method the generated classes override (see {@code CallDepthPatch}). */
    static final String EXECUTE = "ljuv$execute";
    static final MethodTypeDesc EXECUTE_TYPE = MethodTypeDesc.of(VARARGS, VALUES, VARARGS, FRAME);
    static final MethodTypeDesc INIT_TYPE = MethodTypeDesc.of(ConstantDescs.CD_void, PROTOTYPE, VALUE);

    static final MethodTypeDesc VALUE_OF_VALUE = MethodTypeDesc.of(VALUE, VALUE);
    static final MethodTypeDesc VALUE_OF_NONE = MethodTypeDesc.of(VALUE);
    static final MethodTypeDesc BOOL_OF_VALUE = MethodTypeDesc.of(ConstantDescs.CD_boolean, VALUE);
}
