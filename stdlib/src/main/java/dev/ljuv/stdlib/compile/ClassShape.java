package dev.ljuv.stdlib.compile;

import dev.ljuv.stdlib.lua.FourArgumentCall;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.lua.MethodTable;
import dev.ljuv.stdlib.vm.ArgumentError;
import dev.ljuv.stdlib.vm.CallHooks;
import dev.ljuv.stdlib.vm.ErrorHooks;
import dev.ljuv.stdlib.vm.LuaStacks;
import dev.ljuv.stdlib.vm.ValueSemantics;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import org.luaj.vm2.LuaBoolean;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.TailcallVarargs;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;

/**
 * The JVM names the generated classes use: LuaJ's types and members, and the hooks the patched interpreter
 * calls, named by their class literals, so that a renamed class fails to compile here; and the measures of a
 * generated class's bodies that decide which of its forms a function gets.
 */
final class ClassShape {
    private ClassShape() {}

    private static ClassDesc of(Class<?> c) {
        return c.describeConstable().orElseThrow();
    }

    static final ClassDesc VALUE = of(LuaValue.class);
    static final ClassDesc VALUES = VALUE.arrayType();
    static final ClassDesc VARARGS = of(Varargs.class);
    static final ClassDesc BOOLEAN = of(LuaBoolean.class);
    static final ClassDesc INTEGER = of(LuaInteger.class);
    static final ClassDesc COUNTER = of(LoopCounter.class);
    static final ClassDesc CELL = of(NumberCell.class);
    static final ClassDesc NUMBER = of(LuaNumber.class);
    static final ClassDesc TABLE = of(LuaTable.class);
    static final ClassDesc STRING = of(LuaString.class);
    static final ClassDesc CLOSURE = of(LuaClosure.class);
    static final ClassDesc PROTOTYPE = of(Prototype.class);
    static final ClassDesc UPVALUE = of(UpValue.class);
    static final ClassDesc UPVALUES = UPVALUE.arrayType();
    static final ClassDesc ERROR = of(LuaError.class);
    static final ClassDesc TAILCALL = of(TailcallVarargs.class);
    static final ClassDesc FRAME = of(LuaStacks.Frame.class);
    static final ClassDesc CALL_HOOKS = of(CallHooks.class);
    static final ClassDesc CALL_STACK = of(LuaStacks.CallStack.class);
    static final ClassDesc NUMBER_CALL_REFUSED = of(CallHooks.NumberCallRefused.class);
    static final ClassDesc ERROR_HOOKS = of(ErrorHooks.class);
    static final ClassDesc VALUE_SEMANTICS = of(ValueSemantics.class);
    static final ClassDesc SUPPORT = of(CompiledSupport.class);
    static final ClassDesc BOXES = of(dev.ljuv.stdlib.vm.NumberBoxes.class);
    static final ClassDesc METHOD_SITE = of(MethodSite.class);
    static final ClassDesc FIELD_SITE = of(FieldSite.class);
    static final ClassDesc ITERATOR_SITE = of(IteratorSite.class);
    static final ClassDesc FOUR_ARGUMENTS = of(FourArgumentCall.class);
    static final ClassDesc LIBRARY_FUNCTION = of(Functions.Named.class);
    static final ClassDesc METHOD_TABLE = of(MethodTable.class);
    static final ClassDesc METHOD_BODY = of(MethodTable.Body.class);
    static final ClassDesc FUNCTIONS = of(Functions.class);
    static final ClassDesc UNARY = of(Functions.Unary.class);
    static final ClassDesc OF_NUMBER = of(Functions.OfNumber.class);
    static final ClassDesc OF_NUMBERS = of(Functions.OfNumbers.class);
    static final ClassDesc BINARY = of(Functions.Binary.class);
    static final ClassDesc ARGUMENT_ERROR = of(ArgumentError.class);
    static final ClassDesc CODE = of(CompiledFunction.class);
    static final ClassDesc THREE_RESULTS = of(ThreeResults.class);
    static final ClassDesc SHARED = of(SharedClasses.class);
    /** The patched method of {@code LuaValue}: its compiled code, or null (see {@code CodeAccessorPatch}). */
    static final String CODE_ACCESSOR = dev.ljuv.patcher.PatchedMembers.CODE_ACCESSOR;

    /**
     * The generated body, named as the interpreter method it replaces (see {@code CallDepthPatch}; stack walks
     * tell a Lua caller by it), static, with the closure where the interpreter has {@code this}.
     */
    static final String EXECUTE = dev.ljuv.patcher.PatchedMembers.EXECUTE;
    static final MethodTypeDesc EXECUTE_TYPE = MethodTypeDesc.of(VARARGS, CLOSURE, VALUES, VARARGS, FRAME);
    /** {@link CompiledFunction#run}. */
    static final MethodTypeDesc RUN_TYPE = EXECUTE_TYPE;
    /** {@link CompiledFunction#enterLoop}, and the static body behind it. */
    static final MethodTypeDesc LOOP_ENTRY_TYPE = MethodTypeDesc.of(VARARGS, CLOSURE, VALUES, VARARGS, FRAME,
            ConstantDescs.CD_int, UPVALUES);
    static final MethodTypeDesc LOOP_BODY_TYPE = LOOP_ENTRY_TYPE;
    /**
     * A piece of a function cut into several methods ({@code ljuv$part<k>}, see {@link Pieces}): the instruction to
     * start at, the open upvalues and the array for the results; the instruction to go on at, or -1.
     */
    static final String PART = "ljuv$part";
    /**
     * A loop entry's methods for a call going on in rounds: the first round's, and that of the round entered at
     * instruction {@code <pc>} (see {@code FunctionCompiler.enterLoop}).
     */
    static final String FIRST_ROUND = "ljuv$firstRound", ROUND = "ljuv$round";
    static final MethodTypeDesc PART_TYPE = MethodTypeDesc.of(ConstantDescs.CD_int, CLOSURE, VALUES, VARARGS, FRAME,
            ConstantDescs.CD_int, UPVALUES, VARARGS.arrayType());
    /** {@link dev.ljuv.stdlib.vm.Generator}, which a coroutine body's frameless form implements. */
    static final ClassDesc GENERATOR = of(dev.ljuv.stdlib.vm.Generator.class);
    static final ClassDesc CHUNK = of(CompiledChunk.class);
    static final ClassDesc ABORT = of(dev.ljuv.stdlib.vm.Generator.Abort.class);
    static final MethodTypeDesc STEP_TYPE = MethodTypeDesc.of(ConstantDescs.CD_int, CLOSURE, FRAME, VARARGS, UPVALUES,
            ConstantDescs.CD_int, VARARGS.arrayType());
    static final MethodTypeDesc INIT_TYPE = MethodTypeDesc.of(ConstantDescs.CD_void, PROTOTYPE, VALUE);

    static final MethodTypeDesc VALUE_OF_VALUE = MethodTypeDesc.of(VALUE, VALUE);
    static final MethodTypeDesc VALUE_OF_NONE = MethodTypeDesc.of(VALUE);
    static final MethodTypeDesc BOOL_OF_VALUE = MethodTypeDesc.of(ConstantDescs.CD_boolean, VALUE);

    /**
     * The size of the generated {@code ljuv$execute}'s JVM code: the largest body's where it has a loop entry too,
     * its rounds' methods included (a loop-entry body past {@link CompiledChunk#JIT_LIMIT} would run in the JVM's
     * interpreter: ray's main chunk had 7515 bytes for its calls and 8012 for its loop entry; a round's method is the
     * whole body again, with every register saved at each round exit).
     */
    static int executeLength(byte[] bytes) {
        return executeLength(bytes, true);
    }

    /**
     * {@link #executeLength}, or with {@code loopEntry} false the body for calls alone (what
     * {@link CompiledChunk#LOCALS_LIMIT} measures).
     */
    static int executeLength(byte[] bytes, boolean loopEntry) {
        int longest = 0;
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            String name = m.methodName().stringValue();
            boolean round = name.equals(FIRST_ROUND) || name.startsWith(ROUND);
            if (name.equals(EXECUTE) || round && loopEntry) {
                longest = Math.max(longest, m.findAttribute(Attributes.code()).map(c -> c.codeLength()).orElse(0));
                if (!loopEntry) {
                    break; // (the body for calls comes first)
                }
            }
        }
        return longest;
    }

    /** The JVM code of a function's pieces ({@code ljuv$part<k>}, see {@link Pieces}): the largest's size, and all. */
    static int[] partLengths(byte[] bytes) {
        int largest = 0;
        int total = 0;
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            if (m.methodName().stringValue().startsWith(PART)) {
                int codeLength = m.findAttribute(Attributes.code()).map(c -> c.codeLength()).orElse(0);
                largest = Math.max(largest, codeLength);
                total += codeLength;
            }
        }
        return new int[] {largest, total};
    }

    /**
     * The size of {@code ljuv$execute}'s instructions without its exception handlers, which follow them (cold code
     * the JIT compiles apart): what {@link CompiledChunk#SMALL} measures.
     */
    static int bodyLength(byte[] bytes) {
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            if (m.methodName().equalsString(EXECUTE)) {
                return m.findAttribute(Attributes.code()).map(c -> c.exceptionHandlers().stream()
                        .mapToInt(h -> c.labelToBci(h.handler())).min().orElse(c.codeLength())).orElse(0);
            }
        }
        return 0;
    }
}
