package dev.ljuv.patcher;

/**
 * Names of the members the patches add to LuaJ classes, for the runtime code that reads them (constants:
 * javac copies them into that code, so the runtime does not need this class).
 */
public final class PatchedMembers {
    private PatchedMembers() {}

    /** Added to {@code LuaError}: the Lua frames the error travels through. */
    public static final String ERROR_TRACE = "ljuvTrace";
    /** Added to {@code Prototype}: the function's compiled form. */
    public static final String PROTOTYPE_COMPILED = "ljuv$compiled";
    /** Added to {@code FuncState}: how many of the function's constants are numbers (see {@code ParserHooks.addConstant}). */
    public static final String NUMBER_CONSTANTS = "ljuv$numbers";
    /** Added to {@code LexState}: the parser hooks' state of one parse. */
    public static final String LEXER_STATE = "ljuv$parser";
    /** Added to {@code LuaTable} and {@code LuaString}: the memory walk that last counted the object. */
    public static final String WALK_MARK = "ljuv$walk";
    /** Added to {@code LuaTable}: the count of removals of hash keys (see {@code ValueSemantics.beforeKeyRemoval}). */
    public static final String TABLE_REMOVALS = "ljuv$removals";
    /** Added to {@code LuaValue} and {@code LuaClosure}: the value's compiled code, or null (see {@code CodeAccessorPatch}). */
    public static final String CODE_ACCESSOR = "ljuv$code";
    /** {@code LuaClosure}'s interpreter, renamed, taking the call's frame as a third parameter. */
    public static final String EXECUTE = "ljuv$execute";
}
