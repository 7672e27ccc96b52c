package dev.ljuv.loop;

/** The modes of {@code loop:run}, as libuv's {@code uv_run_mode}. */
public enum RunMode {
    DEFAULT, ONCE, NOWAIT
}
