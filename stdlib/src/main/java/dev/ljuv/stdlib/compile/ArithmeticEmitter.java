package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.ClassShape.*;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;
/**
 * The emitters of arithmetic and of the integer forms of counted loops ({@link CountedLoops}): the loop
 * preparation and step in JVM ints, and arithmetic and comparisons on a loop variable with a constant.
 *
 * <p>Threading: one instance per function compiled, used by the compiling thread.
 */
abstract class ArithmeticEmitter extends CallEmitter {
    /**
     * {@code Math}: its {@code pow} is LuaJ's {@code ^} on numbers (the JSE math library LuaJ is set up with), its
     * {@code floorMod} Lua's {@code %} of integers.
     */
    static final ClassDesc MATH = ClassDesc.of("java.lang.Math");

    ArithmeticEmitter(Prototype p, ClassDesc self, boolean countLoops, boolean inLocals, boolean directPaths,
            boolean lazyStack) {
        super(p, self, countLoops, inLocals, directPaths, lazyStack);
    }


    /** Pushes {@code RK(b) op RK(c)}. */
    void arithmetic(int op, int b, int c) {
        rk(b);
        rk(c);
        if (op == Lua.OP_MOD) {
            if (Lua.ISK(c) && p.k[Lua.INDEXK(c)] instanceof org.luaj.vm2.LuaInteger d && d.v > 0) {
                // a constant divisor the JIT sees as one (no division instruction)
                cb.loadConstant(d.v);
                cb.invokestatic(SUPPORT, "modPositive", MethodTypeDesc.of(VALUE, VALUE, VALUE, CD_int));
            } else {
                cb.invokestatic(SUPPORT, "mod", MethodTypeDesc.of(VALUE, VALUE, VALUE));
            }
        } else if (op == Lua.OP_ADD || op == Lua.OP_SUB) {
            cb.invokestatic(SUPPORT, op == Lua.OP_ADD ? "add" : "sub", MethodTypeDesc.of(VALUE, VALUE, VALUE));
        } else {
            invokeValue(switch (op) {
                case Lua.OP_MUL -> "mul";
                case Lua.OP_DIV -> "div";
                default -> "pow";
            }, VALUE_OF_VALUE);
        }
    }

    /**
     * {@code + - * %} of an integer loop's variable and an integer constant: computed on the {@code int} while
     * the loop counts in ints, leaving the result on the stack and jumping to the returned label; the generic
     * code follows for the other case. Null (nothing emitted) for any other operands.
     */
    Label countedArithmetic(int op, int b, int c) {
        CountedLoops.Loop l = loopWithConstant(b, c);
        Integer kc = intConstant(c);
        String helper = switch (op) {
            case Lua.OP_ADD -> "addInt";
            case Lua.OP_SUB -> "subInt";
            case Lua.OP_MUL -> "mulInt";
            case Lua.OP_MOD -> loopVariable(b) != null && kc != null && kc > 0 ? "modInt" : null;
            default -> null;
        };
        if (l == null || helper == null) {
            return null;
        }
        return intForm(l, b, c, helper, MethodTypeDesc.of(VALUE, CD_int, CD_int));
    }

    /**
     * {@code == < <=} between an integer loop's variable and an integer constant, as {@link #countedArithmetic}:
     * the boolean on the stack and a jump to the returned label when the loop counts in ints.
     */
    Label countedComparison(int op, int b, int c) {
        CountedLoops.Loop l = loopWithConstant(b, c);
        String helper = op == Lua.OP_EQ ? "eqInt" : op == Lua.OP_LT ? "ltInt" : "leInt";
        return l == null ? null : intForm(l, b, c, helper, MethodTypeDesc.of(CD_boolean, CD_int, CD_int));
    }

    /**
     * {@code == < <=} between a register and an integer constant: {@code CompiledSupport}'s comparison for an
     * integer constant (its int compare when the register holds an integer, else the generic comparison on the same
     * operands in the same order), the boolean on the stack. False (nothing emitted) for other operands. The
     * generic {@code eq_b} of two boxes is a double dispatch that the JIT inlines only while the method is small; a
     * main chunk's loop often is not ({@code i % 1000 == 0} in a long loop).
     */
    boolean integerComparison(int op, int b, int c) {
        Integer kb = intConstant(b);
        Integer kc = intConstant(c);
        if ((kb == null) == (kc == null) || (kb == null ? b : c) > 0xff) {
            return false;
        }
        String helper = switch (op) {
            case Lua.OP_EQ -> kc != null ? "eqConstant" : "constantEq";
            case Lua.OP_LT -> kc != null ? "ltConstant" : "constantLt";
            default -> kc != null ? "leConstant" : "constantLe";
        };
        rk(b);
        rk(c);
        cb.loadConstant(kc != null ? kc : kb)
                .invokestatic(SUPPORT, helper, MethodTypeDesc.of(CD_boolean, VALUE, VALUE, CD_int));
        return true;
    }

    /**
     * {@code == < <=} between an integer constant and the register that the instruction before ({@code before}, which
     * only falls through to this one) set to a counted loop's variable modulo a positive constant ({@code if i % 1000
     * == 0}): while the loop counts in ints, the remainder compared as an int, the boolean on the stack and a jump to
     * the returned label, where the caller's comparison of the register (which follows) goes on. The remainder
     * converted to a double and compared as one took a quarter of the samples of such a loop that made one call
     * besides. Null (nothing emitted) for any other comparison.
     */
    Label remainderComparison(int op, int b, int c, int before) {
        Integer kb = intConstant(b);
        Integer kc = intConstant(c);
        int r = kc != null ? b : kb != null ? c : -1;
        if (r < 0 || r > 0xff || Lua.GET_OPCODE(before) != Lua.OP_MOD || Lua.GETARG_A(before) != r) {
            return null;
        }
        Integer divisor = intConstant(Lua.GETARG_C(before));
        int counter = Lua.GETARG_B(before);
        CountedLoops.Loop l = divisor == null || divisor <= 0 || counter == r ? null : loopVariable(counter);
        if (l == null) {
            return null;
        }
        return whileCounting(l, () -> {
            Label no = cb.newLabel();
            Label done = cb.newLabel();
            intRemainder(l, divisor);
            cb.loadConstant(kc != null ? kc : kb);
            // (the remainder first: k < x is x > k, k <= x is x >= k)
            switch (op) {
                case Lua.OP_EQ -> cb.if_icmpne(no);
                case Lua.OP_LT -> cb.branch(kc != null ? Opcode.IF_ICMPGE : Opcode.IF_ICMPLE, no);
                default -> cb.branch(kc != null ? Opcode.IF_ICMPGT : Opcode.IF_ICMPLT, no);
            }
            cb.iconst_1().goto_(done);
            cb.labelBinding(no);
            cb.iconst_0();
            cb.labelBinding(done);
        });
    }

    /** Pushes the int remainder of loop {@code l}'s int counter by {@code divisor} (positive), Lua's {@code %}. */
    void intRemainder(CountedLoops.Loop l, int divisor) {
        cb.iload(index(l)).loadConstant(divisor)
                .invokestatic(MATH, "floorMod", MethodTypeDesc.of(CD_int, CD_int, CD_int));
    }

    /** The loop whose variable is one operand while the other is an integer constant, or null. */
    CountedLoops.Loop loopWithConstant(int b, int c) {
        if (loopVariable(b) != null && intConstant(c) != null) {
            return loopVariable(b);
        }
        return intConstant(b) != null ? loopVariable(c) : null;
    }

    /**
     * The int form of an operation on a loop's variable and a constant, taken while the loop counts in ints:
     * {@code helper(b, c)} from {@code CompiledSupport}, then a jump to the returned label; the generic form
     * follows (the caller emits it).
     */
    Label intForm(CountedLoops.Loop l, int b, int c, String helper, MethodTypeDesc type) {
        return whileCounting(l, () -> {
            intOperand(b, l);
            intOperand(c, l);
            cb.invokestatic(SUPPORT, helper, type);
        });
    }

    /** Pushes operand {@code x} as an int: the loop's counter, or an integer constant. */
    void intOperand(int x, CountedLoops.Loop l) {
        if (x > 0xff) {
            cb.loadConstant(intConstant(x));
        } else {
            cb.iload(index(l));
        }
    }

    /**
     * {@code FORPREP} of an integer loop counted in JVM locals: when start, limit and step are integers, the
     * loop's locals are set, its registers hold a {@link LoopCounter}, and control goes to its {@code FORLOOP};
     * else the mode local says so and the generic code that follows runs.
     */
    void countedPrep(CountedLoops.Loop l, int a, Label loop) {
        startCounting(l, a, loop, true, l.first() - 1);
    }

    /**
     * Entering a counted loop at its {@code FORLOOP} from the interpreter (a loop entry: see {@link LoopEntries}):
     * its registers hold the index before the next step, as {@code FORPREP} leaves it; when they are integers the
     * loop counts in ints from there, else on its general path. Then on to {@code loop}.
     */
    void countedResume(CountedLoops.Loop l, int a, Label loop) {
        startCounting(l, a, loop, false, l.first() - 1);
        cb.goto_(loop);
    }

    /**
     * The loop's int locals and counter from its registers {@code a..a+2} when they are integers (the index one
     * step back when {@code prep}: FORLOOP steps first) and the mode it counts in, then to {@code loop}; else mode 0,
     * falling through.
     */
    private void startCounting(CountedLoops.Loop l, int a, Label loop, boolean prep, int prepPc) {
        Label generic = cb.newLabel();
        reg(a);
        cb.astore(TMP);
        reg(a + 1);
        cb.astore(LIMIT);
        reg(a + 2);
        cb.astore(STEP);
        cb.aload(TMP).aload(LIMIT).aload(STEP).loadConstant(l.step())
                .invokestatic(SUPPORT, "countMode", MethodTypeDesc.of(CD_int, VALUE, VALUE, VALUE, CD_int))
                .dup().istore(mode(l)).ifeq(generic);
        cb.aload(STEP).checkcast(INTEGER).getfield(INTEGER, "v", CD_int).istore(step(l));
        cb.aload(LIMIT).checkcast(INTEGER).getfield(INTEGER, "v", CD_int).istore(limit(l));
        cb.aload(TMP).checkcast(INTEGER).getfield(INTEGER, "v", CD_int);
        if (prep) {
            cb.iload(step(l)).isub();
        }
        cb.istore(index(l));
        cb.new_(COUNTER).dup().iload(index(l))
                .invokespecial(COUNTER, "<init>", MethodTypeDesc.of(CD_void, CD_int))
                .astore(counter(l));
        into(a);
        cb.aload(counter(l));
        store();
        into(a + 3);
        cb.aload(counter(l));
        store();
        forRegistersThrough(prepPc, a, a, a + 3);
        cb.goto_(loop);
        cb.labelBinding(generic);
    }

    /**
     * {@code FORLOOP} of a loop counting in ints: in mode 2 (see {@code CompiledSupport.countMode}) by the loop's
     * compiled-in step with an int compare; in mode 1 the next value in a long (past the int range means past the
     * limit, as LuaJ's double arithmetic finds); on to the body or out. The generic code follows for mode 0.
     */
    void countedLoop(CountedLoops.Loop l, Label body, Label exit) {
        Label generic = cb.newLabel();
        Label down = cb.newLabel();
        Label next = cb.newLabel();
        if (l.step() != 0) {
            // the step compiled in: an int add and compare, which the JIT recognises as a counted loop
            Label other = cb.newLabel();
            cb.iload(mode(l)).iconst_2().if_icmpne(other);
            cb.iinc(index(l), l.step());
            cb.iload(index(l)).iload(limit(l));
            if (l.step() > 0) {
                cb.if_icmpgt(exit);
            } else {
                cb.if_icmplt(exit);
            }
            cb.aload(counter(l)).iload(index(l)).putfield(COUNTER, "v", CD_int);
            cb.goto_(body);
            cb.labelBinding(other);
        }
        cb.iload(mode(l)).ifeq(generic);
        cb.iload(index(l)).i2l().iload(step(l)).i2l().ladd().lstore(wide);
        cb.iload(step(l)).ifle(down);
        cb.lload(wide).iload(limit(l)).i2l().lcmp().ifgt(exit);
        cb.goto_(next);
        cb.labelBinding(down);
        cb.lload(wide).iload(limit(l)).i2l().lcmp().iflt(exit);
        cb.labelBinding(next);
        cb.lload(wide).l2i().istore(index(l));
        cb.aload(counter(l)).iload(index(l)).putfield(COUNTER, "v", CD_int);
        cb.goto_(body);
        cb.labelBinding(generic);
    }

    /**
     * {@code FORLOOP}: the integer form when the loop counts in ints, then the general step on the registers, on
     * to {@code body} or out to {@code exit}.
     */
    void forLoop(int pc, int a, Label body, Label exit) {
        CountedLoops.Loop l = loops.at(pc);
        if (l != null) {
            countedLoop(l, body, exit);
        }
        Label done = cb.newLabel();
        reg(a);
        reg(a + 1);
        reg(a + 2);
        cb.invokestatic(SUPPORT, "forNext", MethodTypeDesc.of(VALUE, VALUE, VALUE, VALUE))
                .dup().ifnull(done).astore(TMP);
        into(a);
        cb.aload(TMP);
        store();
        into(a + 3);
        cb.aload(TMP);
        store();
        forRegistersThrough(pc, a, a, a + 3);
        cb.goto_(body);
        cb.labelBinding(done);
        cb.pop();
    }

    /** {@code FORPREP}: the integer form when start, limit and step are integers, else the checks and the general set-up. */
    void forPrep(int pc, int a, Label loop) {
        CountedLoops.Loop l = loops.at(pc);
        if (l != null) {
            countedPrep(l, a, loop);
        }
        MethodTypeDesc check = MethodTypeDesc.of(NUMBER, java.lang.constant.ConstantDescs.CD_String);
        reg(a);
        cb.ldc("'for' initial value must be a number");
        invokeValue("checknumber", check);
        cb.astore(TMP);
        reg(a + 1);
        cb.ldc("'for' limit must be a number");
        invokeValue("checknumber", check);
        cb.astore(LIMIT);
        reg(a + 2);
        cb.ldc("'for' step must be a number");
        invokeValue("checknumber", check);
        cb.astore(STEP);
        into(a);
        cb.aload(TMP).aload(STEP);
        invokeValue("sub", VALUE_OF_VALUE);
        store();
        into(a + 1);
        cb.aload(LIMIT);
        store();
        into(a + 2);
        cb.aload(STEP);
        store();
        forRegistersThrough(pc, a, a + 1, a + 2);
        cb.goto_(loop);
    }

    /** The registers {@code which} of the loop at {@code pc} to the array too, where it writes through (see {@link RegisterFlow#loopWritesThrough}). */
    private void forRegistersThrough(int pc, int... which) {
        if (registers != null && registers.loopWritesThrough(pc)) {
            for (int r : which) {
                writeThrough(r);
            }
        }
    }
}
