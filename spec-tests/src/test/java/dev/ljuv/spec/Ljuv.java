package dev.ljuv.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/ljuv} as a separate process, as a user would, and captures what it prints. */
final class Ljuv {
    static final Path ROOT = Path.of(System.getProperty("ljuv.root", "..")).toAbsolutePath().normalize();

    /** What a run left: exit code, stdout and stderr as UTF-8 text, and stdout's raw bytes. */
    record Result(int exit, String out, String err, byte[] outBytes) {}

    /** Fails when {@code text} (what a run printed) shows Java: a class name, an exception or a JVM warning. */
    static void assertNoJava(String text) {
        org.junit.jupiter.api.Assertions.assertFalse(
                text.contains("java.") || text.contains("Exception") || text.contains("WARNING"),
                "Java leaked into the output: " + text);
    }

    static Result run(String stdin, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return runIn(ROOT, stdin, env, args);
    }

    /** As {@link #run(String, Map, String...)}, in the directory {@code dir}. */
    static Result runIn(Path dir, String stdin, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("bin/ljuv").toString());
        command.addAll(List.of(args));
        return start(command, dir, stdin, env);
    }

    private static Result start(List<String> command, Path dir, String stdin, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("LJUV_NO_BUILD", "1");
        pb.environment().remove("LUA_INIT");
        pb.environment().remove("LUA_PATH");
        pb.environment().putAll(env);
        pb.directory(dir.toFile());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        var out = p.getInputStream();
        var err = p.getErrorStream();
        byte[][] captured = new byte[2][];
        Thread o = Thread.ofPlatform().start(() -> captured[0] = readAll(out));
        Thread e = Thread.ofPlatform().start(() -> captured[1] = readAll(err));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ljuv did not finish within 60 s: " + command);
        }
        o.join();
        e.join();
        return new Result(p.exitValue(), new String(captured[0], StandardCharsets.UTF_8),
                new String(captured[1], StandardCharsets.UTF_8), captured[0]);
    }

    /** Runs another command (which starts bin/ljuv itself), as {@link #runIn} does. */
    static Result runCommand(List<String> command) throws IOException, InterruptedException {
        return start(command, ROOT, null, Map.of());
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return run(null, Map.of(), args);
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException ex) {
            return new byte[0];
        }
    }
}
