package io.github.sockopt4j.testkit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Deterministic pseudo-random bytes and their SHA-256, the oracle for "every byte arrived". */
public final class Payload {
    /** A TLS 1.2 fatal alert record: content type 21, version 3.3, length 2, fatal, handshake_failure. */
    private static final byte[] TLS_FATAL_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};

    private Payload() {}

    /** {@code size} pseudo-random bytes; the same seed gives the same bytes in every run. */
    public static byte[] of(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The alert a TLS server sends when the handshake fails; a fresh copy, so no caller changes another's. */
    public static byte[] tlsFatalAlert() {
        return TLS_FATAL_ALERT.clone();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** SHA-256 of {@code bytes}, hex. */
    public static String sha256(byte[] bytes) {
        return sha256(bytes, bytes.length);
    }

    /** SHA-256 of the first {@code length} bytes of {@code bytes}, hex. */
    public static String sha256(byte[] bytes, int length) {
        MessageDigest d = sha256();
        d.update(bytes, 0, length);
        return HexFormat.of().formatHex(d.digest());
    }
}
