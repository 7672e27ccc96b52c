package dev.ljuv.java;

import java.util.List;

/**
 * Which Java classes the Lua code of a state may reach through {@code java.import} (and everything built on it:
 * {@code java.new}, {@code java.array}, {@code java.proxy}, {@code luajava}). Decided once by whoever builds the
 * runtime: the command line allows all, an embedding application allows none unless it asks.
 *
 * <p>A class is checked when it is named ({@code import}, a package view's field, a type name), so a denied class
 * is an error there, naming the class and the policy, never a surprise at its first call. Objects that an
 * embedder hands to Lua stay usable whatever the policy: the application chose to give them.
 *
 * @param mode what the state may reach
 * @param allowed under {@link Mode#ALLOW_LIST}: class names ({@code java.util.ArrayList}) and package prefixes
 *     ending in {@code .*} ({@code java.util.*}, which also covers sub-packages)
 *
 * <p>Threading: immutable.
 */
public record JavaAccess(Mode mode, List<String> allowed) {
    /** The policies. */
    public enum Mode {
        /** No class can be named from Lua. */
        NONE,
        /** Only the classes of {@link #allowed}. */
        ALLOW_LIST,
        /** Every public class of the JVM and of {@code java.classpath}. */
        ALL
    }

    public static final JavaAccess NONE = new JavaAccess(Mode.NONE, List.of());
    public static final JavaAccess ALL = new JavaAccess(Mode.ALL, List.of());

    public JavaAccess {
        allowed = List.copyOf(allowed);
    }

    /** Only the classes named or matched by {@code patterns} ({@code "java.util.*"}, {@code "java.lang.Math"}). */
    public static JavaAccess allowList(String... patterns) {
        return new JavaAccess(Mode.ALLOW_LIST, List.of(patterns));
    }

    /** Whether {@code className} (binary name: {@code java.util.Map$Entry}) may be reached. */
    public boolean permits(String className) {
        return switch (mode) {
            case ALL -> true;
            case NONE -> false;
            case ALLOW_LIST -> {
                String name = className.replace('$', '.');
                for (String p : allowed) {
                    if (p.endsWith(".*") ? name.startsWith(p.substring(0, p.length() - 1)) : name.equals(p)
                            || name.startsWith(p + ".")) { // a class allows its nested classes
                        yield true;
                    }
                }
                yield false;
            }
        };
    }

    private static final java.util.Set<String> REFLECTIVE = java.util.Set.of("java.lang.Class", "java.lang.ClassLoader",
            "java.lang.Module", "java.lang.ModuleLayer", "java.lang.Runtime", "java.lang.System", "java.lang.Thread",
            "java.lang.ProcessBuilder", "java.lang.ProcessHandle");

    /**
     * Whether calling a method of {@code owner} on an object a script already holds needs the policy's consent:
     * the classes through which code reaches other classes, threads or processes (reflection, class loaders,
     * {@code Runtime}), so that an allowed object cannot lead a restricted script out of its list.
     */
    static boolean reflective(Class<?> owner) {
        String pkg = owner.getPackageName();
        return REFLECTIVE.contains(owner.getName()) || pkg.equals("java.lang.reflect") || pkg.equals("java.lang.invoke")
                || ClassLoader.class.isAssignableFrom(owner) || Thread.class.isAssignableFrom(owner);
    }

    /** Whether a method of {@code owner} may be called on an object the script holds (see {@link #reflective}). */
    boolean permitsCallsOn(Class<?> owner) {
        return mode == Mode.ALL || !reflective(owner) || mode == Mode.ALLOW_LIST && permits(owner.getName());
    }

    /** Whether any class may be reached at all ({@code java.classpath} needs some). */
    public boolean any() {
        return mode != Mode.NONE;
    }

    /** The error for a denied class. */
    String denial(String className) {
        return "access to Java class '" + className + "' denied (java access policy " + mode
                + (mode == Mode.ALLOW_LIST ? " " + allowed : "") + ")";
    }
}
