package dev.ljuv.stdlib.vm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.FuncState;
import org.luaj.vm2.compiler.LexState;

/**
 * A table constructor's parts sized as LuaJIT's parser sizes them ({@code expr_table} in {@code lj_parse.c}), worked
 * out while LuaJ's parser reads the constructor (hooks at the entry and exit of {@code LexState.constructor} and after
 * each of its fields) and written into its {@code NEWTABLE}, which {@link ValueSemantics#newTable} reads back. The
 * array part decides which border {@code #} finds in a table with holes, so it must be LuaJIT's:
 * <ul>
 * <li>a constructor of variables only is LuaJIT's {@code TNEW}: an array part for its positional items (at least
 *     two), a hash part for its keyed ones;
 * <li>one with a constant item, or a string key, is a copy of a template that LuaJIT's parser built key by key,
 *     made when the first such item came, as large as the constructor was then, and grown by the table's own resizes
 *     as the next constant keys were set (a nil value setting its key too). {@code {1, nil, 3}} so has four array
 *     slots there, and {@code #} answers 1. The template is built here the same way, as a {@link Table}, whose
 *     resizes are LuaJIT's; its final sizes are the constructor's.
 * </ul>
 * What the constructor then stores at run time fits those parts, as in LuaJIT. The values a call or {@code ...}
 * spreads at the end of a constructor are stored as any others (LuaJIT resizes its array once for them, one slot
 * past the last: a difference the README lists).
 *
 * <p>Threading: stateless; a parse's state lives in its {@code LexState}, used by one thread.
 */
public final class ConstructorShapes {
    private ConstructorShapes() {}

    private static final VarHandle PC;
    private static final VarHandle ITEM;
    private static final VarHandle KIND;
    private static final VarHandle TRUE_JUMPS;
    private static final VarHandle FALSE_JUMPS;
    private static final VarHandle JUMP;
    /** LuaJ's expression kinds ({@code LexState.VNIL} ...) of the constants. */
    private static final int VNIL = 1, VTRUE = 2, VFALSE = 3, VK = 4, VKNUM = 5;

    static {
        try {
            MethodHandles.Lookup fs = MethodHandles.privateLookupIn(FuncState.class, MethodHandles.lookup());
            PC = fs.findVarHandle(FuncState.class, "pc", int.class);
            Class<?> cons = Class.forName("org.luaj.vm2.compiler.LexState$ConsControl");
            Class<?> exp = Class.forName("org.luaj.vm2.compiler.LexState$expdesc");
            Class<?> ptr = Class.forName("org.luaj.vm2.compiler.IntPtr");
            MethodHandles.Lookup lex = MethodHandles.privateLookupIn(LexState.class, MethodHandles.lookup());
            ITEM = lex.findVarHandle(cons, "v", exp);
            KIND = lex.findVarHandle(exp, "k", int.class);
            TRUE_JUMPS = lex.findVarHandle(exp, "t", ptr);
            FALSE_JUMPS = lex.findVarHandle(exp, "f", ptr);
            JUMP = MethodHandles.privateLookupIn(ptr, MethodHandles.lookup()).findVarHandle(ptr, "i", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What a field's value is: a constant nil, another constant, or anything else. */
    private static final int NIL = 0, CONSTANT = 1, VARIABLE = 2;

    /** One constructor being read: LuaJIT's counts and its template, as {@code expr_table} keeps them. */
    static final class Shape {
        final Shape outer;
        /** The {@code NEWTABLE}'s pc. */
        final int pc;
        /** The next positional index (LuaJIT's {@code narr}, from 1). */
        int next = 1;
        int keyed;
        boolean array;
        /** The template, once a constant item or a string key came; null before. */
        Table template;

        Shape(Shape outer, int pc) {
            this.outer = outer;
            this.pc = pc;
        }

        /** A positional item. */
        void positional(int value) {
            int key = next++;
            array = true;
            if (value != VARIABLE) {
                template().rawset(key, value == NIL ? LuaValue.NIL : LuaValue.TRUE);
            }
        }

        /** A keyed item: its key when constant (else null) and what its value is. */
        void keyed(LuaValue key, int value) {
            if (key != null && key.type() == LuaValue.TNUMBER && key.todouble() == 0) {
                array = true; // key 0: LuaJIT's array part holds it
            } else {
                keyed++;
            }
            if (key == null || key.isnil()) {
                return;
            }
            boolean string = key instanceof LuaString;
            if (string || value != VARIABLE) {
                // a string key with a value set later, or nil, keeps its key (LuaJIT marks it with the template)
                template().rawset(key, value == NIL && !string ? LuaValue.NIL : LuaValue.TRUE);
            }
        }

        private Table template() {
            if (template == null) {
                template = new Table(array ? next - 1 : 0, keyed);
            }
            return template;
        }

        /** The array part's length (LuaJIT's size less its slot 0). */
        int arrayLength() {
            if (template == null) {
                return array ? Math.min(Math.max(next, 3), 0x7ff) - 1 : 0;
            }
            // at the end LuaJIT's parser grows the template's array part to hold every positional item (its hash
            // part keeps its size)
            return array ? Math.max(template.arrayCapacity(), next - 1) : template.arrayCapacity();
        }

        /** The hash part's node count (a power of two, or 0). */
        int nodes() {
            return template == null ? TableSizes.nodesFor(keyed) : template.nodes();
        }
    }

    /** Entry of {@code constructor}: its {@code NEWTABLE} comes next. */
    public static void enter(LexState ls) {
        ParserHooks.Statements s = ParserHooks.statements(ls);
        s.constructor = new Shape(s.constructor, (int) PC.get(ParserHooks.function(ls)));
    }

    /** After a positional item: the expression is still undischarged, its kind known. */
    public static void listField(LexState ls, Object cons) {
        Object item = ITEM.get(cons);
        int kind = (int) KIND.get(item);
        boolean jumps = (int) JUMP.get(TRUE_JUMPS.get(item)) != (int) JUMP.get(FALSE_JUMPS.get(item));
        int value = jumps ? VARIABLE : kind == VNIL ? NIL
                : kind == VTRUE || kind == VFALSE || kind == VK || kind == VKNUM ? CONSTANT : VARIABLE;
        ParserHooks.statements(ls).constructor.positional(value);
    }

    /** After a keyed item: its {@code SETTABLE}, the last instruction, tells the constant key and value. */
    public static void recField(LexState ls, Object cons) {
        FuncState fs = ParserHooks.function(ls);
        Prototype f = ParserHooks.prototype(fs);
        int i = f.code[(int) PC.get(fs) - 1];
        LuaValue key = Lua.ISK(Lua.GETARG_B(i)) ? f.k[Lua.INDEXK(Lua.GETARG_B(i))] : null;
        int c = Lua.GETARG_C(i);
        int value = !Lua.ISK(c) ? VARIABLE : f.k[Lua.INDEXK(c)].isnil() ? NIL : CONSTANT;
        ParserHooks.statements(ls).constructor.keyed(key, value);
    }

    /** Exit of {@code constructor}: its sizes into its {@code NEWTABLE} ({@link #encode}). */
    public static void exit(LexState ls) {
        ParserHooks.Statements s = ParserHooks.statements(ls);
        Shape shape = s.constructor;
        s.constructor = shape.outer;
        int[] code = ParserHooks.prototype(ParserHooks.function(ls)).code;
        int i = code[shape.pc];
        code[shape.pc] = encode(i, shape.arrayLength(), shape.nodes());
    }

    /** Array lengths below this are written exactly; longer ones as a floating-point byte. */
    private static final int EXACT = 15 << 9;

    /**
     * {@code NEWTABLE} {@code i} with the array part's length and the hash part's node count (a power of two, or 0):
     * B holds the length's low 9 bits, C the node count's log (5 bits) and the length's next 4 (15: B is Lua's
     * floating-point byte of the length instead).
     */
    static int encode(int i, int arrayLength, int nodes) {
        int log = nodes == 0 ? 0 : Integer.numberOfTrailingZeros(nodes);
        int b = arrayLength < EXACT ? arrayLength & 511 : floatingByte(arrayLength);
        int high = arrayLength < EXACT ? arrayLength >>> 9 : 15;
        return (i & ~((Lua.MAXARG_B << Lua.POS_B) | (Lua.MAXARG_C << Lua.POS_C)))
                | (b << Lua.POS_B) | ((log | high << 5) << Lua.POS_C);
    }

    /** The array length of {@code NEWTABLE}'s B and C (see {@link #encode}). */
    static int arrayLength(int b, int c) {
        int high = c >>> 5;
        return high < 15 ? high << 9 | b : fromFloatingByte(b);
    }

    /** The hash part's node count of {@code NEWTABLE}'s C. */
    static int nodes(int c) {
        int log = c & 31;
        return log == 0 ? 0 : 1 << Math.min(log, 30);
    }

    /** Lua's "floating point byte" {@code eeeeexxx}: (1xxx) * 2^(eeeee-1), rounding up. */
    private static int floatingByte(int x) {
        int e = 0;
        while (x >= 16) {
            x = (x + 1) >> 1;
            e++;
        }
        return x < 8 ? x : ((e + 1) << 3) | (x - 8);
    }

    private static int fromFloatingByte(int x) {
        int e = (x >>> 3) & 31;
        return e == 0 ? x : (int) Math.min(((long) (x & 7) + 8) << (e - 1), Integer.MAX_VALUE);
    }
}
