package dev.ljuv.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden outputs: each {@code src/test/golden/NAME.lua} run by {@code bin/ljuv} must print exactly what real
 * LuaJIT printed for it, recorded once with {@code luajit NAME.lua > NAME.luajit.out} in that directory and
 * committed beside it (the test does not need luajit). Both run with {@code TZ=UTC}, for {@code os.date}.
 */
class GoldenOutputTest {
    private static final Path DIR = Ljuv.ROOT.resolve("spec-tests/src/test/golden");

    @TestFactory
    Stream<DynamicTest> outputsMatchLuaJit() throws IOException {
        return Files.list(DIR)
                .filter(p -> p.getFileName().toString().endsWith(".lua"))
                .sorted()
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), p.toUri(), () -> {
                    String name = p.getFileName().toString();
                    Path golden = DIR.resolve(name.replaceFirst("\\.lua$", ".luajit.out"));
                    String expected = Files.readString(golden, StandardCharsets.ISO_8859_1);
                    Ljuv.Result r = Ljuv.runIn(DIR, null, Map.of("TZ", "UTC"), name);
                    assertEquals("", r.err(), name + ": stderr");
                    assertEquals(expected, new String(r.outBytes(), StandardCharsets.ISO_8859_1), name);
                    assertEquals(0, r.exit(), name + ": exit status");
                }));
    }
}
