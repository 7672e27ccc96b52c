package dev.ljuv.embed;

import java.util.List;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;

/**
 * JSR-223 factory, registered through {@code META-INF/services}:
 * {@code new ScriptEngineManager().getEngineByName("ljuv")} (or {@code "luajit"}).
 *
 * <p>Threading: stateless.
 */
public final class LjuvScriptEngineFactory implements ScriptEngineFactory {
    @Override
    public String getEngineName() {
        return "ljuv";
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
        return List.of("text/x-lua", "application/x-lua");
    }

    @Override
    public List<String> getNames() {
        return List.of("ljuv", "luajit");
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
            case ScriptEngine.NAME -> "ljuv";
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
