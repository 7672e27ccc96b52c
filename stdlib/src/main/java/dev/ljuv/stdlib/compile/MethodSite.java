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
    private final LuaString name;
    private Object version;
    private LuaValue method;

    public MethodSite(LuaValue name) {
        this.name = (LuaString) name; // a method's name is a string constant (SELF's)
    }

    /**
     * One step from a value to its class: the value's metatable, that metatable's entry for {@code __index} and the
     * class table it held, with the metatable's removal count (see {@link FieldSite} for entries and counts).
     */
    private record ClassStep(LuaTable metatable, int metatableRemovals, Varargs indexEntry, LuaTable cls) {
        /** The step from {@code v} when its metatable's {@code __index} is a plain table, else null. */
        static ClassStep of(LuaValue v) {
            if (v.getmetatable() instanceof LuaTable mt && FieldSite.PLAIN.get(mt.getClass())) {
                int removals = keyRemovals(mt);
                Varargs indexEntry = FieldSite.entry(mt, LuaValue.INDEX);
                if (indexEntry != null && indexEntry.arg(2) instanceof LuaTable cls && cls.getClass() == LuaTable.class) {
                    return new ClassStep(mt, removals, indexEntry, cls);
                }
            }
            return null;
        }

        /** Whether {@code v} still leads to the same class this way. */
        boolean leads(LuaValue v) {
            return v.getmetatable() == metatable && keyRemovals(metatable) == metatableRemovals
                    && indexEntry.arg(2) == cls;
        }
    }

    /** The last method found in the class of a table or string: the step to it, and its entry (with the class's count). */
    private record ClassMethod(ClassStep step, int classRemovals, Varargs entry) {}

    private ClassMethod classMethod;
    private int classMisses;

    /**
     * The last method found one class further: the object's class (which has no field of that name, checked on every
     * hit) leads to the base class holding the method (a subclass's usual set-up: {@code setmetatable(Derived, Base)}).
     */
    private record InheritedMethod(ClassStep derived, ClassStep base, int baseRemovals, Varargs entry) {}

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
        // the way to the class holding the method unchanged, and a table without a field of that name (which would hide
        // the method); one class further, the same for the subclass on the way
        ClassMethod c = classMethod;
        if (c != null && c.step.leads(receiver) && keyRemovals(c.step.cls) == c.classRemovals && noField(receiver)) {
            return c.entry.arg(2);
        }
        InheritedMethod h = inherited;
        if (h != null && h.derived.leads(receiver) && h.base.leads(h.derived.cls) && keyRemovals(h.base.cls) == h.baseRemovals
                && h.derived.cls.rawget(name) == LuaValue.NIL && noField(receiver)) {
            return h.entry.arg(2);
        }
        return classMisses < FieldSite.MEGAMORPHIC ? lookUpInClass(receiver) : receiver.get(name);
    }

    /** Whether a receiver has no field of the name (a string has none). */
    private boolean noField(LuaValue receiver) {
        return receiver instanceof LuaString || ((LuaTable) receiver).rawget(name) == LuaValue.NIL;
    }

    private LuaValue lookUpInClass(LuaValue receiver) {
        classMisses++;
        LuaValue found = receiver.get(name);
        ClassStep step = found != LuaValue.NIL && noField(receiver) ? ClassStep.of(receiver) : null;
        if (step == null) {
            return found;
        }
        int classRemovals = keyRemovals(step.cls);
        Varargs entry = FieldSite.entry(step.cls, name);
        if (entry != null && entry.arg(2) == found) {
            classMethod = new ClassMethod(step, classRemovals, entry);
        } else if (entry == null && step.cls.rawget(name) == LuaValue.NIL) {
            ClassStep base = ClassStep.of(step.cls);
            if (base != null) {
                int baseRemovals = keyRemovals(base.cls);
                Varargs inBase = FieldSite.entry(base.cls, name);
                if (inBase != null && inBase.arg(2) == found) {
                    inherited = new InheritedMethod(step, base, baseRemovals, inBase);
                }
            }
        }
        return found;
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
