package org.pharmacyvoice.adapters.deepgram;

import io.helidon.common.buffers.BufferData;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Joins fragmented WebSocket messages: Helidon 4.2 hands over every frame as it comes, with {@code last} telling
 * whether the message is complete. Used only by the socket's reader thread.
 *
 * <p>Helidon's client has no size limit of its own, so this one has: a message that grows past its bound is dropped
 * whole (its later fragments too), and {@code dropped} hears about it once.
 */
final class FrameAssembler {

    /**
     * Deepgram documents no maximum. Its JSON messages are a few kilobytes (a long conversation line, a tool call),
     * its audio messages fractions of a second of 8 kHz μ-law: a mebibyte of either is two orders of magnitude more.
     */
    static final int MAX_TEXT_CHARS = 1 << 20;
    static final int MAX_BINARY_BYTES = 1 << 20;

    private final int maxTextChars;
    private final int maxBinaryBytes;
    private final Consumer<String> dropped;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private boolean droppingText;
    private boolean droppingBinary;

    FrameAssembler(Consumer<String> dropped) {
        this(MAX_TEXT_CHARS, MAX_BINARY_BYTES, dropped);
    }

    FrameAssembler(int maxTextChars, int maxBinaryBytes, Consumer<String> dropped) {
        this.maxTextChars = maxTextChars;
        this.maxBinaryBytes = maxBinaryBytes;
        this.dropped = dropped;
    }

    /** The whole text message once its last fragment arrived. */
    Optional<String> text(String fragment, boolean last) {
        if (droppingText) {
            droppingText = !last;
            return Optional.empty();
        }
        if ((long) text.length() + fragment.length() > maxTextChars) {
            text.setLength(0);
            droppingText = !last;
            dropped.accept("a text message of more than " + maxTextChars + " characters");
            return Optional.empty();
        }
        if (!last) {
            text.append(fragment);
            return Optional.empty();
        }
        if (text.isEmpty()) {
            return Optional.of(fragment);
        }
        String whole = text.append(fragment).toString();
        text.setLength(0);
        return Optional.of(whole);
    }

    /**
     * The whole binary message once its last fragment arrived. The buffer is only valid during Helidon's
     * callback, so its bytes are copied here.
     */
    Optional<byte[]> binary(BufferData fragment, boolean last) {
        if (droppingBinary) {
            droppingBinary = !last;
            return Optional.empty();
        }
        if ((long) binary.size() + fragment.available() > maxBinaryBytes) {
            binary.reset();
            droppingBinary = !last;
            dropped.accept("a binary message of more than " + maxBinaryBytes + " bytes");
            return Optional.empty();
        }
        byte[] bytes = new byte[fragment.available()];
        fragment.read(bytes);
        if (!last) {
            binary.writeBytes(bytes);
            return Optional.empty();
        }
        if (binary.size() == 0) {
            return Optional.of(bytes);
        }
        binary.writeBytes(bytes);
        byte[] whole = binary.toByteArray();
        binary.reset();
        return Optional.of(whole);
    }
}
