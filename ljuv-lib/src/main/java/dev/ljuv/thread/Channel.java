package dev.ljuv.thread;

import dev.ljuv.stdlib.lib.buffer.Message;
import dev.ljuv.stdlib.lib.buffer.StringBufferLibrary;
import dev.ljuv.stdlib.lua.MethodTable;
import org.luaj.vm2.LuaError;
import dev.ljuv.stdlib.lua.LuaObject;

/**
 * {@code ljuv.new_channel()}: an unbounded, thread-safe FIFO of messages. {@code push(...)} encodes its
 * arguments with the string.buffer codec (so {@code nil}s and the count survive; an encoding error raises
 * and enqueues nothing), {@code pull()} blocks (after a bounded poll of about a microsecond, never an endless spin), {@code try_pull()} does not block,
 * {@code count()} is exact.
 *
 * <p>Threading: the Lua object belongs to one state; its queue is shared by every importer.
 */
public final class Channel extends LuaObject {
    final MessageQueue queue;

    Channel(MethodTable<Channel> type, MessageQueue queue) {
        super(queue, type);
        this.queue = queue;
    }


    Message take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LuaError("channel pull interrupted");
        }
    }

    public static MethodTable<Channel> methods() {
        return new MethodTable<>(Channel.class, "channel")
                .method("push", (self, args) -> {
                    self.queue.push(StringBufferLibrary.encodeValues(args));
                    return NONE;
                })
                .method("pull", (self, args) -> StringBufferLibrary.decodeValues(self.take()))
                .method("try_pull", (self, args) -> {
                    Message m = self.queue.poll();
                    return m == null ? FALSE : varargsOf(TRUE, StringBufferLibrary.decodeValues(m));
                })
                .method("count", (self, args) -> valueOf(self.queue.count()));
    }
}
