package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.vm.ValueSemantics.keyRemovals;

import dev.ljuv.stdlib.lua.LuaObject;
import dev.ljuv.stdlib.lua.StableMethods;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One compiled {@code obj:name(...)} site: an inline cache of the method it last found on an ljuv object
 * (loop, handle, channel, string buffer...), valid while that type's methods are unchanged (see
 * {@code MethodTable.version}), or on a value with {@link StableMethods} (a Java object: per class). A method call in a loop then looks its method up once instead of hashing the
 * name on every call. On a table whose metatable's {@code __index} is a class table holding the method (Lua's usual
 * objects), or a class that gets it the same way from its base class (one level of inheritance), and on a string (its
 * metatable's {@code __index} is the {@code string} table), the site keeps the entries that lead to the method (see
 * {@link FieldSite}) and checks only that the table, and a class on the way, have no field of that name.
 * Any other receiver (a table reaching its method otherwise, userdata) takes the ordinary look-up, metamethods
 * included.
 *
 * <p>Threading: a field of one state's instance of a generated class, used by the thread running that state.
 */
public final class MethodSite {
    private final LuaValue name;
    private Object version;
    private LuaValue method;

    public MethodSite(LuaValue name) {
        this.name = name;
    }

    /**
     * The last method found on a table through its metatable's {@code __index} table (a class): the metatable, its
     * entry for {@code __index}, the class and its entry for the name, with the two tables' removal counts (see
     * {@link FieldSite} for entries and counts).
     */
    private record ClassMethod(LuaTable metatable, int metatableRemovals, Varargs indexEntry, LuaTable cls,
            int classRemovals, Varargs entry) {}

    private ClassMethod classMethod;
    private int classMisses;

    /**
     * The last method found one class further: the object's class (which has no field of that name, checked on every
     * hit) has a metatable whose {@code __index} is the base class holding the method (a subclass's usual set-up:
     * {@code setmetatable(Derived, Base)}).
     */
    private record InheritedMethod(ClassMethod derived, LuaTable metatable, int metatableRemovals,
            Varargs indexEntry, LuaTable base, int baseRemovals, Varargs entry) {}

    private InheritedMethod inherited;

    /** {@code receiver[name]}, as {@code SELF} looks it up. */
    public LuaValue find(LuaValue receiver) {
        if (receiver instanceof LuaObject o && o.methodTable().version() == version) {
            return method;
        }
        if (receiver instanceof StableMethods m && m.methodsKey() == version) {
            return method;
        }
        if (receiver.getClass() == LuaTable.class || receiver instanceof LuaString) {
            return inClass(receiver); // apart, so that find stays small enough to inline at every site
        }
        return lookUp(receiver);
    }

    private LuaValue inClass(LuaValue receiver) {
        ClassMethod c = classMethod;
        // the receiver's metatable still the one whose __index is the class holding the method, and a table without
        // a field of that name (which would hide the method)
        if (c != null && receiver.getmetatable() == c.metatable && keyRemovals(c.metatable) == c.metatableRemovals
                && c.indexEntry.arg(2) == c.cls && keyRemovals(c.cls) == c.classRemovals
                && (receiver instanceof LuaString || ((LuaTable) receiver).rawget(name) == LuaValue.NIL)) {
            return c.entry.arg(2);
        }
        InheritedMethod h = inherited;
        if (h != null && receiver.getmetatable() == h.derived.metatable
                && keyRemovals(h.derived.metatable) == h.derived.metatableRemovals && h.derived.indexEntry.arg(2) == h.derived.cls
                && h.derived.cls.getmetatable() == h.metatable && keyRemovals(h.metatable) == h.metatableRemovals
                && h.indexEntry.arg(2) == h.base && keyRemovals(h.base) == h.baseRemovals
                && h.derived.cls.rawget(name) == LuaValue.NIL
                && (receiver instanceof LuaString || ((LuaTable) receiver).rawget(name) == LuaValue.NIL)) {
            return h.entry.arg(2);
        }
        return classMisses < FieldSite.MEGAMORPHIC ? lookUpInClass(receiver) : receiver.get(name);
    }

    private LuaValue lookUpInClass(LuaValue receiver) {
        classMisses++;
        LuaValue found = receiver.get(name);
        if (found != LuaValue.NIL && (receiver instanceof LuaString || receiver.rawget(name) == LuaValue.NIL)
                && receiver.getmetatable() instanceof LuaTable mt
                && FieldSite.PLAIN.get(mt.getClass())) {
            int metatableRemovals = keyRemovals(mt);
            Varargs indexEntry = FieldSite.entry(mt, LuaValue.INDEX);
            if (indexEntry != null && indexEntry.arg(2) instanceof LuaTable cls && cls.getClass() == LuaTable.class) {
                int classRemovals = keyRemovals(cls);
                Varargs entry = FieldSite.entry(cls, name);
                if (entry != null && entry.arg(2) == found) {
                    classMethod = new ClassMethod(mt, metatableRemovals, indexEntry, cls, classRemovals, entry);
                } else if (entry == null && cls.rawget(name) == LuaValue.NIL) {
                    inheritedFrom(new ClassMethod(mt, metatableRemovals, indexEntry, cls, classRemovals, null), found);
                }
            }
        }
        return found;
    }

    /** Caches {@code found} when the base class of {@code derived}'s class (one level up) holds it. */
    private void inheritedFrom(ClassMethod derived, LuaValue found) {
        if (derived.cls.getmetatable() instanceof LuaTable mt && FieldSite.PLAIN.get(mt.getClass())) {
            int metatableRemovals = keyRemovals(mt);
            Varargs indexEntry = FieldSite.entry(mt, LuaValue.INDEX);
            if (indexEntry != null && indexEntry.arg(2) instanceof LuaTable base && base.getClass() == LuaTable.class) {
                int baseRemovals = keyRemovals(base);
                Varargs entry = FieldSite.entry(base, name);
                if (entry != null && entry.arg(2) == found) {
                    inherited = new InheritedMethod(derived, mt, metatableRemovals, indexEntry, base, baseRemovals, entry);
                }
            }
        }
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
