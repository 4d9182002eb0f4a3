package org.pharmacyvoice.adapters.deepgram;

import io.helidon.common.buffers.BufferData;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * Joins fragmented WebSocket messages: Helidon 4.2 hands over every frame as it comes, with {@code last} telling
 * whether the message is complete. Used only by the socket's reader thread.
 */
final class FrameAssembler {

    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    /** The whole text message once its last fragment arrived. */
    Optional<String> text(String fragment, boolean last) {
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
