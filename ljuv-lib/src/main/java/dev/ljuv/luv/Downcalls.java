package dev.ljuv.luv;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

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
