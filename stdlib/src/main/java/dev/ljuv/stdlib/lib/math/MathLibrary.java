package dev.ljuv.stdlib.lib.math;

import static dev.ljuv.stdlib.lua.Args.checkNumber;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * The {@code math} library as LuaJIT 2.1 has it (no {@code mod}; {@code log10}; {@code log} with a base),
 * with LuaJIT's argument errors ({@code bad argument #1 to 'abs' (number expected, got no value)}); LuaJ's
 * functions did not say which argument or function.
 *
 * <p>Threading: the table and its random generator belong to one state.
 */
public final class MathLibrary {
    /** Every name of the {@code math} table. */
    static final String[] NAMES = {
        "abs", "acos", "asin", "atan", "atan2", "ceil", "cos", "cosh", "deg", "exp", "floor", "fmod", "frexp", "huge",
        "ldexp", "log", "log10", "max", "min", "modf", "pi", "pow", "rad", "random", "randomseed", "sin", "sinh",
        "sqrt", "tan", "tanh",
    };

    private MathLibrary() {}

    /** The {@code math} table, with its own random generator. */
    public static LuaTable install() {
        // LuaJ's ^ operator computes through the last MathLib made (Math.pow in the JSE one), else through an
        // approximation that loses subnormal results (2^-1074 would be 0): make the JSE one, as LuaJ's set-up does
        new JseMathLib();
        Functions.Library math = Functions.library("math", NAMES);
        // each function's body written out, not made by a helper from an operator: code of its own, which a
        // compiled call site inlines whole (see Functions.Named); beside it, for a number argument, the Math
        // method itself, which compiled code calls with the double (Functions.OfNumber)
        math.value("abs", Functions.unary("abs", x -> LuaValue.valueOf(Math.abs(checkNumber(x, 1, "abs"))),
                Math::abs));
        math.value("acos", Functions.unary("acos", x -> LuaValue.valueOf(Math.acos(checkNumber(x, 1, "acos"))),
                Math::acos));
        math.value("asin", Functions.unary("asin", x -> LuaValue.valueOf(Math.asin(checkNumber(x, 1, "asin"))),
                Math::asin));
        math.value("atan", Functions.unary("atan", x -> LuaValue.valueOf(Math.atan(checkNumber(x, 1, "atan"))),
                Math::atan));
        math.value("ceil", Functions.unary("ceil", x -> LuaValue.valueOf(Math.ceil(checkNumber(x, 1, "ceil"))),
                Math::ceil));
        math.value("cos", Functions.unary("cos", x -> LuaValue.valueOf(Math.cos(checkNumber(x, 1, "cos"))),
                Math::cos));
        math.value("cosh", Functions.unary("cosh", x -> LuaValue.valueOf(Math.cosh(checkNumber(x, 1, "cosh"))),
                Math::cosh));
        math.value("deg", Functions.unary("deg", x -> LuaValue.valueOf(Math.toDegrees(checkNumber(x, 1, "deg"))),
                Math::toDegrees));
        math.value("exp", Functions.unary("exp", x -> LuaValue.valueOf(Math.exp(checkNumber(x, 1, "exp"))),
                Math::exp));
        math.value("floor", Functions.unary("floor", x -> LuaValue.valueOf(Math.floor(checkNumber(x, 1, "floor"))),
                Math::floor));
        math.value("rad", Functions.unary("rad", x -> LuaValue.valueOf(Math.toRadians(checkNumber(x, 1, "rad"))),
                Math::toRadians));
        math.value("sin", Functions.unary("sin", x -> LuaValue.valueOf(Math.sin(checkNumber(x, 1, "sin"))),
                Math::sin));
        math.value("sinh", Functions.unary("sinh", x -> LuaValue.valueOf(Math.sinh(checkNumber(x, 1, "sinh"))),
                Math::sinh));
        math.value("sqrt", Functions.unary("sqrt", x -> LuaValue.valueOf(Math.sqrt(checkNumber(x, 1, "sqrt"))),
                Math::sqrt));
        math.value("tan", Functions.unary("tan", x -> LuaValue.valueOf(Math.tan(checkNumber(x, 1, "tan"))),
                Math::tan));
        math.value("tanh", Functions.unary("tanh", x -> LuaValue.valueOf(Math.tanh(checkNumber(x, 1, "tanh"))),
                Math::tanh));
        math.value("log10", Functions.unary("log10", x -> LuaValue.valueOf(Math.log10(checkNumber(x, 1, "log10"))),
                Math::log10));
        math.value("atan2", Functions.binary("atan2", 
                (x, y) -> LuaValue.valueOf(Math.atan2(checkNumber(x, 1, "atan2"), checkNumber(y, 2, "atan2"))),
                Math::atan2));
        math.value("pow", Functions.binary("pow", 
                (x, y) -> LuaValue.valueOf(Math.pow(checkNumber(x, 1, "pow"), checkNumber(y, 2, "pow"))),
                Math::pow));
        math.value("fmod", Functions.binary("fmod", 
                (x, y) -> LuaValue.valueOf(checkNumber(x, 1, "fmod") % checkNumber(y, 2, "fmod")),
                (x, y) -> x % y));
        math.function("log", args -> {
            double x = Args.checkNumber(args, 1, "log");
            if (args.isnoneornil(2)) {
                return LuaValue.valueOf(Math.log(x));
            }
            double base = Args.checkNumber(args, 2, "log");
            return LuaValue.valueOf(base == 10 ? Math.log10(x) : Math.log(x) / Math.log(base));
        });
        math.function("ldexp", args ->
                LuaValue.valueOf(Args.checkNumber(args, 1, "ldexp") * Math.pow(2, Args.checkInt(args, 2, "ldexp"))));
        math.function("frexp", args -> {
            double x = Args.checkNumber(args, 1, "frexp");
            if (x == 0 || Double.isNaN(x) || Double.isInfinite(x)) {
                return LuaValue.varargsOf(LuaValue.valueOf(x), LuaValue.ZERO);
            }
            int e = Math.getExponent(x) + 1;
            double m = x / Math.scalb(1.0, e);
            if (Math.abs(m) < 0.5) { // subnormal input
                m *= 2;
                e--;
                while (Math.abs(m) < 0.5) {
                    m *= 2;
                    e--;
                }
            }
            return LuaValue.varargsOf(LuaValue.valueOf(m), LuaValue.valueOf(e));
        });
        math.function("modf", args -> {
            double x = Args.checkNumber(args, 1, "modf");
            double ip = x >= 0 ? Math.floor(x) : Math.ceil(x);
            double fp = Double.isInfinite(x) ? 0 : x - ip;
            return LuaValue.varargsOf(LuaValue.valueOf(ip), LuaValue.valueOf(fp));
        });
        // (two numbers: the loop's one step, NaN and -0 included)
        math.value("max", Functions.ofNumbers("max", args -> extreme(args, "max", true),
                (Functions.Fold) (x, y) -> x > y ? x : y));
        math.value("min", Functions.ofNumbers("min", args -> extreme(args, "min", false),
                (Functions.Fold) (x, y) -> x < y ? x : y));
        math.value("huge", LuaValue.valueOf(Double.POSITIVE_INFINITY));
        math.value("pi", LuaValue.valueOf(Math.PI));
        LuaJitRandom random = new LuaJitRandom();
        math.function("random", args -> {
            // LuaJIT's formulas, without Lua 5.1's interval checks: random(0) is 1, random(2, 1) is 2, arguments past
            // the second are ignored, a fractional bound is not floored first
            double r = random.next();
            if (args.narg() == 0) {
                return LuaValue.valueOf(r);
            }
            double m = Args.checkNumber(args, 1, "random");
            if (args.narg() == 1) {
                return LuaValue.valueOf(Math.floor(r * m) + 1);
            }
            double n = Args.checkNumber(args, 2, "random");
            return LuaValue.valueOf(Math.floor(r * (n - m + 1)) + m);
        });
        math.function("randomseed", args -> {
            random.seed(Args.checkNumber(args, 1, "randomseed"));
            return LuaValue.NONE;
        });
        return math.done();
    }

    /**
     * {@code math.max}/{@code math.min} as LuaJIT computes them (SSE's maxsd/minsd, one argument after the other):
     * the next argument wins unless the best so far is strictly greater (smaller), so a NaN wins when it comes
     * later and loses when a number follows it, and of 0 and -0 the later one is kept.
     */
    private static Varargs extreme(Varargs args, String name, boolean max) {
        double best = Args.checkNumber(args, 1, name);
        for (int i = 2; i <= args.narg(); i++) {
            double v = Args.checkNumber(args, i, name);
            best = (max ? best > v : best < v) ? best : v;
        }
        return LuaValue.valueOf(best);
    }
}
