package dev.ljuv.patcher;

/**
 * The runtime classes that patched LuaJ code calls, all in ljuv-stdlib, which this tool cannot see when it is
 * compiled (stdlib's build runs it). {@link LinkCheck} proves, when the patcher runs, that every member a
 * patched class names in them exists with that descriptor, so that a renamed hook fails the build, not a run.
 */
final class Hooks {
    private Hooks() {}

    /** Entry to and exit from every Lua call; tail calls. */
    static final String CALLS = "dev/ljuv/stdlib/vm/CallHooks";
    /** Unwinding, syntax and argument errors. */
    static final String ERRORS = "dev/ljuv/stdlib/vm/ErrorHooks";
    /** Lengths, comparisons, text of values, number literals. */
    static final String VALUES = "dev/ljuv/stdlib/vm/ValueSemantics";
    /** Number text ({@code %.14g}). */
    static final String NUMBERS = "dev/ljuv/stdlib/vm/LuaNumbers";
    /** A Lua call in progress, whose pc the interpreter keeps up to date. */
    static final String FRAME = "dev/ljuv/stdlib/vm/LuaStacks$Frame";
    /** LuaJIT 2.1's grammar where LuaJ's parser differs. */
    static final String PARSER = "dev/ljuv/stdlib/vm/ParserHooks";
    /** The compiler's name tables, without a lock per look-up. */
    static final String COMPILER_TABLE = "dev/ljuv/stdlib/vm/CompilerTable";
    /** LuaJIT's sizes of a table constructor's parts, worked out while the parser reads it. */
    static final String CONSTRUCTORS = "dev/ljuv/stdlib/vm/ConstructorShapes";
    /** When a function runs compiled: its calls counted, its code compiled once hot. */
    static final String CLOSURES = "dev/ljuv/stdlib/compile/CompiledChunk";
    /** A function's compiled code. */
    static final String CODE = "dev/ljuv/stdlib/compile/CompiledFunction";
}
