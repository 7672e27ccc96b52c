package dev.ljuv.cli;

/** The version banner printed by {@code -v}, {@code -i} and the interactive prompt. */
final class Version {
    private Version() {}

    static String banner() {
        String v = Main.class.getPackage().getImplementationVersion();
        return "ljuv " + (v == null ? "dev" : v) + " -- LuaJIT 2.1 dialect on the JVM (LuaJ, Netty, Java "
                + Runtime.version().feature() + ")";
    }
}
