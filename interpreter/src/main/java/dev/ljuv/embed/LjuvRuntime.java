package dev.ljuv.embed;

import dev.ljuv.java.JavaAccess;
import dev.ljuv.runtime.LuaRuntime;
import dev.ljuv.runtime.StatePolicy;
import dev.ljuv.stdlib.vm.RuntimeOptions;
import dev.ljuv.runtime.PackagePaths;
import dev.ljuv.stdlib.lib.io.StdStreams;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entry point for Java applications: a configured runtime that creates Lua states with LuaJIT 2.1's
 * dialect, native coroutines and the {@code ljuv} module, exactly as the {@code ljuv} command does.
 *
 * <pre>{@code
 * LjuvRuntime runtime = LjuvRuntime.builder().packagePath("./scripts/?.lua;;").build();
 * try (LuaState lua = runtime.newState()) {
 *     Object[] r = lua.run("return 6 * 7", "answer");
 * }
 * }</pre>
 *
 * <p>Threading: a runtime is immutable and may be shared; each {@link LuaState} belongs to one thread at a
 * time. JVM flags: those of {@code bin/jvm.args} (native coroutines, Netty's native transport).
 */
public final class LjuvRuntime {
    private final LuaRuntime runtime;
    private final Map<String, JavaFunction> preloads;
    private final CallTimeLimit timeLimit;

    private LjuvRuntime(LuaRuntime runtime, Map<String, JavaFunction> preloads, CallTimeLimit timeLimit) {
        this.runtime = runtime;
        this.preloads = Map.copyOf(preloads);
        this.timeLimit = timeLimit;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A new, independent Lua state. */
    public LuaState newState() {
        return new LuaState(runtime.newState(), preloads, timeLimit);
    }

    /** Configures a runtime. Not thread-safe. */
    public static final class Builder {
        private String packagePath;
        private String packageCPath;
        private InputStream in = System.in;
        private PrintStream out = System.out;
        private PrintStream err = System.err;
        private final Map<String, JavaFunction> preloads = new LinkedHashMap<>();
        private RuntimeOptions options;
        private JavaAccess javaAccess = JavaAccess.NONE;
        private final Set<String> removed = new LinkedHashSet<>();
        private boolean binaryChunks = true;
        private Duration callTimeLimit;
        private long memoryLimit = -1;

        private Builder() {}

        /**
         * The preset for scripts the application does not trust: no Java class ({@link JavaAccess#NONE}); no
         * {@code io}, {@code os}, {@code debug}, {@code jit}, {@code java}, {@code luajava} nor {@code ljuv} (no
         * files, processes, threads or loops); no binary chunks; every call from the application limited to one
         * second ({@link #callTimeLimit}); 64 MB of
         * memory per state ({@link #memoryLimit}). Each setting can be changed after it (a later {@code javaAccess}
         * widens Java access, for example).
         */
        public Builder untrusted() {
            javaAccess(JavaAccess.NONE);
            withoutLibraries("io", "os", "debug", "jit", "java", "luajava", "ljuv");
            binaryChunks(false);
            callTimeLimit(Duration.ofSeconds(1));
            memoryLimit(64L << 20);
            return this;
        }

        /**
         * The memory each Lua state may hold, in bytes (0: none; default: {@code LJUV_MEMORY_LIMIT}, else none):
         * past it, the state's next large allocation, call or loop iteration raises "not enough memory", which a
         * script may catch; other states and the application are unharmed. What a state holds is measured as
         * what its globals, registry and running code reach (see {@code MemoryLimit}): a script that keeps all it
         * allocates stops at about 1.25 times the limit; Java objects it holds count as small.
         */
        public Builder memoryLimit(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("memory limit must be 0 (none) or positive: " + bytes);
            }
            this.memoryLimit = bytes;
            return this;
        }

        /**
         * Limits each call from the application ({@code run}, {@code call}, {@code runLoop}...) to {@code limit}:
         * past it, the Lua code is stopped at its next call, loop iteration or pattern-matching step with the error
         * {@code time limit exceeded (N ms)}, which a {@code pcall} in the script cannot keep; the state stays
         * usable. Null: no limit (the default).
         */
        public Builder callTimeLimit(Duration limit) {
            this.callTimeLimit = limit;
            return this;
        }

        /**
         * Which Java classes Lua code may name ({@code require "java"}, {@code luajava}). Default {@link JavaAccess#NONE}:
         * an application opts in, with {@link JavaAccess#ALL} or {@link JavaAccess#allowList}. Java objects the
         * application hands to Lua stay usable whatever the policy.
         */
        public Builder javaAccess(JavaAccess access) {
            this.javaAccess = access;
            return this;
        }

        /**
         * Leaves libraries out of every state ({@code "io"}, {@code "os"}, {@code "debug"}, {@code "jit"},
         * {@code "java"}, {@code "luajava"}, {@code "ljuv"}): neither the global nor {@code require} finds them.
         */
        public Builder withoutLibraries(String... libraries) {
            removed.addAll(List.of(libraries));
            new StatePolicy(javaAccess, removed, binaryChunks); // checks the names now
            return this;
        }

        /**
         * Whether Lua's {@code load}, {@code loadstring}, {@code loadfile} and {@code dofile} accept binary chunks
         * (default true). Refuse them for untrusted scripts: bytecode is verified, but LuaJIT itself does not
         * promise safety for forged bytecode either. A function then cannot be a pool's interface loader (its
         * workers load it as bytecode): give its source as a string.
         */
        public Builder binaryChunks(boolean allowed) {
            this.binaryChunks = allowed;
            return this;
        }

        /** The runtime's settings (compile mode, coroutine engine, ...); default: this process's properties. */
        public Builder options(RuntimeOptions options) {
            this.options = options;
            return this;
        }

        /** {@code package.path}; {@code ;;} stands for the default. Default: {@code LUA_PATH} or the default. */
        public Builder packagePath(String path) {
            this.packagePath = path;
            return this;
        }

        /** {@code package.cpath}; {@code ;;} stands for the default. */
        public Builder packageCPath(String cpath) {
            this.packageCPath = cpath;
            return this;
        }

        public Builder stdin(InputStream in) {
            this.in = in;
            return this;
        }

        public Builder stdout(PrintStream out) {
            this.out = out;
            return this;
        }

        public Builder stderr(PrintStream err) {
            this.err = err;
            return this;
        }

        /**
         * A module every state can {@code require}: {@code loader} is called with the module name and returns
         * the module's value.
         */
        public Builder preload(String module, JavaFunction loader) {
            preloads.put(module, loader);
            return this;
        }

        public LjuvRuntime build() {
            PackagePaths env = PackagePaths.fromEnvironment(System.getenv());
            String path = packagePath == null ? env.path() : PackagePaths.expand(packagePath, PackagePaths.DEFAULT_PATH);
            String cpath = packageCPath == null ? env.cpath() : PackagePaths.expand(packageCPath, PackagePaths.DEFAULT_CPATH);
            StdStreams streams = new StdStreams(in, out, err);
            RuntimeOptions settings = options != null ? options : RuntimeOptions.fromSystem();
            if (memoryLimit >= 0) {
                settings = settings.withMemoryLimit(memoryLimit);
            }
            StatePolicy policy = new StatePolicy(javaAccess, removed, binaryChunks);
            return new LjuvRuntime(new LuaRuntime(streams, new PackagePaths(path, cpath), settings, policy), preloads,
                    callTimeLimit == null ? null : new CallTimeLimit(callTimeLimit));
        }
    }
}
