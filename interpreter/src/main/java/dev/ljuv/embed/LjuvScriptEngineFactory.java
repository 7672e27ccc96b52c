package dev.ljuv.embed;

import java.util.List;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;

/**
 * JSR-223 factory, registered through {@code META-INF/services}: {@code new ScriptEngineManager()} finds the
 * engine by the names {@code "lua"}, {@code "luajit"} and {@code "ljuv"}, the extension {@code "lua"} and Lua's
 * MIME types.
 *
 * <p>LuaJ's own (Lua 5.2) engine answers to {@code "lua"} too when its jar is on the class path. The manager asks
 * its factories in the order of their engine names ({@code ScriptEngineManager} keeps them in a set sorted by
 * {@link #getEngineName}), so this engine is named {@code "Ljuv"}, which sorts before LuaJ's {@code "Luaj"}, and
 * is the one found.
 *
 * <p>Threading: stateless.
 */
public final class LjuvScriptEngineFactory implements ScriptEngineFactory {
    @Override
    public String getEngineName() {
        return "Ljuv";
    }

    @Override
    public String getEngineVersion() {
        String v = LjuvScriptEngineFactory.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public List<String> getExtensions() {
        return List.of("lua");
    }

    @Override
    public List<String> getMimeTypes() {
        return List.of("text/x-lua", "application/x-lua", "text/lua", "application/lua");
    }

    @Override
    public List<String> getNames() {
        return List.of("lua", "luajit", "ljuv", "Lua", "LuaJIT");
    }

    @Override
    public String getLanguageName() {
        return "lua";
    }

    @Override
    public String getLanguageVersion() {
        return "5.1";
    }

    @Override
    public Object getParameter(String key) {
        return switch (key) {
            case ScriptEngine.ENGINE -> getEngineName();
            case ScriptEngine.ENGINE_VERSION -> getEngineVersion();
            case ScriptEngine.NAME -> "lua";
            case ScriptEngine.LANGUAGE -> getLanguageName();
            case ScriptEngine.LANGUAGE_VERSION -> getLanguageVersion();
            case "THREADING" -> null; // one state per engine, one thread at a time
            default -> null;
        };
    }

    @Override
    public String getMethodCallSyntax(String obj, String m, String... args) {
        return obj + ":" + m + "(" + String.join(", ", args) + ")";
    }

    @Override
    public String getOutputStatement(String toDisplay) {
        return "print(" + toDisplay + ")";
    }

    @Override
    public String getProgram(String... statements) {
        return String.join("\n", statements);
    }

    @Override
    public ScriptEngine getScriptEngine() {
        return new LjuvScriptEngine(this);
    }
}
