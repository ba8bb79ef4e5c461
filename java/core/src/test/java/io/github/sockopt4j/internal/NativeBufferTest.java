package io.github.sockopt4j.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The buffers of the backend in use: zeroed, little-endian values where written, never past the end. */
class NativeBufferTest {
    private final NativeBuffer b = Backends.current().allocate(16);

    @Test
    void aNewBufferIsZeroed() {
        assertEquals(16, b.size());
        assertNotEquals(0L, b.address());
        for (int i = 0; i < 16; i++) {
            assertEquals(0, b.getByte(i));
        }
    }

    @Test
    void valuesRoundTripAtAnyOffset() {
        b.putInt(1, 0x01020304); // unaligned, as a raw option value may be
        assertEquals(0x01020304, b.getInt(1));
        assertEquals(0x04, b.getByte(1)); // the platforms sockopt4j supports are little-endian
        b.putLong(8, Long.MIN_VALUE + 7);
        assertEquals(Long.MIN_VALUE + 7, b.getLong(8));
        byte[] bytes = {9, 8, 7};
        b.write(13, bytes, 0, 3);
        byte[] back = new byte[5];
        b.read(13, back, 1, 3);
        assertArrayEquals(new byte[] {0, 9, 8, 7, 0}, back);
        b.clear(12, 4);
        assertEquals(0, b.getInt(12));
        assertEquals(Long.MIN_VALUE + 7 & 0xffff_ffffL, b.getInt(8) & 0xffff_ffffL);
    }

    @Test
    void nothingReadsOrWritesPastTheEnd() {
        assertThrows(IndexOutOfBoundsException.class, () -> b.getInt(13));
        assertThrows(IndexOutOfBoundsException.class, () -> b.putLong(9, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.getByte(16));
        assertThrows(IndexOutOfBoundsException.class, () -> b.getByte(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.write(14, new byte[3], 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> b.read(0, new byte[3], 0, 17));
        assertThrows(IndexOutOfBoundsException.class, () -> b.clear(8, 9));
    }
}
