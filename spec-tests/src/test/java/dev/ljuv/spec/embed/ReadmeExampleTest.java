package dev.ljuv.spec.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding example, compiled and run as an application would. */
class ReadmeExampleTest {
    @TempDir
    Path tmp;

    @Test
    void readmeExampleCompilesAndRuns() throws Exception {
        Path root = Path.of(System.getProperty("ljuv.root", "..")).toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "the README has a Java example");
        String source = m.group(1);
        assertTrue(source.lines().count() <= 20, "a short example");
        Path file = tmp.resolve("Example.java");
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", tmp.toString(),
                "-cp", System.getProperty("java.class.path"), file.toString());
        assertEquals(0, status, "the example compiles");

        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass("Example").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        assertEquals(List.of("hello, timer"), captured.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void readmeScriptEngineSnippetRuns() throws Exception {
        Path root = Path.of(System.getProperty("ljuv.root", "..")).toAbsolutePath().normalize();
        Matcher m = Pattern.compile("### JSR-223.*?```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(root.resolve("README.md")));
        assertTrue(m.find(), "the README has a JSR-223 snippet");
        Path file = tmp.resolve("Snippet.java");
        Files.writeString(file, "import javax.script.*;\npublic class Snippet {\n"
                + "public static Object[] run() throws Exception {\n" + m.group(1)
                + "return new Object[] {y, r, c.eval(), c.eval()};\n}\n}\n");
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", tmp.toString(),
                "-cp", System.getProperty("java.class.path"), file.toString());
        assertEquals(0, status, "the snippet compiles");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, getClass().getClassLoader())) {
            Object[] r = (Object[]) loader.loadClass("Snippet").getMethod("run").invoke(null);
            assertEquals(List.of(42L, 8L, 1L, 2L), List.of(r), "the values the snippet's comments give");
        }
    }

    @Test
    void readmeJavaExamplesRun() throws Exception {
        Path root = Path.of(System.getProperty("ljuv.root", "..")).toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Java from Lua"), readme.indexOf("## Layout"));
        Matcher m = Pattern.compile("```lua\n(.*?)```", Pattern.DOTALL).matcher(section);
        List<String> blocks = new java.util.ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertEquals(3, blocks.size(), "the module tour and the two JDBC examples");
        String jar = Path.of("target", "jdbc", "sqlite-jdbc.jar").toAbsolutePath().toString();
        String db = tmp.resolve("readme.db").toString();
        assertTrue(runLua(blocks.get(0)).startsWith("2\t1\ttwo\t2\n1-x\n"), "the tour prints what its comments say");
        assertEquals("value1\nvalue2\nvalue3\nvalue4\n", runLua(blocks.get(1), jar, db));
        assertEquals("4\n", runLua(blocks.get(2), jar, db));
    }

    /** Runs a chunk as bin/ljuv would, with {@code args} as its {@code ...}; returns what it printed. */
    private static String runLua(String code, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        dev.ljuv.runtime.LuaRuntime runtime = new dev.ljuv.runtime.LuaRuntime(
                new dev.ljuv.stdlib.lib.io.StdStreams(java.io.InputStream.nullInputStream(), print, print),
                dev.ljuv.runtime.PackagePaths.fromEnvironment(java.util.Map.of()), dev.ljuv.stdlib.vm.RuntimeOptions.fromSystem());
        Throwable[] failure = new Throwable[1];
        Thread t = dev.ljuv.stdlib.vm.LuaStacks.newThread("readme", () -> {
            try {
                org.luaj.vm2.Globals g = runtime.newState();
                org.luaj.vm2.LuaValue[] values = new org.luaj.vm2.LuaValue[args.length];
                for (int i = 0; i < args.length; i++) {
                    values[i] = org.luaj.vm2.LuaValue.valueOf(args[i]);
                }
                dev.ljuv.runtime.ChunkLoader.load(g, code.getBytes(StandardCharsets.UTF_8), "=readme")
                        .invoke(org.luaj.vm2.LuaValue.varargsOf(values));
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.start();
        t.join();
        if (failure[0] != null) {
            throw new AssertionError(dev.ljuv.stdlib.vm.LuaErrors.messageWithTraceback(failure[0]) + "\n" + out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
