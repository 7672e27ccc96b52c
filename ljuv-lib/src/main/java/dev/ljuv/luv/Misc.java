package dev.ljuv.luv;

import com.sun.management.OperatingSystemMXBean;
import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * luv's miscellaneous utilities ({@code uv.getpid}, {@code uv.os_*}, {@code uv.cpu_info}, ...), answered from
 * the JVM and, on Linux, from {@code /proc} ({@code chdir} through the C library: {@link WorkingDirectory}). What a
 * JVM cannot do to its own process is luv's {@code ENOTSUP}: {@code setuid}, {@code setgid}, priorities. The
 * environment that {@code os_setenv} changes is this runtime's view of it, seen
 * by {@code os_getenv}, {@code os_environ} and the processes {@code uv.spawn} starts (not by LuaJ's
 * {@code os.getenv}: the JVM cannot change its own environment).
 *
 * <p>Threading: the functions run on their state's thread; the environment view is shared by the process's
 * states and safe from any thread.
 */
final class Misc {
    private Misc() {}

    static final String[] NAMES = {
        "exepath", "cwd", "chdir", "get_process_title", "set_process_title", "get_total_memory", "get_free_memory",
        "get_constrained_memory", "get_available_memory", "resident_set_memory", "getrusage", "available_parallelism",
        "cpu_info", "getpid", "getuid", "getgid", "setuid", "setgid", "hrtime", "clock_gettime", "uptime",
        "guess_handle", "gettimeofday", "interface_addresses", "if_indextoname", "if_indextoiid", "loadavg",
        "os_uname", "os_gethostname", "os_getenv",
        "os_setenv", "os_unsetenv", "os_environ", "os_homedir", "os_tmpdir", "os_get_passwd", "os_getpid",
        "os_getppid", "os_getpriority", "os_setpriority", "random", "sleep", "print_all_handles",
        "print_active_handles", "translate_sys_error", "constants", "errno",
    };

    /** {@code uv.constants}: the Linux numbers luv exposes (open flags, signals, families, socket types...). */
    private static final String CONSTANTS = "AF_APPLETALK=5 AF_ATMPVC=8 AF_AX25=3 AF_INET6=10 AF_INET=2 AF_IPX=4 "
            + "AF_NETLINK=16 AF_PACKET=17 AF_UNIX=1 AF_X25=9 AI_ADDRCONFIG=32 AI_ALL=16 AI_NUMERICHOST=4 "
            + "AI_NUMERICSERV=1024 AI_PASSIVE=1 AI_V4MAPPED=8 O_APPEND=1024 O_CREAT=64 O_DSYNC=4096 O_EXCL=128 "
            + "O_NOCTTY=256 O_NONBLOCK=2048 O_RDONLY=0 O_RDWR=2 O_RSYNC=1052672 O_SYNC=1052672 O_TRUNC=512 "
            + "O_WRONLY=1 SIGABRT=6 SIGALRM=14 SIGBUS=7 SIGCHLD=17 SIGCONT=18 SIGFPE=8 SIGHUP=1 SIGILL=4 SIGINT=2 "
            + "SIGIO=29 SIGIOT=6 SIGKILL=9 SIGPIPE=13 SIGPOLL=29 SIGPROF=27 SIGPWR=30 SIGQUIT=3 SIGSEGV=11 "
            + "SIGSTKFLT=16 SIGSTOP=19 SIGSYS=31 SIGTERM=15 SIGTRAP=5 SIGTSTP=20 SIGTTIN=21 SIGTTOU=22 SIGURG=23 "
            + "SIGUSR1=10 SIGUSR2=12 SIGVTALRM=26 SIGWINCH=28 SIGXCPU=24 SIGXFSZ=25 SOCK_DGRAM=2 SOCK_RAW=3 "
            + "SOCK_RDM=4 SOCK_SEQPACKET=5 SOCK_STREAM=1 TCP_IPV6ONLY=1 UDP_IPV6ONLY=1 UDP_MMSG_CHUNK=8 "
            + "UDP_MMSG_FREE=16 UDP_PARTIAL=2 UDP_RECVMMSG=256 UDP_REUSEADDR=4";

    private static LuaTable constants() {
        LuaTable t = new LuaTable();
        for (String entry : CONSTANTS.split(" ")) {
            String[] kv = entry.split("=");
            t.set(kv[0], LuaValue.valueOf(Integer.parseInt(kv[1])));
        }
        return t;
    }

    /** The name of the network interface numbered {@code index}, or luv's ENXIO, as {@code if_indextoname(3)}. */
    private static Varargs interfaceName(int index) {
        try {
            NetworkInterface n = index > 0 ? NetworkInterface.getByIndex(index) : null;
            return n == null ? LuvErrors.fail(UvError.ENXIO) : LuaValue.valueOf(n.getName());
        } catch (SocketException e) {
            return LuvErrors.fail(UvError.ENXIO);
        }
    }

    /** {@code uv.errno} (luv 1.45 and later): libuv's error names and their (negative) numbers. */
    private static LuaTable errno() {
        LuaTable t = new LuaTable();
        for (UvError e : UvError.values()) {
            t.set(e.name(), LuaValue.valueOf(e.code));
        }
        return t;
    }

    /** The environment as this runtime sees it: the process's, changed by {@code os_setenv}/{@code os_unsetenv}. */
    static final Map<String, String> ENVIRONMENT = new ConcurrentHashMap<>(System.getenv());

    private static volatile String processTitle = "ljuv";

    /**
     * {@code uv.exepath()}: the program that runs Lua, as luv gives luajit's path, so that a script can start itself
     * again ({@code uv.spawn(uv.exepath(), {args = {script}})}). Under {@code bin/ljuv}, which passes its {@code $0}
     * in {@code ljuv.command}, that launcher's real path (the JVM's binary would take the script for a class); in an
     * embedding application, the JVM's binary, which is then the process's.
     */
    private static final class Executable {
        static final String PATH = launcher();

        private static String launcher() {
            String command = System.getProperty("ljuv.command");
            try {
                // (relative to the directory the process started in, which uv.chdir may have left since)
                Path launcher = command == null ? null : Path.of(System.getProperty("user.dir", "")).resolve(command);
                if (command != null && command.indexOf('/') >= 0 && Files.isExecutable(launcher)) {
                    return launcher.toRealPath().toString();
                }
            } catch (IOException | RuntimeException e) {
                // not a file this process can name: the JVM's own binary
            }
            return ProcessHandle.current().info().command().orElse("java");
        }
    }

    /**
     * {@code uv.random}'s source, made at its first use: making it loads the JDK's security providers, several
     * milliseconds that every script requiring luv paid at its start.
     */
    private static final class RandomSource {
        static final SecureRandom SOURCE = new SecureRandom();
    }

    private static OperatingSystemMXBean os() {
        return (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    }

    /** A file of /proc as text, or null where there is none (not Linux). */
    private static String proc(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A numeric field of /proc/self/status ({@code Uid:} gives the real uid first). */
    private static long status(String field) {
        String s = proc("/proc/self/status");
        if (s != null) {
            for (String line : s.split("\n")) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        }
        return -1;
    }

    private static LuaTable timeval(long micros) {
        LuaTable t = new LuaTable();
        t.set("sec", LuaValue.valueOf(micros / 1_000_000L));
        t.set("usec", LuaValue.valueOf(micros % 1_000_000L));
        return t;
    }

    static void bind(Functions.Library lib, Luv uv) {
        lib.value("constants", constants());
        lib.value("errno", errno());
        lib.function("exepath", args -> LuaValue.valueOf(Executable.PATH))
                .function("cwd", args -> LuaValue.valueOf(WorkingDirectory.current()))
                .function("chdir", args -> {
                    UvError e = WorkingDirectory.change(Args.checkString(args, 1, "chdir").tojstring());
                    return e == null ? LuvErrors.OK : LuvErrors.fail(e);
                })
                .function("get_process_title", args -> LuaValue.valueOf(processTitle))
                .function("set_process_title", args -> {
                    processTitle = Args.checkString(args, 1, "set_process_title").tojstring();
                    return LuvErrors.OK;
                })
                .function("get_total_memory", args -> LuaValue.valueOf((double) os().getTotalMemorySize()))
                .function("get_free_memory", args -> LuaValue.valueOf((double) os().getFreeMemorySize()))
                .function("get_constrained_memory", args -> LuaValue.valueOf(0))
                .function("get_available_memory", args -> LuaValue.valueOf((double) os().getFreeMemorySize()))
                .function("resident_set_memory", args -> {
                    long kb = status("VmRSS");
                    return kb < 0 ? LuvErrors.fail(UvError.ENOSYS) : LuaValue.valueOf((double) kb * 1024);
                })
                .function("getrusage", args -> {
                    LuaTable t = new LuaTable();
                    long cpu = os().getProcessCpuTime() / 1000;
                    t.set("utime", timeval(cpu));
                    t.set("stime", timeval(0));
                    t.set("maxrss", LuaValue.valueOf(Math.max(0, status("VmHWM"))));
                    for (String f : List.of("ixrss", "idrss", "isrss", "minflt", "majflt", "nswap", "inblock",
                            "oublock", "msgsnd", "msgrcv", "nsignals", "nvcsw", "nivcsw")) {
                        t.set(f, LuaValue.valueOf(0));
                    }
                    return t;
                })
                .function("available_parallelism", args -> LuaValue.valueOf(Runtime.getRuntime().availableProcessors()))
                .function("cpu_info", args -> cpuInfo())
                .function("getpid", args -> LuaValue.valueOf(ProcessHandle.current().pid()))
                .function("os_getpid", args -> LuaValue.valueOf(ProcessHandle.current().pid()))
                .function("os_getppid", args -> LuaValue.valueOf(
                        ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L)))
                .function("getuid", args -> LuaValue.valueOf(status("Uid")))
                .function("getgid", args -> LuaValue.valueOf(status("Gid")))
                .function("setuid", args -> LuvErrors.fail(UvError.ENOTSUP))
                .function("setgid", args -> LuvErrors.fail(UvError.ENOTSUP))
                .function("os_getpriority", args -> LuvErrors.fail(UvError.ENOTSUP))
                .function("os_setpriority", args -> LuvErrors.fail(UvError.ENOTSUP))
                .function("hrtime", args -> LuaValue.valueOf((double) System.nanoTime()))
                .function("clock_gettime", args -> {
                    String id = Args.checkString(args, 1, "clock_gettime").tojstring();
                    long nanos;
                    if (id.equals("monotonic")) {
                        nanos = System.nanoTime();
                    } else if (id.equals("realtime")) {
                        java.time.Instant now = java.time.Instant.now();
                        nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                    } else {
                        return LuvErrors.fail(UvError.EINVAL);
                    }
                    LuaTable t = new LuaTable();
                    t.set("sec", LuaValue.valueOf((double) (nanos / 1_000_000_000L)));
                    t.set("nsec", LuaValue.valueOf(nanos % 1_000_000_000L));
                    return t;
                })
                .function("uptime", args -> {
                    String s = proc("/proc/uptime");
                    return LuaValue.valueOf(s != null ? Double.parseDouble(s.split("\\s+")[0])
                            : ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
                })
                .function("guess_handle", args -> LuaValue.valueOf(guessHandle(Args.checkInt(args, 1, "guess_handle"))))
                .function("gettimeofday", args -> {
                    java.time.Instant now = java.time.Instant.now();
                    return LuaValue.varargsOf(LuaValue.valueOf((double) now.getEpochSecond()),
                            LuaValue.valueOf(now.getNano() / 1000));
                })
                .function("interface_addresses", args -> interfaces())
                .function("if_indextoname", args -> interfaceName(Args.checkInt(args, 1, "if_indextoname")))
                // (on Unix an IPv6 scope's identifier is the interface's name, as libuv gives it)
                .function("if_indextoiid", args -> interfaceName(Args.checkInt(args, 1, "if_indextoiid")))
                .function("loadavg", args -> {
                    String s = proc("/proc/loadavg");
                    if (s == null) {
                        double l = Math.max(0, os().getSystemLoadAverage());
                        return LuaValue.varargsOf(LuaValue.valueOf(l), LuaValue.valueOf(l), LuaValue.valueOf(l));
                    }
                    String[] f = s.split("\\s+");
                    return LuaValue.varargsOf(LuaValue.valueOf(Double.parseDouble(f[0])),
                            LuaValue.valueOf(Double.parseDouble(f[1])), LuaValue.valueOf(Double.parseDouble(f[2])));
                })
                .function("os_uname", args -> {
                    LuaTable t = new LuaTable();
                    String version = proc("/proc/sys/kernel/version");
                    t.set("sysname", System.getProperty("os.name"));
                    t.set("release", System.getProperty("os.version"));
                    t.set("version", version != null ? version.trim() : System.getProperty("os.version"));
                    String arch = System.getProperty("os.arch");
                    t.set("machine", arch.equals("amd64") ? "x86_64" : arch.equals("aarch64") ? "aarch64" : arch);
                    return t;
                })
                .function("os_gethostname", args -> {
                    String s = proc("/proc/sys/kernel/hostname");
                    if (s != null) {
                        return LuaValue.valueOf(s.trim());
                    }
                    try {
                        return LuaValue.valueOf(InetAddress.getLocalHost().getHostName());
                    } catch (IOException e) {
                        return LuvErrors.fail(e);
                    }
                })
                .function("os_getenv", args -> {
                    String v = ENVIRONMENT.get(Args.checkString(args, 1, "os_getenv").tojstring());
                    return v == null ? LuvErrors.fail(UvError.ENOENT) : LuaValue.valueOf(v);
                })
                .function("os_setenv", args -> {
                    ENVIRONMENT.put(Args.checkString(args, 1, "os_setenv").tojstring(),
                            Args.checkString(args, 2, "os_setenv").tojstring());
                    return LuaValue.TRUE;
                })
                .function("os_unsetenv", args -> {
                    ENVIRONMENT.remove(Args.checkString(args, 1, "os_unsetenv").tojstring());
                    return LuaValue.TRUE;
                })
                .function("os_environ", args -> {
                    LuaTable t = new LuaTable();
                    ENVIRONMENT.forEach((k, v) -> t.set(k, v));
                    return t;
                })
                .function("os_homedir", args -> LuaValue.valueOf(
                        ENVIRONMENT.getOrDefault("HOME", System.getProperty("user.home"))))
                .function("os_tmpdir", args -> {
                    String tmp = ENVIRONMENT.getOrDefault("TMPDIR", "/tmp");
                    return LuaValue.valueOf(tmp.length() > 1 && tmp.endsWith("/") ? tmp.substring(0, tmp.length() - 1) : tmp);
                })
                .function("os_get_passwd", args -> {
                    LuaTable t = new LuaTable();
                    t.set("username", System.getProperty("user.name"));
                    t.set("uid", LuaValue.valueOf(status("Uid")));
                    t.set("gid", LuaValue.valueOf(status("Gid")));
                    t.set("shell", ENVIRONMENT.getOrDefault("SHELL", "/bin/sh"));
                    t.set("homedir", System.getProperty("user.home"));
                    return t;
                })
                .function("random", args -> random(uv, args))
                .function("sleep", args -> {
                    try {
                        Thread.sleep(Math.max(0, (long) Args.checkNumber(args, 1, "sleep")));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return LuaValue.NONE;
                })
                .function("print_all_handles", args -> LuaValue.NONE)
                .function("print_active_handles", args -> LuaValue.NONE)
                .function("translate_sys_error", args -> {
                    UvError e = UvError.byCode(-Math.abs(Args.checkInt(args, 1, "translate_sys_error")));
                    return e == null ? LuaValue.NONE
                            : LuaValue.varargsOf(LuaValue.valueOf(e.name() + ": " + e.message), LuaValue.valueOf(e.name()));
                });
    }

    /** {@code uv.random(len, flags, [cb])}: synchronous without a callback, else the bytes in the next poll. */
    private static Varargs random(Luv uv, Varargs args) {
        int len = Args.checkInt(args, 1, "random");
        if (len < 0) {
            return LuvErrors.fail(UvError.E2BIG);
        }
        if (args.arg(2).isnumber() && args.arg(2).todouble() != 0) {
            return LuvErrors.fail(UvError.EINVAL); // libuv has no flags yet: any other than 0 is refused
        }
        LuaValue cb = Args.optCallable(args, 3, "random");
        byte[] bytes = new byte[len];
        RandomSource.SOURCE.nextBytes(bytes);
        if (cb.isnil()) {
            return LuaString.valueUsing(bytes);
        }
        uv.later(cb, LuaValue.varargsOf(LuaValue.NIL, LuaString.valueUsing(bytes)));
        return LuvErrors.OK;
    }

    /** What libuv's {@code uv_guess_handle} tells from what the descriptor is open on. */
    static String guessHandle(int fd) {
        if (fd < 0) {
            return "unknown";
        }
        if (fd > 2 && FileTable.isSystem(fd)) { // (this runtime's numbers: a socket pair's end, a file)
            return "pipe";
        }
        if (fd > 2 && FileTable.isFile(fd)) {
            return "file";
        }
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            String target = Files.readSymbolicLink(link).toString();
            if (target.startsWith("pipe:")) {
                return "pipe";
            }
            if (target.startsWith("socket:")) {
                return "tcp";
            }
            if (target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console")) {
                return "tty";
            }
            return "file";
        } catch (IOException | RuntimeException e) {
            return fd <= 2 && System.console() != null ? "tty" : "unknown";
        }
    }

    private static LuaTable cpuInfo() {
        LuaTable cpus = new LuaTable();
        List<String> models = new ArrayList<>();
        List<Double> speeds = new ArrayList<>();
        String info = proc("/proc/cpuinfo");
        if (info != null) {
            for (String line : info.split("\n")) {
                if (line.startsWith("model name")) {
                    models.add(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("cpu MHz")) {
                    speeds.add(Double.parseDouble(line.substring(line.indexOf(':') + 1).trim()));
                }
            }
        }
        Map<Integer, long[]> times = new HashMap<>();
        String stat = proc("/proc/stat");
        if (stat != null) {
            for (String line : stat.split("\n")) {
                if (line.matches("cpu\\d+ .*")) {
                    String[] f = line.split("\\s+");
                    long tick = 10; // USER_HZ is 100: a tick is 10 ms
                    times.put(Integer.parseInt(f[0].substring(3)), new long[] {
                        Long.parseLong(f[1]) * tick, Long.parseLong(f[2]) * tick, Long.parseLong(f[3]) * tick,
                        Long.parseLong(f[4]) * tick, Long.parseLong(f[6]) * tick});
                }
            }
        }
        int n = Math.max(times.size(), Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < n; i++) {
            LuaTable cpu = new LuaTable();
            cpu.set("model", i < models.size() ? models.get(i) : System.getProperty("os.arch"));
            cpu.set("speed", LuaValue.valueOf(i < speeds.size() ? (int) Math.round(speeds.get(i)) : 0));
            long[] t = times.getOrDefault(i, new long[5]);
            LuaTable tt = new LuaTable();
            String[] names = {"user", "nice", "sys", "idle", "irq"};
            for (int k = 0; k < names.length; k++) {
                tt.set(names[k], LuaValue.valueOf((double) t[k]));
            }
            cpu.set("times", tt);
            cpus.set(i + 1, cpu);
        }
        return cpus;
    }

    private static LuaTable interfaces() {
        LuaTable result = new LuaTable();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                LuaTable list = new LuaTable();
                byte[] mac = nif.getHardwareAddress();
                StringBuilder m = new StringBuilder();
                for (int i = 0; i < 6; i++) {
                    m.append(i > 0 ? ":" : "").append(String.format(Locale.ROOT, "%02x", mac != null && i < mac.length ? mac[i] : 0));
                }
                List<InterfaceAddress> addresses = new ArrayList<>(nif.getInterfaceAddresses());
                // as getifaddrs lists them: IPv4 before IPv6 (the JVM gives IPv6 first)
                addresses.sort(java.util.Comparator.comparing(a -> a.getAddress() instanceof Inet6Address));
                for (InterfaceAddress a : addresses) {
                    LuaTable e = new LuaTable();
                    InetAddress ip = a.getAddress();
                    e.set("ip", io.netty.util.NetUtil.toAddressString(ip));
                    e.set("family", ip instanceof Inet6Address ? "inet6" : "inet");
                    e.set("netmask", netmask(ip instanceof Inet6Address, a.getNetworkPrefixLength()));
                    e.set("internal", LuaValue.valueOf(nif.isLoopback()));
                    e.set("mac", m.toString());
                    list.set(list.length() + 1, e);
                }
                if (list.length() > 0) {
                    result.set(nif.getName(), list);
                }
            }
        } catch (SocketException e) {
            // no interfaces to report
        }
        return result;
    }

    private static String netmask(boolean v6, int prefix) {
        byte[] b = new byte[v6 ? 16 : 4];
        for (int i = 0; i < prefix && i < b.length * 8; i++) {
            b[i / 8] |= (byte) (0x80 >> (i % 8));
        }
        try {
            return io.netty.util.NetUtil.toAddressString(InetAddress.getByAddress(b));
        } catch (IOException e) {
            return "";
        }
    }
}
