package dev.ljuv.java;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.luaj.vm2.LuaValue;

/**
 * Generates the {@link Invoker} of one method: a hidden class beside this one, so it may call only what Java code of
 * this package could (public members of public, exported classes), and only for classes this package's loader sees
 * (a class of a state's {@code java.classpath} jars keeps the method-handle path).
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
        Executable m = c.target.member();
        Class<?> owner = c.target.owner();
        if (c.params.length > 3 || c.varargs || !visible(owner) || !visible(c.returns)) {
            return null;
        }
        for (Class<?> p : c.params) {
            if (!visible(p) || p == char.class || p == byte.class || p == short.class || p == float.class) {
                return null;
            }
        }
        byte[] bytes = ClassFile.of().build(ClassDesc.of(Invokers.class.getPackageName() + ".GeneratedInvoker"), cb -> cb
                .withFlags(AccessFlag.FINAL, AccessFlag.SUPER)
                .withSuperclass(INVOKER)
                .withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> code
                        .aload(0).invokespecial(INVOKER, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void).return_())
                .withMethodBody("invoke", INVOKE, ClassFile.ACC_PUBLIC, code -> body(code, c, m, owner)));
        try {
            Class<?> type = LOOKUP.defineHiddenClass(bytes, true).lookupClass();
            return (Invoker) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // the method-handle path serves it
        }
    }

    private static void body(CodeBuilder code, Overloads.Candidate c, Executable m, Class<?> owner) {
        ClassDesc ownerDesc = desc(owner);
        boolean isStatic = m instanceof Method method && Modifier.isStatic(method.getModifiers());
        if (m instanceof Constructor<?>) {
            code.new_(ownerDesc).dup();
        } else if (!isStatic) {
            code.aload(2).checkcast(ownerDesc);
        }
        for (int i = 0; i < c.params.length; i++) {
            argument(code, c.params[i], 3 + i);
        }
        ClassDesc[] params = new ClassDesc[c.params.length];
        for (int i = 0; i < params.length; i++) {
            params[i] = desc(c.params[i]);
        }
        if (m instanceof Constructor<?>) {
            code.invokespecial(ownerDesc, ConstantDescs.INIT_NAME, MethodTypeDesc.of(ConstantDescs.CD_void, params));
        } else {
            MethodTypeDesc type = MethodTypeDesc.of(desc(c.returns), params);
            if (isStatic) {
                code.invokestatic(ownerDesc, m.getName(), type, owner.isInterface());
            } else if (owner.isInterface()) {
                code.invokeinterface(ownerDesc, m.getName(), type);
            } else {
                code.invokevirtual(ownerDesc, m.getName(), type);
            }
        }
        result(code, c.returns);
        code.areturn();
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

    private static void result(CodeBuilder code, Class<?> r) {
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
            code.astore(6).aload(1).aload(6);
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
