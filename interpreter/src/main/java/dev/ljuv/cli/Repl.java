package dev.ljuv.cli;

import dev.ljuv.runtime.ChunkLoader;
import dev.ljuv.stdlib.lib.io.StdStreams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The interactive prompt, as Lua 5.1's: {@code > } for a new chunk and {@code >> } while the chunk is
 * incomplete, {@code =expr} prints the values of {@code expr}, errors are reported and the prompt goes on.
 * Uses JLine (line editing, history) on a terminal and plain lines otherwise.
 */
final class Repl {
    private final Globals globals;
    private final StdStreams streams;

    Repl(Globals globals, StdStreams streams) {
        this.globals = globals;
        this.streams = streams;
    }

    static boolean stdinIsTerminal() {
        return System.console() != null && System.console().isTerminal();
    }

    interface Input extends AutoCloseable {
        /** The next line, or null at end of input. */
        String readLine(String prompt) throws IOException;

        @Override
        default void close() throws IOException {}
    }

    void run() {
        try (Input input = stdinIsTerminal() ? jline() : plain()) {
            String line;
            while ((line = input.readLine("> ")) != null) {
                StringBuilder chunk = new StringBuilder(line.startsWith("=") ? "return " + line.substring(1) : line);
                LuaValue fn;
                while (true) {
                    try {
                        fn = ChunkLoader.loadString(globals, chunk.toString(), "=stdin");
                        break;
                    } catch (LuaError e) {
                        String message = String.valueOf(e.getMessage());
                        if (!message.endsWith("'<eof>'") && !message.endsWith("<eof>")) {
                            printError(ErrorReport.describe(e, false));
                            fn = null;
                            break;
                        }
                        String more = input.readLine(">> ");
                        if (more == null) {
                            fn = null;
                            break;
                        }
                        chunk.append('\n').append(more);
                    }
                }
                if (fn != null) {
                    execute(fn);
                }
            }
            streams.out().println();
            streams.out().flush();
        } catch (Exception e) { // the terminal failed: say so in Lua's words, never with a Java text
            printError(dev.ljuv.stdlib.vm.LuaErrors.describe(e));
        }
    }

    private void execute(LuaValue fn) {
        int depth = dev.ljuv.stdlib.vm.LuaStacks.depth();
        try {
            Varargs results = fn.invoke();
            if (results.narg() > 0) {
                globals.get("print").invoke(results);
            }
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            dev.ljuv.stdlib.vm.LuaStacks.unwindTo(depth);
            printError(ErrorReport.describe(e, true));
        }
        streams.out().flush();
    }

    private void printError(String message) {
        streams.out().flush();
        if (message != null) {
            streams.err().println("ljuv: " + message);
        }
    }

    private Input jline() throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        Thread lua = Thread.currentThread();
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("ljuv")
                .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".ljuv_history"))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        return new Input() {
            @Override
            public String readLine(String prompt) {
                streams.out().flush();
                try {
                    return reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    return "";
                } catch (EndOfFileException | java.io.IOError e) {
                    return null; // end of input, or the terminal went away
                } finally {
                    // JLine takes SIGINT while it reads (^C at the prompt) and then resets it to the default
                    // disposition: Ctrl-C in a running statement must interrupt it, not end the REPL
                    Interrupts.install(lua);
                }
            }

            @Override
            public void close() throws IOException {
                terminal.close();
            }
        };
    }

    private Input plain() {
        BufferedReader reader = new BufferedReader(new InputStreamReader(streams.in(), StandardCharsets.UTF_8));
        return prompt -> {
            streams.out().print(prompt);
            streams.out().flush();
            return reader.readLine();
        };
    }
}
