package dev.ljuv.patcher;

/** One build-time change to one LuaJ core class. */
interface ClassPatch {
    /** Internal name of the class, such as {@code org/luaj/vm2/LuaError}. */
    String className();

    /** The patched class file; fails when the original does not have the shape this patch expects. */
    byte[] apply(byte[] original);
}
