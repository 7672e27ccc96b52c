package dev.ljuv.patcher;

import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Opens some fields of a LuaJ class to everyone (public, not final) and adds one public field, an {@code Object} or a
 * counter (transient: it is ours, never part of LuaJ's state): how the error hooks and the compiler keep their data on
 * LuaJ's objects.
 */
final class FieldsPatch implements ClassPatch {
    /** Added to {@code LuaError}: the Lua frames the error travels through (see {@code ErrorHooks}). */
    static final String ERROR_TRACE = PatchedMembers.ERROR_TRACE;
    /** Added to {@code Prototype}: the function's compiled form (see {@code CompiledChunk}). */
    static final String PROTOTYPE_COMPILED = PatchedMembers.PROTOTYPE_COMPILED;

    /**
     * {@code LuaError}: {@code level}, {@code fileline} and {@code traceback} made public so that
     * {@code ErrorHooks} can place the position at the error's level, and the trace field added.
     */
    static final FieldsPatch ERROR = new FieldsPatch("org/luaj/vm2/LuaError",
            Set.of("level", "fileline", "traceback"), ERROR_TRACE);
    /**
     * {@code Prototype}: its compiled form, found with one field read when a closure is created, and living
     * exactly as long as the prototype.
     */
    static final FieldsPatch PROTOTYPE = new FieldsPatch("org/luaj/vm2/Prototype", Set.of(), PROTOTYPE_COMPILED);

    /** {@code LexState}: the parser hooks' state of the parse (see {@code ParserHooks}). */
    static final FieldsPatch LEXER = new FieldsPatch("org/luaj/vm2/compiler/LexState", Set.of(),
            PatchedMembers.LEXER_STATE);

    /**
     * {@code FuncState}: how many of the constants of the function being compiled are numbers; the others are
     * strings, LuaJIT's other kind (see {@code ParserHooks.addConstant}: each kind has LuaJIT's limit).
     */
    static final FieldsPatch FUNC_NUMBERS = new FieldsPatch("org/luaj/vm2/compiler/FuncState", Set.of(),
            PatchedMembers.NUMBER_CONSTANTS, "I");

    /**
     * {@code LuaTable} and {@code LuaString}: the memory walk that last counted the object (see {@code MemoryWalk}),
     * so that a walk over millions of them marks each in place instead of keeping a set of them. The field takes
     * the padding both objects already have (28 bytes of fields and header, aligned to 32): no memory cost.
     */
    static final FieldsPatch TABLE_MARK = new FieldsPatch("org/luaj/vm2/LuaTable", Set.of(), PatchedMembers.WALK_MARK);
    static final FieldsPatch STRING_MARK = new FieldsPatch("org/luaj/vm2/LuaString", Set.of(), PatchedMembers.WALK_MARK);

    /** {@code LuaString}'s hash, written when first asked for, not by the constructor (see {@link LazyHashPatch}). */
    static final FieldsPatch STRING_HASH = new FieldsPatch("org/luaj/vm2/LuaString", Set.of("m_hashcode"), null, null);
    /**
     * {@code LuaTable}: how many removals of a hash key it has seen (counted by {@code ValueSemantics.beforeKeyRemoval}, a hook on {@code hashRemove}), so that a
     * compiled field site's cached entry knows its key is still there (see {@code FieldSite}). It costs a table 8
     * bytes (40 instead of 32, with compressed references): far less than the hash look-ups it saves.
     */
    static final FieldsPatch TABLE_REMOVALS = new FieldsPatch("org/luaj/vm2/LuaTable", Set.of(),
            PatchedMembers.TABLE_REMOVALS, "I");

    private final String owner;
    private final Set<String> opened;
    /** The field added, or null for none. */
    private final String added;
    private final String addedType;

    private FieldsPatch(String owner, Set<String> opened, String added) {
        this(owner, opened, added, "Ljava/lang/Object;");
    }

    private FieldsPatch(String owner, Set<String> opened, String added, String addedType) {
        this.owner = owner;
        this.opened = opened;
        this.added = added;
        this.addedType = addedType;
    }

    @Override
    public String className() {
        return owner;
    }

    @Override
    public byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, 0);
        int[] found = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public FieldVisitor visitField(int access, String name, String desc, String sig, Object value) {
                if (opened.contains(name)) {
                    found[0]++;
                    access = (access & ~(Opcodes.ACC_PROTECTED | Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL))
                            | Opcodes.ACC_PUBLIC;
                }
                return super.visitField(access, name, desc, sig, value);
            }

            @Override
            public void visitEnd() {
                if (added != null) {
                    super.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_TRANSIENT, added, addedType, null, null)
                            .visitEnd();
                }
                super.visitEnd();
            }
        }, 0);
        if (found[0] != opened.size()) {
            throw new IllegalStateException(owner + " does not have the fields " + opened);
        }
        return writer.toByteArray();
    }
}
