package io.github.sockopt4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sockopt4j.internal.Backends;
import io.github.sockopt4j.internal.NativeBuffer;
import io.github.sockopt4j.internal.NativeOption;
import io.github.sockopt4j.internal.OptionLevel;
import java.io.IOException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What Java's validation lets through, measured against the running kernel: Java never passes a
 * value the kernel would refuse, and it refuses only values the kernel would refuse or silently
 * replace by another (clamp to a maximum, store a negative as -1 or as an unsigned number, drop
 * bits). For every settable option stored as a C {@code int}, each candidate is set raw
 * ({@link NativeSocket#setRaw}, no Java check) on a fresh unconnected socket of the option's
 * family and read back raw. The candidates are the type limits, small values around 0 and every
 * limit of the constant table with its neighbours. Run as root (as the build does), so that
 * capability checks ({@code SO_MARK}, {@code SO_PRIORITY} above 6) do not stand in for range
 * checks.
 */
class KernelAcceptanceTest {
    private static final int[] CANDIDATES = {
        Integer.MIN_VALUE, -1_000_000, -5, -2, -1, 0, 1, 2, 6, 7, 8, 63, 64, 87, 88, 89, 119, 120, 121, 126, 127, 128,
        200, 254, 255, 256, 32_766, 32_767, 32_768, 65_535, 65_536, 1 << 20, Integer.MAX_VALUE - 1, Integer.MAX_VALUE,
    };

    @Test
    void javaRefusesOnlyWhatTheKernelRefusesOrReplaces() throws IOException {
        NativeBuffer scratch = Backends.current().allocate(Integer.BYTES);
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        for (SocketOption<?> option : TcpOptions.all()) {
            NativeOption<?> o = NativeOption.of(option);
            if (o.isReadOnly() || o.capacity() != Integer.BYTES || o.type() == Boolean.class) {
                continue;
            }
            for (int raw : CANDIDATES) {
                scratch.putInt(0, raw);
                String java = javaVerdict(o, scratch);
                Kernel kernel = kernelVerdict(o, raw);
                compared++;
                boolean javaAccepts = java.equals("accepted");
                if (javaAccepts && kernel.refusal != null) {
                    disagreements.add(o.name() + " = " + raw + ": Java accepts it, the kernel refuses it ("
                            + kernel.refusal + ")");
                } else if (!javaAccepts && kernel.refusal == null && kernel.readBack == raw) {
                    disagreements.add(o.name() + " = " + raw + ": the kernel keeps it as given, Java " + java);
                }
            }
        }
        assertTrue(compared > 300, "compared only " + compared + " values");
        assertEquals(List.of(), disagreements);
    }

    /** The kernel's answer to a raw set: the errno name, or null and what a raw get reads back. */
    private record Kernel(String refusal, int readBack) {}

    private static <T> String javaVerdict(NativeOption<T> o, NativeBuffer raw) {
        try {
            o.validate(o.decode(raw, 0, Integer.BYTES));
            return "accepted";
        } catch (IllegalArgumentException e) {
            return "refused (" + e.getMessage() + ")";
        }
    }

    private static Kernel kernelVerdict(NativeOption<?> o, int raw) throws IOException {
        LoopbackFixture fixture = o.scope() == OptionLevel.FamilyScope.IPV6
                ? LoopbackFixture.IPV6_UNCONNECTED : LoopbackFixture.IPV4_UNCONNECTED;
        try (LoopbackFixture.Opened s = fixture.open()) {
            try {
                s.socket.setRaw(o.level(), o.optname(), intBytes(raw));
            } catch (NativeSocketException e) {
                return new Kernel(e.errnoName(), 0);
            }
            byte[] back = s.socket.getRaw(o.level(), o.optname(), Integer.BYTES);
            return new Kernel(null, ByteBuffer.wrap(back).order(ByteOrder.nativeOrder()).getInt());
        }
    }

    private static byte[] intBytes(int value) {
        return ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder()).putInt(value).array();
    }
}
