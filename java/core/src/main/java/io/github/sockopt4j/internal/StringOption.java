package io.github.sockopt4j.internal;

import java.nio.charset.StandardCharsets;

/**
 * A name-valued option ({@code TCP_CONGESTION}, {@code SO_BINDTODEVICE}): a C string the kernel
 * copies into a fixed array of {@code capacityName} bytes including the terminating NUL. The name
 * is sent without the NUL (the kernel adds it); read back up to the first NUL.
 */
public final class StringOption extends NativeOption<String> {
    private final String capacityName;
    private final int capacity;
    private final boolean emptyAllowed;

    /**
     * @param capacityName the table constant sizing the kernel's array, e.g. {@code IFNAMSIZ}
     * @param emptyAllowed whether "" means something (for {@code SO_BINDTODEVICE}: unbind)
     */
    public StringOption(String name, OptionLevel level, String capacityName, boolean emptyAllowed) {
        super(name, String.class, level, false);
        this.capacityName = capacityName;
        this.capacity = ConstantTable.getOrDefault(capacityName, 0);
        this.emptyAllowed = emptyAllowed;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void validate(String value) {
        int maxBytes = capacity - 1;
        String rule = (emptyAllowed ? "0" : "1") + " to " + maxBytes + " bytes (" + capacityName
                + " - 1), US-ASCII without NUL";
        if (value == null || !StandardCharsets.US_ASCII.newEncoder().canEncode(value)
                || value.indexOf('\0') >= 0 || value.length() > maxBytes || (value.isEmpty() && !emptyAllowed)) {
            throw new IllegalArgumentException(name() + " = " + (value == null ? "null" : "\"" + value + "\"")
                    + " is not a valid name: " + rule);
        }
    }

    @Override
    public int encode(String value, NativeBuffer buffer, int offset) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        buffer.write(offset, bytes, 0, bytes.length);
        return bytes.length;
    }

    @Override
    public String decode(NativeBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[Math.min(length, capacity)];
        buffer.read(offset, bytes, 0, bytes.length);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }
}
