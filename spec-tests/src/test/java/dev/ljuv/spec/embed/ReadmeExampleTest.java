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
}
