package dev.ljuv.loop;

/** Something whose callback runs in the loop's poll phase: an async that was sent, a signal that arrived. */
public interface Ready {
    /** Runs the callback, on the loop's thread. */
    void fire();
}
