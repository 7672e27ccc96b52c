package dev.ljuv.java;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.function.Consumer;
import org.luaj.vm2.LuaValue;

/**
 * Generates the code that calls one method: its {@link Invoker} (for the overload rule's calls) and, for a method of
 * one signature, its {@link JavaMethod} subclass ({@link #specialize}). Each is a hidden class beside this one, so
 * it may call only what Java code of this package could (public members of public, exported classes), and only
 * for classes this package's loader sees (a class of a state's {@code java.classpath} jars keeps the method-handle
 * path).
 *
 * <p>Threading: stateless; generating twice for one method is harmless.
 */
final class Invokers {
    private static final ClassDesc INVOKER = ClassDesc.of(Invoker.class.getName());
    private static final ClassDesc VALUE = ClassDesc.of(LuaValue.class.getName());
    private static final ClassDesc STATE = ClassDesc.of(JavaState.class.getName());
    private static final MethodTypeDesc INVOKE = MethodTypeDesc.of(VALUE, STATE, ConstantDescs.CD_Object, VALUE, VALUE, VALUE);
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    private Invokers() {}

    /** The invoker of {@code c}, or null when it cannot have one. */
    static Invoker of(Overloads.Candidate c) {
        if (c.params.length > 3 || c.varargs || !generatable(c)) {
            return null;
        }
        byte[] bytes = ClassFile.of().build(ClassDesc.of(Invokers.class.getPackageName() + ".GeneratedInvoker"), cb -> cb
                .withFlags(AccessFlag.FINAL, AccessFlag.SUPER)
                .withSuperclass(INVOKER)
                .withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> code
                        .aload(0).invokespecial(INVOKER, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).return_())
                .withMethodBody("invoke", INVOKE, ClassFile.ACC_PUBLIC, code -> body(code, c)));
        try {
            Class<?> type = LOOKUP.defineHiddenClass(bytes, true).lookupClass();
            return (Invoker) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // the method-handle path serves it
        }
    }

    private static final ClassDesc METHOD = ClassDesc.of(JavaMethod.class.getName());
    private static final ClassDesc OBJECT = ClassDesc.of(JavaObject.class.getName());
    private static final ClassDesc USERDATA = ClassDesc.of(org.luaj.vm2.LuaUserdata.class.getName());
    private static final ClassDesc CLASS_VALUE = ClassDesc.of(JavaClass.class.getName());
    private static final ClassDesc THROWABLE = ClassDesc.of(Throwable.class.getName());

    /**
     * {@code generic}'s generated subclass, or {@code generic} itself when it cannot have one. The subclass overrides
     * the {@code call} of a method call's arity ({@code obj:name(...)}, {@code Class:name(...)}, at most two
     * arguments): when the receiver is of the method's class, it converts the arguments and calls the method with
     * Java's own instruction, and anything else (another receiver, an argument that needs the general conversion,
     * an exception) goes to {@link JavaMethod}'s own code. One candidate only: an overloaded name keeps its rule.
     */
    static JavaMethod specialize(JavaMethod generic) {
        Overloads o = generic.overloads;
        if (o.candidates.length != 1 || generic.reflective || (generic.owner == null) != o.candidates[0].hasReceiver) {
            return generic;
        }
        Overloads.Candidate c = o.candidates[0];
        Executable m = c.target.member();
        if (!(m instanceof Method) || c.params.length > 2 || !c.fast || !generatable(c) || c.isCallerSensitive()) {
            return generic;
        }
        int count = c.params.length + 1; // the receiver, or the class value, first
        ClassDesc[] lua = new ClassDesc[count];
        Arrays.fill(lua, VALUE);
        MethodTypeDesc call = MethodTypeDesc.of(VALUE, lua);
        byte[] bytes = ClassFile.of().build(ClassDesc.of(Invokers.class.getPackageName() + ".GeneratedMethod"), cb -> cb
                .withFlags(AccessFlag.FINAL, AccessFlag.SUPER)
                .withSuperclass(METHOD)
                .withMethodBody(ConstantDescs.INIT_NAME, MethodTypeDesc.of(ConstantDescs.CD_void, METHOD), ClassFile.ACC_PUBLIC,
                        code -> code.aload(0).aload(1)
                                .invokespecial(METHOD, ConstantDescs.INIT_NAME, MethodTypeDesc.of(ConstantDescs.CD_void, METHOD))
                                .return_())
                .withMethodBody("call", call, ClassFile.ACC_PUBLIC, code -> callBody(code, c, count, call)));
        try {
            MethodHandles.Lookup made = LOOKUP.defineHiddenClass(bytes, true);
            return (JavaMethod) made.findConstructor(made.lookupClass(),
                    MethodType.methodType(void.class, JavaMethod.class)).invoke(generic);
        } catch (Throwable e) {
            return generic; // the general path serves it
        }
    }

    /** {@code call(a [, b [, c]])}: locals 1..count the Lua arguments, then the receiver and a thrown exception. */
    private static void callBody(CodeBuilder code, Overloads.Candidate c, int count, MethodTypeDesc call) {
        int receiver = count + 1;
        Label general = code.newLabel();
        Label start = code.newLabel();
        Label end = code.newLabel();
        Label handler = code.newLabel();
        ClassDesc ownerDesc = desc(c.target.owner());
        boolean isStatic = !c.hasReceiver;
        if (isStatic) { // Class:name(...): the class value this method was looked up on
            code.aload(1).aload(0).getfield(METHOD, "owner", CLASS_VALUE).if_acmpne(general);
        } else {
            code.aload(1).instanceOf(OBJECT).ifeq(general);
            code.aload(1).checkcast(OBJECT).getfield(USERDATA, "m_instance", ConstantDescs.CD_Object).astore(receiver);
            code.aload(receiver).instanceOf(ownerDesc).ifeq(general);
        }
        code.labelBinding(start);
        if (!isStatic) {
            code.aload(receiver).checkcast(ownerDesc);
        }
        invoke(code, c, 2);
        result(code, c.returns, receiver + 1, isStatic
                ? state -> state.aload(0).getfield(METHOD, "owner", CLASS_VALUE).getfield(CLASS_VALUE, "state", STATE)
                : state -> state.aload(1).checkcast(OBJECT).getfield(OBJECT, "state", STATE));
        code.areturn();
        code.labelBinding(end);
        code.labelBinding(handler);
        code.astore(receiver + 1);
        code.aload(0).aload(receiver + 1).loadConstant(count);
        for (int i = 1; i <= 3; i++) {
            if (i <= count) {
                code.aload(i);
            } else {
                code.getstatic(VALUE, "NIL", VALUE);
            }
        }
        code.invokevirtual(METHOD, "failed", MethodTypeDesc.of(VALUE, THROWABLE, ConstantDescs.CD_int, VALUE, VALUE, VALUE));
        code.areturn();
        code.labelBinding(general);
        code.aload(0);
        for (int i = 1; i <= count; i++) {
            code.aload(i);
        }
        code.invokespecial(METHOD, "call", call);
        code.areturn();
        code.exceptionCatchAll(start, end, handler);
    }

    /** Whether generated code of this package can name every type of {@code c} and convert its arguments. */
    private static boolean generatable(Overloads.Candidate c) {
        if (!visible(c.target.owner()) || !visible(c.returns)) {
            return false;
        }
        for (Class<?> p : c.params) {
            if (!visible(p) || p == char.class || p == byte.class || p == short.class || p == float.class) {
                return false;
            }
        }
        return true;
    }

    /** {@code invoke(state, receiver, a, b, c)}: locals 1..5, then a free one. */
    private static void body(CodeBuilder code, Overloads.Candidate c) {
        ClassDesc owner = desc(c.target.owner());
        if (c.target.member() instanceof Constructor<?>) {
            code.new_(owner).dup();
        } else if (c.hasReceiver) {
            code.aload(2).checkcast(owner);
        }
        invoke(code, c, 3);
        result(code, c.returns, 6, state -> state.aload(1));
        code.areturn();
    }

    /**
     * Converts the Lua arguments in the locals from {@code firstSlot} on to the parameter types and calls the method
     * or constructor of {@code c} (its receiver, or the new object twice, already on the stack).
     */
    private static void invoke(CodeBuilder code, Overloads.Candidate c, int firstSlot) {
        Executable m = c.target.member();
        Class<?> owner = c.target.owner();
        ClassDesc ownerDesc = desc(owner);
        ClassDesc[] params = new ClassDesc[c.params.length];
        for (int i = 0; i < params.length; i++) {
            argument(code, c.params[i], firstSlot + i);
            params[i] = desc(c.params[i]);
        }
        if (m instanceof Constructor<?>) {
            code.invokespecial(ownerDesc, ConstantDescs.INIT_NAME, MethodTypeDesc.of(ConstantDescs.CD_void, params));
            return;
        }
        MethodTypeDesc type = MethodTypeDesc.of(desc(c.returns), params);
        if (!c.hasReceiver) {
            code.invokestatic(ownerDesc, m.getName(), type, owner.isInterface());
        } else if (owner.isInterface()) {
            code.invokeinterface(ownerDesc, m.getName(), type);
        } else {
            code.invokevirtual(ownerDesc, m.getName(), type);
        }
    }

    private static void argument(CodeBuilder code, Class<?> p, int slot) {
        code.aload(slot);
        if (p == int.class) {
            helper(code, "toInt", ConstantDescs.CD_int);
        } else if (p == long.class) {
            helper(code, "toLong", ConstantDescs.CD_long);
        } else if (p == double.class) {
            helper(code, "toDouble", ConstantDescs.CD_double);
        } else if (p == boolean.class) {
            helper(code, "toBoolean", ConstantDescs.CD_boolean);
        } else if (p == String.class) {
            helper(code, "toStr", ConstantDescs.CD_String);
        } else {
            code.ldc(desc(p));
            code.invokestatic(INVOKER, "toObject", MethodTypeDesc.of(ConstantDescs.CD_Object, VALUE, ConstantDescs.CD_Class));
            code.checkcast(desc(p));
        }
    }

    private static void helper(CodeBuilder code, String name, ClassDesc returns) {
        code.invokestatic(INVOKER, name, MethodTypeDesc.of(returns, VALUE));
    }

    /**
     * Converts the Java result on the stack to a Lua value; a Java object needs its Lua state, which {@code state}
     * pushes ({@code temp}: a free local to hold the object meanwhile).
     */
    private static void result(CodeBuilder code, Class<?> r, int temp, Consumer<CodeBuilder> state) {
        if (r == void.class) {
            code.invokestatic(INVOKER, "none", MethodTypeDesc.of(VALUE));
        } else if (r == int.class || r == short.class || r == byte.class || r == char.class) {
            code.invokestatic(INVOKER, r == char.class ? "ofChar" : "ofInt", MethodTypeDesc.of(VALUE, ConstantDescs.CD_int));
        } else if (r == long.class) {
            code.invokestatic(INVOKER, "ofLong", MethodTypeDesc.of(VALUE, ConstantDescs.CD_long));
        } else if (r == double.class || r == float.class) {
            if (r == float.class) {
                code.f2d();
            }
            code.invokestatic(INVOKER, "ofDouble", MethodTypeDesc.of(VALUE, ConstantDescs.CD_double));
        } else if (r == boolean.class) {
            code.invokestatic(INVOKER, "ofBoolean", MethodTypeDesc.of(VALUE, ConstantDescs.CD_boolean));
        } else {
            code.astore(temp);
            state.accept(code);
            code.aload(temp);
            code.invokestatic(INVOKER, "ofObject", MethodTypeDesc.of(VALUE, STATE, ConstantDescs.CD_Object));
        }
    }

    private static ClassDesc desc(Class<?> c) {
        return c.describeConstable().orElseThrow();
    }

    /** Whether this package's class loader resolves {@code c} to the same class. */
    private static boolean visible(Class<?> c) {
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive()) {
            return true;
        }
        try {
            return Class.forName(c.getName(), false, Invokers.class.getClassLoader()) == c;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
