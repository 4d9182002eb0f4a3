package org.pharmacyvoice.it.fakes;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pharmacyvoice.it.fakes.FakeLanguageModel.call;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.adapters.llm.ChatCompletionsModel;
import org.pharmacyvoice.adapters.llm.LanguageModelSettings;
import org.pharmacyvoice.domain.cascade.port.out.Generation;
import org.pharmacyvoice.domain.cascade.port.out.ModelEvent;
import org.pharmacyvoice.domain.cascade.port.out.ModelRequest;
import org.pharmacyvoice.domain.cascade.port.out.ModelTurn;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/** The fake language model speaks Chat Completions' streaming format, checked on the wire and through the adapter. */
class FakeLanguageModelTest {

    private static final String CALL_SID = "CA" + "f".repeat(32);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ModelRequest QUESTION = new ModelRequest("You answer a pharmacy's phone.",
            List.of(ToolSpec.of("check_order_status", "Looks up an order.", ToolParameter.text("rx_number", "Rx"))),
            List.of(new ModelTurn.CallerSaid("Is RX-1 ready?")));

    private final FakeLanguageModel fake = FakeLanguageModel.start();
    private final ChatCompletionsModel model = new ChatCompletionsModel(
            LanguageModelSettings.openAi(FakeLanguageModel.API_KEY, "gpt-4o-mini").withBaseUrl(fake.baseUrl())
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofMillis(500),
                            Duration.ofSeconds(10)));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        model.close();
        fake.close();
        http.close();
    }

    /** A reply's events in order, up to and with the terminal one. */
    private static final class Events {
        final LinkedBlockingQueue<ModelEvent> queue = new LinkedBlockingQueue<>();
        final List<Long> arrivals = new ArrayList<>();

        void accept(ModelEvent event) {
            synchronized (arrivals) {
                arrivals.add(System.nanoTime());
            }
            queue.add(event);
        }

        List<ModelEvent> untilEnd() throws InterruptedException {
            var events = new ArrayList<ModelEvent>();
            while (true) {
                ModelEvent event = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    throw new AssertionError("no terminal event; had " + events);
                }
                events.add(event);
                if (!(event instanceof ModelEvent.Text)) {
                    return events;
                }
            }
        }
    }

    private List<ModelEvent> ask(ModelRequest request) throws InterruptedException {
        var events = new Events();
        model.reply(CALL_SID, request, events::accept);
        return events.untilEnd();
    }

    private static String text(List<ModelEvent> events) {
        var text = new StringBuilder();
        for (ModelEvent event : events) {
            if (event instanceof ModelEvent.Text piece) {
                text.append(piece.text());
            }
        }
        return text.toString();
    }

    @Test
    void an_unscripted_request_gets_the_default_reply_word_by_word() throws Exception {
        List<ModelEvent> events = ask(QUESTION);

        assertEquals(FakeLanguageModel.DEFAULT_REPLY, text(events));
        assertThat(events.size(), greaterThan(3));
        assertEquals(new ModelEvent.Finished(List.of()), events.get(events.size() - 1));
        assertEquals(1, fake.completedStreams());
    }

    @Test
    void scripted_text_with_a_gap_arrives_piece_by_piece_over_time() throws Exception {
        fake.replyText(Duration.ofMillis(150), "Your order ", "is ready ", "for pickup.");
        var events = new Events();

        model.reply(CALL_SID, QUESTION, events::accept);
        List<ModelEvent> received = events.untilEnd();

        assertThat(received, contains(new ModelEvent.Text("Your order "), new ModelEvent.Text("is ready "),
                new ModelEvent.Text("for pickup."), new ModelEvent.Finished(List.of())));
        long spreadMillis = (events.arrivals.get(3) - events.arrivals.get(0)) / 1_000_000;
        assertThat("the first piece came well before the end", spreadMillis, greaterThan(250L));
    }

    @Test
    void two_tool_calls_split_over_many_chunks_reach_the_adapter_whole() throws Exception {
        var first = call("check_order_status", "{\"rx_number\":\"RX-4417\"}");
        var second = call("find_drug", "{\"name\":\"ibuprofen\",\"strength_mg\":200}");
        fake.replyToolCalls(first, second);

        var finished = (ModelEvent.Finished) ask(QUESTION).get(0);

        assertThat(finished.toolCalls(), hasSize(2));
        ToolCall one = finished.toolCalls().get(0);
        assertEquals(first.id(), one.id());
        assertTrue(one.id().matches("call_[A-Za-z0-9]{24}"), one.id());
        assertEquals("check_order_status", one.toolName());
        assertEquals(Optional.of(ToolArguments.of("rx_number", "RX-4417")), one.arguments());
        assertEquals(Map.of("name", "ibuprofen", "strength_mg", 200L),
                finished.toolCalls().get(1).arguments().orElseThrow().values());
    }

    @Test
    void text_then_tool_calls() throws Exception {
        var lookup = call("check_order_status", "{\"rx_number\":\"RX-1\"}");
        fake.replyTextThenToolCalls("Let me check.", lookup);

        List<ModelEvent> events = ask(QUESTION);

        assertEquals(new ModelEvent.Text("Let me check."), events.get(0));
        assertEquals(List.of(lookup.id()),
                ((ModelEvent.Finished) events.get(1)).toolCalls().stream().map(ToolCall::id).toList());
    }

    @Test
    void the_stream_on_the_wire_is_server_sent_chat_completion_chunks_ending_in_done() throws Exception {
        fake.replyToolCalls(call("check_order_status", "{\"rx_number\":\"RX-4417\"}"));

        HttpResponse<String> answer = post(QUESTION_BODY, "Bearer " + FakeLanguageModel.API_KEY);

        assertEquals(200, answer.statusCode());
        assertThat(answer.headers().firstValue("Content-Type").orElse(""), startsWith("text/event-stream"));
        String[] events = answer.body().split("\n\n");
        assertEquals("data: [DONE]", events[events.length - 1]);
        var arguments = new StringBuilder();
        for (int i = 0; i < events.length - 1; i++) {
            assertThat(events[i], startsWith("data: {"));
            JsonObject chunk = JsonText.parse(events[i].substring(6)).orElseThrow().asJsonObject();
            assertEquals("chat.completion.chunk", chunk.getString("object"));
            assertEquals("gpt-4o-mini", chunk.getString("model"));
            JsonObject delta = chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
            if (delta.containsKey("tool_calls")) {
                arguments.append(delta.getJsonArray("tool_calls").getJsonObject(0).getJsonObject("function")
                        .getString("arguments"));
            }
        }
        assertThat("arguments split over many chunks", events.length, greaterThan(5));
        assertEquals("{\"rx_number\":\"RX-4417\"}", arguments.toString());
        assertEquals("tool_calls", JsonText.parse(events[events.length - 2].substring(6)).orElseThrow()
                .asJsonObject().getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
    }

    @Test
    void scripted_http_errors_reach_the_adapter_with_their_message() throws Exception {
        fake.replyError(500, "The server had an error while processing your request.");
        fake.replyError(401, "Incorrect API key provided.");
        fake.replyRateLimited(Duration.ofSeconds(2));

        var serverError = (ModelEvent.Failed) ask(QUESTION).get(0);
        var unauthorised = (ModelEvent.Failed) ask(QUESTION).get(0);
        var limited = (ModelEvent.Failed) ask(QUESTION).get(0);

        assertEquals("HTTP 500 from the model service: The server had an error while processing your request.",
                serverError.problem());
        assertEquals("HTTP 401 from the model service: [invalid_api_key] Incorrect API key provided.",
                unauthorised.problem());
        assertEquals(Optional.of(Duration.ofSeconds(2)), limited.retryAfter());
        assertEquals(List.of(500, 401, 429), fake.requests().stream().map(FakeLanguageModel.Request::answeredStatus)
                .toList());
    }

    @Test
    void a_stream_broken_mid_way_fails_after_the_text_it_had() throws Exception {
        fake.replyBrokenAfter("Your order ");

        List<ModelEvent> events = ask(QUESTION);

        assertEquals(new ModelEvent.Text("Your order "), events.get(0));
        assertInstanceOf(ModelEvent.Failed.class, events.get(1));
        assertThat(events, hasSize(2));
    }

    @Test
    void a_stalled_stream_meets_the_adapters_idle_timeout_and_counts_as_cancelled() throws Exception {
        fake.replyStalled(Duration.ofSeconds(20), "Let me ");

        List<ModelEvent> events = ask(QUESTION);

        assertEquals(new ModelEvent.Failed("the model's stream stalled: nothing for 500 ms", Optional.empty()),
                events.get(1));
        fake.awaitCancelledStreams(1, Duration.ofSeconds(3));
    }

    @Test
    void a_reply_that_starts_too_late_meets_the_adapters_first_byte_timeout_and_counts_as_cancelled()
            throws Exception {
        fake.replyAfter(Duration.ofSeconds(20), new FakeLanguageModel.Streamed(List.of("Late."), List.of(),
                Duration.ZERO, "stop"));
        fake.replyAfter(Duration.ofMillis(100), new FakeLanguageModel.Streamed(List.of("Soon."), List.of(),
                Duration.ZERO, "stop"));
        var impatient = new ChatCompletionsModel(LanguageModelSettings.openAi(FakeLanguageModel.API_KEY, "m")
                .withBaseUrl(fake.baseUrl()).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(600),
                        Duration.ofMillis(500), Duration.ofSeconds(10)));
        var late = new Events();
        var soon = new Events();

        impatient.reply(CALL_SID, QUESTION, late::accept);
        List<ModelEvent> lateEvents = late.untilEnd();
        fake.awaitCancelledStreams(1, Duration.ofSeconds(3));
        impatient.reply(CALL_SID, QUESTION, soon::accept);
        List<ModelEvent> soonEvents = soon.untilEnd();
        impatient.close();

        assertEquals(List.of(new ModelEvent.Failed("no answer from the model service within 600 ms",
                Optional.empty())), lateEvents);
        assertEquals("Soon.", text(soonEvents));
    }

    @Test
    void a_cancel_mid_reply_is_counted_within_moments() throws Exception {
        fake.replyText(Duration.ofMillis(200), "One, ", "two, ", "three, ", "four, ", "five.");
        var events = new Events();

        Generation reply = model.reply(CALL_SID, QUESTION, events::accept);
        assertEquals(new ModelEvent.Text("One, "), events.queue.poll(5, TimeUnit.SECONDS));
        reply.cancel();

        fake.awaitCancelledStreams(1, Duration.ofSeconds(2));
        assertEquals(0, fake.completedStreams());
    }

    @Test
    void every_request_is_recorded_with_its_roles_tool_call_ids_and_tool_results() throws Exception {
        var conversation = new ModelRequest("You answer a pharmacy's phone.", QUESTION.tools(), List.of(
                new ModelTurn.CallerSaid("Is RX-1 ready?"),
                new ModelTurn.AgentSaid("Let me check.", List.of(new ToolCall("call_1", "check_order_status",
                        "{\"rx_number\":\"RX-1\"}", Optional.of(ToolArguments.of("rx_number", "RX-1"))))),
                new ModelTurn.ToolAnswered("call_1", "check_order_status", ToolResult.success("status", "ready")),
                new ModelTurn.CallerSaid("Great.")));

        ask(conversation);
        FakeLanguageModel.Request request = fake.awaitRequest(1, WAIT);

        assertEquals(List.of("system", "user", "assistant", "tool", "user"), request.roles());
        assertEquals(List.of("call_1"), request.toolCallIds());
        assertEquals(Map.of("call_1", "{\"status\":\"ready\"}"), request.toolResults());
        assertEquals(List.of("Is RX-1 ready?", "Great."), request.contents("user"));
        assertEquals(List.of("check_order_status"), request.toolNames());
        assertEquals("gpt-4o-mini", request.model());
        assertEquals(Optional.of("Bearer " + FakeLanguageModel.API_KEY), request.header("authorization"));
        assertThat(fake.mistakes(), is(empty()));
    }

    @Test
    void a_wrong_key_gets_401_and_leaves_the_script_alone() throws Exception {
        fake.replyText("Scripted.");

        HttpResponse<String> wrong = post(QUESTION_BODY, "Bearer sk-wrong");
        HttpResponse<String> none = post(QUESTION_BODY, null);

        assertEquals(401, wrong.statusCode());
        assertEquals("invalid_api_key", error(wrong).getString("code"));
        assertEquals(401, none.statusCode());
        assertThat(error(none).getString("message"), startsWith("You didn't provide an API key."));
        assertEquals(1, fake.unusedReplies());
        assertEquals("Scripted.", text(ask(QUESTION)));
    }

    @Test
    void tool_messages_out_of_order_are_refused_as_openai_refuses_them() throws Exception {
        String orphan = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_x\",\"content\":\"{}\"}]}";
        String unanswered = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_a\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},{\"role\":\"user\",\"content\":\"hello?\"}]}";
        String key = "Bearer " + FakeLanguageModel.API_KEY;

        HttpResponse<String> first = post(orphan, key);
        HttpResponse<String> second = post(unanswered, key);
        HttpResponse<String> noTools = post("{\"model\":\"m\",\"stream\":true,\"tools\":[],\"messages\":"
                + "[{\"role\":\"user\",\"content\":\"hi\"}]}", key);

        assertEquals(400, first.statusCode());
        assertEquals("Invalid parameter: messages with role 'tool' must be a response to a preceeding message with "
                + "'tool_calls'.", error(first).getString("message"));
        assertEquals("messages.[1].role", error(first).getString("param"));
        assertEquals(400, second.statusCode());
        assertEquals("An assistant message with 'tool_calls' must be followed by tool messages responding to each "
                + "'tool_call_id'. The following tool_call_ids did not have response messages: call_a",
                error(second).getString("message"));
        assertEquals("[] is too short - 'tools'", error(noTools).getString("message"));
        assertThat(fake.mistakes(), hasSize(3));
    }

    private static final String QUESTION_BODY = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"Is RX-1 ready?\"}]}";

    private HttpResponse<String> post(String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject error(HttpResponse<String> answer) {
        return JsonText.parse(answer.body()).orElseThrow().asJsonObject().getJsonObject("error");
    }
}
