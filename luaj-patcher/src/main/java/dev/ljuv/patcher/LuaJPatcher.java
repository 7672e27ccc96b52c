package dev.ljuv.patcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.TailcallVarargs;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.LibFunction;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Build-time tool (run by Maven in stdlib's {@code process-classes} phase; never on a runtime class path): the
 * one place where LuaJ core classes are changed. Reads each class from the luaj-jse jar, applies its patches in
 * order, and writes every LuaJ class, patched or not, rewritten at a modern class-file version ({@link Modernizer}),
 * into stdlib's classes: the stdlib jar is a complete LuaJ that replaces luaj-jse on the class path (it comes first
 * wherever both are). LuaJ stays a dependency: no LuaJ source is in this repository. Each patch is proven by a test in
 * {@code stdlib/src/test/java/dev/ljuv/stdlib/vm/LuaJPatchesTest}; {@link #PATCHES} says why each exists.
 */
public final class LuaJPatcher {
    private static final String CLOSURE = internal(LuaClosure.class);
    private static final String VALUE = internal(LuaValue.class);
    private static final String STRING = internal(LuaString.class);
    private static final String LEXER = internal(org.luaj.vm2.compiler.LexState.class);

    /** In the order they apply; patches of the same class apply one after the other. */
    static final List<ClassPatch> PATCHES = List.of(
            // LuaError fields for positions at the error's level and for the frames an error leaves
            FieldsPatch.ERROR,
            // every Lua frame an error unwinds through is reported to ErrorHooks.onUnwind (positions with the
            // colon Lua puts after the line, levels, tracebacks, LuaJIT's runtime error texts) ...
            new RedirectPatch(CLOSURE, "processErrorHooks", desc(void.class, LuaError.class, Prototype.class, int.class),
                    Hooks.ERRORS, "onUnwind"),
            // ... not only the innermost one (its guard read LuaError.traceback)
            FieldReadPatch.asNull(CLOSURE, Set.of("execute"), internal(LuaError.class), "traceback", 1),
            // the interpreter's debug hook calls (call, instruction, return) reach debug.sethook's hooks only while a
            // state has one: its checks of globals.debuglib read the running state (CallHooks.hookState: null at
            // the cost of one static read while no state has a hook), whatever the closure's env (compiled code
            // makes closures without one)
            FieldReadPatch.redirect(CLOSURE, Set.of("execute"), CLOSURE, "globals", "Lorg/luaj/vm2/Globals;",
                    Hooks.CALLS, "hookState", 6),
            // a prototype keeps its compiled form (see dev.ljuv.stdlib.compile.CompiledChunk), which every closure of
            // it runs (CallDepthPatch)
            FieldsPatch.PROTOTYPE,
            // compiled call sites ask a callee for its compiled code with one virtual call (see CallEmitter)
            CodeAccessorPatch.VALUE,
            CodeAccessorPatch.CLOSURE,
            // a tail call of a value that cannot be called fails in the calling function, as in LuaJIT (LuaJ
            // failed one frame out, naming the wrong function)
            new ConstructionPatch(CLOSURE, "execute", internal(TailcallVarargs.class),
                    desc(void.class, LuaValue.class, Varargs.class), Hooks.CALLS, "tailCall", 5),
            // a constructor's table has LuaJIT's sizes (ConstructorShapes wrote them into its NEWTABLE)
            new ConstructionPatch(CLOSURE, "execute", internal(LuaTable.class), desc(void.class, int.class, int.class),
                    Hooks.VALUES, "newTable", 1),
            // the values a call or '...' spreads at a constructor's end: its array part grown for them at once, as
            // LuaJIT's TSETM does (SETLIST's count of them, the 7th of execute's 8 narg calls, and its store of them,
            // the 2nd of its 3 set calls)
            new CallRedirectPatch(CLOSURE, "execute", internal(Varargs.class), "narg", "()I", Hooks.VALUES,
                    "spreadCount", 8).only(6),
            new CallRedirectPatch(CLOSURE, "execute", VALUE, "set", "(IL" + VALUE + ";)V", Hooks.VALUES,
                    "spreadItem", 3).only(1),
            // the interpreter's TEST, TESTSET and NOT tell false and nil by class and identity, not by calling
            // toboolean() or not(): those call sites meet every kind of value, and the JIT dispatches them through the
            // vtable (meteor.lua's decision trees, which stay interpreted: 14% of its time)
            new CallRedirectPatch(CLOSURE, "execute", VALUE, "toboolean", "()Z", Hooks.VALUES, "isTrue", 2),
            new CallRedirectPatch(CLOSURE, "execute", VALUE, "not", "()L" + VALUE + ";", Hooks.VALUES, "not", 1),
            // nested Lua calls are counted (runaway recursion is a Lua error) and noted for stack levels
            new CallDepthPatch(),
            // syntax errors name the offending token as LuaJIT's do
            new SyntaxErrorPatch(),
            // LuaJIT 2.1's grammar: goto is a name unless a name follows; a ';' only after a statement; a call's
            // '(' on the line of its function (ParserHooks)
            FieldsPatch.LEXER,
            new HookCallPatch(LEXER, "next", "()V", HookCallPatch.At.EXIT, Hooks.PARSER, "afterNext"),
            new RedirectPatch(LEXER, "lookahead", "()V", Hooks.PARSER, "lookahead"),
            new HookCallPatch(LEXER, "statement", "()V", HookCallPatch.At.ENTRY, Hooks.PARSER, "enterStatement"),
            new HookCallPatch(LEXER, "statement", "()V", HookCallPatch.At.EXIT, Hooks.PARSER, "exitStatement"),
            // a table constructor's parts sized as LuaJIT's parser sizes them, a template built key by key for one with
            // a constant item (ConstructorShapes), so that # of a constructor with holes answers as LuaJIT's
            new HookCallPatch(LEXER, "constructor", "(L" + LEXER + "$expdesc;)V", HookCallPatch.At.ENTRY,
                    Hooks.CONSTRUCTORS, "enter"),
            new HookCallPatch(LEXER, "listfield", "(L" + LEXER + "$ConsControl;)V", HookCallPatch.At.EXIT,
                    Hooks.CONSTRUCTORS, "listField", true),
            new HookCallPatch(LEXER, "recfield", "(L" + LEXER + "$ConsControl;)V", HookCallPatch.At.EXIT,
                    Hooks.CONSTRUCTORS, "recField", true),
            new HookCallPatch(LEXER, "constructor", "(L" + LEXER + "$expdesc;)V", HookCallPatch.At.EXIT,
                    Hooks.CONSTRUCTORS, "exit"),
            // the compiler's limits as LuaJIT counts and words them (LuaJ's report failed with a Java exception)
            new RedirectPatch(internal(org.luaj.vm2.compiler.FuncState.class), "errorlimit", "(ILjava/lang/String;)V",
                    Hooks.PARSER, "errorLimit"),
            new RedirectPatch(internal(org.luaj.vm2.compiler.FuncState.class), "checklimit", "(IILjava/lang/String;)V",
                    Hooks.PARSER, "checkLimit"),
            // at most 65536 constants of each kind, checked at the function's end as LuaJIT does (LuaJ failed past 2^18
            // with "compiler assert failed")
            FieldsPatch.FUNC_NUMBERS,
            new RedirectPatch(internal(org.luaj.vm2.compiler.FuncState.class), "addk", "(Lorg/luaj/vm2/LuaValue;)I",
                    Hooks.PARSER, "addConstant"),
            new HookCallPatch(LEXER, "close_func", "()V", HookCallPatch.At.ENTRY, Hooks.PARSER, "closeFunction"),
            // names may use bytes from 0x80 (UTF-8 identifiers), a long string may hold '[[' (LuaJIT's lexer)
            new RedirectPatch(LEXER, "isalpha", "(I)Z", Hooks.PARSER, "isAlpha"),
            new RedirectPatch(LEXER, "isalnum", "(I)Z", Hooks.PARSER, "isAlnum"),
            // _ENV is an ordinary name, as in Lua 5.1: the environment upvalue is named what no source can spell
            new HookCallPatch(LEXER, "setinput", "(Lorg/luaj/vm2/compiler/LuaC$CompileState;ILjava/io/InputStream;L"
                    + STRING + ";)V", HookCallPatch.At.EXIT, Hooks.PARSER, "afterSetinput"),
            // a name is the bytes the source holds (LuaJ encoded the chars it had read them into in UTF-8 again)
            new RedirectPatch(LEXER, "newstring", "([CII)L" + STRING + ";", Hooks.PARSER, "name"),
            new CallRedirectPatch(LEXER, "read_long_string", LEXER, "lexerror", "(Ljava/lang/String;I)V",
                    Hooks.PARSER, "longStringError", 2),
            // a number literal runs on through every byte a name may hold, as LuaJIT lexes it: 1x is malformed
            new CallRedirectPatch(LEXER, "read_numeral", LEXER, "isxdigit", "(I)Z", Hooks.PARSER, "numeralChar", 1),
            // ... and a call's line (errors, tracebacks, a ')' expected to close it) is its arguments' line, as LuaJIT
            // has it, not its function's first line (LuaJ's, as Lua 5.2's): an error in a chain of calls over several
            // lines, a.b(x)\n.c(y), is reported on the failing call's line
            HookCallPatch.setting(LEXER, "funcargs", "(Lorg/luaj/vm2/compiler/LexState$expdesc;I)V", 2,
                    Hooks.PARSER, "enterFuncargs"),
            // ... and so are an operator's (at its last operand, where LuaJ put it at the operator: a +\n b failed on
            // the line of '+') and a tail call's (at the end of its return statement)
            HookCallPatch.setting(internal(org.luaj.vm2.compiler.FuncState.class), "posfix",
                    "(IL" + LEXER + "$expdesc;L" + LEXER + "$expdesc;I)V", 4, Hooks.PARSER, "operatorLine"),
            HookCallPatch.setting(internal(org.luaj.vm2.compiler.FuncState.class), "prefix",
                    "(IL" + LEXER + "$expdesc;I)V", 3, Hooks.PARSER, "operatorLine"),
            new HookCallPatch(LEXER, "retstat", "()V", HookCallPatch.At.EXIT, Hooks.PARSER, "exitReturn"),
            // the compiler's string table and the lexer's reserved words without a lock per look-up (CompilerTable:
            // a Hashtable takes one at every get, 12% of a large chunk's parse)
            new ConstructionPatch(internal(org.luaj.vm2.compiler.LuaC.class) + "$CompileState", "<init>",
                    "java/util/Hashtable", "()V", Hooks.COMPILER_TABLE, "create", 1),
            new ConstructionPatch(LEXER, "<clinit>", "java/util/Hashtable", "()V", Hooks.COMPILER_TABLE, "create", 2),
            // a label is a jump target: locals declared after it are not merged into a LOADNIL before it
            new LabelTargetPatch(),
            // numbers become text as LuaJIT's %.14g; negative zero survives as a double; IEEE division
            NumberPatch.TEXT, NumberPatch.NEGATIVE_ZERO, NumberPatch.DIVISION, NumberPatch.DIVISION_DOUBLE,
            // negating the integer 0, or multiplying it by a negative one, gives -0, as with LuaJIT's doubles
            new NegativeZeroPatch(), NegativeZeroPatch.PRODUCT,
            // a sum or difference of integers shares the small integers' boxes, as a product does
            IntegerResultPatch.SUM, IntegerResultPatch.DIFFERENCE,
            // -0 as a table key finds the key 0, as in LuaJIT: it hashes as 0 (LuaJ's hash of a double put it in
            // another bucket than 0's, so t[-0] missed t[0] once the hash part had a few buckets)
            new RedirectPatch(internal(org.luaj.vm2.LuaDouble.class), "hashCode", desc(int.class), Hooks.VALUES,
                    "doubleHash"),
            // the compiler keeps the constant -0.0
            new ConstantPatch(),
            // the cache of recent short strings is each thread's own: LuaJ's one array for the JVM, written at
            // most new strings, made threads that create strings run slower side by side than one alone
            recentStrings(),
            // a table's reads, writes and traversal test for nil by class, not by calling isnil(): that one call site
            // in LuaTable.get serves every table read of the JVM, meets every kind of value, and the JIT can then only
            // dispatch it through the vtable (15% of nsieve-bit)
            nilTest("get", 2), nilTest("set", 2), nilTest("arrayset", 1), nilTest("hashset", 1), nilTest("next", 1),
            nilTest("inext", 1),
            // a long string's hash is computed when first asked for, not for every string made (LazyHashPatch)
            FieldsPatch.STRING_HASH,
            new CallRedirectPatch(STRING, "<init>", STRING, "hashCode", "([BII)I", Hooks.VALUES, "initialStringHash", 1),
            new LazyHashPatch(),
            // string equality compares bytes with the vectorized JDK routine
            new RedirectPatch(STRING, "raweq", desc(boolean.class, LuaString.class), Hooks.VALUES, "stringsEqual"),
            // number literals as LuaJIT reads them (binary, hex floats, malformed number)
            new NumberLiteralPatch(),
            // a string as a number (arithmetic, isnumber, todouble, library arguments) as LuaJIT reads it: "-0x10",
            // "0x1p4", "inf"
            new RedirectPatch(STRING, "scannumber", desc(double.class), Hooks.VALUES, "scanNumber"),
            // strings compare by unsigned bytes ("\255" > "\1"), as in C
            new RedirectPatch(STRING, "strcmp", desc(int.class, LuaString.class), Hooks.VALUES, "compareStrings"),
            // Lua 5.1: the length of a table ignores __len
            new RedirectPatch(internal(LuaTable.class), "len", desc(LuaValue.class), Hooks.VALUES, "tableLength"),
            // a large table or concatenation about to grow checks the memory first (MemoryGuard: "not enough
            // memory" instead of a minute of collections before an OutOfMemoryError)
            new HookCallPatch(internal(LuaTable.class), "rehash", "(I)V", HookCallPatch.At.ENTRY, Hooks.VALUES,
                    "beforeRehash"),
            // a rehash that leaves the hash part empty drops its removed keys' slots instead of failing on them
            new RehashBucketsPatch(),
            new HookCallPatch(internal(org.luaj.vm2.Buffer.class), "realloc", "(II)V", HookCallPatch.At.ENTRY,
                    Hooks.VALUES, "beforeBufferGrowth"),
            // a table's field keeps the value stored in it, as it is: LuaJ kept a number under a non-integer key as
            // a double (NumberValueEntry), so a string stored there next that looked like a number became one
            // (t.x = 1; t.x = "10" read back the number 10), and every read boxed the number anew
            tableEntries(),
            // a weak-keyed table's slot of a function key goes where a look-up of that key searches: LuaJ placed
            // every weak key by hashmod at a resize, but looks a function up by hashpow2, so a weak-keyed table lost
            // its function keys (rawget nil, next "invalid key") once it grew past its first few
            weakKeyIndex("WeakKeySlot"), weakKeyIndex("WeakKeyAndValueSlot"),
            // a table counts the removals of its hash keys, so that a compiled site's cached entry of a constant key
            // (FieldSite) knows whether its key is still there
            FieldsPatch.TABLE_REMOVALS,
            new HookCallPatch(internal(LuaTable.class), "hashRemove", desc(void.class, LuaValue.class),
                    HookCallPatch.At.ENTRY, Hooks.VALUES, "beforeKeyRemoval"),
            // a state's memory limit measures what the state holds by marking tables and strings as it walks them
            FieldsPatch.TABLE_MARK, FieldsPatch.STRING_MARK,
            // the border of a table with holes is LuaJIT's (lj_tab_len on the array part), for # and every library
            new RedirectPatch(internal(LuaTable.class), "rawlen", desc(int.class), Hooks.VALUES, "border"),
            // argument checks say which argument was wrong (LuaJ's did not)
            new IndexedArgumentsPatch(),
            // tostring of tables, functions, threads and userdata as LuaJIT writes it ("table: 0x...",
            // "function: builtin#N"), never a Java class name
            new RedirectPatch(VALUE, "tojstring", desc(String.class), Hooks.VALUES, "identityText"),
            new RedirectPatch(internal(LuaFunction.class), "tojstring", desc(String.class), Hooks.VALUES, "identityText", VALUE),
            new RedirectPatch(CLOSURE, "tojstring", desc(String.class), Hooks.VALUES, "identityText", VALUE),
            new RedirectPatch(internal(LibFunction.class), "tojstring", desc(String.class), Hooks.VALUES, "identityText", VALUE),
            new RedirectPatch(internal(LuaUserdata.class), "tojstring", desc(String.class), Hooks.VALUES, "userdataText"),
            // (io's file classes are not public: named by their internal names)
            fileText("org/luaj/vm2/lib/jse/JseIoLib$FileImpl"),
            fileText("org/luaj/vm2/lib/jse/JseIoLib$StdoutFile"),
            fileText("org/luaj/vm2/lib/jse/JseIoLib$StdinFile"),
            // a string's Java text is its UTF-8, malformed bytes replaced (LuaJ's decoder threw on a cut sequence)
            new RedirectPatch(STRING, "tojstring", desc(String.class), Hooks.VALUES, "stringText"),
            // each state has its own string metatable (LuaJ's is one static field for the whole JVM)
            new RedirectPatch(STRING, "getmetatable", desc(LuaValue.class), Hooks.VALUES, "stringMetatable"),
            // Lua 5.1: ordered comparisons need the same handler on both operands
            new RedirectPatch(VALUE, "comparemt", desc(LuaValue.class, LuaValue.class, LuaValue.class), Hooks.VALUES,
                    "compareByMetamethod"),
            // a string operand reaches an arithmetic metamethod as the string, as in LuaJIT (LuaJ converted it)
            stringArithmetic("add", "stringAdd"), stringArithmetic("sub", "stringSub"),
            stringArithmetic("mul", "stringMul"), stringArithmetic("div", "stringDiv"),
            stringArithmetic("mod", "stringMod"), stringArithmetic("pow", "stringPow"),
            // a __call handler must be a function (a table's own __call pointing to it looped forever)
            new RedirectPatch(VALUE, "callmt", desc(LuaValue.class), Hooks.VALUES, "callHandler"),
            // Lua 5.1: __unm receives its operand twice
            new RedirectPatch(VALUE, "neg", desc(LuaValue.class), Hooks.VALUES, "negate"));

    private static ClassPatch stringArithmetic(String method, String hook) {
        return new RedirectPatch(STRING, method, desc(LuaValue.class, LuaValue.class), Hooks.VALUES, hook);
    }

    static String internal(Class<?> c) {
        return Type.getInternalName(c);
    }

    static String desc(Class<?> returned, Class<?>... parameters) {
        Type[] types = new Type[parameters.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = Type.getType(parameters[i]);
        }
        return Type.getMethodDescriptor(Type.getType(returned), types);
    }

    private LuaJPatcher() {}

    private static ClassPatch nilTest(String method, int calls) {
        return new CallRedirectPatch(internal(LuaTable.class), method, VALUE, "isnil", "()Z", Hooks.VALUES, "isNil", calls);
    }

    /**
     * {@code LuaString.RecentShortStrings.access$000()}, the accessor through which {@code LuaString.valueOf} and
     * {@code valueUsing} reach the cache: it answers the calling thread's own ({@code ValueSemantics.recentStrings}).
     */
    private static ClassPatch recentStrings() {
        String desc = "()[L" + STRING + ";";
        return new MethodBodyPatch(STRING + "$RecentShortStrings", "access$000", desc) {
            @Override
            void body(MethodVisitor mv) {
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, Hooks.VALUES, "recentStrings", desc, false);
                mv.visitInsn(Opcodes.ARETURN);
            }
        };
    }

    /**
     * {@code LuaTable.defaultEntry(key, value)}, the entry of a new hash key, as LuaJ wrote it less its third case:
     * an integer key gets an {@code IntKeyEntry}, every other key a {@code NormalEntry} holding the value itself.
     */
    private static ClassPatch tableEntries() {
        String table = internal(LuaTable.class);
        String value = "L" + VALUE + ";";
        return new MethodBodyPatch(table, "defaultEntry", "(" + value + value + ")L" + table + "$Entry;") {
            @Override
            void body(MethodVisitor mv) {
                Label other = new Label();
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, "isinttype", "()Z", false);
                mv.visitJumpInsn(Opcodes.IFEQ, other);
                mv.visitTypeInsn(Opcodes.NEW, table + "$IntKeyEntry");
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VALUE, "toint", "()I", false);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitMethodInsn(Opcodes.INVOKESPECIAL, table + "$IntKeyEntry", "<init>",
                        "(I" + value + ")V", false);
                mv.visitInsn(Opcodes.ARETURN);
                mv.visitLabel(other);
                mv.visitTypeInsn(Opcodes.NEW, table + "$NormalEntry");
                mv.visitInsn(Opcodes.DUP);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitMethodInsn(Opcodes.INVOKESPECIAL, table + "$NormalEntry", "<init>",
                        "(" + value + value + ")V", false);
                mv.visitInsn(Opcodes.ARETURN);
            }
        };
    }

    /**
     * {@code keyindex(mask)} of one of {@code WeakTable}'s slots that hold their key weakly: {@code
     * ValueSemantics.weakKeyIndex(strongkey(), keyhash, mask)}, the index {@code LuaTable.hashSlot} gives a live key.
     */
    private static ClassPatch weakKeyIndex(String slot) {
        String owner = "org/luaj/vm2/WeakTable$" + slot;
        return new MethodBodyPatch(owner, "keyindex", "(I)I") {
            @Override
            void body(MethodVisitor mv) {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, "strongkey", "()L" + VALUE + ";", false);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, owner, "keyhash", "I");
                mv.visitVarInsn(Opcodes.ILOAD, 1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, Hooks.VALUES, "weakKeyIndex", "(L" + VALUE + ";II)I", false);
                mv.visitInsn(Opcodes.IRETURN);
            }
        };
    }

    /** {@code tojstring} of an io file class: "file (0x...)" or "file (closed)", as LuaJIT writes it. */
    private static ClassPatch fileText(String owner) {
        return new MethodBodyPatch(owner, "tojstring", "()Ljava/lang/String;") {
            @Override
            void body(MethodVisitor mv) {
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, "isclosed", "()Z", false);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, Hooks.VALUES, "fileText", "(Lorg/luaj/vm2/LuaValue;Z)Ljava/lang/String;", false);
                mv.visitInsn(Opcodes.ARETURN);
            }
        };
    }

    /** LuaJ's own jar: stdlib's classes, also on this tool's class path, have their rewritten copies of LuaJ. */
    private static Path luajJar() throws IOException, URISyntaxException {
        for (java.net.URL url : java.util.Collections.list(
                LuaJPatcher.class.getClassLoader().getResources("org/luaj/vm2/Lua.class"))) {
            if (url.getProtocol().equals("jar")) {
                String file = url.getPath(); // file:/path/luaj-jse.jar!/org/luaj/vm2/Lua.class
                return Path.of(new java.net.URI(file.substring(0, file.indexOf("!/"))));
            }
        }
        throw new IllegalStateException("the luaj-jse jar is not on the class path");
    }

    public static void main(String[] args) throws IOException, URISyntaxException {
        Path out = Path.of(args[0]);
        Path luaj = luajJar();
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (ZipFile jar = new ZipFile(luaj.toFile())) {
            for (ClassPatch patch : PATCHES) {
                byte[] current = classes.get(patch.className());
                if (current == null) {
                    ZipEntry entry = jar.getEntry(patch.className() + ".class");
                    if (entry == null) {
                        throw new IllegalStateException(patch.className() + " not found in " + luaj);
                    }
                    try (InputStream in = jar.getInputStream(entry)) {
                        current = in.readAllBytes();
                    }
                }
                classes.put(patch.className(), patch.apply(current));
            }
            LinkCheck.verify(classes.values(), out);
            // then every LuaJ class, patched or not, at a modern class-file version (see Modernizer)
            Modernizer modern = new Modernizer(out, luaj);
            Map<String, byte[]> all = new TreeMap<>();
            for (ZipEntry entry : java.util.Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.endsWith(".class")) {
                    String className = name.substring(0, name.length() - ".class".length());
                    byte[] bytes = classes.get(className);
                    if (bytes == null) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            bytes = in.readAllBytes();
                        }
                    }
                    all.put(className, bytes);
                }
            }
            for (Map.Entry<String, byte[]> c : all.entrySet()) {
                Path target = out.resolve(c.getKey() + ".class");
                Files.createDirectories(target.getParent());
                Files.write(target, modern.rewrite(c.getKey(), c.getValue()));
            }
        }
    }
}
