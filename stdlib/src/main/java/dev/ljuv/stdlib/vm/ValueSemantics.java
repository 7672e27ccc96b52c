package dev.ljuv.stdlib.vm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Value semantics that live inside LuaJ's core classes, as LuaJIT has them: number literals and constants,
 * {@code tostring} of tables, functions, files and userdata, string comparison and equality by bytes, the
 * length of a table, ordered comparison by metamethods, {@code -v}, the per-state string metatable. Each
 * method is the body of one patched LuaJ method (see the luaj-patcher module); number text is
 * {@link LuaNumbers}.
 *
 * <p>Threading: stateless.
 */
public final class ValueSemantics {
    private ValueSemantics() {}

    /**
     * LuaJIT's NULL light userdata: what string.buffer decodes from its 0x03 and what {@code cjson.null} is. One
     * value for the process, as the NULL pointer is one: equal to itself alone, {@code userdata: NULL} as text.
     */
    public static final LuaValue NULL = new org.luaj.vm2.LuaUserdata(new Object()) {
        @Override
        public String tojstring() {
            return "userdata: NULL";
        }
    };

    /**
     * A number literal's value as LuaJIT reads it, or null when it is malformed (patched {@code str2d}; the lexer's
     * text ends in the \0 it appended, which {@code trim} takes off); also {@code io.read("n")}'s digits, after their
     * sign.
     */
    public static LuaValue parseNumber(String text) {
        byte[] b = text.trim().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return NumberScan.read(b, 0, b.length, true);
    }

    /** A number constant as the compiler stores it: integral values as integers, except negative zero. */
    public static LuaValue numberConstant(LuaValue v) {
        if (v instanceof LuaDouble) {
            double d = v.todouble();
            int i = (int) d;
            if (d == i && (i != 0 || Double.doubleToRawLongBits(d) == 0)) {
                return LuaInteger.valueOf(i);
            }
        }
        return v;
    }

    /**
     * {@code 0x} and eight hex digits of {@code o}'s identity, the address in LuaJIT's {@code tostring} of an object
     * (written here: {@code String.format} made a {@code Formatter} per call, whose first use loaded and compiled the
     * JDK's format parser).
     */
    public static String address(Object o) {
        String hex = Integer.toHexString(System.identityHashCode(o));
        return "0x" + "00000000".substring(hex.length()) + hex;
    }

    /** {@code tostring} of a table, function or thread, as LuaJIT writes it (patched {@code tojstring}s). */
    public static String identityText(LuaValue v) {
        int builtin = v instanceof org.luaj.vm2.lib.LibFunction ? Builtins.numberOf(v) : -1;
        if (builtin >= 0) {
            return "function: builtin#" + builtin; // a standard library function, numbered as LuaJIT's
        }
        return v.typename() + ": " + address(v);
    }

    /** {@code tostring} of an io file, as LuaJIT writes it (patched {@code IoLib.File.tojstring}). */
    public static String fileText(LuaValue file, boolean closed) {
        return closed ? "file (closed)" : "file (" + address(file) + ")";
    }

    /**
     * {@code tostring} of a userdata: the Java object's own text for objects an application exposed, as
     * {@code userdata: 0x...} otherwise (never a Java class name such as {@code java.lang.Object@...}).
     */
    public static String userdataText(org.luaj.vm2.LuaUserdata u) {
        Object o = u.m_instance;
        if (o == null || o.getClass() == Object.class || o.getClass().getName().startsWith("dev.ljuv.")
                || o.getClass().getName().startsWith("org.luaj.")) {
            return "userdata: " + address(u);
        }
        return String.valueOf(o);
    }

    /** Comparison of two Lua strings by unsigned bytes (patched {@code LuaString.strcmp}). */
    public static int compareStrings(LuaString a, LuaString b) {
        return java.util.Arrays.compareUnsigned(a.m_bytes, a.m_offset, a.m_offset + a.m_length,
                b.m_bytes, b.m_offset, b.m_offset + b.m_length);
    }

    /** A double's hash (patched {@code LuaDouble.hashCode}): LuaJ's, but -0 hashes as the integer 0 does. */
    public static int doubleHash(org.luaj.vm2.LuaDouble d) {
        double v = d.todouble();
        if (v == 0) {
            return 0;
        }
        long l = Double.doubleToLongBits(v + 1);
        return (int) (l >> 32) + (int) l;
    }

    /** {@code #t} for a table: its border, whatever {@code __len} says (patched {@code LuaTable.len}). */
    public static LuaValue tableLength(org.luaj.vm2.LuaTable t) {
        return LuaInteger.valueOf(t.rawlen());
    }

    /**
     * An ordered comparison that needs metamethods (patched {@code LuaValue.comparemt}), by Lua 5.1's rules as
     * LuaJIT applies them: both operands of the same type, both with the same handler; {@code a <= b} without
     * {@code __le} is {@code not (b < a)}. LuaJ took either operand's handler.
     */
    public static LuaValue compareByMetamethod(LuaValue a, LuaValue tag, LuaValue b) {
        if (a.type() == b.type()) {
            LuaValue h = commonHandler(a, b, tag);
            if (h != null) {
                return h.call(a, b);
            }
            if (LuaValue.LE.raweq(tag) && (h = commonHandler(b, a, LuaValue.LT)) != null) {
                return h.call(b, a).not();
            }
        }
        throw new LuaError("attempt to compare " + tag + " on " + a.typename() + " and " + b.typename());
    }

    private static LuaValue commonHandler(LuaValue a, LuaValue b, LuaValue tag) {
        LuaValue h = a.metatag(tag);
        return !h.isnil() && h.raweq(b.metatag(tag)) ? h : null;
    }

    /**
     * The metatable of strings (patched {@code LuaString.getmetatable}): the current state's, not one static
     * table shared by every state of the JVM (LuaJ's kept the first state's, so a thread's {@code s:method()}
     * ran another state's functions).
     */
    public static LuaValue stringMetatable(LuaString s) {
        dev.ljuv.stdlib.vm.LuaJitGlobals g = dev.ljuv.stdlib.vm.CurrentState.get();
        return g != null ? g.stringMetatable : LuaString.s_metatable;
    }

    /** {@code -v} for a non-number: {@code __unm(v, v)} (patched {@code LuaValue.neg}). */
    public static LuaValue negate(LuaValue v) {
        LuaValue h = v.metatag(LuaValue.UNM);
        if (h.isnil()) {
            throw new LuaError("attempt to perform arithmetic on " + v.typename());
        }
        return h.call(v, v);
    }

    /**
     * LuaJ's cache of recently made short strings, which {@code LuaString.valueOf} and {@code valueUsing} look
     * new strings up in (patched): the calling thread's own, as two threads writing one cache run slow.
     */
    public static LuaString[] recentStrings() {
        return LuaStacks.calls().recentStrings;
    }

    /**
     * {@code v.isnil()} as LuaTable's reads, writes and traversal ask it (patched): nil is {@code NIL} or
     * {@code NONE}, the only objects of class {@code LuaNil} (LuaJ makes no other). Compared by reference, not by
     * class: a type test reads the value's header, a load from memory (a cache miss where the value is not read
     * otherwise, as an upvalue a test reads).
     */
    public static boolean isNil(LuaValue v) {
        return v == LuaValue.NIL || v == LuaValue.NONE;
    }

    /**
     * {@code v.toboolean()} as the interpreter's TEST and TESTSET ask it (patched) and compiled code's: false is
     * {@code FALSE}, the one false boolean, and nil {@code NIL} or {@code NONE} (see {@link #isNil}).
     */
    public static boolean isTrue(LuaValue v) {
        return v != LuaValue.NIL && v != LuaValue.FALSE && v != LuaValue.NONE;
    }

    /** {@code v.not()} as the interpreter's NOT asks it (patched): see {@link #isTrue}. */
    public static LuaValue not(LuaValue v) {
        return isTrue(v) ? LuaValue.FALSE : LuaValue.TRUE;
    }

    /**
     * The hash a new {@code LuaString} starts with (patched constructor): LuaJ's for a string its cache of recent
     * strings may hold (32 bytes at most, its {@code RECENT_STRINGS_MAX_LENGTH}: the cache compares the stored
     * hash), else 0, computed at the first {@code hashCode()}.
     */
    public static int initialStringHash(byte[] bytes, int offset, int length) {
        return length <= 32 ? LuaString.hashCode(bytes, offset, length) : 0;
    }

    /** Byte equality of two Lua strings (patched {@code LuaString.raweq}). */
    public static boolean stringsEqual(LuaString a, LuaString b) {
        if (a == b) {
            return true;
        }
        int n = a.m_length;
        if (b.m_length != n) {
            return false;
        }
        if (a.m_bytes == b.m_bytes && a.m_offset == b.m_offset) {
            return true;
        }
        if (a.hashCode() != b.hashCode()) {
            return false;
        }
        byte[] x = a.m_bytes;
        byte[] y = b.m_bytes;
        int i = a.m_offset;
        int j = b.m_offset;
        if (n <= 16) {
            // the usual case: a table key met by an equal constant of another chunk (global and field names)
            if (n >= 8) {
                return (long) LONGS.get(x, i) == (long) LONGS.get(y, j)
                        && (long) LONGS.get(x, i + n - 8) == (long) LONGS.get(y, j + n - 8);
            }
            if (n >= 4) { // (names and keys made at run time: "k" .. i)
                return (int) INTS.get(x, i) == (int) INTS.get(y, j)
                        && (int) INTS.get(x, i + n - 4) == (int) INTS.get(y, j + n - 4);
            }
            for (int k = 0; k < n; k++) {
                if (x[i + k] != y[j + k]) {
                    return false;
                }
            }
            return true;
        }
        return java.util.Arrays.equals(x, i, i + n, y, j, j + n);
    }

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.nativeOrder());
    private static final VarHandle INTS =
            MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.nativeOrder());

    /**
     * Arithmetic with a string on the left (patched {@code LuaString.add(LuaValue)} and the others): numbers
     * when both operands are (or convert to) numbers; otherwise the metamethod gets the string itself, as in
     * LuaJIT (LuaJ handed it the converted number).
     */
    public static LuaValue stringAdd(LuaString a, LuaValue b) {
        return stringArithmetic(a, b, LuaValue.ADD);
    }

    public static LuaValue stringSub(LuaString a, LuaValue b) {
        return stringArithmetic(a, b, LuaValue.SUB);
    }

    public static LuaValue stringMul(LuaString a, LuaValue b) {
        return stringArithmetic(a, b, LuaValue.MUL);
    }

    public static LuaValue stringDiv(LuaString a, LuaValue b) {
        return stringArithmetic(a, b, LuaValue.DIV);
    }

    public static LuaValue stringMod(LuaString a, LuaValue b) {
        return stringArithmetic(a, b, LuaValue.MOD);
    }

    public static LuaValue stringPow(LuaString a, LuaValue b) {
        return stringArithmetic(a, b, LuaValue.POW);
    }

    /**
     * {@code LuaString.scannumber()} (patched: see {@code LuaJPatcher}), through which a string is a number in
     * LuaJ's arithmetic and {@code isnumber}/{@code todouble}: LuaJIT's syntax ({@link LuaNumbers#scan}); NaN, LuaJ's
     * "no number", for a string that is none. So the string "nan", whose number is NaN too, is none here (LuaJIT's
     * arithmetic takes it): every LuaJ use of a string's number tells "no number" by the NaN alone.
     */
    public static double scanNumber(LuaString s) {
        LuaValue v = LuaNumbers.scan(s);
        return v.isnil() ? Double.NaN : v.todouble();
    }

    private static LuaValue stringArithmetic(LuaString a, LuaValue b, LuaValue tag) {
        double d = a.scannumber(); // LuaJIT's syntax (scanNumber), as every other way a string becomes a number
        if (!Double.isNaN(d) && b.isnumber()) {
            LuaValue x = LuaValue.valueOf(d);
            return tag == LuaValue.ADD ? x.add(b) : tag == LuaValue.SUB ? x.sub(b) : tag == LuaValue.MUL ? x.mul(b)
                    : tag == LuaValue.DIV ? x.div(b) : tag == LuaValue.MOD ? x.mod(b) : x.pow(b);
        }
        LuaValue h = a.metatag(tag);
        if (h.isnil()) {
            h = b.metatag(tag);
        }
        if (h.isnil()) { // LuaJ's text, which the unwind hook makes LuaJIT's
            throw new LuaError("attempt to perform arithmetic " + tag + " on " + a.typename() + " and " + b.typename());
        }
        return h.call(a, b);
    }

    private static final VarHandle TABLE_ARRAY;
    private static final VarHandle TABLE_HASH_ENTRIES;
    private static final VarHandle TABLE_REMOVALS;
    private static final VarHandle BUFFER_BYTES;

    static {
        try {
            MethodHandles.Lookup luaj = MethodHandles.privateLookupIn(org.luaj.vm2.LuaTable.class, MethodHandles.lookup());
            TABLE_ARRAY = luaj.findVarHandle(org.luaj.vm2.LuaTable.class, "array", LuaValue[].class);
            TABLE_HASH_ENTRIES = luaj.findVarHandle(org.luaj.vm2.LuaTable.class, "hashEntries", int.class);
            TABLE_REMOVALS = luaj.findVarHandle(org.luaj.vm2.LuaTable.class, dev.ljuv.patcher.PatchedMembers.TABLE_REMOVALS,
                    int.class);
            BUFFER_BYTES = MethodHandles.privateLookupIn(org.luaj.vm2.Buffer.class, MethodHandles.lookup())
                    .findVarHandle(org.luaj.vm2.Buffer.class, "bytes", byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The table of a constructor (patched {@code NEWTABLE} of the interpreter, and the compiled one): its parts of the
     * sizes LuaJIT gives that constructor's table, which the parser wrote into the instruction
     * ({@link ConstructorShapes}), so that {@code #} of a constructor with holes answers as LuaJIT's.
     */
    public static org.luaj.vm2.LuaTable newTable(int b, int c) {
        return new Table(ConstructorShapes.arrayLength(b, c), ConstructorShapes.nodes(c));
    }

    /**
     * A constructor's last item spreads {@code n} values from key {@code start} on (a call, {@code ...}): its array
     * part grown at once to hold them and one slot more, when they do not fit, as LuaJIT's {@code TSETM} grows it
     * ({@code #{...}} of {@code 1, nil, 3, nil, 5} is 3 there). The compiled {@code SETLIST} calls this; the
     * interpreter's through {@link #spreadCount} and {@link #spreadItem}.
     */
    public static void spread(LuaValue table, int start, int n) {
        if (n > 0 && table instanceof Table t && t.ownStorage() && start + n > t.arrayCapacity() + 1) {
            t.presize(start + n);
        }
    }

    /** The interpreter's {@code SETLIST} counting the values it spreads (patched): noted for its first store. */
    public static int spreadCount(Varargs values) {
        int n = values.narg();
        LuaStacks.calls().spreading = n;
        return n;
    }

    /** The interpreter's {@code SETLIST} storing a spread value (patched): the first grows the array ({@link #spread}). */
    public static void spreadItem(LuaValue table, int key, LuaValue value) {
        LuaStacks.CallStack c = LuaStacks.calls();
        int n = c.spreading;
        if (n >= 0) {
            c.spreading = -1;
            spread(table, key, n);
        }
        table.set(key, value);
    }

    /**
     * The border LuaJIT's {@code #} and every library answer for a table (patched {@code LuaTable.rawlen}):
     * LuaJIT's {@code lj_tab_len} on LuaJ's array part: when the array part ends with nil, a binary search in
     * it; else its size, or, when the hash part has entries, the unbounded search after it. Which border a
     * table with holes gives depends on the array part's size, as in LuaJIT ({@code #{1, nil, 3}} is 1: see
     * {@link ConstructorShapes}).
     */
    public static int border(org.luaj.vm2.LuaTable t) {
        return border((LuaValue[]) TABLE_ARRAY.get(t), (int) TABLE_HASH_ENTRIES.get(t), t);
    }

    /** {@link #border} of table {@code t} from its array part {@code a} and its number of hash entries. */
    static int border(LuaValue[] a, int hashEntries, org.luaj.vm2.LuaTable t) {
        int j = a.length + 1; // LuaJIT's asize: its array part also holds key 0
        if (j > 1 && absent(a[j - 2])) {
            int i = 1;
            while (j - i > 1) {
                int m = (i + j) >>> 1;
                if (absent(a[m - 2])) {
                    j = m;
                } else {
                    i = m;
                }
            }
            return i - 1;
        }
        j--;
        if (hashEntries == 0) {
            return j;
        }
        return unboundSearch(t, j);
    }

    private static boolean absent(LuaValue v) {
        return v == null || v.isnil();
    }

    static int unboundSearch(org.luaj.vm2.LuaTable t, int j) {
        long i = j; // zero or a present key
        long k = (long) j + 1;
        while (!t.rawget((int) k).isnil()) {
            i = k;
            k *= 2;
            if (k > Integer.MAX_VALUE - 2) { // built to defeat this: a linear search, as LuaJIT does
                int n = 1;
                while (!t.rawget(n).isnil()) {
                    n++;
                }
                return n - 1;
            }
        }
        while (k - i > 1) {
            long m = (i + k) >>> 1;
            if (t.rawget((int) m).isnil()) {
                k = m;
            } else {
                i = m;
            }
        }
        return (int) i;
    }

    /**
     * The {@code __call} handler of a value called (patched {@code LuaValue.callmt}): it must be a function, as in
     * LuaJIT; a table whose {@code __call} is itself looped forever in LuaJ.
     */
    public static LuaValue callHandler(LuaValue v) {
        LuaValue h = v.metatag(LuaValue.CALL);
        if (!h.isfunction()) { // LuaJ's text, which the unwind hook makes LuaJIT's
            throw new LuaError("attempt to call " + v.typename());
        }
        return h;
    }

    /**
     * A Lua string as Java text (patched {@code LuaString.tojstring}): its bytes decoded as UTF-8, malformed ones
     * replaced; LuaJ's own decoder threw on a cut multi-byte sequence ({@code "\237"}), which surfaced as an
     * internal error wherever a string became Java text (a chunk's name, a file name, a message).
     */
    public static String stringText(LuaString s) {
        try {
            return LuaString.decodeAsUtf8(s.m_bytes, s.m_offset, s.m_length); // LuaJ's own, as its encoder wrote it
        } catch (RuntimeException malformed) {
            return new String(s.m_bytes, s.m_offset, s.m_length, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The size of a table's array part (LuaJ's {@code getArrayLength}, protected there). */
    public static int arrayLength(org.luaj.vm2.LuaTable t) {
        if (t instanceof Table own && own.ownStorage()) {
            return own.arrayCapacity();
        }
        return ((LuaValue[]) TABLE_ARRAY.get(t)).length;
    }

    /** A table's array part (LuaJ's field), for {@code MemoryWalk}. */
    static LuaValue[] arrayPart(org.luaj.vm2.LuaTable t) {
        if (t instanceof Table own && own.ownStorage()) {
            return own.numberPart() != null ? LuaValue.NOVALS : own.arrayPart(); // numbers: no references (see MemoryWalk)
        }
        return (LuaValue[]) TABLE_ARRAY.get(t);
    }

    /** The number of entries in a table's hash part (LuaJ's field), for {@code MemoryWalk}. */
    static int hashEntries(org.luaj.vm2.LuaTable t) {
        if (t instanceof Table own && own.ownStorage()) {
            return own.hashCount();
        }
        return (int) TABLE_HASH_ENTRIES.get(t);
    }

    /**
     * The product of two integers (patched {@code LuaInteger.mul}, and compiled integer loops): as LuaJ's (a double
     * past the int range), except that 0 times a negative integer is -0, as LuaJIT's doubles give it.
     */
    public static LuaValue product(int x, int y) {
        long r = (long) x * y;
        if (r == 0 && (x | y) < 0) {
            return org.luaj.vm2.LuaDouble.valueOf(-0.0);
        }
        return integer(r);
    }

    /**
     * An integer result of integer arithmetic (patched {@code LuaInteger.add} and {@code subFrom}, and
     * {@link #product}): its box, shared when small ({@link NumberBoxes#integer}), or a double past the int range, as
     * LuaJ's {@code LuaInteger.valueOf(long)} gives.
     */
    public static LuaValue integer(long r) {
        return r == (int) r ? NumberBoxes.integer((int) r) : org.luaj.vm2.LuaDouble.valueOf((double) r);
    }

    /**
     * A hash key about to be removed (patched {@code LuaTable.hashRemove}: every {@code t.k = nil}): counted in the
     * table's added field. LuaJ keeps a key's entry until then (a new value goes into it, a rehash moves it), so an
     * unchanged count tells a compiled field site that the entry it cached is still the key's (see {@code FieldSite}).
     */
    public static void beforeKeyRemoval(org.luaj.vm2.LuaTable t) {
        TABLE_REMOVALS.set(t, (int) TABLE_REMOVALS.get(t) + 1);
    }

    /**
     * The bucket of a weak table's slot that holds its key weakly (patched {@code keyindex} of {@code WeakTable}'s
     * weak-key slots, at a resize): where {@code LuaTable.hashSlot} looks the live {@code key} up; a collected key's
     * anywhere (LuaJ's own place, {@code hashmod} of its hash), its slot being dropped.
     */
    public static int weakKeyIndex(LuaValue key, int keyhash, int mask) {
        return key != null ? org.luaj.vm2.LuaTable.hashSlot(key, mask) : org.luaj.vm2.LuaTable.hashmod(keyhash, mask);
    }

    /** How many hash keys {@code t} has had removed (see {@link #beforeKeyRemoval}). */
    public static int keyRemovals(org.luaj.vm2.LuaTable t) {
        return (int) TABLE_REMOVALS.get(t);
    }

    /**
     * A table about to grow (patched {@code LuaTable.rehash}): a large one checks the memory first. An array part
     * of a constructor's exact size ({@link #newTable}) is first padded to a power of two, the only sizes LuaJ's
     * rehash counts right: with {@code {1, 2, 3}} it took key 3 for a hash entry moving into the array, sized the
     * hash part for one entry less, and the new key then had no slot ({@code t.x = 1} failed).
     */
    public static void beforeRehash(org.luaj.vm2.LuaTable t) {
        LuaValue[] array = (LuaValue[]) TABLE_ARRAY.get(t);
        if ((array.length & (array.length - 1)) != 0) {
            array = java.util.Arrays.copyOf(array, Integer.highestOneBit(array.length) << 1);
            TABLE_ARRAY.set(t, array);
        }
        long slots = array.length + (long) (int) TABLE_HASH_ENTRIES.get(t);
        if (slots >= MemoryGuard.LARGE) {
            MemoryGuard.beforeLargeAllocation(slots * 2 * 8); // a rehash about doubles the parts
        }
    }

    /** A concatenation buffer about to grow (patched {@code Buffer.realloc}): a large one checks the memory. */
    public static void beforeBufferGrowth(org.luaj.vm2.Buffer b) {
        int size = ((byte[]) BUFFER_BYTES.get(b)).length;
        if (size >= MemoryGuard.LARGE) {
            MemoryGuard.beforeLargeAllocation(size * 2L);
        }
    }

    /** {@code t}'s items 1 to {@code #t} sorted through its raw reads and writes (see {@code Table.sort}). */
    static void sortItems(org.luaj.vm2.LuaTable t, LuaValue comparator) {
        int n = t.rawlen();
        LuaValue[] values = new LuaValue[n];
        for (int i = 0; i < n; i++) {
            values[i] = t.rawget(i + 1);
        }
        boolean byLt = comparator == null || comparator.isnil();
        try {
            java.util.Arrays.sort(values, (x, y) -> byLt
                    ? (x.lt_b(y) ? -1 : y.lt_b(x) ? 1 : 0)
                    : (comparator.call(x, y).toboolean() ? -1 : comparator.call(y, x).toboolean() ? 1 : 0));
        } catch (IllegalArgumentException inconsistent) { // the order function contradicts itself
            throw new LuaError("invalid order function for sorting");
        }
        for (int i = 0; i < n; i++) {
            t.rawset(i + 1, values[i]);
        }
    }
}
