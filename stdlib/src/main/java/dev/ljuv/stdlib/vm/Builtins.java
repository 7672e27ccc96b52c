package dev.ljuv.stdlib.vm;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The numbers LuaJIT 2.1.0-beta3 gives its fast functions, which {@code tostring} shows ({@code print} is
 * {@code function: builtin#29}): each state's standard library functions get theirs when the state is made. Every
 * other Java function (a module's, or one LuaJIT writes in Lua such as {@code table.remove}) shows an address, as
 * LuaJIT's C functions do. The functions {@code coroutine.wrap} and {@code string.gmatch} make per call carry their
 * number themselves ({@link Numbered}): registering each would cost a synchronized map entry per call.
 *
 * <p>Threading: the registry is shared by the states of the JVM and synchronized; its keys are weak, so a state's
 * functions go with it.
 */
public final class Builtins {
    private Builtins() {}

    /** LuaJIT's numbers, by library ("" for the base library) and name, as luajit's own tostring shows them. */
    private static final String NUMBERS = ""
            + " assert=2 type=3 next=4 pairs=5 ipairs=7 getmetatable=8 setmetatable=9 getfenv=10 setfenv=11"
            + " rawget=12 rawset=13 rawequal=14 unpack=15 select=16 tonumber=17 tostring=18 error=19 pcall=20"
            + " xpcall=21 loadfile=22 load=23 loadstring=24 dofile=25 gcinfo=26 collectgarbage=27 newproxy=28"
            + " print=29"
            + " coroutine.status=30 coroutine.running=31 coroutine.isyieldable=32 coroutine.create=33"
            + " coroutine.yield=34 coroutine.resume=35 coroutine.wrap=37"
            + " math.abs=38 math.floor=39 math.ceil=40 math.sqrt=41 math.log10=42 math.exp=43 math.sin=44"
            + " math.cos=45 math.tan=46 math.asin=47 math.acos=48 math.atan=49 math.sinh=50 math.cosh=51"
            + " math.tanh=52 math.frexp=53 math.modf=54 math.log=55 math.atan2=56 math.pow=57 math.fmod=58"
            + " math.ldexp=59 math.min=60 math.max=61 math.random=62 math.randomseed=63"
            + " bit.tobit=64 bit.bnot=65 bit.bswap=66 bit.lshift=67 bit.rshift=68 bit.arshift=69 bit.rol=70"
            + " bit.ror=71 bit.band=72 bit.bor=73 bit.bxor=74 bit.tohex=75"
            + " string.byte=76 string.char=77 string.sub=78 string.rep=79 string.reverse=80 string.lower=81"
            + " string.upper=82 string.dump=83 string.find=84 string.match=85 string.gmatch=87 string.gsub=88"
            + " string.format=89"
            + " table.maxn=90 table.insert=91 table.concat=92 table.sort=93"
            + " io.open=105 io.popen=106 io.tmpfile=107 io.close=108 io.read=109 io.write=110 io.flush=111"
            + " io.input=112 io.output=113 io.lines=114 io.type=115"
            + " os.execute=116 os.remove=117 os.rename=118 os.tmpname=119 os.getenv=120 os.exit=121 os.clock=122"
            + " os.date=123 os.time=124 os.difftime=125 os.setlocale=126"
            + " debug.getregistry=127 debug.getmetatable=128 debug.setmetatable=129 debug.getfenv=130"
            + " debug.setfenv=131 debug.getinfo=132 debug.getlocal=133 debug.setlocal=134 debug.getupvalue=135"
            + " debug.setupvalue=136 debug.upvalueid=137 debug.upvaluejoin=138 debug.sethook=139"
            + " debug.gethook=140 debug.debug=141 debug.traceback=142"
            + " jit.on=143 jit.off=144 jit.flush=145 jit.status=146 jit.security=147 jit.attach=148";

    /** LuaJIT's numbers of the function {@code coroutine.wrap} makes and of {@code string.gmatch}'s iterator. */
    public static final int WRAPPED = 36, GMATCH_ITERATOR = 86;

    /** A Java function that carries its LuaJIT number, or -1 for none. */
    public interface Numbered {
        int builtin();
    }

    private static final Map<String, Integer> BY_NAME = new HashMap<>();
    private static final Map<LuaValue, Integer> NUMBERED = Collections.synchronizedMap(new WeakHashMap<>());

    static {
        for (String entry : NUMBERS.trim().split(" +")) {
            int eq = entry.indexOf('=');
            BY_NAME.put(entry.substring(0, eq), Integer.parseInt(entry.substring(eq + 1)));
        }
    }

    /** Numbers the standard library functions of the state whose globals are {@code g}. */
    public static void number(LuaTable g) {
        for (Map.Entry<String, Integer> e : BY_NAME.entrySet()) {
            String name = e.getKey();
            int dot = name.indexOf('.');
            LuaValue owner = dot < 0 ? g : g.rawget(name.substring(0, dot));
            LuaValue f = owner.istable() ? owner.rawget(dot < 0 ? name : name.substring(dot + 1)) : LuaValue.NIL;
            if (f.isfunction()) {
                NUMBERED.put(f, e.getValue());
            }
        }
    }

    /** The number of {@code f} when it is one of a state's standard functions, else -1. */
    static int numberOf(LuaValue f) {
        if (f instanceof Numbered numbered && numbered.builtin() >= 0) {
            return numbered.builtin();
        }
        Integer n = NUMBERED.get(f);
        return n == null ? -1 : n;
    }
}
