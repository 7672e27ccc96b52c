package dev.ljuv.luv;

import dev.ljuv.loop.UvError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * C library functions called through the JDK's foreign function interface where the JDK's own way costs more
 * ({@link SocketSend}'s {@code send}, {@link FileStat}'s {@code statx}). Each is linked on a thread of its own: a
 * downcall takes tens of milliseconds to link and call the first time, which the program would otherwise wait
 * for ({@link dev.ljuv.stdlib.vm.InBackground}); until then, and wherever there is no such function, the JDK's way
 * serves.
 *
 * <p>Threading: any thread.
 */
final class Downcalls {
    private Downcalls() {}

    /** The option that makes a downcall take, as its first argument, where it leaves {@code errno} ({@link #state}). */
    static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");

    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_VALUE = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** Room for the {@code errno} of one call linked with {@link #ERRNO}. */
    static MemorySegment state(Arena arena) {
        return arena.allocate(STATE);
    }

    /** libuv's error for the {@code errno} a failed call left in {@code state} ({@code EIO} for one it has no name for). */
    static UvError error(MemorySegment state) {
        UvError e = UvError.byCode(-(int) ERRNO_VALUE.get(state, 0L));
        return e != null ? e : UvError.EIO;
    }

    /**
     * {@code name} from the C library as a downcall of {@code type}, or null where it cannot be had: not Linux, no
     * native access granted (the JVM would then warn on stderr at the first call), no such function.
     */
    static MethodHandle link(String name, FunctionDescriptor type, Linker.Option... options) {
        if (!System.getProperty("os.name", "").startsWith("Linux") || !Downcalls.class.getModule().isNativeAccessEnabled()) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find(name).map(address -> linker.downcallHandle(address, type, options))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
