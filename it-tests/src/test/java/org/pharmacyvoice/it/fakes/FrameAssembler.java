package org.pharmacyvoice.it.fakes;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

import io.helidon.common.buffers.BufferData;

/** Joins WebSocket fragments into whole messages, because Helidon 4.2 calls the listener once per frame. */
final class FrameAssembler {

    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    /** Only called from the connection's read thread, hence no locking. */
    Optional<String> text(String fragment, boolean last) {
        text.append(fragment);
        if (!last) {
            return Optional.empty();
        }
        String message = text.toString();
        text.setLength(0);
        return Optional.of(message);
    }

    Optional<byte[]> binary(BufferData fragment, boolean last) {
        // The BufferData is only valid during the callback: copy it now.
        binary.writeBytes(copy(fragment));
        if (!last) {
            return Optional.empty();
        }
        byte[] message = binary.toByteArray();
        binary.reset();
        return Optional.of(message);
    }

    static byte[] copy(BufferData buffer) {
        byte[] bytes = new byte[buffer.available()];
        buffer.read(bytes);
        return bytes;
    }
}
