package dev.ljuv.stdlib.compile;

import dev.ljuv.stdlib.lua.LuaObject;
import dev.ljuv.stdlib.lua.StableMethods;
import dev.ljuv.stdlib.vm.Table;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * One compiled {@code obj:name(...)} site: an inline cache of the method it last found on an ljuv object
 * (loop, handle, channel, string buffer...), valid while that type's methods are unchanged (see
 * {@code MethodTable.version}), or on a value with {@link StableMethods} (a Java object: per class). A method call in a loop then looks its method up once instead of hashing the
 * name on every call. On a table whose metatable's {@code __index} is a class table holding the method (Lua's usual
 * objects), or a class that gets it the same way from its base class (one level of inheritance), and on a string (its
 * metatable's {@code __index} is the {@code string} table), the site keeps the slots that lead to the method (tables
 * of the runtime's, {@link Table}: a key stays in its slot until a resize) and checks only that the table, and a
 * class on the way, have no field of that name.
 * A table holding the method as its own field has its slot guessed, as a field site guesses. Any other receiver (a
 * table reaching its method otherwise, userdata) takes the ordinary look-up, metamethods included.
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
     * Where a key sat in a table of the runtime's: its hash part (the table's array until a resize) and the key's
     * index there. The key keeps that slot until a resize; its value is read live, so a method redefined in its
     * class is seen at once, and a removed one reads null.
     */
    private record Slot(Table table, LuaValue[] slots, int index) {
        /** The slot of {@code key} in {@code t}, or null (no such key, or not the runtime's storage). */
        static Slot of(Table t, LuaString key) {
            int i = t.fieldSlot(key);
            return i < 0 ? null : new Slot(t, t.hashSlots(), i);
        }

        /** The key's value while it is still in this slot, else null. */
        LuaValue value() {
            return table.hashSlots() == slots ? slots[index + 1] : null;
        }
    }

    /** One step from a value to its class: the value's metatable's {@code __index} slot and the class table it held. */
    private record ClassStep(Table metatable, Slot index, Table cls) {
        /** The step from {@code v} when its metatable's {@code __index} is a plain table, else null. */
        static ClassStep of(LuaValue v) {
            if (v.getmetatable() instanceof Table mt) {
                Slot index = Slot.of(mt, LuaValue.INDEX);
                if (index != null && index.value() instanceof Table cls && cls.ownStorage()) {
                    return new ClassStep(mt, index, cls);
                }
            }
            return null;
        }

        /** Whether {@code v} still leads to the same class this way. */
        boolean leads(LuaValue v) {
            return v.getmetatable() == metatable && index.value() == cls;
        }
    }

    /** The last method found in the class of a table or string: the step to it, and the method's slot there. */
    private record ClassMethod(ClassStep step, Slot method) {}

    private ClassMethod classMethod;
    /** The one found before it: a site calling the same method on objects of two classes (a shape's area) hits both. */
    private ClassMethod otherMethod;
    private int classMisses;

    /**
     * The last method found one class further: the object's class (which has no field of that name, checked on every
     * hit) leads to the base class holding the method (a subclass's usual set-up: {@code setmetatable(Derived, Base)}).
     */
    private record InheritedMethod(ClassStep derived, ClassStep base, Slot method) {}

    private InheritedMethod inherited;

    /**
     * Where the last table holding the method as its own field had it (a table of functions, {@code arr:set(...)} with
     * {@code set} a field of {@code arr}): the index of the key in its hash slots, checked as {@code FieldSite} checks
     * its guess. An own field comes before any class, so a hit there needs no other check.
     */
    private int ownSlot;

    /** {@code receiver[name]}, as {@code SELF} looks it up. */
    public LuaValue find(LuaValue receiver) {
        if (receiver instanceof LuaObject o && o.methodTable().version() == version) {
            return method;
        }
        if (receiver instanceof StableMethods m && m.methodsKey() == version) {
            return method;
        }
        if (receiver instanceof Table || receiver instanceof LuaString) {
            return inClass(receiver); // apart, so that find stays small enough to inline at every site
        }
        return lookUp(receiver);
    }

    private LuaValue inClass(LuaValue receiver) {
        if (receiver instanceof Table t) {
            LuaValue[] s = t.hashSlots();
            int i = ownSlot;
            if (FieldSite.holds(s, i, name)) {
                return s[i + 1];
            }
        }
        // the way to the class holding the method unchanged, and a table without a field of that name (which would hide
        // the method); one class further, the same for the subclass on the way
        LuaValue m = hit(classMethod, receiver);
        if (m != null || (m = hit(otherMethod, receiver)) != null) {
            return m;
        }
        InheritedMethod h = inherited;
        if (h != null && h.derived.leads(receiver) && h.base.leads(h.derived.cls) && (m = h.method.value()) != null
                && h.derived.cls.rawget(name) == LuaValue.NIL && noField(receiver)) {
            return m;
        }
        return classMisses < FieldSite.MEGAMORPHIC ? lookUpInClass(receiver) : receiver.get(name);
    }

    /** The method {@code c} found, when {@code receiver} still reaches it that way; else null. */
    private LuaValue hit(ClassMethod c, LuaValue receiver) {
        LuaValue m;
        return c != null && c.step.leads(receiver) && (m = c.method.value()) != null && noField(receiver) ? m : null;
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
            int own = receiver instanceof Table t && found != LuaValue.NIL ? t.fieldSlot(name) : -1;
            if (own >= 0) {
                ownSlot = own;
            }
            return found;
        }
        Slot method = Slot.of(step.cls, name);
        if (method != null && method.value() == found) {
            otherMethod = classMethod;
            classMethod = new ClassMethod(step, method);
        } else if (method == null && step.cls.rawget(name) == LuaValue.NIL) {
            ClassStep base = ClassStep.of(step.cls);
            if (base != null) {
                Slot inBase = Slot.of(base.cls, name);
                if (inBase != null && inBase.value() == found) {
                    inherited = new InheritedMethod(step, base, inBase);
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
