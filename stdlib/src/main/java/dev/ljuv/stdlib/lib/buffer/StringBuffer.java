package dev.ljuv.stdlib.lib.buffer;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.FourArgumentCall;
import dev.ljuv.stdlib.lua.LuaObject;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.lua.MethodTable;
import dev.ljuv.stdlib.vm.LuaNumbers;
import dev.ljuv.stdlib.lib.string.StringFormat;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * A LuaJIT string buffer ({@code buffer.new()}): appendable bytes that can be read back piece by piece, and
 * the serializer's input and output. Methods that return nothing in particular return the buffer, for
 * chaining. Error messages count {@code self} as argument 1, as LuaJIT's do.
 *
 * <p>Threading: not thread-safe; a buffer belongs to its Lua state.
 */
public final class StringBuffer extends LuaObject implements dev.ljuv.stdlib.vm.MemoryLimit.Sized {
    final Bytes bytes;
    final Options options;

    StringBuffer(MethodTable<StringBuffer> type, int capacity, Options options) {
        super(new Object(), type);
        this.bytes = new Bytes(capacity);
        this.options = options;
    }

    @Override
    public long retainedBytes() {
        return bytes.borrowed ? 0 : bytes.data.length; // a borrowed array is the string's, counted there
    }

    @Override
    public String tojstring() {
        return bytes.toLuaString().tojstring();
    }

    @Override
    public LuaString strvalue() {
        return bytes.toLuaString();
    }

    /**
     * Appends {@code v} as {@code put} does; {@code index} is its argument number for errors. Strings and
     * integers, the pieces of nearly every put, are kept apart from the rest so that this stays small enough
     * for the JIT to inline at each call site.
     */
    void append(LuaValue v, int index) {
        if (v instanceof LuaString s) {
            bytes.put(s.m_bytes, s.m_offset, s.m_length);
        } else if (v instanceof LuaInteger i) {
            bytes.putInt(i.v);
        } else {
            appendOther(v, index);
        }
    }

    /**
     * Appends two or three pieces ({@code c} null: two) as {@link #append} does each: when all are strings or
     * integers (a line of text's usual pieces), with one check for room instead of one per piece.
     */
    void append(LuaValue a, LuaValue b, LuaValue c) {
        long room = room(a) + room(b) + (c == null ? 0 : room(c));
        if (room < 0 || room > Integer.MAX_VALUE) {
            append(a, 2);
            append(b, 3);
            if (c != null) {
                append(c, 4);
            }
            return;
        }
        bytes.ensure((int) room);
        appendInRoom(a);
        appendInRoom(b);
        if (c != null) {
            appendInRoom(c);
        }
    }

    /** The bytes {@code v} takes at most when it is a string or an integer, else a negative number. */
    private static long room(LuaValue v) {
        return v instanceof LuaString s ? s.m_length : v instanceof LuaInteger ? 11 : Integer.MIN_VALUE;
    }

    /** Appends a string or an integer ({@link #room} says it is one) into room already made. */
    private void appendInRoom(LuaValue v) {
        if (v instanceof LuaString s) {
            bytes.putInRoom(s.m_bytes, s.m_offset, s.m_length);
        } else {
            bytes.putIntInRoom(((LuaInteger) v).v);
        }
    }

    private void appendOther(LuaValue v, int index) {
        if (v instanceof LuaDouble) {
            bytes.put(LuaString.valueOf(LuaNumbers.format(v.todouble())));
        } else if (v instanceof StringBuffer other) {
            if (other == this) {
                throw Args.error(index, "put", "cannot put buffer into itself");
            }
            Bytes o = other.bytes;
            bytes.put(o.data, o.read, o.length());
        } else {
            LuaValue ts = v.metatag(TOSTRING);
            if (ts.isnil()) {
                throw Args.error(index, "put", "string/number/__tostring expected, got " + v.typename());
            }
            LuaValue s = ts.call(v);
            if (!s.isstring()) {
                throw new LuaError("'__tostring' must return a string");
            }
            bytes.put(s.strvalue());
        }
    }

    /** A byte count; {@code i} counts the arguments after {@code self}, messages count {@code self} too. */
    private static int checkLength(Varargs args, int i, String method) {
        LuaValue v = args.arg(i);
        if (!v.isnumber()) {
            throw Args.error(i + 1, method, "number expected, got " + Args.typeName(args, i));
        }
        double n = v.todouble();
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw Args.error(i + 1, method, "number out of range");
        }
        return (int) n;
    }

    static LuaError notSupported(String method) {
        return new LuaError("buffer method '" + method + "' is not supported on the JVM (it needs the FFI)");
    }

    /** {@code string.format}'s work under putf's name (LuaJIT's putf does not go through the global either). */
    private static final StringFormat PUTF = new StringFormat("putf", 2);

    /** A piece of {@code ..} with a buffer: the buffer's contents. */
    private static LuaValue piece(LuaValue v) {
        return v instanceof StringBuffer b ? b.bytes.toLuaString() : v;
    }

    public static MethodTable<StringBuffer> methods() {
        MethodTable<StringBuffer> t = new MethodTable<>(StringBuffer.class, "buffer").selfIsArgument();
        t.metatable().set(LuaValue.TOSTRING, Functions.named("__tostring",
                args -> ((StringBuffer) args.arg1()).bytes.toLuaString()));
        t.metatable().set(LuaValue.LEN, Functions.named("__len",
                args -> valueOf(((StringBuffer) args.arg1()).bytes.length())));
        t.metatable().set(LuaValue.CONCAT, Functions.named("__concat",
                args -> piece(args.arg1()).concat(piece(args.arg(2)))));
        t.methods().set("put", new PutMethod(t));
        return t
                .method("putf", (self, args) -> {
                    self.bytes.put(PUTF.format(args));
                    return self;
                })
                .method("set", (self, args) -> {
                    LuaValue s = args.arg1();
                    if (s instanceof StringBuffer other) {
                        s = other.bytes.toLuaString();
                    } else if (!(s instanceof LuaString)) { // a number is not taken for a string here (LuaJIT)
                        // (set(cdata, len) is LuaJIT's other form: no value here is cdata, so its error is this one)
                        throw Args.error(2, "set", "string expected, got " + Args.typeName(args, 1));
                    }
                    self.bytes.borrow(s.strvalue());
                    return self;
                })
                .method("reset", (self, args) -> {
                    self.bytes.reset();
                    return self;
                })
                .method("free", (self, args) -> {
                    self.bytes.free();
                    return self; // chaining, as LuaJIT's free (the buffer stays usable)
                })
                .method("skip", (self, args) -> {
                    self.bytes.skip(checkLength(args, 1, "skip"));
                    return self;
                })
                .method("get", (self, args) -> {
                    int n = args.narg();
                    if (n == 0) {
                        return self.bytes.take(self.bytes.length());
                    }
                    LuaValue[] out = new LuaValue[n];
                    for (int i = 1; i <= n; i++) {
                        out[i - 1] = args.arg(i).isnil()
                                ? self.bytes.take(self.bytes.length())
                                : self.bytes.take(checkLength(args, i, "get"));
                    }
                    return varargsOf(out);
                })
                .method("tostring", (self, args) -> self.bytes.toLuaString())
                .method("encode", (self, args) -> {
                    if (args.narg() == 0) {
                        throw Args.error(2, "encode", "value expected");
                    }
                    Encoder.encode(self.bytes, args.arg1(), self.options);
                    return self;
                })
                .method("decode", (self, args) -> {
                    Bytes b = self.bytes;
                    Decoder d = new Decoder(b.data, b.read, b.write, self.options);
                    LuaValue v = d.value(SerialFormat.MAX_DEPTH);
                    b.skip(d.pos - b.read);
                    return v;
                })
                .method("reserve", (self, args) -> {
                    throw notSupported("reserve");
                })
                .method("commit", (self, args) -> {
                    throw notSupported("commit");
                })
                .method("ref", (self, args) -> {
                    throw notSupported("ref");
                })
                .method("putcdata", (self, args) -> {
                    throw notSupported("putcdata");
                });
    }

    /**
     * {@code buf:put(...)}, the hot path of building text: a class of its own with an entry per short argument
     * count, so that a call with up to three pieces builds no argument list and the JIT can inline the put
     * into the calling Lua code.
     */
    private static final class PutMethod extends VarArgFunction implements FourArgumentCall {
        private final MethodTable<StringBuffer> type;

        PutMethod(MethodTable<StringBuffer> type) {
            this.type = type;
            this.name = "put";
        }

        private StringBuffer self(LuaValue v, int narg) {
            return v instanceof StringBuffer b ? b : type.checkSelf(v, narg, "put");
        }

        @Override
        public LuaValue call(LuaValue buf) {
            return self(buf, 1);
        }

        @Override
        public LuaValue call(LuaValue buf, LuaValue a) {
            StringBuffer self = self(buf, 2);
            self.append(a, 2);
            return self;
        }

        @Override
        public LuaValue call(LuaValue buf, LuaValue a, LuaValue b) {
            StringBuffer self = self(buf, 3);
            self.append(a, b, null);
            return self;
        }

        @Override
        public LuaValue call(LuaValue buf, LuaValue a, LuaValue b, LuaValue c) {
            StringBuffer self = self(buf, 4);
            self.append(a, b, c);
            return self;
        }

        @Override
        public Varargs invoke(Varargs args) {
            int n = args.narg();
            StringBuffer self = self(args.arg1(), n);
            for (int i = 2; i <= n; i++) {
                self.append(args.arg(i), i);
            }
            return self;
        }
    }

    /** {@code buffer.new([size] [, options])}. */
    static StringBuffer create(MethodTable<StringBuffer> type, Varargs args) {
        int capacity = 32;
        LuaValue options = args.arg(2);
        LuaValue first = args.arg1();
        if (first.istable()) {
            options = first;
        } else if (!first.isnil()) {
            capacity = Args.checkInt(args, 1, "new");
            if (capacity < 0) {
                throw Args.error(1, "new", "number out of range");
            }
        }
        Options o = options instanceof LuaTable ? Options.from(options) : Options.NONE;
        return new StringBuffer(type, capacity, o);
    }
}
