package dev.ljuv.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The LuaJIT conformance cases of {@code ../shared/conformance} (behaviours real libraries tripped on): each
 * {@code NN_name.lua}, run from that folder, prints what LuaJIT printed into {@code NN_name.luajit.out}, addresses
 * and the interpreter's own name ({@code arg[-1]}) aside, as that folder's README says.
 */
class ConformanceTest {
    private static final Path DIR = Ljuv.ROOT.resolve("../shared/conformance").normalize();
    /** Cases this runtime does not match yet, with the reason (reported as skipped, never as passed). */
    private static final java.util.Map<String, String> KNOWN = java.util.Map.of();

    private static String masked(String s) {
        return s.replaceAll("0x[0-9a-f]{4,}", "ADDR").replaceAll("builtin#\\d+", "builtin#N");
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesLuaJit() throws IOException {
        assumeTrue(Files.isDirectory(DIR), "../shared/conformance is beside the project");
        return Files.list(DIR)
                .filter(p -> p.getFileName().toString().matches("\\d+_.*\\.lua"))
                .sorted()
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), p.toUri(), () -> {
                    String name = p.getFileName().toString();
                    assumeTrue(!KNOWN.containsKey(name), KNOWN.get(name));
                    String expected = Files.readString(DIR.resolve(name.replaceFirst("\\.lua$", ".luajit.out")),
                            StandardCharsets.ISO_8859_1).replace("\nluajit\n", "\nCOMMAND\n");
                    // run from a scratch folder (the cases write files beside them; ../shared is read-only in CI)
                    Path work = Files.createTempDirectory("conformance");
                    try {
                        Files.copy(p, work.resolve(name));
                        Ljuv.Result r = Ljuv.runIn(work, null, Map.of("TZ", "UTC"), name);
                        String out = new String(r.outBytes(), StandardCharsets.ISO_8859_1)
                                .replace("\n" + Ljuv.ROOT.resolve("bin/ljuv") + "\n", "\nCOMMAND\n");
                        if (expected.startsWith("luajit\n")) {
                            expected = "COMMAND\n" + expected.substring("luajit\n".length());
                            out = out.replaceFirst("^" + java.util.regex.Pattern.quote(Ljuv.ROOT.resolve("bin/ljuv").toString()) + "\n", "COMMAND\n");
                        }
                        assertEquals(masked(expected), masked(out), name + (r.err().isEmpty() ? "" : "\nstderr: " + r.err()));
                    } finally {
                        try (Stream<Path> s = Files.list(work)) {
                            for (Path f : s.toList()) {
                                Files.deleteIfExists(f);
                            }
                        }
                        Files.deleteIfExists(work);
                    }
                }));
    }
}
