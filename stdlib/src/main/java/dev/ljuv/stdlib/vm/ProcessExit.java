package dev.ljuv.stdlib.vm;

/**
 * Ends the process, as C's {@code exit} ends luajit. {@link System#exit} first looks up the JDK's own logger for
 * the exit (JDK 21+), whose set-up reads the runtime image and costs more than a tenth of a start-up; the
 * {@code ljuv} command, which registers no shutdown hook, halts instead. It exits the usual way wherever
 * shutdown hooks may matter: in an embedding application, and when JVM options were added (an agent, a JFR
 * recording written at exit).
 *
 * <p>Threading: any thread; the caller has flushed what it wrote.
 */
public final class ProcessExit {
    private static final boolean HALT = System.getProperty("ljuv.command") != null
            && System.getenv("LJUV_JAVA_OPTS") == null
            && System.getenv("JAVA_TOOL_OPTIONS") == null
            && System.getenv("JDK_JAVA_OPTIONS") == null;

    private ProcessExit() {}

    public static void exit(int status) {
        if (HALT) {
            Runtime.getRuntime().halt(status);
        }
        System.exit(status);
    }
}
