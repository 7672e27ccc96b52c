package dev.ljuv.thread;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.MethodTable;
import java.lang.ref.Cleaner;
import dev.ljuv.stdlib.lua.LuaObject;
import org.luaj.vm2.LuaValue;

/**
 * {@code ljuv.new_shared_flag(value [, final_value])}: a C {@code int} shared between threads
 * ({@code set}, {@code get}); the creator's object writes {@code final_value} when it is garbage collected.
 *
 * <p>Threading: the Lua object belongs to one state; the cell behind it may be shared by any thread.
 */
public final class SharedFlag extends LuaObject {
    private static final Cleaner CLEANER = Cleaner.create();

    final FlagCell cell;

    SharedFlag(MethodTable<SharedFlag> type, FlagCell cell) {
        super(cell, type);
        this.cell = cell;
    }

    static SharedFlag create(MethodTable<SharedFlag> type, int value, LuaValue finalValue) {
        SharedFlag flag = new SharedFlag(type, new FlagCell(value));
        if (!finalValue.isnil()) {
            FlagCell cell = flag.cell;
            int last = FlagCell.toCInt(finalValue.todouble());
            CLEANER.register(flag, () -> cell.set(last));
        }
        return flag;
    }


    public static MethodTable<SharedFlag> methods() {
        return new MethodTable<>(SharedFlag.class, "shared_flag")
                .method("set", (self, args) -> {
                    self.cell.set(FlagCell.toCInt(Args.checkNumber(args, 1, "set")));
                    return NONE;
                })
                .method("get", (self, args) -> valueOf(self.cell.get()));
    }
}
