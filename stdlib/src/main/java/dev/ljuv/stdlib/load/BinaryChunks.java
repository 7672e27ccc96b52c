package dev.ljuv.stdlib.load;

import dev.ljuv.stdlib.vm.ChunkNames;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.Prototype;

/**
 * {@code Globals.undumper}: LuaJ's reader of binary chunks, guarded. A chunk is read whole, its declared sizes
 * checked against its length ({@link ChunkBounds}) before LuaJ allocates them, and its functions verified
 * ({@link BytecodeVerifier}) before they run or are compiled; any failure is LuaJIT's "cannot load malformed
 * bytecode", never a Java exception's text.
 *
 * <p>Threading: stateless.
 */
public final class BinaryChunks implements Globals.Undumper {
    private final Globals.Undumper luaj;

    public BinaryChunks(Globals.Undumper luaj) {
        this.luaj = luaj;
    }

    /** LuaJ's header: signature, version, format, byte order, four sizes, number kind, the check bytes. */
    private static final int HEADER = 18;

    @Override
    public Prototype undump(InputStream stream, String chunkName) {
        try {
            byte[] signature = stream.readNBytes(4);
            if (signature.length < 4 || signature[0] != 0x1b || signature[1] != 'L' || signature[2] != 'u'
                    || signature[3] != 'a') {
                return null; // not binary: the caller goes back to its mark and parses text
            }
            byte[] rest = stream.readAllBytes();
            byte[] chunk = Arrays.copyOf(signature, 4 + rest.length);
            System.arraycopy(rest, 0, chunk, 4, rest.length);
            if (chunk.length < HEADER) {
                throw new EOFException(); // not even a whole header: incompatible, as LuaJIT says of a foreign one
            }
            if (!ChunkBounds.plausible(chunk)) {
                throw new IOException("declared sizes beyond the chunk");
            }
            Prototype p = luaj.undump(new SourceBytes(chunk), chunkName);
            return p == null ? null : BytecodeVerifier.checked(p, chunkName);
        } catch (LuaError e) {
            throw e;
        } catch (IOException | RuntimeException | OutOfMemoryError e) { // LuaJIT's words, no Java names
            throw new LuaError(ChunkNames.bytecodeSource(chunkName) + ": cannot load "
                    + (e instanceof EOFException ? "incompatible" : "malformed") + " bytecode");
        }
    }
}
