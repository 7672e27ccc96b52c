package dev.ljuv.stdlib.lua;

import org.luaj.vm2.LuaValue;

/**
 * A value whose methods are fixed by a key that many values share (Java objects: their class), so that a compiled
 * {@code obj:name(...)} site may keep the method it found for the next receiver with the same key.
 *
 * <p>Threading: the key and the answer never change for a given value.
 */
public interface StableMethods {
    /** What the methods depend on: receivers with the same key (compared by identity) have the same methods. */
    Object methodsKey();

    /** Whether {@code receiver[name]} is a method that stays the same for every value of this key (not a field). */
    boolean isStableMethod(LuaValue name);
}
