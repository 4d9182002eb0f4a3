package org.pharmacyvoice.adapters.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.pharmacyvoice.adapters.llm.ChatCompletionsModelStreamingTest.CALL;
import static org.pharmacyvoice.adapters.llm.ChatCompletionsModelStreamingTest.QUESTION;
import static org.pharmacyvoice.adapters.llm.ChatCompletionsModelStreamingTest.WAIT;
import static org.pharmacyvoice.adapters.llm.StubChatServer.chunk;
import static org.pharmacyvoice.adapters.llm.StubChatServer.content;
import static org.pharmacyvoice.adapters.llm.StubChatServer.error;
import static org.pharmacyvoice.adapters.llm.StubChatServer.startStream;
import static org.pharmacyvoice.adapters.llm.StubChatServer.stream;
import static org.pharmacyvoice.adapters.llm.StubChatServer.write;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.cascade.port.out.ModelEvent;

/** Every way a reply can go wrong ends in exactly one {@link ModelEvent.Failed} that says why, and soon. */
class ChatCompletionsModelFailureTest {

    private static final String OPENAI_429 = "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini in "
            + "organization org-x on requests per min (RPM): Limit 3, Used 3, Requested 1.\",\"type\":\"requests\","
            + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}";

    private final StubChatServer server = StubChatServer.start();
    private final LanguageModelSettings settings = LanguageModelSettings.openAi("sk-test-key", "gpt-4o-mini")
            .withBaseUrl(server.baseUrl())
            .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(800), Duration.ofMillis(400),
                    Duration.ofSeconds(4));
    private final ChatCompletionsModel model = new ChatCompletionsModel(settings);

    @AfterEach
    void shutDown() {
        model.close();
        server.close();
    }

    private ModelEvent.Failed failure() throws InterruptedException {
        var listener = new RecordingListener();
        model.reply(CALL, QUESTION, listener);
        ModelEvent end = listener.end(WAIT);
        if (!(end instanceof ModelEvent.Failed failed)) {
            throw new AssertionError("expected a failure, got " + listener.all());
        }
        // Exactly one terminal event: nothing follows it.
        assertNull(listener.next(Duration.ofMillis(300)));
        return failed;
    }

    @Test
    void a_500_fails_with_the_services_message() throws Exception {
        server.then(error(500, "{\"error\":{\"message\":\"The server had an error while processing your request.\","
                + "\"type\":\"server_error\",\"param\":null,\"code\":null}}"));

        ModelEvent.Failed failed = failure();

        assertEquals("HTTP 500 from the model service: The server had an error while "
                + "processing your request.", failed.problem());
        assertEquals(Optional.empty(), failed.retryAfter());
    }

    @Test
    void a_401_fails_with_the_code_and_message_and_never_the_key() throws Exception {
        server.then(error(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-test-***key.\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));

        ModelEvent.Failed failed = failure();

        assertThat(failed.problem(), startsWith("HTTP 401 from the model service: [invalid_api_key] "
                + "Incorrect API key provided"));
        assertThat(failed.problem(), not(containsString("sk-test-key")));
    }

    @Test
    void a_429_carries_the_wait_from_retry_after_seconds() throws Exception {
        server.then(error(429, OPENAI_429, "Retry-After", "7"));

        ModelEvent.Failed failed = failure();

        assertEquals(Optional.of(Duration.ofSeconds(7)), failed.retryAfter());
        assertThat(failed.problem(), startsWith("HTTP 429 from the model service: "
                + "[rate_limit_exceeded] Rate limit reached"));
        assertThat(failed.problem(), containsString("(retry after 7000 ms)"));
    }

    @Test
    void retry_after_ms_wins_over_retry_after_as_the_sdks_read_them() throws Exception {
        server.then(error(429, OPENAI_429, "retry-after-ms", "1500.5", "Retry-After", "2"));

        assertEquals(Optional.of(Duration.ofNanos(1_500_500_000L)), failure().retryAfter());
    }

    @Test
    void retry_after_as_an_http_date() throws Exception {
        long written = System.nanoTime();
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        server.then(error(429, "{\"error\":{\"code\":\"429\",\"message\":\"Requests to the ChatCompletions_Create "
                + "Operation have exceeded call rate limit.\"}}", "Retry-After", inTenSeconds));

        Duration wait = failure().retryAfter().orElseThrow();

        long elapsed = Duration.ofNanos(System.nanoTime() - written).toMillis();
        assertThat(wait.toMillis(), lessThan(10_001L));
        // The date has whole seconds (up to 1 s lost), and a loaded machine takes time to get the answer.
        assertThat(9_000L - elapsed - wait.toMillis(), lessThan(1L));
    }

    @Test
    void an_error_body_that_is_not_json_still_fails_with_the_status() throws Exception {
        server.then(error(502, "<html><body>Bad Gateway</body></html>"));

        assertEquals("HTTP 502 from the model service: no error message", failure().problem());
    }

    @Test
    void a_stream_that_stops_mid_way_fails() throws Exception {
        server.then(exchange -> {
            OutputStream out = startStream(exchange);
            write(out, "data: " + chunk(content("Your order is"), null) + "\n\n");
            // The connection ends without the reply's end, without [DONE], without the last chunk.
            out.close();
        });
        var listener = new RecordingListener();

        model.reply(CALL, QUESTION, listener);
        List<ModelEvent> events = listener.untilEnd(WAIT);

        assertEquals(new ModelEvent.Text("Your order is"), events.get(0));
        assertEquals(new ModelEvent.Failed("the model's stream ended before the reply was complete "
                + "(no finish_reason, no [DONE])", Optional.empty()), events.get(1));
    }

    @Test
    void a_connection_dropped_mid_chunk_fails() throws Exception {
        // A raw socket: the HTTP server would finish the chunked body properly.
        try (var raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (var socket = raw.accept()) {
                    socket.getInputStream().read(new byte[65536]);
                    String data = "data: " + chunk(content("Half"), null) + "\n\n";
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(data.length()) + "\r\n"
                            + data + "\r\n" + "40\r\ndata: {\"choi").getBytes());
                    socket.getOutputStream().flush();
                    Thread.sleep(100);
                } catch (Exception ignored) {
                    // the test sees what the client made of it
                }
            });
            var dropping = new ChatCompletionsModel(settings.withBaseUrl(
                    URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/v1")));
            var listener = new RecordingListener();

            dropping.reply(CALL, QUESTION, listener);
            List<ModelEvent> events = listener.untilEnd(WAIT);
            dropping.close();

            assertEquals(new ModelEvent.Text("Half"), events.get(0));
            var failed = (ModelEvent.Failed) events.get(1);
            assertThat(failed.problem(), startsWith("the "));
            assertThat(events, hasSize(2));
        }
    }

    @Test
    void an_idle_stream_fails_after_the_idle_timeout() throws Exception {
        server.then(exchange -> {
            OutputStream out = startStream(exchange);
            write(out, "data: " + chunk(content("Let me"), null) + "\n\n");
            Thread.sleep(8_000);
        });
        var listener = new RecordingListener();
        long start = System.nanoTime();

        model.reply(CALL, QUESTION, listener);
        List<ModelEvent> events = listener.untilEnd(WAIT);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(new ModelEvent.Failed("the model's stream stalled: nothing for 400 ms", Optional.empty()),
                events.get(1));
        assertThat(tookMillis, lessThan(3_000L));
    }

    @Test
    void comments_keep_a_slow_stream_alive() throws Exception {
        server.then(exchange -> {
            OutputStream out = startStream(exchange);
            for (int i = 0; i < 6; i++) {
                write(out, ": still thinking\n\n");
                Thread.sleep(200);
            }
            write(out, "data: " + chunk(content("Done."), null) + "\n\ndata: " + StubChatServer.stop()
                    + "\n\ndata: [DONE]\n\n");
        });
        var listener = new RecordingListener();

        model.reply(CALL, QUESTION, listener);

        assertEquals(new ModelEvent.Finished(List.of()), listener.end(WAIT));
    }

    @Test
    void no_answer_fails_after_the_first_byte_timeout() throws Exception {
        server.then(exchange -> Thread.sleep(8_000));
        long start = System.nanoTime();

        ModelEvent.Failed failed = failure();

        assertEquals("no answer from the model service within 800 ms", failed.problem());
        assertThat((System.nanoTime() - start) / 1_000_000, lessThan(3_000L));
    }

    @Test
    void a_reply_that_streams_steadily_but_too_long_fails_after_the_reply_timeout() throws Exception {
        server.then(exchange -> {
            OutputStream out = startStream(exchange);
            for (int i = 0; i < 100; i++) {
                write(out, "data: " + chunk(content("la "), null) + "\n\n");
                Thread.sleep(100);
            }
        });
        var listener = new RecordingListener();

        model.reply(CALL, QUESTION, listener);
        ModelEvent end = listener.end(WAIT);

        assertEquals(new ModelEvent.Failed("the reply took longer than 4000 ms in all", Optional.empty()), end);
    }

    @Test
    void a_malformed_chunk_fails_the_reply() throws Exception {
        server.then(stream(List.of(chunk(content("Hi"), null), "{\"choices\":[{\"delta\":{\"content\":\"x\"}}")));

        List<ModelEvent> events = events();

        assertEquals(new ModelEvent.Text("Hi"), events.get(0));
        assertThat(((ModelEvent.Failed) events.get(1)).problem(),
                startsWith("the model service sent an unreadable chunk: malformed JSON"));
    }

    @Test
    void a_chunk_of_the_wrong_shape_fails_the_reply() throws Exception {
        server.then(stream(List.of("{\"choices\":{\"delta\":{}}}")));

        assertEquals("the model service sent an unreadable chunk: 'choices' is not an array", failure().problem());
    }

    @Test
    void a_deeply_nested_chunk_is_refused_before_parsing() throws Exception {
        server.then(stream(List.of("{\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}")));

        assertEquals("the model service sent an unreadable chunk: nested deeper than 32 levels",
                failure().problem());
    }

    @Test
    void a_huge_line_is_refused_without_being_kept() throws Exception {
        server.then(exchange -> {
            OutputStream out = startStream(exchange);
            write(out, "data: {\"choices\":[{\"delta\":{\"content\":\"");
            byte[] filler = "a".repeat(64 * 1024).getBytes();
            for (int i = 0; i < 20; i++) {
                out.write(filler);
            }
            out.flush();
            Thread.sleep(2_000);
        });

        assertEquals("the model service sent a line of more than 1048576 bytes", failure().problem());
    }

    @Test
    void an_error_inside_the_stream_fails_with_its_message() throws Exception {
        server.then(stream(List.of(chunk(content("Sure"), null),
                "{\"error\":{\"message\":\"The server had an error while processing your request.\","
                        + "\"type\":\"server_error\"}}")));

        List<ModelEvent> events = events();

        assertEquals(new ModelEvent.Failed("the model service reported an error mid-reply: The server had an "
                + "error while processing your request.", Optional.empty()), events.get(1));
    }

    @Test
    void an_error_event_fails_with_its_message() throws Exception {
        server.then(exchange -> {
            OutputStream out = startStream(exchange);
            write(out, "event: error\ndata: {\"message\":\"overloaded\"}\n\n");
        });

        assertEquals("the model service reported an error mid-reply: overloaded", failure().problem());
    }

    @Test
    void finish_reason_length_fails_after_the_text_it_had() throws Exception {
        server.then(stream(List.of(chunk(content("Your order"), null), chunk("{}", "length"), "[DONE]")));

        List<ModelEvent> events = events();

        assertEquals(new ModelEvent.Text("Your order"), events.get(0));
        assertEquals(new ModelEvent.Failed("the model stopped at its output token limit (finish_reason length)",
                Optional.empty()), events.get(1));
    }

    @Test
    void finish_reason_content_filter_fails() throws Exception {
        server.then(stream(List.of(chunk("{}", "content_filter"), "[DONE]")));

        assertEquals("the model service's content filter stopped the reply (finish_reason content_filter)",
                failure().problem());
    }

    @Test
    void too_many_tool_calls_fail_the_reply() throws Exception {
        var chunks = new java.util.ArrayList<String>();
        for (int i = 0; i < 17; i++) {
            chunks.add(chunk(StubChatServer.toolStart(i, "call_" + i, "find_drug"), null));
        }
        server.then(stream(chunks));

        assertEquals("the model's tool calls are out of bounds: more than 16 tool calls in one reply",
                failure().problem());
    }

    @Test
    void a_tool_call_without_a_name_fails_the_reply() throws Exception {
        server.then(stream(List.of(chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"function\":"
                + "{\"arguments\":\"{}\"}}]}", null), chunk("{}", "tool_calls"), "[DONE]")));

        assertEquals("the model's tool calls can't be used: tool call 0 has no function name", failure().problem());
    }

    @Test
    void a_200_that_is_not_an_event_stream_fails() throws Exception {
        server.then(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] body = "{\"choices\":[]}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });

        assertEquals("the model service answered 200 with Content-Type 'application/json' instead of an event "
                + "stream", failure().problem());
    }

    @Test
    void nobody_listening_fails_with_where_it_tried() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        var nowhere = new ChatCompletionsModel(settings.withBaseUrl(URI.create("http://127.0.0.1:" + port + "/v1")));
        var listener = new RecordingListener();

        nowhere.reply(CALL, QUESTION, listener);
        var failed = (ModelEvent.Failed) listener.end(WAIT);
        nowhere.close();

        assertThat(failed.problem(), startsWith("cannot reach the model service at http://127.0.0.1:" + port + ": "));
        assertThat(failed.problem(), containsString("Connect"));
    }

    @Test
    void a_listener_that_throws_does_not_stop_the_reply() throws Exception {
        server.then(stream(List.of(chunk(content("One."), null), chunk(content("Two."), null),
                StubChatServer.stop(), "[DONE]")));
        var listener = new RecordingListener();

        model.reply(CALL, QUESTION, event -> {
            listener.accept(event);
            throw new IllegalStateException("the agent had a bad moment");
        });

        assertThat(listener.untilEnd(WAIT), hasSize(3));
    }

    private List<ModelEvent> events() throws InterruptedException {
        var listener = new RecordingListener();
        model.reply(CALL, QUESTION, listener);
        return listener.untilEnd(WAIT);
    }
}
