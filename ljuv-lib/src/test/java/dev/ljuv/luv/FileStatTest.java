package dev.ljuv.luv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process stats through the JDK first and through {@code statx(2)} once linked: both ways give the same values
 * (the struct's offsets, the device numbers, the times, the link flag), so nothing a script sees changes midway.
 */
class FileStatTest {
    @TempDir
    Path dir;

    @Test
    void statxAndTheJdkAgree() throws Exception {
        assumeTrue(FileStat.viaStatx("/", false) != null, "statx(2) is not callable here (not Linux, or no native access)");
        Path file = Files.writeString(dir.resolve("f.txt"), "twelve bytes");
        Path link = Files.createSymbolicLink(dir.resolve("l"), file.getFileName());
        for (String p : new String[] {file.toString(), dir.toString(), link.toString(), "/dev/null", "/"}) {
            for (boolean noFollow : new boolean[] {false, true}) {
                assertEquals(FileStat.viaJdk(p, noFollow), FileStat.viaStatx(p, noFollow), p + (noFollow ? " (lstat)" : ""));
            }
        }
        assertEquals(12, FileStat.viaStatx(file.toString(), false).size());
        assertEquals("link", FileTable.type(FileStat.viaStatx(link.toString(), true).mode()));
    }

    @Test
    void aFailedStatxLeavesTheErrorToTheJdk() {
        assumeTrue(FileStat.viaStatx("/", false) != null, "statx(2) is not callable here");
        assertNull(FileStat.viaStatx(dir.resolve("missing").toString(), false));
    }
}
