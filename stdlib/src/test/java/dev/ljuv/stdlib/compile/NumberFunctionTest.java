package dev.ljuv.stdlib.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.Prototype;

/**
 * Which functions are number functions: numbers only, calling only themselves, library number functions through
 * upvalues, or nothing; nothing else seen from outside.
 */
class NumberFunctionTest {
    /** The first function defined in {@code code}, a chunk that defines it as a local function. */
    private static NumberFunction of(String code) throws Exception {
        Prototype chunk = Prototypes.compile(code);
        return NumberFunction.of(chunk.p[0]);
    }

    @Test
    void recursiveFunctionsOfNumbersAreTaken() throws Exception {
        assertNotNull(of("local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end"));
        assertNotNull(of("local function ack(m, n) if m == 0 then return n + 1 end"
                + " if n == 0 then return ack(m - 1, 1) end return ack(m - 1, (ack(m, n - 1))) end"), "tail calls");
        assertNotNull(of("local function f(a, b) if a >= b then return -a % 3 ^ b / 2 end local c = a * 2"
                + " return f(c, b) end"), "every operator, a local");
        assertNotNull(of("local function f(n) return f(n - 1, 1, 2) end"), "arguments past the parameters");
        assertNotNull(of("function f(n) if n < 2 then return n end return f(n - 1) + g(n) end"),
                "globals called: each checked to hold the function at entry");
    }

    @Test
    void leavesOfOneOrTwoParametersAreTakenAsBodiesForNumbers() throws Exception {
        NumberFunction sq = of("local function sq(n) return n * n end");
        assertFalse(sq.callsItself, "a leaf: no call at all");
        assertEquals(ClassShape.OF_NUMBER, sq.bodyInterface());
        NumberFunction a = of("local function A(i, j) local ij = i + j - 1 return 1.0 / (ij * (ij - 1) * 0.5 + i) end");
        assertEquals(ClassShape.OF_NUMBERS, a.bodyInterface());
        assertTrue(of("local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end")
                .callsItself);
    }

    @Test
    void leavesOfMoreParametersOrLibraryCallsAreTakenForTheirFastCalls() throws Exception {
        NumberFunction dot = of("local function dot(a, b, c, x, y, z) return a * x + b * y + c * z end");
        assertFalse(dot.callsItself);
        assertFalse(dot.hasBody(), "six parameters: entered at its fastCall only");
        NumberFunction tr = of("local rol, bxor, band = bit.rol, bit.bxor, bit.band"
                + " local function tr(a, b, c, d, x, s) return rol(bxor(d, band(b, bxor(c, d))) + a + x, s) + b end");
        assertNotNull(tr, "bit functions through upvalues, a fold of three among them");
        assertFalse(tr.hasBody(), "library calls read the closure's upvalues");
        assertNotNull(of("local sqrt = math.sqrt local function len(x, y, z) return sqrt(x * x + y * y + z * z) end"),
                "a library tail call");
        assertFalse(of("local floor = math.floor local function half(x) return floor(x / 2) end").hasBody(),
                "one parameter, but a library call");
        assertTrue(of("local floor = math.floor local function f(n) if n < 1 then return 0 end"
                + " return floor(n / 2) + f(n - 1) end").callsItself, "a library call beside calls of itself");
    }

    @Test
    void functionsThatCouldBeSeenFromOutsideAreNot() throws Exception {
        assertNull(of("local function f(a, b, c, d, e, f, g) return a * b + c end"),
                "a leaf of seven parameters: no fastCall takes them");
        assertNull(of("local sqrt = math.sqrt local function f(x) return sqrt(x, 1) + 1 end"),
                "a library function's name called with another count");
        assertNull(of("local floor = math.floor local function f(x) return floor('1') end"), "a string argument");
        assertNull(of("local max = math.max local function f(x) local a, b = max(x, 1) return a end"),
                "two results of a library call");
        assertNull(of("local max, g = math.max, math.abs local function f(x) return max(x, g(x)) end"),
                "a call of another upvalue's function");
        assertNull(of("local sqrt = math.sqrt local function f(x) return sqrt end"), "a library function returned");
        assertNull(of("local function f(n) if n < 2 then return n end return f(n - 1) + N end"), "a global's value");
        assertNull(of("local function f(n) return f(n - 1) + t[1] end"), "a global's field");
        assertNull(of("local function f(n) if n < 2 then return end return f(n - 1) end"), "no result");
        assertNull(of("local function f(n) if n < 2 then return n, n end return f(n - 1) end"), "two results");
        assertNull(of("local function f(n) local t = {} return f(n - 1) end"), "a table");
        assertNull(of("local function f(n) local x return f(n - 1) + x end"), "a nil register read");
        assertNull(of("local function f(n) return f(n - 1) .. 'x' end"), "a string");
        assertNull(of("local function f(n) return n == 0 and 0 or f(n - 1) end"), "a value tested for truth");
        assertNull(of("local function f(n) for i = 1, n do n = n + i end return f(n) end"), "a loop");
        assertNull(of("local function f(n) while n > 0 do n = n - 1 end return f(n) end"), "a backward jump");
        assertNull(of("local function f(n, ...) return f(n - 1) end"), "varargs");
        assertNull(of("local function f(a, b) return f(a - 1) end"), "a missing argument: nil");
        assertNull(of("local function f(n) return f(n - 1, f) end"), "itself passed as a value");
        assertNull(of("local function f(n) local g = function() return n end return f(n - 1) end"), "a closure");
        assertNull(of("local k = 2 local function f(n) return f(n - k) end"), "another upvalue read as a number");
    }
}
