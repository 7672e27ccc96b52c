package dev.ljuv.luv;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * libuv's thread pool, which runs the work of asynchronous fs and DNS calls and {@code uv.queue_work}:
 * {@code UV_THREADPOOL_SIZE} daemon threads (4 by default, as libuv), shared by every loop of the process,
 * started on first use and ended after a minute idle.
 *
 * <p>Threading: safe from any thread. A task must not touch a Lua state: it hands its results back to its loop.
 */
final class Workers {
    private Workers() {}

    static final ExecutorService POOL = create();

    private static ExecutorService create() {
        int size = 4;
        try {
            String env = System.getenv("UV_THREADPOOL_SIZE");
            if (env != null) {
                size = Math.max(1, Math.min(1024, Integer.parseInt(env.trim())));
            }
        } catch (NumberFormatException e) {
            // libuv ignores a malformed value too
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "luv-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
