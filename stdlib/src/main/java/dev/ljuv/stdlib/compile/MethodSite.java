package dev.ljuv.stdlib.compile;

import dev.ljuv.stdlib.lua.LuaObject;
import dev.ljuv.stdlib.lua.StableMethods;
import org.luaj.vm2.LuaValue;

/**
 * One compiled {@code obj:name(...)} site: an inline cache of the method it last found on an ljuv object
 * (loop, handle, channel, string buffer...), valid while that type's methods are unchanged (see
 * {@code MethodTable.version}), or on a value with {@link StableMethods} (a Java object: per class). A method call in a loop then looks its method up once instead of hashing the
 * name on every call. Any other receiver (a table, a string) takes the ordinary look-up, metamethods included.
 *
 * <p>Threading: owned by the generated class of one chunk, which runs in one Lua state; a race between two
 * threads running the same chunk could only make one of them look the method up again.
 */
public final class MethodSite {
    private final LuaValue name;
    private Object version;
    private LuaValue method;

    public MethodSite(LuaValue name) {
        this.name = name;
    }

    /** {@code receiver[name]}, as {@code SELF} looks it up. */
    public LuaValue find(LuaValue receiver) {
        if (receiver instanceof LuaObject o && o.methodTable().version() == version) {
            return method;
        }
        if (receiver instanceof StableMethods m && m.methodsKey() == version) {
            return method;
        }
        return lookUp(receiver);
    }

    private LuaValue lookUp(LuaValue receiver) {
        LuaValue found = receiver.get(name);
        if (receiver instanceof LuaObject o && o.methodTable().lookup(name) == found) {
            method = found;
            version = o.methodTable().version();
        } else if (receiver instanceof StableMethods m && m.isStableMethod(name)) {
            method = found;
            version = m.methodsKey();
        }
        return found;
    }
}
