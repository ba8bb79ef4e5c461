package io.github.sockopt4j.internal;

/**
 * What a close reads before it decides, in one native call where the backend has one (the JNI
 * library's {@code queueLook}): {@code ioctl(SIOCINQ)}, {@code ioctl(SIOCOUTQ)},
 * {@code ioctl(SIOCOUTQNSD)} only when the send queue is not empty (an empty queue has nothing
 * unsent), and {@code getsockopt(SO_LINGER)} only when the close needs it. The results are C
 * {@code int}s at fixed offsets of a scratch buffer; the native version and {@link #run} write the
 * same layout.
 */
public final class QueueLook {
    /** {@code SO_LINGER} is not read. */
    public static final int LINGER_NEVER = 0;
    /** {@code SO_LINGER} is read only when nothing is unread (with unread bytes the close resets anyway). */
    public static final int LINGER_IF_NOTHING_UNREAD = 1;
    /** {@code SO_LINGER} is always read. */
    public static final int LINGER_ALWAYS = 2;

    public static final int UNREAD = 0;
    public static final int QUEUED = 4;
    public static final int UNSENT = 8;
    /** The length {@code getsockopt(SO_LINGER)} returned; 0 when it was not read. */
    public static final int LINGER_LENGTH = 12;
    /** Which step failed: an index into {@link #STEPS}. */
    public static final int FAILED_STEP = 16;
    /** {@code struct linger}, 8 bytes on Linux (checked against the constant table at class load). */
    public static final int LINGER = 24;
    public static final int SIZE = LINGER + 8;

    private static final String[] STEPS = {"ioctl(SIOCINQ)", "ioctl(SIOCOUTQ)", "ioctl(SIOCOUTQNSD)",
        "getsockopt(SO_LINGER)"};

    private static final long SIOCINQ = ConstantTable.getLong("SIOCINQ");
    private static final long SIOCOUTQ = ConstantTable.getLong("SIOCOUTQ");
    private static final long SIOCOUTQNSD = ConstantTable.getLong("SIOCOUTQNSD");
    private static final int SOL_SOCKET = ConstantTable.get("SOL_SOCKET");
    private static final int SO_LINGER = ConstantTable.get("SO_LINGER");
    /** Offsets of {@code l_onoff} and {@code l_linger} in the buffer. */
    public static final int LINGER_ONOFF = LINGER + ConstantTable.get("OFFSETOF_LINGER_L_ONOFF");
    public static final int LINGER_SECONDS = LINGER + ConstantTable.get("OFFSETOF_LINGER_L_LINGER");

    static {
        if (ConstantTable.get("SIZEOF_LINGER") != SIZE - LINGER) {
            throw new IllegalStateException("struct linger is " + ConstantTable.get("SIZEOF_LINGER")
                    + " bytes here, QueueLook holds 8");
        }
    }

    private QueueLook() {}

    /** The syscall that a look failing at {@code step} (read from {@link #FAILED_STEP}) made. */
    public static String step(int step) {
        return STEPS[step];
    }

    /**
     * The look as separate calls of {@code backend}, for backends without a native one: the same
     * steps, results and failures as the JNI library's {@code queueLook}.
     *
     * @return 0, or {@code -errno} of the step written at {@link #FAILED_STEP}
     */
    static int run(NativeBackend backend, int fd, NativeBuffer b, int offset, int lingerWhen) {
        long a = b.address() + offset;
        b.putInt(offset + FAILED_STEP, 0);
        int r = backend.ioctl(fd, SIOCINQ, a + UNREAD);
        if (r < 0) {
            return r;
        }
        b.putInt(offset + FAILED_STEP, 1);
        r = backend.ioctl(fd, SIOCOUTQ, a + QUEUED);
        if (r < 0) {
            return r;
        }
        b.putInt(offset + UNSENT, 0);
        if (b.getInt(offset + QUEUED) != 0) {
            b.putInt(offset + FAILED_STEP, 2);
            r = backend.ioctl(fd, SIOCOUTQNSD, a + UNSENT);
            if (r < 0) {
                return r;
            }
        }
        b.putInt(offset + LINGER_LENGTH, 0);
        if (lingerWhen == LINGER_ALWAYS || (lingerWhen == LINGER_IF_NOTHING_UNREAD && b.getInt(offset + UNREAD) == 0)) {
            b.putInt(offset + FAILED_STEP, 3);
            b.putInt(offset + LINGER_LENGTH, SIZE - LINGER);
            r = backend.getsockopt(fd, SOL_SOCKET, SO_LINGER, a + LINGER, a + LINGER_LENGTH);
            if (r < 0) {
                return r;
            }
        }
        return 0;
    }
}
