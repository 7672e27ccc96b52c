package dev.ljuv.stdlib.compile;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.luaj.vm2.LuaBoolean;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Upvaldesc;

/**
 * The generated classes of the JVM, one per distinct function: a prototype compiled once is the same class in every
 * Lua state that loads the same function (a thread pool's workers, the threads of a program running one script),
 * so the JIT compiles its code once and a new state runs it hot from its first call.
 *
 * <p>A class is found by what its code depends on: the prototype's instructions, constants, parameter and register
 * counts, and the upvalue descriptions of its own and its inner functions (the debug information is read at run time
 * from the closure's prototype, so it is not part of the key). Its only static fields are the constants, which are
 * immutable values; everything a state writes (the inline caches of {@link FieldSite} and {@link MethodSite}) lives
 * in the state's own instance of the class. Each class has a class loader of its own and is unloaded once no state
 * holds an instance of it.
 *
 * <p>Threading: any thread; a state compiling a function that another is compiling at the same time waits for that
 * class.
 */
public final class SharedClasses {
    private SharedClasses() {}

    private static final ConcurrentHashMap<Key, Shared> CLASSES = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Class<?>> UNLOADED = new ReferenceQueue<>();
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** A generated class, held weakly (its instances hold it) and removed from the map once unloaded. */
    private static final class Shared extends WeakReference<Class<?>> {
        final Key key;

        Shared(Class<?> c, Key key) {
            super(c, UNLOADED);
            this.key = key;
        }
    }

    /** What a generated class's code depends on, as bytes. */
    private record Key(byte[] bytes, int hash) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The loader of one generated class, which keeps the constants its initializer reads. */
    private static final class Loader extends ClassLoader {
        final LuaValue[] constants;

        Loader(LuaValue[] constants) {
            super("lua-function", SharedClasses.class.getClassLoader());
            this.constants = constants;
        }

        /** Defines the class and initializes it now, not in the middle of a call. */
        Class<?> define(String name, byte[] bytes) {
            defineClass(name, bytes, 0, bytes.length);
            try {
                return Class.forName(name, true, this);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e); // just defined
            }
        }
    }

    /** A generated class file and its class's name. */
    record Generated(String name, byte[] bytes) {}

    /**
     * The class of {@code p}'s code compiled as {@code variant} says (its compile options), generating it with
     * {@code generate} (given a number for its name, unique in the JVM; null when the function cannot be compiled)
     * unless this JVM has it already; null when it cannot be compiled.
     */
    static Class<?> of(Prototype p, String variant, IntFunction<Generated> generate) {
        for (Object r; (r = UNLOADED.poll()) != null; ) {
            CLASSES.remove(((Shared) r).key, r);
        }
        Key key = key(p, variant);
        Shared known = CLASSES.get(key);
        Class<?> c = known == null ? null : known.get();
        if (c != null) {
            return c;
        }
        dev.ljuv.stdlib.vm.NumberBoxes.prepare(); // before the first class: its shared boxes take a while to make
        Class<?>[] chosen = {null};
        // generated under the map's lock of the key: a state compiling the same function meanwhile waits for it
        CLASSES.compute(key, (k, old) -> {
            Class<?> live = old == null ? null : old.get();
            if (live != null) {
                chosen[0] = live;
                return old;
            }
            Generated g = generate.apply(NAMES.getAndIncrement());
            if (g == null) {
                return null;
            }
            chosen[0] = new Loader(p.k.clone()).define(g.name, g.bytes);
            return new Shared(chosen[0], k);
        });
        return chosen[0];
    }

    /** Called by a generated class's initializer: the constants it was compiled with. */
    public static LuaValue[] constants(Class<?> compiled) {
        return ((Loader) compiled.getClassLoader()).constants;
    }

    private static Key key(Prototype p, String variant) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + p.code.length * 4);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(variant);
            out.writeShort(p.numparams);
            out.writeByte(p.is_vararg);
            out.writeShort(p.maxstacksize);
            out.writeInt(p.code.length);
            for (int i : p.code) {
                out.writeInt(i);
            }
            out.writeInt(p.k.length);
            for (LuaValue k : p.k) {
                constant(out, k);
            }
            upvalues(out, p.upvalues);
            out.writeShort(p.p == null ? 0 : p.p.length);
            if (p.p != null) {
                for (Prototype inner : p.p) {
                    upvalues(out, inner.upvalues); // captured by CLOSURE here
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // not thrown by a byte array
        }
        byte[] b = bytes.toByteArray();
        return new Key(b, Arrays.hashCode(b));
    }

    private static void constant(DataOutputStream out, LuaValue k) throws IOException {
        if (k instanceof LuaString s) {
            out.writeByte('s');
            out.writeInt(s.m_length);
            out.write(s.m_bytes, s.m_offset, s.m_length);
        } else if (k instanceof LuaInteger i) {
            out.writeByte('i');
            out.writeInt(i.v);
        } else if (k instanceof LuaDouble d) {
            out.writeByte('d');
            out.writeLong(Double.doubleToRawLongBits(d.todouble()));
        } else if (k instanceof LuaBoolean b) {
            out.writeByte(b.v ? 't' : 'f');
        } else if (k.isnil()) {
            out.writeByte('n');
        } else {
            // no other constant exists in a prototype; a key of its own keeps such a function to itself
            out.writeByte('?');
            out.writeInt(NAMES.getAndIncrement());
        }
    }

    private static void upvalues(DataOutputStream out, Upvaldesc[] upvalues) throws IOException {
        out.writeShort(upvalues.length);
        for (Upvaldesc u : upvalues) {
            out.writeBoolean(u.instack);
            out.writeShort(u.idx);
        }
    }
}
