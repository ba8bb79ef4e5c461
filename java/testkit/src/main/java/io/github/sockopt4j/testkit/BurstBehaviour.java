package io.github.sockopt4j.testkit;

/**
 * What each peer of the closer's burst test does once it sees our FIN, chosen from its local
 * port so that both processes know it without a word on the wire. Every peer first sends its
 * request ({@link #request}: 16 KiB or nothing) and, except {@link #SILENT}, reads its whole
 * response before the burst.
 */
public enum BurstBehaviour {
    /** Closes at our FIN: the drain ends {@code DrainEnd.PEER_EOF}. */
    PROMPT,
    /** Never reads, sends nor closes during the burst: {@code DrainEnd.IDLE_TIMEOUT}. Reads its response afterwards. */
    SILENT,
    /** Sends one byte every {@link #TRICKLE_MILLIS} and never closes: {@code DrainEnd.TOTAL_TIMEOUT}. */
    TRICKLER,
    /** Closes with {@code SO_LINGER {1, 0}} at our FIN: {@code DrainEnd.PEER_RESET}. */
    RESETTER,
    /** Sends {@link #UPLOAD} bytes, then closes: {@code DrainEnd.PEER_EOF} after draining them all. */
    UPLOADER,
    /** Sends up to {@link #FLOOD} bytes and never closes: {@code DrainEnd.BYTE_CAP}. */
    FLOODER;

    static final int REQUEST = 16 * 1024;
    static final int TRICKLE_MILLIS = 100;
    public static final int UPLOAD = 128 * 1024;
    /** The burst policy's byte cap: more than an uploader sends, a quarter of what a flooder sends. */
    public static final int BYTE_CAP = 256 * 1024;
    static final int FLOOD = 4 * BYTE_CAP;

    private static final BurstBehaviour[] BY_SLOT = new BurstBehaviour[20];

    static {
        // 13 in 20 prompt, 2 silent, 1 trickler, 2 resetters, 1 uploader, 1 flooder.
        String slots = "PPPPPPPPPPPPPSSTRRUF";
        for (int i = 0; i < BY_SLOT.length; i++) {
            BY_SLOT[i] = switch (slots.charAt(i)) {
                case 'P' -> PROMPT;
                case 'S' -> SILENT;
                case 'T' -> TRICKLER;
                case 'R' -> RESETTER;
                case 'U' -> UPLOADER;
                default -> FLOODER;
            };
        }
    }

    /** A hash of the port, not the port itself: Linux hands out connect() ports of one parity. */
    private static int mix(int port) {
        return (int) ((port * 2_654_435_761L) >>> 8) & 0x7fff_ffff;
    }

    public static BurstBehaviour of(int peerPort) {
        return BY_SLOT[mix(peerPort) % BY_SLOT.length];
    }

    /** The request the peer on {@code peerPort} sends first: half of the peers 16 KiB, the others nothing. */
    public static int request(int peerPort) {
        return (mix(peerPort) / BY_SLOT.length) % 2 == 0 ? REQUEST : 0;
    }
}
