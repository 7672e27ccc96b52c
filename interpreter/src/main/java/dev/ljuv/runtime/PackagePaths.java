package dev.ljuv.runtime;

import java.util.Map;

/**
 * {@code package.path} and {@code package.cpath} as LuaJIT computes them: the default, or the
 * {@code LUA_PATH} / {@code LUA_CPATH} variable in which {@code ;;} stands for the default.
 */
public record PackagePaths(String path, String cpath) {

    public static final String DEFAULT_PATH = dev.ljuv.stdlib.lib.pkg.PackageLibrary.DEFAULT_PATH;
    public static final String DEFAULT_CPATH = dev.ljuv.stdlib.lib.pkg.PackageLibrary.DEFAULT_CPATH;

    public static PackagePaths defaults() {
        return new PackagePaths(DEFAULT_PATH, DEFAULT_CPATH);
    }

    /** The paths a process with environment {@code env} gets. */
    public static PackagePaths fromEnvironment(Map<String, String> env) {
        return new PackagePaths(
                expand(env.get("LUA_PATH"), DEFAULT_PATH), expand(env.get("LUA_CPATH"), DEFAULT_CPATH));
    }

    public static String expand(String variable, String defaultPath) {
        if (variable == null) {
            return defaultPath;
        }
        String expanded = variable.replace(";;", ";\u0001;");
        expanded = expanded.replace("\u0001", defaultPath);
        if (expanded.startsWith(";")) {
            expanded = expanded.substring(1);
        }
        if (expanded.endsWith(";")) {
            expanded = expanded.substring(0, expanded.length() - 1);
        }
        return expanded;
    }
}
