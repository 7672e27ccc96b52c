package dev.ljuv.stdlib.vm;

import dev.ljuv.stdlib.vm.LuaErrors;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.vm.LuaStacks;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Function;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A Lua coroutine (type {@code thread}) whose body runs on the thread that resumes it (see {@link Execution}),
 * replacing LuaJ's one-platform-thread-per-coroutine hand-off. Error values of any type come back from
 * {@code resume} unchanged; status follows Lua 5.1 (suspended, running, normal, dead).
 *
 * <p>Threading: a coroutine belongs to its Lua state, but may be resumed from any thread that owns the state
 * at that time. Resuming it while another thread is running it is refused with an error.
 */
public final class Coroutine extends LuaThread {
    /**
     * Nested resumes allowed (a coroutine resuming one that resumes one...), past which a resume fails with "C stack
     * overflow". LuaJIT's limit is its C stack's size: 100,000 nested coroutine.wrap calls ran there, where 200 (this
     * limit until 2026-12-07) refused a recursive generator 201 deep. 20,000 nested here took 0.3 s and 140 MB; past
     * about 50,000 the collector thrashes.
     */
    static final int MAX_NESTING = 10000;

    private static final VarHandle RESUMER;

    static {
        try {
            RESUMER = MethodHandles.lookup().findVarHandle(Coroutine.class, "resumer", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How the body runs; null once it is dead. */
    private Execution execution;
    /** Values travelling through the current switch: resume arguments in, yield or return values out. */
    private Varargs transfer = NONE;
    /** What the body raised, once it ended with an error. */
    private Throwable failure;
    /** The thread running the body now, or null while it is suspended or dead. */
    @SuppressWarnings("unused")
    private volatile Thread resumer;
    private int nesting;
    /** Lua calls of this coroutine's own frames, counted on the resuming thread while it runs. */
    private int ownDepth;
    /**
     * The frames of those calls while suspended. The thread's frame objects are reused by later calls at the
     * same depth, so a coroutine swaps its own in when resumed and out when it yields (the suspended
     * interpreter still writes into them when resumed); past {@link #ownDepth} are spare frames.
     */
    private LuaStacks.Frame[] ownFrames;

    /** The thread's Lua 5.1 environment, inherited from the creating thread; null: the globals. */
    private LuaValue environment;
    /** The error that ended the body, kept for {@code debug.traceback(co)}. */
    private Throwable deathCause;
    /** What {@link #onEnd} set, or null. */
    private LuaValue onEnd;
    /** While running: the thread's Lua call depth below this coroutine's frames (they start above it). */
    private int runningBaseDepth;
    /** The calls of the thread the body runs on: the fallback engine's own thread keeps them there. */
    private LuaStacks.CallStack bodyCalls;
    /** The thread the body started on (the resumer's with continuations, its own in the fallback). */
    private Thread bodyThread;

    /** A new suspended coroutine of {@code g} running {@code body}, on the engine {@code g}'s options choose. */
    public static Coroutine create(LuaJitGlobals g, LuaValue body) {
        return new Coroutine(g, body, g.executions());
    }

    /**
     * The same, frameless while it only calls {@code yield} (the state's {@code coroutine.yield}) and functions that
     * {@code generators} compiled that way too, when it has one for {@code body} (see {@link FramelessExecution}); a
     * state without continuations runs it as any other.
     */
    public static Coroutine create(LuaJitGlobals g, LuaValue body, Generator.Source generators, LuaValue yield) {
        Generator generator = body instanceof org.luaj.vm2.LuaClosure && onContinuations(g.options().coroutines())
                ? generators.of(body) : null;
        if (generator == null) {
            return create(g, body);
        }
        Coroutine co = new Coroutine(g, body);
        co.execution = new FramelessExecution(co, generator, (org.luaj.vm2.LuaClosure) body, yield, generators);
        return co;
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic.AtomicBoolean();

    /** What runs the coroutines of states with {@code engine}: continuations where this JVM exports them to us. */
    static Function<Runnable, Execution> executions(RuntimeOptions.Coroutines engine) {
        if (onContinuations(engine)) {
            return ContinuationExecution::new;
        }
        if (engine == RuntimeOptions.Coroutines.CONTINUATIONS) {
            if (WARNED.compareAndSet(false, true)) {
                System.err.println("ljuv: JDK continuations are not accessible (add --add-exports "
                        + "java.base/jdk.internal.vm=ALL-UNNAMED): coroutines run on virtual threads, much slower");
            }
        }
        return ThreadExecution::new;
    }

    /** Whether the coroutines of states with {@code engine} run on continuations. */
    private static boolean onContinuations(RuntimeOptions.Coroutines engine) {
        return engine == RuntimeOptions.Coroutines.CONTINUATIONS && continuationsAvailable();
    }

    /**
     * Whether this JVM exports {@code jdk.internal.vm} to us. Checked here, not in
     * {@link ContinuationExecution}, whose initialisation would itself fail without the export.
     */
    public static boolean continuationsAvailable() {
        return CONTINUATIONS;
    }

    private static final boolean CONTINUATIONS =
            Object.class.getModule().isExported("jdk.internal.vm", Coroutine.class.getModule());

    Coroutine(Globals globals, LuaValue body, Function<Runnable, Execution> executions) {
        this(globals, body);
        execution = executions.apply(this::runBody);
    }

    /** A coroutine whose execution, which needs it, is set next. */
    private Coroutine(Globals globals, LuaValue body) {
        super(globals, body);
        if (globals instanceof LuaJitGlobals g) {
            LuaValue env = g.currentEnvironment();
            environment = env == globals ? null : env;
        }
    }

    /** The environment set by {@code setfenv} for this coroutine, or null for the globals. */
    public LuaValue environment() {
        return environment;
    }

    public void setEnvironment(LuaValue env) {
        environment = env == globals ? null : env;
    }

    /** Whether this coroutine's body is running on {@code t} now (a Java callback asks: am I on the state's thread?). */
    public boolean runsOn(Thread t) {
        return resumer != null && bodyThread == t;
    }

    /** Whether the body runs without a continuation now (see {@link FramelessExecution}). */
    boolean frameless() {
        return execution instanceof FramelessExecution f && f.frameless();
    }

    /** The error that killed this coroutine, or null. */
    public Throwable deathCause() {
        return deathCause;
    }

    /** The Lua calls of a suspended coroutine, outermost first (empty unless suspended). */
    public LuaStacks.Frame[] suspendedFrames() {
        if (state.status != STATUS_SUSPENDED) {
            return new LuaStacks.Frame[0];
        }
        if (!execution.runsOnResumer()) {
            LuaStacks.CallStack c = bodyCalls;
            return c == null ? new LuaStacks.Frame[0] : java.util.Arrays.copyOfRange(c.frames, 1, c.depth + 1);
        }
        return ownFrames == null ? new LuaStacks.Frame[0] : java.util.Arrays.copyOf(ownFrames, ownDepth);
    }

    /** The thread's Lua call depth below this coroutine's own frames; meaningful while it runs. */
    public int baseDepth() {
        return runningBaseDepth;
    }

    /**
     * Exchanges this coroutine's frames with the thread's frames from {@code baseDepth + 1}, and links the frames of
     * the thread's array from {@code baseDepth} past them again (see {@code Frame.next}). Frames placed in the array
     * belong to its calls from then on: a coroutine resumed on another thread than before (an embedder's) counts its
     * calls on that thread's ({@code Frame.calls}).
     */
    private void swapFrames(LuaStacks.CallStack stack, int baseDepth, int count) {
        if (count == 0) {
            return;
        }
        LuaStacks.Frame[] frames = stack.frames;
        LuaStacks.Frame below = frames[baseDepth];
        for (int k = 0; k < count; k++) {
            LuaStacks.Frame mine = ownFrames[k];
            ownFrames[k] = frames[baseDepth + 1 + k];
            frames[baseDepth + 1 + k] = mine;
            if (mine != null) {
                mine.calls = stack;
            }
            if (below != null) {
                below.next = mine;
            }
            below = mine;
        }
        if (below != null) { // (the array's frames move with the coroutine's: any link among them may be stale)
            int after = baseDepth + count + 1;
            below.next = after < frames.length ? frames[after] : null;
        }
    }

    /** Notes the thread the body starts on, and its calls ({@link #runsOn}, {@link #suspendedFrames}). */
    void bodyStarts() {
        bodyThread = Thread.currentThread();
        bodyCalls = LuaStacks.calls();
    }

    /** The body run the ordinary way (LuaJ's call), on the execution's thread, to its end or failure. */
    void runBody() {
        bodyStarts();
        Varargs in = takeTransfer();
        try {
            transfer = state.function.invoke(in);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            failure = e;
        }
    }

    @Override
    public Varargs resume(Varargs args) {
        Thread current = Thread.currentThread();
        Thread other = (Thread) RESUMER.compareAndExchangeAcquire(this, (Thread) null, current);
        if (other != null) {
            // the fallback engine runs each body on a thread of its own: a coroutine of this state resuming
            // one that is running or normal calls from its body's thread
            return failed(other == current || globals.running instanceof Coroutine r && r.bodyThread == current
                    ? "cannot resume running coroutine"
                    : "cannot resume coroutine: it is running on another thread");
        }
        try {
            if (state.status == STATUS_DEAD) {
                return failed("cannot resume dead coroutine");
            }
            LuaThread previous = globals.running;
            nesting = previous instanceof Coroutine p ? p.nesting + 1 : 1;
            if (nesting > MAX_NESTING) {
                return failed("C stack overflow");
            }
            return switchInto(previous, current, args);
        } finally {
            RESUMER.setRelease(this, (Thread) null);
        }
    }

    private Varargs switchInto(LuaThread previous, Thread current, Varargs args) {
        LuaStacks.CallStack stack = execution.runsOnResumer() ? LuaStacks.calls() : null;
        int baseDepth = stack == null ? 0 : stack.depth;
        runningBaseDepth = baseDepth;
        if (stack != null) {
            int top = baseDepth + ownDepth;
            if (top >= stack.frames.length) {
                stack.frames = java.util.Arrays.copyOf(stack.frames, Math.max(top + 1, stack.frames.length * 2));
            }
            swapFrames(stack, baseDepth, ownDepth);
            stack.depth = top;
        }
        previous.state.status = STATUS_NORMAL;
        state.status = STATUS_RUNNING;
        globals.running = this;
        transfer = args;
        boolean ended;
        try {
            ended = execution.run();
        } finally {
            globals.running = previous;
            previous.state.status = STATUS_RUNNING;
            if (stack != null) {
                ownDepth = stack.depth - baseDepth;
                if (ownDepth > 0 && (ownFrames == null || ownFrames.length < ownDepth)) { // (a body that ended has none)
                    ownFrames = java.util.Arrays.copyOf(ownFrames == null ? new LuaStacks.Frame[0] : ownFrames,
                            Math.max(ownDepth, 4));
                }
                swapFrames(stack, baseDepth, ownDepth);
                stack.depth = baseDepth;
            }
        }
        Varargs out = transfer;
        transfer = NONE;
        if (!ended) {
            state.status = STATUS_SUSPENDED;
            return varargsOf(TRUE, out);
        }
        state.status = STATUS_DEAD;
        // what only a live body needs goes with it: a program that keeps its finished coroutines (a table of them)
        // then keeps less for the collector to copy
        execution = null;
        ownFrames = null;
        bodyCalls = null;
        bodyThread = null;
        Varargs result;
        if (failure != null) {
            result = varargsOf(FALSE, LuaErrors.valueOf(failure));
            deathCause = failure;
            failure = null;
        } else {
            result = varargsOf(TRUE, out);
        }
        LuaValue end = onEnd;
        if (end != null) {
            onEnd = null;
            end.call(result.arg1(), result.arg(2));
        }
        return result;
    }

    /**
     * Has {@code fn(ok, error)} called once the body ended (returned, or failed with {@code error}), by the resume
     * that saw it end, before that resume returns: what a body that is a user's function, called without a wrapper
     * around it, would have done after it ({@code ljuv.net}: closing a connection once its handler ended).
     */
    public void onEnd(LuaValue fn) {
        onEnd = fn;
    }

    /** The values a switch brought in (resume arguments), taken. */
    Varargs takeTransfer() {
        Varargs in = transfer;
        transfer = NONE;
        return in;
    }

    /** The values a switch takes out (yielded or returned). */
    void giveTransfer(Varargs out) {
        transfer = out;
    }

    /** The body ended with {@code e}. */
    void fail(Throwable e) {
        failure = e;
    }

    private static Varargs failed(String message) {
        return varargsOf(FALSE, valueOf(message));
    }

    /** Called by {@code coroutine.yield} inside this coroutine's body: suspends it, returns the resume values. */
    Varargs yield(Varargs values) {
        transfer = values;
        execution.suspend();
        Varargs in = transfer;
        transfer = NONE;
        return in;
    }

    /** Yields the running coroutine of {@code globals}; outside a coroutine it is an error, as in LuaJIT. */
    public static Varargs yield(Globals globals, Varargs values) {
        if (!(globals.running instanceof Coroutine co)) {
            throw new LuaError("attempt to yield across C-call boundary");
        }
        return co.yield(values);
    }
}
