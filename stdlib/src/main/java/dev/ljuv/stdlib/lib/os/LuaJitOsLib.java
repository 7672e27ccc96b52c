package dev.ljuv.stdlib.lib.os;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import org.luaj.vm2.lib.jse.JseOsLib;

/**
 * LuaJ's {@code os} library with {@code os.clock} as C's {@code clock()}: the CPU time of the whole process
 * in seconds (every thread's), not the wall time since the library loaded, which is what LuaJ returned; and
 * {@code os.tmpname} giving a usable path.
 *
 * <p>Threading: stateless; the clock is read from any thread.
 */
public class LuaJitOsLib extends JseOsLib {
    private static final java.util.concurrent.atomic.AtomicBoolean PREPARED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Links the C clock on a background thread, once per process. Linking takes tens of milliseconds: done in
     * the first {@code os.clock()} it would land inside the interval a script is timing, and done at every
     * start it would slow down every script; the loader calls this when loaded code names {@code clock}.
     */
    public static void prepareClock() {
        dev.ljuv.stdlib.vm.InBackground.once(PREPARED, "ljuv-clock-init", ProcessCpu::nanos);
    }

    /**
     * {@code os.tmpname()} as LuaJIT's (mkstemp): the absolute path of a new empty file in the temporary
     * directory. LuaJ created it there but returned only its bare name, which scripts then opened in the
     * current directory.
     */
    @Override
    protected String tmpname() {
        try {
            return java.nio.file.Files.createTempFile("lua_", "").toAbsolutePath().toString();
        } catch (java.io.IOException e) {
            throw new org.luaj.vm2.LuaError("unable to generate a unique filename");
        }
    }

    @Override
    protected double clock() {
        return ProcessCpu.nanos() / 1e9;
    }

    /**
     * The process CPU clock: {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)} called directly (tens of
     * nanoseconds; the management bean takes about 20 microseconds a call, too slow for the busy loops that
     * read {@code os.clock}), or the management bean (coarser) where that C function cannot be linked or native
     * access is not enabled ({@code --enable-native-access=ALL-UNNAMED}, which {@code bin/ljuv} gives).
     */
    private static final class ProcessCpu {
        private static final int CLOCK_PROCESS_CPUTIME_ID = 2; // Linux and macOS
        private static final MethodHandle CLOCK_GETTIME = link();
        private static final ThreadLocal<MemorySegment> TIMESPEC =
                ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

        private static MethodHandle link() {
            if (!LuaJitOsLib.class.getModule().isNativeAccessEnabled()) {
                return null; // linking would make the JVM print a warning: use the management bean instead
            }
            try {
                Linker linker = Linker.nativeLinker();
                return linker.defaultLookup().find("clock_gettime")
                        .map(f -> linker.downcallHandle(f,
                                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS)))
                        .orElse(null);
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }

        static long nanos() {
            if (CLOCK_GETTIME != null) {
                MemorySegment ts = TIMESPEC.get();
                try {
                    if ((int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, ts) == 0) {
                        return ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8);
                    }
                } catch (Throwable e) {
                    // fall through to the management bean
                }
            }
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }
}
