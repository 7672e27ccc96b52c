package dev.ljuv.loop;

import dev.ljuv.stdlib.lua.MethodTable;
import dev.ljuv.stdlib.lua.Args;
import java.lang.ref.Cleaner;
import org.luaj.vm2.LuaError;
import dev.ljuv.stdlib.lua.LuaObject;
import org.luaj.vm2.LuaValue;

/**
 * The Lua object of a loop ({@code ljuv.loop}, {@code ljuv.new_loop()}): {@code run}, {@code alive},
 * {@code stop}, {@code now}, {@code update_time} and the handle constructors, over an {@link EventLoop}.
 * When this object is garbage collected, the loop closes its handles.
 *
 * <p>Threading: used by the thread that created it (the loop's owner).
 */
public final class Loop extends LuaObject implements dev.ljuv.stdlib.vm.MemoryLimit.Holds {
    private static final Cleaner CLEANER = Cleaner.create();

    private final EventLoop loop;
    private final LoopTypes types;

    public Loop(LoopTypes types) {
        this(types, new EventLoop(Thread.currentThread()));
    }

    public Loop(LoopTypes types, EventLoop loop) {
        super(loop, types.loop);
        this.loop = loop;
        this.types = types;
        loop.setLuaLoop(this);
        CLEANER.register(this, loop.releaser());
    }

    /** What a memory limit counts: the loop's active and closing handles (each its callbacks). */
    @Override
    public void reach(java.util.function.Consumer<LuaValue> to) {
        loop.forEachActive(to);
    }

    /** The event loop this object drives. */
    public EventLoop eventLoop() {
        return loop;
    }

    /** The Lua types of this loop's state. */
    public LoopTypes types() {
        return types;
    }

    static RunMode mode(LuaValue m) {
        if (m.isnil()) {
            return RunMode.DEFAULT;
        }
        String s = m.tojstring();
        return switch (s) {
            case "default" -> RunMode.DEFAULT;
            case "once" -> RunMode.ONCE;
            case "nowait" -> RunMode.NOWAIT;
            default -> throw new LuaError("invalid mode \"" + s + "\"");
        };
    }

    /**
     * {@code loop:run(mode)}: whether there is still work. A callback's error (recorded by the loop, which stopped)
     * is raised here, as is one left over from an earlier run.
     */
    public boolean run(RunMode mode) {
        raiseDeferred();
        boolean more = loop.run(mode);
        raiseDeferred();
        return more;
    }

    private void raiseDeferred() {
        LuaValue error = loop.takeError();
        if (error != null) {
            throw new LuaError(error); // level 0: the recorded message as is
        }
    }

    public static MethodTable<Loop> methods() {
        return new MethodTable<>(Loop.class, "loop")
                .method("run", (self, args) -> valueOf(self.run(mode(args.arg1()))))
                .method("alive", (self, args) -> valueOf(self.loop.alive()))
                .method("stop", (self, args) -> {
                    self.loop.stop();
                    return NONE;
                })
                .method("now", (self, args) -> valueOf(self.loop.now() / 1000.0))
                .method("update_time", (self, args) -> {
                    self.loop.updateTime();
                    return NONE;
                })
                .method("timer", (self, args) -> new Timer(self.loop, self.types.timer))
                .method("async", (self, args) ->
                        new Async(self.loop, self.types.async, Args.checkFunction(args, 1, "async")))
                .method("signal", (self, args) -> new Signal(self.loop, self.types.signal))
                .method("idle", (self, args) -> new Idle(self.loop, self.types.idle))
                .method("prepare", (self, args) -> new Prepare(self.loop, self.types.prepare))
                .method("check", (self, args) -> new Check(self.loop, self.types.check));
    }
}
