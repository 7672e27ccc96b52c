package dev.ljuv.embed;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.script.Bindings;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The engine scope of an {@link LjuvScriptEngine}: a live view of the Lua state's globals, so that
 * {@code engine.put("x", 1)} is the Lua global {@code x} and, after {@code eval("y = 2")}, {@code engine.get("y")}
 * is {@code 2L}. Reads and writes are raw (no metamethods of {@code _G} run); globals whose key is not a string
 * are not in the view. Values convert as {@link LuaState} converts them.
 *
 * <p>Threading: as the state's, one thread at a time.
 */
final class LuaBindings extends AbstractMap<String, Object> implements Bindings {
    private final LuaState state;
    private final LuaTable globals;

    LuaBindings(LuaState state) {
        this.state = state;
        this.globals = state.globals();
    }

    @Override
    public Object put(String name, Object value) {
        LuaValue key = key(name);
        return state.locked(() -> {
            Object old = state.toJava(globals.rawget(key));
            globals.rawset(key, state.toLua(value));
            return old;
        });
    }

    @Override
    public Object get(Object name) {
        LuaValue key = key(name);
        return state.locked(() -> state.toJava(globals.rawget(key)));
    }

    @Override
    public boolean containsKey(Object name) {
        LuaValue key = key(name);
        return state.locked(() -> !globals.rawget(key).isnil());
    }

    @Override
    public Object remove(Object name) {
        LuaValue key = key(name);
        return state.locked(() -> {
            Object old = state.toJava(globals.rawget(key));
            globals.rawset(key, LuaValue.NIL);
            return old;
        });
    }

    /** A snapshot of the string-keyed globals; changing an entry changes the global. */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> snapshot = state.locked(() -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Varargs e = globals.next(LuaValue.NIL); !e.arg1().isnil(); e = globals.next(e.arg1())) {
                if (e.arg1().type() == LuaValue.TSTRING) {
                    m.put(e.arg1().tojstring(), state.toJava(e.arg(2)));
                }
            }
            return m;
        });
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                var it = snapshot.entrySet().iterator();
                return new Iterator<>() {
                    private Entry<String, Object> last;

                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        Entry<String, Object> e = it.next();
                        last = e;
                        return new SimpleEntry<>(e.getKey(), e.getValue()) {
                            @Override
                            public Object setValue(Object value) {
                                super.setValue(value);
                                return LuaBindings.this.put(getKey(), value);
                            }
                        };
                    }

                    @Override
                    public void remove() {
                        it.remove();
                        LuaBindings.this.remove(last.getKey());
                    }
                };
            }

            @Override
            public int size() {
                return snapshot.size();
            }
        };
    }

    /** The Bindings contract: a non-empty string, else NullPointerException, ClassCastException, IllegalArgumentException. */
    private static LuaValue key(Object name) {
        if (name == null) {
            throw new NullPointerException("a binding's name cannot be null");
        }
        String s = (String) name;
        if (s.isEmpty()) {
            throw new IllegalArgumentException("a binding's name cannot be empty");
        }
        return LuaValue.valueOf(s);
    }
}
