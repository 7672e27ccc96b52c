package dev.ljuv.thread;

import org.luaj.vm2.Globals;

/**
 * Builds the fresh Lua state of a new ljuv thread, the same way the process's first state was built (the
 * runtime assembly provides it), with the creator's package paths.
 *
 * <p>Threading: called on the new thread; implementations must be thread-safe.
 */
@FunctionalInterface
public interface StateFactory {
    Globals newState(String packagePath, String packageCPath);
}
