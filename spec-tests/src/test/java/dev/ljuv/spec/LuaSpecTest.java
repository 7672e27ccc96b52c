package dev.ljuv.spec;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ljuv.runtime.ChunkLoader;
import dev.ljuv.runtime.LuaRuntime;
import dev.ljuv.runtime.PackagePaths;
import dev.ljuv.stdlib.vm.LuaErrors;
import dev.ljuv.stdlib.vm.LuaStacks;
import dev.ljuv.stdlib.lib.io.StdStreams;
import dev.ljuv.stdlib.vm.RuntimeOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;

/**
 * Runs every {@code test-*.lua} file under {@code src/test/lua} twice, every function compiled to a JVM class
 * and every function interpreted by LuaJ (the two must agree), the language's own also compiled in pieces (see
 * {@link #LANGUAGE}), each run one dynamic test, each in a fresh state
 * built by the runtime assembly that {@code bin/ljuv} uses, on a thread with the Lua stack. A spec passes
 * when it runs to its end; any error it raises fails the test with the Lua message. The global
 * {@code SHARED_DIR} names the project's shared folder (benchmarks, test vectors).
 */
class LuaSpecTest {
    static final Path LUA_DIR = Path.of("src", "test", "lua");

    @TestFactory
    Stream<DynamicTest> specs() throws IOException {
        return Files.list(LUA_DIR)
                .filter(p -> p.getFileName().toString().matches("test-.*\\.lua"))
                .sorted()
                .flatMap(p -> modes(p).map(mode ->
                        DynamicTest.dynamicTest(p.getFileName() + switch (mode) {
                                    case OFF -> " (interpreted)";
                                    case PIECES -> " (compiled in pieces)";
                                    default -> "";
                                }, p.toUri(), () -> runSpec(p, RuntimeOptions.fromSystem().withCompile(mode)))));
    }

    /**
     * The specs of the language itself also run with every function cut into methods of a few instructions, as a
     * function too large for one JVM method is (see {@code Pieces}): jumps, loops, calls, errors and stack levels
     * across the cuts.
     */
    static final java.util.Set<String> LANGUAGE = java.util.Set.of("arithmetic", "bit-jit", "calls", "coroutine",
            "debug", "errors", "iteration", "lua51", "method-calls", "numbers", "numeric-for", "parser", "recursion",
            "table", "table-sites", "string-buffer");

    private static Stream<RuntimeOptions.Compile> modes(Path spec) {
        String name = spec.getFileName().toString().replaceAll("^test-|\\.lua$", "");
        return LANGUAGE.contains(name)
                ? Stream.of(RuntimeOptions.Compile.ALWAYS, RuntimeOptions.Compile.OFF, RuntimeOptions.Compile.PIECES)
                : Stream.of(RuntimeOptions.Compile.ALWAYS, RuntimeOptions.Compile.OFF);
    }

    private static void runSpec(Path spec, RuntimeOptions options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        StdStreams streams = new StdStreams(InputStream.nullInputStream(), print, print);
        String dir = LUA_DIR.toString();
        LuaRuntime runtime = new LuaRuntime(streams, new PackagePaths(
                dir + "/?.lua;" + PackagePaths.DEFAULT_PATH, PackagePaths.DEFAULT_CPATH), options);
        AtomicReference<String> failure = new AtomicReference<>();
        Thread t = LuaStacks.newThread("spec " + spec.getFileName(), () -> {
            try {
                Globals g = runtime.newState();
                g.set("SHARED_DIR", LuaValue.valueOf(Ljuv.ROOT.resolve("../shared").normalize().toString()));
                ChunkLoader.load(g, Files.readAllBytes(LUA_DIR.resolve("helper.lua")), "@helper.lua").call();
                LuaValue chunk = ChunkLoader.load(g, Files.readAllBytes(spec), "@" + spec.getFileName());
                chunk.call();
            } catch (IOException e) {
                failure.set(e.getMessage());
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                failure.set(LuaErrors.messageWithTraceback(e));
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            String output = out.toString(StandardCharsets.UTF_8);
            fail(failure.get() + (output.isEmpty() ? "" : "\n--- output ---\n" + output));
        }
    }
}
