package dev.ljuv.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The house rules a reader relies on, checked over the sources: no main Java file over 600 lines, no cycle
 * between the packages of a module (a package's dependencies are the {@code dev.ljuv} classes it imports or
 * names in full), and no build tool (ASM, the LuaJ patcher) in the runtime jars.
 */
class ArchitectureTest {
    private static final List<String> MODULES = List.of("stdlib", "ljuv-lib", "interpreter");
    private static final int MAX_LINES = 600;
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.ljuv(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]\\w*");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

    @Test
    void noMainJavaFileIsOverSixHundredLines() throws IOException {
        Map<String, Integer> tooLong = new TreeMap<>();
        for (String module : MODULES) {
            for (Path f : javaFiles(module)) {
                int lines = Files.readAllLines(f).size();
                if (lines > MAX_LINES) {
                    tooLong.put(Ljuv.ROOT.relativize(f).toString(), lines);
                }
            }
        }
        assertEquals(Map.of(), tooLong, "files over " + MAX_LINES + " lines");
    }

    @Test
    void packagesOfEachModuleFormNoCycle() throws IOException {
        for (String module : MODULES) {
            Map<String, Set<String>> graph = packageGraph(module);
            assertEquals(List.of(), cycles(graph), module + ": package cycles");
        }
    }

    @Test
    void theCycleCheckFindsACycle() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertEquals(List.of(List.of("a", "b", "c")), cycles(graph));
    }

    @Test
    void runtimeJarsCarryNoBuildTool() throws IOException {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.objectweb.asm.ClassVisitor"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.ljuv.patcher.LuaJPatcher"));
        try (Stream<Path> jars = Files.list(Ljuv.ROOT.resolve("stdlib/target"))) {
            List<Path> stdlibJars = jars.filter(p -> p.getFileName().toString().matches("ljuv-stdlib-.*\\d(-SNAPSHOT)?\\.jar"))
                    .toList();
            assertTrue(!stdlibJars.isEmpty(), "the stdlib jar is built before the spec tests");
            for (Path jar : stdlibJars) {
                try (ZipFile z = new ZipFile(jar.toFile())) {
                    List<String> tools = z.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith("org/objectweb/") || n.startsWith("dev/ljuv/patcher/")
                                    || n.contains("/patch/"))
                            .toList();
                    assertEquals(List.of(), tools, jar + " holds build-time classes");
                    assertTrue(z.getEntry("org/luaj/vm2/LuaClosure.class") != null, jar + " holds the patched LuaJ classes");
                }
            }
        }
    }

    private static List<Path> javaFiles(String module) throws IOException {
        try (Stream<Path> s = Files.walk(Ljuv.ROOT.resolve(module).resolve("src/main/java"))) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static Map<String, Set<String>> packageGraph(String module) throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path f : javaFiles(module)) {
            String text = Files.readString(f);
            Matcher p = PACKAGE.matcher(text);
            if (!p.find()) {
                continue;
            }
            String from = p.group(1);
            Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
            Matcher m = REFERENCE.matcher(text.substring(p.end()));
            while (m.find()) {
                if (!m.group(1).equals(from)) {
                    to.add(m.group(1));
                }
            }
        }
        return graph;
    }

    /** The strongly connected components of more than one package (Tarjan), each sorted. */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<List<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component.stream().sorted().toList());
            }
        }
    }
}
