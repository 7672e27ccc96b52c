package dev.ljuv.runtime;

import dev.ljuv.java.JavaAccess;
import java.util.Set;

/**
 * What the Lua states of a runtime may reach, applied by {@link LuaRuntime} to every state it makes (ljuv threads
 * and pool workers of a restricted state are just as restricted).
 *
 * @param java the classes the {@code java} and {@code luajava} modules may name
 * @param removed standard libraries and modules the states do not get (of {@link #REMOVABLE})
 * @param binaryChunks whether Lua's {@code load} family accepts binary chunks
 *
 * <p>Threading: immutable.
 */
public record StatePolicy(JavaAccess java, Set<String> removed, boolean binaryChunks) {
    /** What may be left out: the libraries that reach outside the state, and the module ones. */
    public static final Set<String> REMOVABLE = Set.of("io", "os", "debug", "jit", "java", "luajava", "ljuv");

    /** The command line's: everything. */
    public static final StatePolicy ALL = new StatePolicy(JavaAccess.ALL, Set.of(), true);

    public StatePolicy {
        removed = Set.copyOf(removed);
        for (String name : removed) {
            if (!REMOVABLE.contains(name)) {
                throw new IllegalArgumentException("not a removable library: " + name + " (one of " + REMOVABLE + ")");
            }
        }
    }
}
