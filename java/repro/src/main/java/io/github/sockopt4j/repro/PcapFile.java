package io.github.sockopt4j.repro;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes captured frames as a classic pcap file (LINKTYPE_ETHERNET, microsecond timestamps),
 * the format Wireshark and {@code tshark -r} read. Frames are cut to {@link WireCapture#SNAP}
 * bytes: headers only, payload lengths as on the wire.
 */
final class PcapFile {
    private static final int MAGIC = 0xa1b2c3d4;
    private static final int LINKTYPE_ETHERNET = 1;

    private PcapFile() {}

    static void write(Path file, List<WireCapture.Frame> frames) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(MAGIC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                    .putInt(WireCapture.SNAP).putInt(LINKTYPE_ETHERNET);
            out.write(header.array());
            for (WireCapture.Frame f : frames) {
                ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                record.putInt((int) (f.epochMicros() / 1_000_000)).putInt((int) (f.epochMicros() % 1_000_000))
                        .putInt(f.head().length).putInt(f.length());
                out.write(record.array());
                out.write(f.head());
            }
        }
    }
}
