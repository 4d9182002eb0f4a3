package org.pharmacyvoice.adapters.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The event-stream rules the OpenAI SDKs follow (WHATWG), on bytes that arrive in awkward pieces. */
class EventStreamTest {

    private static List<EventStream.Event> events(String text) throws IOException {
        return events(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), new AtomicInteger());
    }

    private static List<EventStream.Event> events(InputStream in, AtomicInteger lines) throws IOException {
        var stream = new EventStream(in, lines::incrementAndGet);
        var events = new ArrayList<EventStream.Event>();
        EventStream.Event event;
        while ((event = stream.next()) != null) {
            events.add(event);
        }
        return events;
    }

    /** Hands out one byte per read, as a slow network might. */
    private static InputStream trickle(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            int at;

            @Override
            public int read() {
                return at < bytes.length ? bytes[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[at++];
                return 1;
            }
        };
    }

    @Test
    void data_lines_end_in_lf_crlf_or_cr_and_a_blank_line_ends_the_event() throws IOException {
        assertEquals(List.of(new EventStream.Event("", "{\"a\":1}"), new EventStream.Event("", "{\"b\":2}"),
                        new EventStream.Event("", "[DONE]")),
                events("data: {\"a\":1}\n\ndata: {\"b\":2}\r\n\r\ndata: [DONE]\r\r"));
    }

    @Test
    void comments_are_skipped_but_count_as_lines_and_names_and_multi_line_data_are_kept() throws IOException {
        var lines = new AtomicInteger();
        List<EventStream.Event> events = events(new ByteArrayInputStream((": keep-alive\n\nevent: error\n"
                + "data: one\ndata:two\nid: 7\nretry: 10\n\n").getBytes(StandardCharsets.UTF_8)), lines);

        assertEquals(List.of(new EventStream.Event("error", "one\ntwo")), events);
        assertEquals(8, lines.get());
    }

    @Test
    void bytes_arriving_one_at_a_time_with_multi_byte_characters_make_the_same_events() throws IOException {
        String text = "\uFEFFdata: {\"content\":\"Grüße 💊\"}\r\n\r\ndata: [DONE]\n\n";

        assertEquals(List.of(new EventStream.Event("", "{\"content\":\"Grüße 💊\"}"),
                new EventStream.Event("", "[DONE]")), events(trickle(text), new AtomicInteger()));
    }

    @Test
    void an_event_left_unfinished_at_the_end_is_dropped() throws IOException {
        assertEquals(List.of(new EventStream.Event("", "x")), events("data: x\n\ndata: y\n"));
        assertEquals(List.of(), events("data: {\"choi"));
    }

    @Test
    void a_line_longer_than_the_bound_is_refused() {
        String huge = "data: " + "a".repeat(EventStream.MAX_EVENT_BYTES) + "\n\n";

        var e = assertThrows(EventStream.Oversized.class, () -> events(huge));
        assertEquals("a line of more than 1048576 bytes", e.getMessage());
    }

    @Test
    void an_event_of_many_lines_longer_than_the_bound_is_refused() {
        String line = "data: " + "a".repeat(100_000) + "\n";

        var e = assertThrows(EventStream.Oversized.class, () -> events(line.repeat(11) + "\n"));
        assertEquals("an event of more than 1048576 bytes", e.getMessage());
    }

    @Test
    void an_empty_body_has_no_events() throws IOException {
        assertNull(new EventStream(new ByteArrayInputStream(new byte[0]), () -> { }).next());
    }
}
