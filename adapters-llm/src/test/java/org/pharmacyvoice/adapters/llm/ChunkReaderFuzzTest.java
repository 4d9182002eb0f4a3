package org.pharmacyvoice.adapters.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.pharmacyvoice.domain.reference.StrictJson;
import org.pharmacyvoice.domain.tool.ToolCall;

/**
 * Property-based fuzzing of what the model service sends: real chunks and tool-call arguments, randomly mutated and
 * laced with the known nasty shapes, are judged by the independent {@link StrictJson} reader. A chunk it refuses is
 * unreadable to us too; arguments are read exactly when it reads them as an object, with the same names. Nothing is
 * ever thrown, and the event-stream reader ends every byte soup with events or a bounded refusal.
 */
class ChunkReaderFuzzTest {

    private static final List<String> CHUNKS = List.of(
            StubChatServer.chunk(StubChatServer.role(), null),
            StubChatServer.chunk(StubChatServer.content("Your order RX-4417 is ready."), null),
            StubChatServer.chunk(StubChatServer.toolStart(0, "call_Aa1", "check_order_status"), null),
            StubChatServer.chunk(StubChatServer.toolArguments(1, "{\"rx_number\": \"RX-4417\"}"), null),
            StubChatServer.chunk("{}", "tool_calls"),
            "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}",
            "{\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}");
    private static final List<String> ARGUMENTS = List.of("{\"rx_number\": \"RX-4417\"}",
            "{\"name\":\"ibuprofen\",\"strength_mg\":200,\"urgent\":true,\"notes\":null}",
            "{\"items\":[{\"drug\":\"a\",\"count\":2}],\"total\":12.5}", "{}");
    private static final List<String> NASTY = List.of("[".repeat(40), "1".repeat(60), "1e99999", "\\u0000",
            "\\ud800", "\uD800", "\u0000", "\"rx_number\":1,\"rx_number\":2,", "}", "]", ",", "\"", "\\", "[DONE]",
            "{\"a\":" + "[".repeat(2000));

    @Property(tries = 3000)
    void a_mutated_chunk_is_unreadable_exactly_when_the_reference_refuses_it(@ForAll("mutatedChunks") String text) {
        Chunk chunk = ChunkReader.read("", text);
        Optional<Object> reference = StrictJson.parse(text);
        Statistics.label("reference").collect(reference.isEmpty() ? "refused" : chunk.getClass().getSimpleName());

        if (text.strip().equals("[DONE]")) {
            assertThat(chunk, instanceOf(Chunk.Done.class));
        } else if (reference.isEmpty()) {
            assertThat(text, chunk, instanceOf(Chunk.Unreadable.class));
        } else if (!(reference.get() instanceof Map)) {
            assertThat(text, chunk, equalTo(new Chunk.Unreadable("a chunk that is not a JSON object")));
        }
    }

    @Property(tries = 3000)
    void arguments_are_read_exactly_when_the_reference_reads_an_object(@ForAll("mutatedArguments") String raw) {
        ToolCall call = ChunkReader.toolCall("call_1", "check_order_status", raw);
        Optional<Object> reference = raw.isBlank() ? Optional.of(Map.of()) : StrictJson.parse(raw);
        boolean object = reference.isPresent() && reference.get() instanceof Map;
        Statistics.label("arguments").collect(object ? "read" : "refused");

        assertThat(raw, call.arguments().isPresent(), is(object));
        assertThat(call.rawArguments(), equalTo(raw));
        if (object) {
            assertThat(raw, call.arguments().get().values().keySet(), equalTo(((Map<?, ?>) reference.get()).keySet()));
        } else {
            assertThat(raw, call.argumentsProblem().isEmpty(), is(false));
        }
    }

    @Property(tries = 1000)
    void any_bytes_end_in_events_or_a_bounded_refusal(@ForAll("byteSoup") byte[] bytes) {
        var stream = new EventStream(new ByteArrayInputStream(bytes), () -> { });
        try {
            EventStream.Event event;
            while ((event = stream.next()) != null) {
                ChunkReader.read(event.name(), event.data());
            }
        } catch (EventStream.Oversized e) {
            Statistics.label("stream").collect("oversized");
        } catch (IOException e) {
            throw new AssertionError("a byte array can't fail to be read", e);
        }
    }

    @Provide
    Arbitrary<String> mutatedChunks() {
        return mutated(Arbitraries.of(CHUNKS));
    }

    @Provide
    Arbitrary<String> mutatedArguments() {
        return Arbitraries.oneOf(mutated(Arbitraries.of(ARGUMENTS)), Arbitraries.of(" ", "", "null", "[]", "\"{}\""));
    }

    @Provide
    Arbitrary<byte[]> byteSoup() {
        Arbitrary<String> lines = Arbitraries.oneOf(
                Arbitraries.of(CHUNKS).map(chunk -> "data: " + chunk),
                Arbitraries.of(": keep-alive", "", "event: error", "data: [DONE]", "id: 1", "retry: x", "data"),
                Arbitraries.strings().ofMaxLength(40));
        Arbitrary<String> ends = Arbitraries.of("\n", "\r\n", "\r", "\n\n");
        return Combinators.combine(lines, ends).as((line, end) -> line + end).list().ofMaxSize(30)
                .map(parts -> String.join("", parts).getBytes(StandardCharsets.UTF_8));
    }

    private static Arbitrary<String> mutated(Arbitrary<String> originals) {
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 10_000);
        Arbitrary<String> insert = Arbitraries.oneOf(Arbitraries.of(NASTY), Arbitraries.strings().ofMaxLength(3));
        Arbitrary<Integer> how = Arbitraries.integers().between(0, 4);
        return Combinators.combine(originals, where, insert, how).as((text, at, piece, kind) -> {
            int i = at % (text.length() + 1);
            return switch (kind) {
                case 0 -> text.substring(0, i) + piece + text.substring(i);
                case 1 -> text.substring(0, i);
                case 2 -> i < text.length() ? text.substring(0, i) + text.substring(i + 1) : text;
                case 3 -> i < text.length() ? text.substring(0, i) + piece + text.substring(i + 1) : text + piece;
                default -> text;
            };
        });
    }
}
