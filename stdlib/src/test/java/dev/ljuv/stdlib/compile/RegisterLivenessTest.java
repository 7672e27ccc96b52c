package dev.ljuv.stdlib.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/** Which registers are read after an instruction before they are written: what a call reloads after debug.setlocal. */
class RegisterLivenessTest {
    @Test
    void aLocalWrittenBeforeItIsReadIsDeadAfterACall() throws Exception {
        // registers: a 0, b 1, c 2, then the call's own
        Prototype p = Prototypes.compile("local a, b, c = ... ; print() ; a = 1 ; return b");
        BitSet after = new RegisterLiveness(p).after(Prototypes.all(p, Lua.OP_CALL).get(0));
        after.clear(3, 256); // (the temporaries of the return above the locals do not matter here)
        assertEquals(Prototypes.registers(1), after, "b is read by the return; a is written first; c is never read");
    }

    @Test
    void aLoopKeepsWhatItReadsNextTimeRoundAlive() throws Exception {
        // s 0, the loop's four registers 1-4; s is read in the next iteration, before the call's write of it
        Prototype p = Prototypes.compile("local s = 0 for i = 1, 10 do print(i) s = s + i end return s");
        BitSet after = new RegisterLiveness(p).after(Prototypes.all(p, Lua.OP_CALL).get(0));
        assertEquals(true, after.get(0), "the sum: read by the addition after the call and again round the loop");
        assertEquals(Prototypes.registers(0, 1, 2, 3, 4), after.get(0, 5), "and the loop's index, limit, step, variable (read by FORLOOP and s + i)");
    }

    @Test
    void aCallsOwnResultsAreNotReloaded() throws Exception {
        // x 0, y 1: the call writes x (its result) after the reload, and nothing reads x before
        Prototype p = Prototypes.compile("local x, y = 1, 2 ; x = tostring(y) ; return x, y");
        int call = Prototypes.all(p, Lua.OP_CALL).get(0);
        BitSet after = new RegisterLiveness(p).after(call);
        assertEquals(false, after.get(Lua.GETARG_A(p.code[call])), "the call's result register");
        assertEquals(true, after.get(1), "y, returned");
    }
}
