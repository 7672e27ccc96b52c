package dev.ljuv.luv;

import dev.ljuv.loop.Handle;
import dev.ljuv.loop.Timer;
import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.lua.MethodTable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * luv's file watchers: {@code uv_fs_event_t} ({@link Event}: the JVM's WatchService, inotify on Linux, read by
 * a virtual thread that hands each event to the loop; a watched file is watched through its directory) and
 * {@code uv_fs_poll_t} ({@link Poll}: a stat every interval on the loop, the callback when it changed).
 *
 * <p>Threading: loop thread only, except an Event's watching thread, which only queues events for the loop.
 */
final class FsWatch {
    private FsWatch() {}

    /** {@code uv.new_fs_event()}. */
    static final class Event extends Handle {
        static final List<Op<? super Event>> OPS = List.of(
                Op.of(Event.class, "uv_fs_event", "fs_event_start", "start", (h, a) -> h.start(a)),
                Op.of(Event.class, "uv_fs_event", "fs_event_stop", "stop", (h, a) -> h.stop()),
                Op.of(Event.class, "uv_fs_event", "fs_event_getpath", "getpath",
                        (h, a) -> h.path == null ? LuvErrors.fail(UvError.EINVAL) : valueOf(h.path)));

        private String path;
        private WatchService service;

        Event(Luv luv, MethodTable<Event> type) {
            super(luv.loop, type, false);
        }

        @Override
        public String typeName() {
            return "fs_event";
        }

        private Varargs start(Varargs a) {
            String p = Args.checkString(a, 1, "fs_event_start").tojstring();
            Args.checkTable(a, 2, "fs_event_start");
            LuaValue cb = Args.checkCallable(a, 3, "fs_event_start");
            if (isActive()) {
                return LuvErrors.fail(UvError.EINVAL);
            }
            Path target = Path.of(p);
            boolean directory = Files.isDirectory(target);
            Path dir = directory ? target : WorkingDirectory.absolute(target).getParent();
            String only = directory ? null : target.getFileName().toString();
            try {
                if (!Files.exists(target)) {
                    return LuvErrors.fail(UvError.ENOENT);
                }
                WatchService ws = dir.getFileSystem().newWatchService();
                dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
                service = ws;
                path = p;
                callback = cb;
                activate();
                Thread.ofVirtual().name("luv-fs-event").start(() -> watch(ws, only));
                return LuvErrors.OK;
            } catch (IOException e) {
                return LuvErrors.fail(e);
            }
        }

        private void watch(WatchService ws, String only) {
            try {
                while (true) {
                    WatchKey key = ws.take();
                    for (WatchEvent<?> e : key.pollEvents()) {
                        if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                            continue;
                        }
                        String name = e.context().toString();
                        if (only != null && !only.equals(name)) {
                            continue;
                        }
                        boolean rename = e.kind() != StandardWatchEventKinds.ENTRY_MODIFY;
                        loop.ready(() -> deliver(ws, name, rename));
                    }
                    key.reset();
                }
            } catch (ClosedWatchServiceException | InterruptedException e) {
                // stopped
            }
        }

        private void deliver(WatchService ws, String name, boolean rename) {
            if (service != ws || !isActive()) {
                return; // stopped (or restarted) since
            }
            LuaTable events = new LuaTable();
            events.set(rename ? "rename" : "change", TRUE);
            fireCallback(varargsOf(NIL, valueOf(name), events));
        }

        private Varargs stop() {
            if (service != null) {
                try {
                    service.close();
                } catch (IOException e) {
                    // stopping: nothing to report
                }
                service = null;
            }
            deactivate();
            return LuvErrors.OK;
        }

        @Override
        protected void onClose() {
            stop();
        }
    }

    /** {@code uv.new_fs_poll()}. */
    static final class Poll extends Handle {
        static final List<Op<? super Poll>> OPS = List.of(
                Op.of(Poll.class, "uv_fs_poll", "fs_poll_start", "start", (h, a) -> h.start(a)),
                Op.of(Poll.class, "uv_fs_poll", "fs_poll_stop", "stop", (h, a) -> h.stop()),
                Op.of(Poll.class, "uv_fs_poll", "fs_poll_getpath", "getpath",
                        (h, a) -> h.path == null ? LuvErrors.fail(UvError.EINVAL) : valueOf(h.path)));

        private final Timer timer;
        private String path;
        /** The last stat's attributes (null: the file did not exist), and its failure. */
        private FileStat last;
        private UvError lastError;

        Poll(Luv luv, MethodTable<Poll> type) {
            super(luv.loop, type, false);
            timer = new Timer(luv.loop, luv.timer, false);
            timer.setRef(false); // the poll handle itself keeps the loop alive (or not, if unreferenced)
        }

        @Override
        public String typeName() {
            return "fs_poll";
        }

        private Varargs start(Varargs a) {
            String p = Args.checkString(a, 1, "fs_poll_start").tojstring();
            long interval = Math.max(1, (long) Args.checkNumber(a, 2, "fs_poll_start"));
            LuaValue cb = Args.checkCallable(a, 3, "fs_poll_start");
            if (isActive()) {
                return LuvErrors.fail(UvError.EINVAL);
            }
            path = p;
            callback = cb;
            sample();
            activate();
            timer.start(interval, interval, Functions.named("fs_poll", args -> {
                check();
                return NONE;
            }));
            return LuvErrors.OK;
        }

        /** Stats the file; returns whether it changed since the last stat. */
        private boolean sample() {
            FileStat now = null;
            UvError error = null;
            try {
                now = FileStat.of(path, false);
            } catch (IOException | RuntimeException e) {
                error = Blocking.error(e);
            }
            boolean changed = !same(last, now) || error != lastError;
            last = now;
            lastError = error;
            return changed;
        }

        private static boolean same(FileStat a, FileStat b) {
            return a == null || b == null ? a == b : a.sameAs(b);
        }

        private void check() {
            FileStat before = last;
            if (!isActive() || !sample()) {
                return;
            }
            LuaValue prev = before == null ? NIL : before.table();
            LuaValue curr = last == null ? NIL : last.table();
            fireCallback(varargsOf(LuvErrors.status(lastError), prev, curr));
        }

        private Varargs stop() {
            timer.stop();
            deactivate();
            return LuvErrors.OK;
        }

        @Override
        protected void onClose() {
            stop();
            timer.close();
        }
    }
}
