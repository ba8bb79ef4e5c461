package io.github.sockopt4j.internal;

import io.github.sockopt4j.Linger;

import java.io.IOException;

/**
 * {@code SO_LINGER} of a socket being closed, read and set natively ({@link FdSocket}) or, without
 * native access, through the JDK's own option: what the close engine needs to turn a linger off.
 */
public interface LingerControl {
    /** {@code getsockopt(SO_LINGER)}. */
    Linger linger() throws IOException;

    /** {@code setsockopt(SO_LINGER)}. */
    void setLinger(Linger linger) throws IOException;
}
