package org.pharmacyvoice.adapters.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pharmacyvoice.adapters.llm.StubChatServer.chunk;
import static org.pharmacyvoice.adapters.llm.StubChatServer.content;
import static org.pharmacyvoice.adapters.llm.StubChatServer.role;
import static org.pharmacyvoice.adapters.llm.StubChatServer.startStream;
import static org.pharmacyvoice.adapters.llm.StubChatServer.stop;
import static org.pharmacyvoice.adapters.llm.StubChatServer.stream;
import static org.pharmacyvoice.adapters.llm.StubChatServer.toolArguments;
import static org.pharmacyvoice.adapters.llm.StubChatServer.toolStart;
import static org.pharmacyvoice.adapters.llm.StubChatServer.write;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.cascade.port.out.Generation;
import org.pharmacyvoice.domain.cascade.port.out.ModelEvent;
import org.pharmacyvoice.domain.cascade.port.out.ModelRequest;
import org.pharmacyvoice.domain.cascade.port.out.ModelTurn;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** Replies streamed by a real HTTP server in OpenAI's format: text as it comes, tool calls put together, cancel. */
class ChatCompletionsModelStreamingTest {

    static final String CALL = "CA" + "0".repeat(32);
    static final Duration WAIT = Duration.ofSeconds(10);
    static final ModelRequest QUESTION = new ModelRequest("You are a pharmacy's phone agent.",
            List.of(ToolSpec.of("check_order_status", "Looks up an order.", ToolParameter.text("rx_number", "Rx"))),
            List.of(new ModelTurn.CallerSaid("Is my order ready?")));

    private final StubChatServer server = StubChatServer.start();
    private final ChatCompletionsModel model = new ChatCompletionsModel(
            LanguageModelSettings.openAi("sk-test-key", "gpt-4o-mini").withBaseUrl(server.baseUrl()));

    @AfterEach
    void shutDown() {
        model.close();
        server.close();
    }

    @Test
    void text_reaches_the_listener_piece_by_piece_while_the_model_still_writes() throws Exception {
        var firstPieceHeard = new CountDownLatch(1);
        server.then(exchange -> {
            OutputStream out = startStream(exchange);
            write(out, "data: " + chunk(role(), null) + "\n\n");
            write(out, "data: " + chunk(content("Your order"), null) + "\n\n");
            // The rest is written only once the client has handed on the first words.
            if (!firstPieceHeard.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("the first words did not reach the listener before the reply's end");
            }
            write(out, "data: " + chunk(content(" is ready"), null) + "\n\n");
            write(out, "data: " + chunk(content("."), null) + "\n\n");
            write(out, "data: " + stop() + "\n\ndata: [DONE]\n\n");
        });
        var listener = new RecordingListener();

        model.reply(CALL, QUESTION, listener);
        ModelEvent first = listener.next(WAIT);
        firstPieceHeard.countDown();

        assertEquals(new ModelEvent.Text("Your order"), first);
        List<ModelEvent> rest = listener.untilEnd(WAIT);
        assertThat(rest, contains(new ModelEvent.Text(" is ready"), new ModelEvent.Text("."),
                new ModelEvent.Finished(List.of())));
        assertFalse(listener.overlapped());
        assertEquals(1, listener.threads().stream().distinct().count(), "one thread per reply");
        assertThat(listener.threads(), everyItem(startsWith("[" + CALL + "] llm reply")));
    }

    @Test
    void two_tool_calls_with_arguments_split_over_many_chunks_arrive_whole_in_order() throws Exception {
        server.then(stream(List.of(
                chunk("{\"role\":\"assistant\",\"content\":null}", null),
                chunk(toolStart(0, "call_Aa1", "check_order_status"), null),
                chunk(toolArguments(0, "{\"rx"), null),
                chunk(toolArguments(0, "_num"), null),
                chunk(toolArguments(0, "ber\": \"RX-"), null),
                chunk(toolArguments(0, "4417\"}"), null),
                chunk(toolStart(1, "call_Bb2", "find_drug"), null),
                chunk(toolArguments(1, "{\"name\""), null),
                chunk(toolArguments(1, ":\"ibuprofen\",\"strength_mg\":"), null),
                chunk(toolArguments(1, "200}"), null),
                chunk("{}", "tool_calls"),
                "[DONE]")));
        var listener = new RecordingListener();

        model.reply(CALL, QUESTION, listener);
        List<ModelEvent> events = listener.untilEnd(WAIT);

        assertThat(events, hasSize(1));
        var finished = (ModelEvent.Finished) events.get(0);
        assertThat(finished.toolCalls(), hasSize(2));
        ToolCall first = finished.toolCalls().get(0);
        assertEquals("call_Aa1", first.id());
        assertEquals("check_order_status", first.toolName());
        assertEquals("{\"rx_number\": \"RX-4417\"}", first.rawArguments());
        assertEquals(Optional.of(ToolArguments.of("rx_number", "RX-4417")), first.arguments());
        ToolCall second = finished.toolCalls().get(1);
        assertEquals("call_Bb2", second.id());
        assertEquals("find_drug", second.toolName());
        assertEquals(Map.of("name", "ibuprofen", "strength_mg", 200L), second.arguments().orElseThrow().values());
    }

    @Test
    void text_then_a_tool_call_in_one_reply() throws Exception {
        server.then(stream(List.of(
                chunk(content("Let me check."), null),
                chunk(toolStart(0, "call_1", "check_order_status"), null),
                chunk(toolArguments(0, "{\"rx_number\":\"RX-1\"}"), null),
                chunk("{}", "tool_calls"),
                "[DONE]")));
        var listener = new RecordingListener();

        model.reply(CALL, QUESTION, listener);
        List<ModelEvent> events = listener.untilEnd(WAIT);

        assertEquals(new ModelEvent.Text("Let me check."), events.get(0));
        var finished = (ModelEvent.Finished) events.get(1);
        assertEquals(List.of("call_1"), finished.toolCalls().stream().map(ToolCall::id).toList());
    }

    @Test
    void arguments_that_are_not_a_json_object_make_a_call_without_arguments_that_says_why() throws Exception {
        server.then(stream(List.of(
                chunk(toolStart(0, "call_1", "check_order_status"), null),
                chunk(toolArguments(0, "[\"RX-1\"]"), null),
                chunk(toolStart(1, "call_2", "check_order_status"), null),
                chunk(toolArguments(1, "{\"rx_number\": \"RX-2\""), null),
                chunk(toolStart(2, "call_3", "check_order_status"), null),
                chunk(toolArguments(2, "[".repeat(40) + "]".repeat(40)), null),
                chunk("{}", "tool_calls"),
                "[DONE]")));
        var listener = new RecordingListener();

        model.reply(CALL, QUESTION, listener);
        var finished = (ModelEvent.Finished) listener.end(WAIT);

        List<ToolCall> calls = finished.toolCalls();
        assertThat(calls, hasSize(3));
        assertTrue(calls.stream().allMatch(call -> call.arguments().isEmpty()), calls::toString);
        assertEquals("not a JSON object", calls.get(0).argumentsProblem());
        assertThat(calls.get(1).argumentsProblem(), startsWith("malformed JSON"));
        assertEquals("nested deeper than 32 levels", calls.get(2).argumentsProblem());
        assertEquals("{\"rx_number\": \"RX-2\"", calls.get(1).rawArguments());
    }

    @Test
    void an_unknown_tool_is_passed_on_for_the_bridge_to_answer_and_a_call_without_id_gets_one() throws Exception {
        server.then(stream(List.of(
                chunk("{\"tool_calls\":[{\"index\":0,\"type\":\"function\",\"function\":{\"name\":\"launch_rocket\","
                        + "\"arguments\":\"{}\"}}]}", null),
                chunk("{}", "tool_calls"),
                "[DONE]")));
        var listener = new RecordingListener();

        model.reply(CALL, QUESTION, listener);
        var finished = (ModelEvent.Finished) listener.end(WAIT);

        ToolCall call = finished.toolCalls().get(0);
        assertEquals("launch_rocket", call.toolName());
        assertTrue(call.id().matches("call_[0-9a-f]{24}"), call.id());
        assertEquals(Optional.of(new ToolArguments(Map.of())), call.arguments());
    }

    @Test
    void a_server_that_says_stop_but_sent_tool_calls_still_gets_them_run() throws Exception {
        // Some OpenAI-compatible servers end a tool-calling reply with finish_reason "stop".
        server.then(stream(List.of(
                chunk(toolStart(0, "call_1", "check_order_status"), null),
                chunk(toolArguments(0, "{\"rx_number\":\"RX-1\"}"), null),
                stop(),
                "[DONE]")));
        var listener = new RecordingListener();

        model.reply(CALL, QUESTION, listener);
        var finished = (ModelEvent.Finished) listener.end(WAIT);

        assertThat(finished.toolCalls(), hasSize(1));
    }

    @Test
    void a_stream_that_closes_after_finish_reason_without_done_is_finished() throws Exception {
        server.then(stream(List.of(chunk(content("Hello."), null), stop())));
        var listener = new RecordingListener();

        model.reply(CALL, QUESTION, listener);

        assertThat(listener.untilEnd(WAIT), contains(new ModelEvent.Text("Hello."),
                new ModelEvent.Finished(List.of())));
    }

    @Test
    void usage_and_azure_filter_chunks_and_reasoning_are_not_spoken() throws Exception {
        server.then(stream(List.of(
                "{\"id\":\"\",\"object\":\"\",\"created\":0,\"model\":\"\",\"choices\":[],"
                        + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{}}]}",
                chunk("{\"reasoning_content\":\"The caller wants...\"}", null),
                chunk(content("Yes."), null),
                stop(),
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}",
                "[DONE]")));
        var listener = new RecordingListener();

        model.reply(CALL, QUESTION, listener);

        assertThat(listener.untilEnd(WAIT), contains(new ModelEvent.Text("Yes."),
                new ModelEvent.Finished(List.of())));
    }

    @Test
    void cancel_mid_stream_closes_the_connection_and_no_event_follows() throws Exception {
        var stopWriting = new CountDownLatch(1);
        server.then(exchange -> {
            OutputStream out = startStream(exchange);
            for (int i = 0; i < 200 && stopWriting.getCount() > 0; i++) {
                write(out, "data: " + chunk(content("word " + i + " "), null) + "\n\n");
                Thread.sleep(20);
            }
        });
        var listener = new RecordingListener();

        Generation reply = model.reply(CALL, QUESTION, listener);
        assertThat(listener.next(WAIT), instanceOf(ModelEvent.Text.class));
        reply.cancel();
        int heard = listener.all().size();

        // The server's next writes fail: the client closed its connection.
        assertTrue(server.clientWentAway(5_000), "the server never noticed the client leave");
        stopWriting.countDown();
        Thread.sleep(300);
        assertEquals(heard, listener.all().size(), "no event after cancel() returned: " + listener.all());
        assertTrue(listener.all().stream().allMatch(event -> event instanceof ModelEvent.Text));
    }

    @Test
    void cancel_from_inside_the_listener_stops_the_reply_at_once() throws Exception {
        server.then(stream(List.of(chunk(content("One."), null), chunk(content("Two."), null), stop(), "[DONE]")));
        var events = new java.util.concurrent.CopyOnWriteArrayList<ModelEvent>();
        var holder = new Generation[1];
        var gotOne = new CountDownLatch(1);

        synchronized (holder) {
            holder[0] = model.reply(CALL, QUESTION, event -> {
                events.add(event);
                synchronized (holder) {
                    holder[0].cancel();
                }
                gotOne.countDown();
            });
        }

        assertTrue(gotOne.await(10, TimeUnit.SECONDS));
        Thread.sleep(300);
        assertEquals(List.of(new ModelEvent.Text("One.")), events);
    }

    @Test
    void after_a_cancelled_reply_the_next_one_works() throws Exception {
        server.then(exchange -> {
            OutputStream out = startStream(exchange);
            write(out, "data: " + chunk(content("Hold on"), null) + "\n\n");
            Thread.sleep(3_000);
        });
        server.then(stream(List.of(chunk(content("Here."), null), stop(), "[DONE]")));
        var first = new RecordingListener();
        Generation reply = model.reply(CALL, QUESTION, first);
        first.next(WAIT);
        reply.cancel();

        var second = new RecordingListener();
        model.reply(CALL, QUESTION, second);

        assertThat(second.untilEnd(WAIT), contains(new ModelEvent.Text("Here."), new ModelEvent.Finished(List.of())));
        assertNull(first.next(Duration.ofMillis(200)));
        assertNotEquals(server.requests().get(0).clientPort(), server.requests().get(1).clientPort(),
                "a cancelled reply's connection is closed, not reused");
    }

    @Test
    void a_finished_reply_leaves_its_connection_for_the_next_one() throws Exception {
        server.then(stream(List.of(chunk(content("One."), null), stop(), "[DONE]")));
        server.then(stream(List.of(chunk(content("Two."), null), stop(), "[DONE]")));
        var first = new RecordingListener();
        model.reply(CALL, QUESTION, first);
        first.untilEnd(WAIT);
        Thread.sleep(100);

        var second = new RecordingListener();
        model.reply(CALL, QUESTION, second);

        assertThat(second.untilEnd(WAIT), contains(new ModelEvent.Text("Two."), new ModelEvent.Finished(List.of())));
        assertEquals(server.requests().get(0).clientPort(), server.requests().get(1).clientPort(),
                "no new TCP (and TLS) handshake for the next reply");
    }

    @Test
    void two_replies_at_once_keep_their_own_events() throws Exception {
        server.then(stream(List.of(chunk(content("A"), null), stop(), "[DONE]")));
        server.then(stream(List.of(chunk(content("B"), null), stop(), "[DONE]")));
        var one = new RecordingListener();
        var two = new RecordingListener();

        model.reply(CALL, QUESTION, one);
        model.reply("CA" + "1".repeat(32), QUESTION, two);

        List<ModelEvent> a = one.untilEnd(WAIT);
        List<ModelEvent> b = two.untilEnd(WAIT);
        assertThat(a, hasSize(2));
        assertThat(b, hasSize(2));
        assertEquals(List.of("A", "B"), List.of(a.get(0), b.get(0)).stream()
                .map(event -> ((ModelEvent.Text) event).text()).sorted().toList());
        assertThat(server.requests(), hasSize(2));
    }

    @Test
    void close_fails_the_replies_still_open_and_refuses_new_ones() throws Exception {
        server.then(exchange -> {
            OutputStream out = startStream(exchange);
            write(out, "data: " + chunk(content("Hmm"), null) + "\n\n");
            Thread.sleep(5_000);
        });
        var open = new RecordingListener();
        model.reply(CALL, QUESTION, open);
        open.next(WAIT);

        model.close();
        var late = new RecordingListener();
        model.reply(CALL, QUESTION, late);

        assertEquals(new ModelEvent.Failed("the language model client is shut down", Optional.empty()),
                open.end(WAIT));
        assertEquals(new ModelEvent.Failed("the language model client is shut down", Optional.empty()),
                late.end(WAIT));
        assertThat(server.requests(), hasSize(1));
    }

    @Test
    void no_key_fails_at_once_without_asking() throws Exception {
        var keyless = new ChatCompletionsModel(LanguageModelSettings.openAi("", "gpt-4o-mini")
                .withBaseUrl(server.baseUrl()));
        var listener = new RecordingListener();

        keyless.reply(CALL, QUESTION, listener);

        var failed = (ModelEvent.Failed) listener.end(WAIT);
        assertThat(failed.problem(), startsWith("no API key is configured"));
        assertThat(server.requests(), is(empty()));
        keyless.close();
    }
}
