package org.pharmacyvoice.adapters.llm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} body one event at a time, as the bytes arrive: the first words of a reply
 * reach the caller while the model still writes the rest. Follows the WHATWG parsing rules the OpenAI SDKs follow
 * (lines end in CR, LF or CRLF; {@code data:} lines of one event are joined with LF; a blank line ends the event;
 * lines starting with {@code :} are comments; a single space after the colon is dropped), within one bound: no
 * line and no event holds more than {@link #MAX_EVENT_BYTES}, so a server that never ends a line can't fill memory.
 *
 * <p>Not thread-safe: one reader per reply, read by that reply's thread.
 */
final class EventStream {

    /** OpenAI's chunks are a few hundred bytes; a megabyte is a broken or hostile server. */
    static final int MAX_EVENT_BYTES = 1 << 20;

    /** One event: its {@code event:} name (empty when it had none) and its data. */
    record Event(String name, String data) {
    }

    /** A line or event longer than {@link #MAX_EVENT_BYTES}. */
    static final class Oversized extends IOException {
        Oversized(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final Runnable progress;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    private boolean afterCarriageReturn;
    private boolean firstLine = true;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String name = "";

    /** {@code progress} runs each time a whole line has arrived (comments too: they show the server is alive). */
    EventStream(InputStream in, Runnable progress) {
        this.in = in;
        this.progress = progress;
    }

    /** The next event, or null once the body ends (an event left unfinished at the end is dropped, per the spec). */
    Event next() throws IOException {
        String text;
        while ((text = nextLine()) != null) {
            progress.run();
            if (text.isEmpty()) {
                if (hasData) {
                    var event = new Event(name, data.toString());
                    data.setLength(0);
                    hasData = false;
                    name = "";
                    return event;
                }
                name = "";
                continue;
            }
            if (text.charAt(0) == ':') {
                continue;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + (text.startsWith(" ", colon + 1) ? 2 : 1));
            switch (field) {
                case "data" -> {
                    if (hasData) {
                        data.append('\n');
                    }
                    if (data.length() + value.length() > MAX_EVENT_BYTES) {
                        throw new Oversized("an event of more than " + MAX_EVENT_BYTES + " bytes");
                    }
                    data.append(value);
                    hasData = true;
                }
                case "event" -> name = value;
                default -> {
                    // id and retry are for reconnecting, which a reply never does; unknown fields are ignored.
                }
            }
        }
        return null;
    }

    /** The next whole line without its end, or null once the body ends. */
    private String nextLine() throws IOException {
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    // A last line without its end is cut off: the spec drops it, and so does a careful client.
                    return null;
                }
            }
            while (position < limit) {
                byte b = buffer[position++];
                if (afterCarriageReturn) {
                    afterCarriageReturn = false;
                    if (b == '\n') {
                        continue;
                    }
                }
                if (b == '\n' || b == '\r') {
                    afterCarriageReturn = b == '\r';
                    return takeLine();
                }
                if (line.size() >= MAX_EVENT_BYTES) {
                    throw new Oversized("a line of more than " + MAX_EVENT_BYTES + " bytes");
                }
                line.write(b);
            }
        }
    }

    private String takeLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        }
        return text;
    }
}
