package dev.ljuv.loop;

/** The loop phases that run handles' callbacks on every iteration while they are started. */
public enum Phase {
    /** Before the poll; an active idle handle makes the poll non-blocking. */
    IDLE,
    /** Right before the poll. */
    PREPARE,
    /** Right after the poll. */
    CHECK
}
