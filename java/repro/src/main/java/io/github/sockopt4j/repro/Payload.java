package io.github.sockopt4j.repro;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Deterministic bytes for requests and responses, and the hash the outcome compares. */
final class Payload {
    /** A TLS 1.2 fatal alert record: content type 21, version 3.3, length 2, fatal, handshake_failure. */
    static final byte[] TLS_FATAL_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};

    private Payload() {}

    /** {@code length} pseudo-random bytes; the same seed gives the same bytes in every run. */
    static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** SHA-256 of the first {@code length} bytes of {@code data}, hex. */
    static String sha256(byte[] data, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(data, 0, length);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
