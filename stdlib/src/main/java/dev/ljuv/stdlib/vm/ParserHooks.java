package dev.ljuv.stdlib.vm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.FuncState;
import org.luaj.vm2.compiler.LexState;

/**
 * Parser hooks: LuaJIT 2.1's grammar where LuaJ's parser (a Lua 5.2 one) differs, called by patched
 * {@code LexState} methods (see the luaj-patcher module):
 * <ul>
 * <li>{@code goto} starts a goto statement only when a name follows; otherwise it is an ordinary name
 *     ({@code local goto = 1}, {@code t.goto}, {@code {goto = 1}}), as in LuaJIT 2.1;
 * <li>a {@code ;} may only follow a statement (Lua 5.1 has no empty statement): {@code ;;} and a block
 *     starting with {@code ;} are syntax errors;
 * <li>a call's {@code (} on another line than its function is Lua 5.1's "ambiguous syntax";
 * <li>an instruction's line, which errors report, is LuaJIT's: a call's is its arguments' line, an operator's its
 *     last operand's, a tail call's its return statement's end;
 * <li>names may hold bytes from 0x80 (UTF-8), and a long string may hold {@code [[};
 * <li>the compiler's limits count and read as LuaJIT's.
 * </ul>
 * LexState's members are package-private: they are reached through handles (the same, unnamed, module).
 *
 * <p>Threading: stateless; a parse's state lives in its {@code LexState}, used by one thread.
 */
public final class ParserHooks {
    private static final VarHandle T;
    private static final VarHandle LOOKAHEAD;
    private static final VarHandle TOKEN;
    private static final VarHandle SEMINFO;
    private static final VarHandle TS;
    private static final VarHandle LINENUMBER;
    private static final VarHandle LASTLINE;
    private static final VarHandle STATE;
    private static final MethodHandle LLEX;
    private static final MethodHandle LEX_ERROR;
    private static final VarHandle FUNCTION;
    private static final VarHandle FUNCTION_LEXER;
    private static final VarHandle FUNCTION_PC;
    private static final VarHandle FIRST_LOCAL;
    private static final VarHandle CONSTANT_INDEX;
    private static final VarHandle CONSTANT_COUNT;
    private static final VarHandle NUMBER_CONSTANTS;
    private static final VarHandle CURRENT_FUNCTION;
    private static final MethodHandle SYNTAX_ERROR;
    private static final VarHandle COMPILE_STATE;
    private static final MethodHandle CACHED_STRING;
    private static final int TK_GOTO;
    private static final int TK_NAME;
    private static final int TK_EOS;
    private static final LuaString GOTO = LuaString.valueOf("goto");
    private static final VarHandle ENVIRONMENT_NAME;

    /**
     * The name of a function's environment upvalue (LuaJ's parser, a Lua 5.2 one, calls it {@code _ENV}): one that no
     * source can spell, so that {@code _ENV} is an ordinary name, as in Lua 5.1 and LuaJIT ({@code local _ENV = t}
     * changed where globals were looked up; {@code _ENV = 5} broke them).
     */
    public static final LuaString ENVIRONMENT = LuaString.valueOf("(environment)");

    /** Whether {@code name} is a function's environment upvalue's (see {@link #ENVIRONMENT}). */
    public static boolean isEnvironment(LuaString name) {
        return name != null && name.raweq(ENVIRONMENT);
    }

    static {
        try {
            MethodHandles.Lookup lex = MethodHandles.privateLookupIn(LexState.class, MethodHandles.lookup());
            Class<?> token = Class.forName("org.luaj.vm2.compiler.LexState$Token");
            Class<?> semInfo = Class.forName("org.luaj.vm2.compiler.LexState$SemInfo");
            T = lex.findVarHandle(LexState.class, "t", token);
            LOOKAHEAD = lex.findVarHandle(LexState.class, "lookahead", token);
            TOKEN = lex.findVarHandle(token, "token", int.class);
            SEMINFO = lex.findVarHandle(token, "seminfo", semInfo);
            TS = lex.findVarHandle(semInfo, "ts", LuaString.class);
            LINENUMBER = lex.findVarHandle(LexState.class, "linenumber", int.class);
            LASTLINE = lex.findVarHandle(LexState.class, "lastline", int.class);
            STATE = lex.findVarHandle(LexState.class, dev.ljuv.patcher.PatchedMembers.LEXER_STATE, Object.class);
            CURRENT_FUNCTION = lex.findVarHandle(LexState.class, "fs", FuncState.class);
            ENVIRONMENT_NAME = lex.findVarHandle(LexState.class, "envn", LuaString.class);
            Class<?> compileState = Class.forName("org.luaj.vm2.compiler.LuaC$CompileState");
            COMPILE_STATE = lex.findVarHandle(LexState.class, "L", compileState);
            CACHED_STRING = MethodHandles.privateLookupIn(compileState, MethodHandles.lookup())
                    .findVirtual(compileState, "newTString", MethodType.methodType(LuaString.class, LuaString.class))
                    .asType(MethodType.methodType(LuaString.class, Object.class, LuaString.class));
            LLEX = lex.findVirtual(LexState.class, "llex", MethodType.methodType(int.class, semInfo));
            SYNTAX_ERROR = lex.findVirtual(LexState.class, "syntaxerror", MethodType.methodType(void.class, String.class));
            LEX_ERROR = lex.findVirtual(LexState.class, "lexerror", MethodType.methodType(void.class, String.class, int.class));
            MethodHandles.Lookup fs = MethodHandles.privateLookupIn(FuncState.class, MethodHandles.lookup());
            FUNCTION = fs.findVarHandle(FuncState.class, "f", org.luaj.vm2.Prototype.class);
            FUNCTION_LEXER = fs.findVarHandle(FuncState.class, "ls", LexState.class);
            FUNCTION_PC = fs.findVarHandle(FuncState.class, "pc", int.class);
            FIRST_LOCAL = fs.findVarHandle(FuncState.class, "firstlocal", int.class);
            CONSTANT_INDEX = fs.findVarHandle(FuncState.class, "h", java.util.Hashtable.class);
            CONSTANT_COUNT = fs.findVarHandle(FuncState.class, "nk", int.class);
            NUMBER_CONSTANTS = fs.findVarHandle(FuncState.class, dev.ljuv.patcher.PatchedMembers.NUMBER_CONSTANTS, int.class);
            TK_GOTO = (int) lex.findStaticVarHandle(LexState.class, "TK_GOTO", int.class).get();
            TK_NAME = (int) lex.findStaticVarHandle(LexState.class, "TK_NAME", int.class).get();
            TK_EOS = (int) lex.findStaticVarHandle(LexState.class, "TK_EOS", int.class).get();
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ParserHooks() {}

    /**
     * Per parse: whether a statement just ended (a {@code ;} may follow), whether the current one is a {@code ;}; the
     * table constructors being read, innermost first ({@link ConstructorShapes}).
     */
    static final class Statements {
        boolean justEnded;
        boolean separator;
        ConstructorShapes.Shape constructor;
    }

    /** After {@code setinput}: the environment upvalue named {@link #ENVIRONMENT}, not {@code _ENV}. */
    public static void afterSetinput(LexState ls) {
        ENVIRONMENT_NAME.set(ls, ENVIRONMENT);
    }

    /** After {@code next()}: a {@code goto} that no name follows becomes the name {@code goto}. */
    public static void afterNext(LexState ls) {
        Object t = T.get(ls);
        if ((int) TOKEN.get(t) != TK_GOTO) {
            return;
        }
        lookahead(ls);
        if ((int) TOKEN.get(LOOKAHEAD.get(ls)) != TK_NAME) {
            TOKEN.set(t, TK_NAME);
            TS.set(SEMINFO.get(t), GOTO);
        }
    }

    /** {@code lookahead()}: reads the next token, unless {@link #afterNext} already did. */
    public static void lookahead(LexState ls) {
        Object la = LOOKAHEAD.get(ls);
        if ((int) TOKEN.get(la) == TK_EOS) {
            try {
                TOKEN.set(la, (int) LLEX.invoke(ls, SEMINFO.get(la)));
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Entry of a statement: a {@code ;} is one only right after a statement. */
    public static void enterStatement(LexState ls) {
        Statements s = statements(ls);
        boolean separator = (int) TOKEN.get(T.get(ls)) == ';';
        if (separator && !s.justEnded) {
            syntaxError(ls, "unexpected symbol");
        }
        s.separator = separator;
        s.justEnded = false;
    }

    /** Exit of a statement: a {@code ;} may follow it, unless it was one. */
    public static void exitStatement(LexState ls) {
        Statements s = statements(ls);
        s.justEnded = !s.separator;
        s.separator = false;
    }

    /**
     * Entry of a call's arguments: {@code (} must be on the line of the token before it. Answers the call's line,
     * which the patched {@code funcargs} takes for its own: the line of its arguments' first token.
     */
    public static int enterFuncargs(LexState ls) {
        int line = (int) LINENUMBER.get(ls);
        if ((int) TOKEN.get(T.get(ls)) == '(' && line != (int) LASTLINE.get(ls)) {
            syntaxError(ls, "ambiguous syntax (function call x new statement)");
        }
        return line;
    }

    /**
     * The line of an operator's instruction (patched {@code FuncState.prefix} and {@code posfix} take it for their
     * own): where its last operand ended, as LuaJIT emits it, not the operator's line.
     */
    public static int operatorLine(FuncState fs) {
        return (int) LASTLINE.get((LexState) FUNCTION_LEXER.get(fs));
    }

    /**
     * Exit of a return statement: a tail call it made takes the line of its {@code RETURN}, the statement's end, as
     * LuaJIT's {@code CALLT} has it.
     */
    public static void exitReturn(LexState ls) {
        FuncState fs = (FuncState) CURRENT_FUNCTION.get(ls);
        org.luaj.vm2.Prototype f = (org.luaj.vm2.Prototype) FUNCTION.get(fs);
        int pc = (int) FUNCTION_PC.get(fs);
        if (pc >= 2 && org.luaj.vm2.Lua.GET_OPCODE(f.code[pc - 2]) == org.luaj.vm2.Lua.OP_TAILCALL
                && org.luaj.vm2.Lua.GET_OPCODE(f.code[pc - 1]) == org.luaj.vm2.Lua.OP_RETURN) {
            f.lineinfo[pc - 2] = f.lineinfo[pc - 1];
        }
    }

    /**
     * A function past one of the compiler's limits (patched {@code FuncState.errorlimit}, whose LuaJ body failed
     * with a Java exception): {@code main function has more than 200 local variables}, as LuaJIT words it.
     */
    public static void errorLimit(FuncState fs, int limit, String what) {
        org.luaj.vm2.Prototype f = (org.luaj.vm2.Prototype) FUNCTION.get(fs);
        String message = (f.linedefined == 0 ? "main function" : "function at line " + f.linedefined)
                + " has more than " + limit + " " + what;
        try {
            LEX_ERROR.invoke((LexState) FUNCTION_LEXER.get(fs), message, 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new LuaError(message);
        }
    }

    /** LuaJIT's limit on a function's upvalues (LuaJ's is 255). */
    static final int MAX_UPVALUES = 60;

    /**
     * A compiler limit's check (patched {@code FuncState.checklimit}): local variables count per function, as in
     * LuaJIT (LuaJ counted the enclosing functions' locals too, refusing a small function inside a large one), and a
     * function has at most LuaJIT's 60 upvalues (a program that runs here would fail to load on LuaJIT).
     */
    public static void checkLimit(FuncState fs, int value, int limit, String what) {
        if (what.equals("local variables")) {
            value -= (int) FIRST_LOCAL.get(fs);
        } else if (what.equals("upvalues")) {
            limit = MAX_UPVALUES;
        }
        if (value > limit) {
            errorLimit(fs, limit, what);
        }
    }

    /** LuaJIT's limit on a function's constants of one kind (numbers; strings and the other objects). */
    static final int MAX_CONSTANTS = 65536;
    /** Constants past which LuaJ's instruction format has no room (2^18 - 1): refused where they come. */
    private static final int FORMAT_CONSTANTS = (1 << 18) - 1;

    /**
     * A constant of the function being compiled (patched {@code FuncState.addk}): its index, a new one at the end
     * of the prototype's constants, as LuaJ numbers them; numbers are counted apart (see {@link #closeFunction}).
     */
    @SuppressWarnings("unchecked")
    public static int addConstant(FuncState fs, LuaValue v) {
        java.util.Hashtable<Object, Object> index = (java.util.Hashtable<Object, Object>) CONSTANT_INDEX.get(fs);
        if (index == null) {
            CONSTANT_INDEX.set(fs, index = CompilerTable.create()); // (FuncState's field is a Hashtable: one without locks)
        }
        Integer known = (Integer) index.get(v);
        if (known != null) {
            return known;
        }
        int n = (int) CONSTANT_COUNT.get(fs);
        if (n >= FORMAT_CONSTANTS) {
            errorLimit(fs, MAX_CONSTANTS, "constants"); // (past LuaJIT's limit of each kind anyway)
        }
        org.luaj.vm2.Prototype f = (org.luaj.vm2.Prototype) FUNCTION.get(fs);
        if (f.k == null || n + 1 >= f.k.length) {
            f.k = f.k == null ? new LuaValue[n * 2 + 1] : java.util.Arrays.copyOf(f.k, n * 2 + 1);
        }
        f.k[n] = v;
        index.put(v, n);
        CONSTANT_COUNT.set(fs, n + 1);
        if (v.type() == LuaValue.TNUMBER) {
            NUMBER_CONSTANTS.set(fs, (int) NUMBER_CONSTANTS.get(fs) + 1);
        }
        return n;
    }

    /**
     * The end of a function's compilation (patched {@code LexState.close_func}, at its entry): past
     * {@link #MAX_CONSTANTS} numbers, or as many other constants, LuaJIT's error at the function's last line
     * ({@code main function has more than 65536 constants}).
     */
    public static void closeFunction(LexState ls) {
        FuncState fs = (FuncState) CURRENT_FUNCTION.get(ls);
        int numbers = (int) NUMBER_CONSTANTS.get(fs);
        if (numbers > MAX_CONSTANTS || (int) CONSTANT_COUNT.get(fs) - numbers > MAX_CONSTANTS) {
            if (((org.luaj.vm2.Prototype) FUNCTION.get(fs)).linedefined != 0) {
                LINENUMBER.set(ls, (int) LASTLINE.get(ls)); // the line of its 'end' (LuaJ has read past it), as LuaJIT
            }
            errorLimit(fs, MAX_CONSTANTS, "constants");
        }
    }

    /**
     * {@code newstring(char[], int, int)}, the name the lexer read (its buffer holds a byte per char): those bytes, as
     * the parse's one string of them. LuaJ made a Java string of the chars and encoded it in UTF-8, so the bytes of
     * a UTF-8 name were encoded twice: {@code t.naïve} and {@code t["naïve"]} were two keys, a local's name had 7
     * bytes for {@code café}'s 5.
     */
    public static LuaString name(LexState ls, char[] buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) buffer[offset + i];
        }
        try {
            return (LuaString) CACHED_STRING.invokeExact(COMPILE_STATE.get(ls), LuaString.valueUsing(bytes));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e); // (newTString declares nothing)
        }
    }

    /** A name's first byte: a letter, or any byte from 0x80 (LuaJIT reads UTF-8 names). */
    public static boolean isAlpha(LexState ls, int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    }

    /** A name's other bytes. */
    public static boolean isAlnum(LexState ls, int c) {
        return isAlpha(ls, c) || (c >= '0' && c <= '9') || c == '_';
    }

    /**
     * Whether a number literal goes on with {@code c} (patched call in {@code LexState.read_numeral}, which took hex
     * digits only): every byte a name may hold, as LuaJIT's lexer reads a number, so that {@code 1x}, {@code 1_000}
     * and {@code 1LL} (an FFI literal, which this runtime has not) are {@code malformed number} instead of a number
     * followed by a name.
     */
    public static boolean numeralChar(LexState ls, int c) {
        return isAlnum(ls, c);
    }

    /** A long string's lexing error, but not Lua 5.0's "nesting of [[...]]", which LuaJIT accepts. */
    public static void longStringError(LexState ls, String message, int token) {
        if (message.startsWith("nesting of")) {
            return;
        }
        try {
            LEX_ERROR.invoke(ls, message, token);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new LuaError(message);
        }
    }

    /** The function being compiled, and its prototype (for {@link ConstructorShapes}). */
    static FuncState function(LexState ls) {
        return (FuncState) CURRENT_FUNCTION.get(ls);
    }

    static org.luaj.vm2.Prototype prototype(FuncState fs) {
        return (org.luaj.vm2.Prototype) FUNCTION.get(fs);
    }

    static Statements statements(LexState ls) {
        Object s = STATE.get(ls);
        if (s == null) {
            s = new Statements();
            STATE.set(ls, s);
        }
        return (Statements) s;
    }

    private static void syntaxError(LexState ls, String message) {
        try {
            SYNTAX_ERROR.invoke(ls, message);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new LuaError(message);
        }
    }
}
