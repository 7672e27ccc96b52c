package dev.ljuv.stdlib.vm;

import static org.luaj.vm2.Lua.GETARG_A;
import static org.luaj.vm2.Lua.GETARG_B;
import static org.luaj.vm2.Lua.GETARG_Bx;
import static org.luaj.vm2.Lua.GETARG_C;
import static org.luaj.vm2.Lua.GETARG_sBx;
import static org.luaj.vm2.Lua.GET_OPCODE;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Names of values from the bytecode of a LuaJ prototype, as Lua's debug interface derives them: which local,
 * global, field, method or upvalue a register was loaded from. Used for traceback lines
 * ({@code in function 'f'}) and runtime error messages ({@code attempt to call global 'f'}).
 */
public final class CallSiteNames {
    /** The environment upvalue's name, as {@link #upvalueName} gives names. */
    private static final String ENVIRONMENT = ParserHooks.ENVIRONMENT.tojstring();

    private CallSiteNames() {}

    /** A value's origin: {@code kind} is "local", "global", "field", "method", "upvalue" or "constant". */
    public record Name(String kind, String name) {}

    /** The source line of instruction {@code pc}: 0 for stripped bytecode (as LuaJIT), -1 when unknown. */
    public static int line(Prototype p, int pc) {
        if (p.lineinfo == null || p.lineinfo.length == 0) {
            return 0;
        }
        return pc >= 0 && pc < p.lineinfo.length ? p.lineinfo[pc] : -1;
    }

    /** The name of the function called by the instruction at {@code pc}, or null. */
    public static Name calledFunction(Prototype p, int pc) {
        if (pc < 0 || pc >= p.code.length) {
            return null;
        }
        int i = p.code[pc];
        return switch (GET_OPCODE(i)) {
            case Lua.OP_CALL, Lua.OP_TAILCALL -> objectName(p, pc, GETARG_A(i));
            // LuaJIT 2.1 names a generic for's iterator by the loop's hidden local that holds it
            case Lua.OP_TFORCALL -> new Name("local", "(for generator)");
            default -> null;
        };
    }

    /**
     * The metamethod event the instruction at {@code pc} triggers when its operands need one ({@code __index}
     * for a table read, {@code __add} for an addition...), or null for other instructions.
     */
    public static String metamethodEvent(Prototype p, int pc) {
        if (pc < 0 || pc >= p.code.length) {
            return null;
        }
        return switch (GET_OPCODE(p.code[pc])) {
            case Lua.OP_GETTABUP, Lua.OP_GETTABLE, Lua.OP_SELF -> "__index";
            case Lua.OP_SETTABUP, Lua.OP_SETTABLE -> "__newindex";
            case Lua.OP_ADD -> "__add";
            case Lua.OP_SUB -> "__sub";
            case Lua.OP_MUL -> "__mul";
            case Lua.OP_DIV -> "__div";
            case Lua.OP_MOD -> "__mod";
            case Lua.OP_POW -> "__pow";
            case Lua.OP_UNM -> "__unm";
            case Lua.OP_LEN -> "__len";
            case Lua.OP_CONCAT -> "__concat";
            case Lua.OP_EQ -> "__eq";
            case Lua.OP_LT -> "__lt";
            case Lua.OP_LE -> "__le";
            default -> null;
        };
    }

    /** Where the value in register {@code reg} at instruction {@code pc} came from, or null. */
    public static Name objectName(Prototype p, int pc, int reg) {
        String local = localName(p, reg + 1, pc);
        if (local != null) {
            return new Name("local", local);
        }
        int setter = findSetter(p, pc, reg);
        if (setter < 0) {
            return null;
        }
        int i = p.code[setter];
        switch (GET_OPCODE(i)) {
            case Lua.OP_MOVE -> {
                int b = GETARG_B(i);
                if (b < GETARG_A(i)) {
                    return objectName(p, setter, b);
                }
            }
            case Lua.OP_GETTABUP -> {
                String key = constantName(p, GETARG_C(i));
                String table = upvalueName(p, GETARG_B(i));
                return key == null ? null : new Name(ENVIRONMENT.equals(table) ? "global" : "field", key);
            }
            case Lua.OP_GETTABLE -> {
                String key = constantName(p, GETARG_C(i));
                String table = localName(p, GETARG_B(i) + 1, setter);
                return key == null ? null : new Name(ENVIRONMENT.equals(table) ? "global" : "field", key);
            }
            case Lua.OP_GETUPVAL -> {
                String name = upvalueName(p, GETARG_B(i));
                return name == null ? null : new Name("upvalue", name);
            }
            case Lua.OP_LOADK -> {
                LuaValue k = p.k[GETARG_Bx(i)];
                return k.isstring() && !k.isnumber() ? new Name("constant", k.tojstring()) : null;
            }
            case Lua.OP_SELF -> {
                String key = constantName(p, GETARG_C(i));
                return key == null ? null : new Name("method", key);
            }
            default -> { }
        }
        return null;
    }

    /** The name of the {@code n}-th local variable active at {@code pc} (1-based), or null. */
    public static String localName(Prototype p, int n, int pc) {
        if (p.locvars == null) {
            return null;
        }
        for (var v : p.locvars) {
            if (v == null || v.startpc > pc) {
                break;
            }
            if (pc < v.endpc && --n == 0) {
                String name = v.varname.tojstring();
                return name.startsWith("(") ? null : name;
            }
        }
        return null;
    }

    private static String upvalueName(Prototype p, int idx) {
        if (p.upvalues == null || idx >= p.upvalues.length || p.upvalues[idx] == null
                || p.upvalues[idx].name == null) {
            return null;
        }
        return p.upvalues[idx].name.tojstring();
    }

    private static String constantName(Prototype p, int rk) {
        if ((rk & 0x100) == 0) {
            return null; // a register: no static name
        }
        LuaValue k = p.k[rk & 0xff];
        return k.isstring() && !k.isnumber() ? k.tojstring() : null;
    }

    /** The last instruction before {@code lastpc} that wrote register {@code reg}, or -1 when uncertain. */
    private static int findSetter(Prototype p, int lastpc, int reg) {
        int setter = -1;
        int jumpTarget = 0; // instructions before this may be skipped by a jump: not certain
        for (int pc = 0; pc < lastpc; pc++) {
            int i = p.code[pc];
            int op = GET_OPCODE(i);
            int a = GETARG_A(i);
            boolean writes = switch (op) {
                case Lua.OP_LOADNIL -> a <= reg && reg <= a + GETARG_B(i);
                case Lua.OP_TFORCALL -> reg >= a + 2;
                case Lua.OP_CALL, Lua.OP_TAILCALL -> reg >= a;
                case Lua.OP_JMP -> {
                    int dest = pc + 1 + GETARG_sBx(i);
                    if (pc < dest && dest <= lastpc && dest > jumpTarget) {
                        jumpTarget = dest;
                    }
                    yield false;
                }
                case Lua.OP_SETTABUP, Lua.OP_SETUPVAL, Lua.OP_SETTABLE, Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE,
                        Lua.OP_TEST, Lua.OP_RETURN, Lua.OP_SETLIST, Lua.OP_EXTRAARG -> false;
                default -> reg == a;
            };
            if (writes) {
                setter = pc < jumpTarget ? -1 : pc;
            }
        }
        return setter;
    }
}
