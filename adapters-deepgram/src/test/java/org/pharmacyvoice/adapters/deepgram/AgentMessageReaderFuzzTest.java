package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.reference.StrictJson;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;

/**
 * Property-based fuzzing of the Deepgram reader: real agent messages, randomly mutated and laced with the known nasty
 * shapes, are judged by the independent {@link StrictJson} reader. What it refuses is skipped, or — a request — has
 * its calls answered without ever running them on arguments read from it; what it reads means the same however it is
 * spelled, and a tool call's arguments are exactly what the reference reads. Nothing is ever thrown.
 */
class AgentMessageReaderFuzzTest {

    /** Malformed for what the message says, not for how its JSON is written. */
    private static final Set<String> MEANINGFUL_PROBLEMS = Set.of("not a JSON object", "no 'type' field",
            "FunctionCallRequest without a 'functions' array", "FunctionCallCancelled without a 'functions' array");

    private final AgentMessageReader reader = new AgentMessageReader("CA1");

    @Property(tries = 3000)
    void aMutatedMessageIsReadAsTheReferenceReadsIt(@ForAll("mutatedMessages") String text) {
        ServerMessage actual = reader.read(text);
        Optional<Object> reference = StrictJson.parse(text);
        Statistics.label("reference").collect(reference.isEmpty() ? "refused" : actual.getClass().getSimpleName());

        if (reference.isEmpty()) {
            if (actual instanceof ServerMessage.TroubledRequest troubled) {
                assertThat(text, troubled.problem().isEmpty(), is(false));
                assertThat("no arguments from an unreadable request: " + text,
                        troubled.toRun().stream().allMatch(call -> call.arguments().isEmpty()), is(true));
            } else {
                assertThat(text, actual instanceof ServerMessage.Malformed, is(true));
            }
            return;
        }
        if (actual instanceof ServerMessage.Malformed malformed) {
            assertThat(text, MEANINGFUL_PROBLEMS.contains(malformed.problem())
                    || malformed.problem().startsWith("ConversationText with unknown role"), is(true));
        }
        assertThat(text, comparable(actual), equalTo(comparable(reader.read(StrictJson.write(reference.get())))));
        expectedCalls(reference.get()).ifPresent(expected -> assertThat(text, comparable(actual), equalTo(expected)));
    }

    @Property(tries = 300)
    void aNastyShapeInAWholeMessageIsSkippedForItsReason(@ForAll("nastyShapes") Nasty nasty) {
        String text = nasty.where() == Nasty.Where.END
                ? "{\"type\":\"History\",\"role\":\"user\",\"content\":\"x\"}" + nasty.shape()
                : "{\"type\":\"History\",\"role\":\"user\",\"x\":" + nasty.shape() + "}";

        assertThat(reader.read(text), equalTo(new ServerMessage.Malformed(nasty.reason())));
    }

    @Property(tries = 300)
    void nastyArgumentsInAStringReachTheToolboxUnreadForTheirReason(@ForAll("nastyShapes") Nasty nasty) {
        // Raw NUL or half a surrogate pair in the string would make the whole request unreadable: see below.
        if (nasty.raw()) {
            return;
        }
        String arguments = nasty.where() == Nasty.Where.END ? "{\"drug_name\":\"x\"}" + nasty.shape()
                : "{\"drug_name\":" + nasty.shape() + "}";
        String text = "{\"type\":\"FunctionCallRequest\",\"functions\":[{\"id\":\"fc_1\",\"name\":\"get_drug_info\","
                + "\"arguments\":" + StrictJson.write(arguments) + ",\"client_side\":true}]}";

        assertThat(reader.read(text), equalTo(new ServerMessage.Event(new AgentEvent.ToolCallsRequested(List.of(
                new ToolCall("fc_1", "get_drug_info", arguments, Optional.empty(), nasty.reason()))))));
    }

    @Property(tries = 300)
    void nastyArgumentsAsAnObjectStillGetTheCallAnswered(@ForAll("nastyShapes") Nasty nasty) {
        if (nasty.where() == Nasty.Where.END) {
            return;
        }
        String text = "{\"type\":\"FunctionCallRequest\",\"functions\":[{\"id\":\"fc_1\",\"name\":\"get_drug_info\","
                + "\"arguments\":{\"drug_name\":" + nasty.shape() + "},\"client_side\":true}]}";

        assertThat(reader.read(text), equalTo(new ServerMessage.TroubledRequest(nasty.reason(), List.of(
                new ToolCall("fc_1", "get_drug_info", "", Optional.empty(),
                        "the request could not be read: " + nasty.reason())), List.of())));
    }

    /** A shape, the reason it is refused for, whether it holds raw NUL or surrogates, and where it goes. */
    record Nasty(String shape, String reason, boolean raw, Where where) {
        enum Where { VALUE, END }
    }

    @Provide
    Arbitrary<Nasty> nastyShapes() {
        String high = String.valueOf((char) 0xd83d);
        String low = String.valueOf((char) 0xde00);
        return Arbitraries.oneOf(
                Arbitraries.integers().between(32, 3000).map(n -> new Nasty("[".repeat(n) + "]".repeat(n),
                        "nested deeper than 32 levels", false, Nasty.Where.VALUE)),
                Arbitraries.integers().between(32, 3000).map(n -> new Nasty("{\"a\":".repeat(n) + "1" + "}".repeat(n),
                        "nested deeper than 32 levels", false, Nasty.Where.VALUE)),
                Arbitraries.strings().numeric().ofMinLength(40).ofMaxLength(3000).map(digits -> new Nasty("1" + digits,
                        "a number of more than 40 characters", false, Nasty.Where.VALUE)),
                Combinators.combine(Arbitraries.of("e", "E+", "e-"), Arbitraries.strings().numeric().ofMinLength(4)
                        .ofMaxLength(12)).as((e, digits) -> new Nasty("7" + e + digits,
                        "a number with an exponent of more than 3 digits", false, Nasty.Where.VALUE)),
                Arbitraries.of("\"\\u0000\"", "\"a\\u0000\"").map(s -> new Nasty(s, "a NUL character in a string",
                        false, Nasty.Where.VALUE)),
                Arbitraries.of("\"a\u0000\"").map(s -> new Nasty(s, "a NUL character in a string", true,
                        Nasty.Where.VALUE)),
                Arbitraries.of("\"\\ud800\"", "\"\\udfff\"", "\"\\ud83d\\u0041\"").map(s -> new Nasty(s,
                        "half a surrogate pair in a string", false, Nasty.Where.VALUE)),
                Arbitraries.of("\"" + high + "\"", "\"" + low + "\"", "\"" + high + "\\ude00\"").map(s -> new Nasty(s,
                        "half a surrogate pair in a string", true, Nasty.Where.VALUE)),
                Arbitraries.of("{\"a\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":[]}").map(s -> new Nasty(s,
                        "malformed JSON: Duplicate key 'a' is not allowed", false, Nasty.Where.VALUE)),
                Arbitraries.of(" x", "{}", "\n1", "]").map(s -> new Nasty(s, "text after the JSON value", false,
                        Nasty.Where.END)));
    }

    @Provide
    Arbitrary<String> seeds() {
        return Arbitraries.of(
                "{\"type\":\"Welcome\",\"request_id\":\"fc553ec9-5874-49ca-a47c-b670d525a4b1\"}",
                "{\"type\":\"SettingsApplied\"}",
                "{\"type\":\"ConversationText\",\"role\":\"user\",\"content\":\"Do you have ibuprofen?\"}",
                "{\"type\":\"ConversationText\",\"role\":\"assistant\",\"content\":\"Yes \\u2014 in stock.\"}",
                "{\"type\":\"UserStartedSpeaking\"}",
                "{\"type\":\"AgentStartedSpeaking\",\"total_latency\":0.9,\"tts_latency\":0.2,\"ttt_latency\":0.5}",
                "{\"type\":\"AgentAudioDone\"}",
                "{\"type\":\"FunctionCallRequest\",\"functions\":[{\"id\":\"fc_12345678-90ab-cdef-1234-567890abcdef\","
                        + "\"name\":\"place_order\",\"arguments\":\"{\\\"customer_name\\\":\\\"Jane Doe\\\",\\\"quantity\\\":2,\\\"offset\\\":-3,"
                        + "\\\"note\\\":null,\\\"urgent\\\":false,\\\"price\\\":7.99,\\\"tags\\\":[1,\\\"a\\\",{\\\"b\\\":1e2}]}\","
                        + "\"client_side\":true},{\"id\":\"fc_2\",\"name\":\"query_database\",\"arguments\":\"{}\","
                        + "\"client_side\":false}]}",
                "{\"type\":\"FunctionCallRequest\",\"functions\":[{\"id\":\"fc_3\",\"name\":\"lookup_order\","
                        + "\"arguments\":{\"order_id\":42,\"x\":[-0.5,true,-12,12345678901234567890]},\"client_side\":true}]}",
                "{\"type\":\"FunctionCallCancelled\",\"functions\":[{\"id\":\"fc_3\",\"name\":\"lookup_order\"}]}",
                "{\"type\":\"Warning\",\"description\":\"Prompt too long\",\"code\":\"PROMPT_TOO_LONG\"}",
                "{\"type\":\"Error\",\"description\":\"We waited too long\",\"code\":\"CLIENT_MESSAGE_TIMEOUT\"}",
                "{\"type\":\"LatencyReport\",\"stt_latency\":0.12,\"total_latency\":\"0.64\"}",
                "{\"type\":\"History\",\"role\":\"assistant\",\"content\":\"Hi\"}");
    }

    @Provide
    Arbitrary<String> mutatedMessages() {
        Arbitrary<String> inserts = Arbitraries.oneOf(
                Arbitraries.of("\\", "\"", ",", ":", "{", "}", "[", "]", " ", "\u00a0", "\u0000", "\u001f",
                        "\uD83D\uDE00", "\\u0041", "null", "1", "-0", "1e5", "true", "\\\"", "\"x\":\"y\",",
                        "\"type\":\"Warning\",", "\"id\":\"fc_9\",", "\"arguments\":\"{}\",", "\"client_side\":false,",
                        "\\u0000", "\\ud800", "\\udc00", "\ud800", "\udc00", "\ufffd", "[".repeat(40),
                        "{\"a\":".repeat(35), "9".repeat(45), "1e9999", "\\\\ud800", "x".repeat(300), "f".repeat(130)),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(6)
                        .map(bytes -> new String(bytes, StandardCharsets.UTF_8)));
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(1, 30), inserts).as(Edit::new);
        return Combinators.combine(seeds(), edit.list().ofMaxSize(3)).as(Edit::applyAll);
    }

    /** One edit at a relative position: delete, insert, replace, truncate, repeat a stretch, or cut a stretch. */
    record Edit(int kind, double where, int length, String insert) {
        static String applyAll(String seed, List<Edit> edits) {
            var text = new StringBuilder(seed);
            for (Edit edit : edits) {
                int at = (int) (edit.where() * text.length());
                int end = Math.min(text.length(), at + edit.length());
                switch (edit.kind()) {
                    case 0 -> text.delete(at, Math.min(text.length(), at + 1));
                    case 1 -> text.insert(at, edit.insert());
                    case 2 -> text.replace(at, Math.min(text.length(), at + 1), edit.insert());
                    case 3 -> text.setLength(at);
                    case 4 -> text.insert(at, text.substring(at, end));
                    default -> text.delete(at, end);
                }
            }
            return text.toString();
        }
    }

    /**
     * For a readable {@code FunctionCallRequest}, what the reader must answer as the reference reads it: the calls
     * to run with their arguments, the ones refused for their id. Empty for any other message.
     */
    private static Optional<Object> expectedCalls(Object message) {
        if (!(message instanceof Map<?, ?> json) || !"FunctionCallRequest".equals(json.get("type"))
                || !(json.get("functions") instanceof List<?> functions)) {
            return Optional.empty();
        }
        var toRun = new ArrayList<List<Object>>();
        var refused = new ArrayList<List<Object>>();
        for (Object item : functions) {
            if (!(item instanceof Map<?, ?> function) || !(function.get("id") instanceof String id)
                    || !(function.get("name") instanceof String name) || Boolean.FALSE.equals(function.get("client_side"))) {
                continue;
            }
            if (ToolCall.unusableId(id).isPresent()) {
                refused.add(List.of(id, name));
            } else {
                toRun.add(List.of(id, name, arguments(function.get("arguments"))));
            }
        }
        if (!refused.isEmpty()) {
            return Optional.of(List.of("troubled", "", toRun, refused));
        }
        return Optional.of(toRun.isEmpty() ? List.of("informational", "FunctionCallRequest") : List.of("calls", toRun));
    }

    /** The arguments as the domain gets them, read by the reference: an object as a string or as itself. */
    private static Optional<ToolArguments> arguments(Object arguments) {
        Object object = arguments instanceof String text ? StrictJson.parse(text).orElse(null) : arguments;
        return object instanceof Map<?, ?> map ? Optional.of(new ToolArguments(javaMap(map))) : Optional.empty();
    }

    private static Map<String, Object> javaMap(Map<?, ?> map) {
        var out = new LinkedHashMap<String, Object>();
        map.forEach((key, value) -> out.put((String) key, java(value)));
        return out;
    }

    /** JSON-P's reading of a number: whole (scale 0) and within a long, else a BigDecimal with its scale. */
    private static Object java(Object value) {
        return switch (value) {
            case StrictJson.Number number -> {
                BigDecimal decimal = number.value();
                if (decimal.scale() == 0) {
                    try {
                        yield decimal.longValueExact();
                    } catch (ArithmeticException tooBig) {
                        yield decimal;
                    }
                }
                yield decimal;
            }
            case Map<?, ?> map -> javaMap(map);
            case List<?> list -> list.stream().map(AgentMessageReaderFuzzTest::java).toList();
            default -> value == StrictJson.NULL ? null : value;
        };
    }

    /** What a message means, without the raw text some of them carry (which differs with the spelling). */
    private static Object comparable(ServerMessage message) {
        return switch (message) {
            case ServerMessage.Informational info -> List.of("informational", info.type());
            case ServerMessage.Event event when event.event() instanceof AgentEvent.ToolCallsRequested requested ->
                    List.of("calls", requested.calls().stream().map(AgentMessageReaderFuzzTest::call).toList());
            case ServerMessage.TroubledRequest troubled -> List.of("troubled", troubled.problem(),
                    troubled.toRun().stream().map(AgentMessageReaderFuzzTest::call).toList(),
                    troubled.refused().stream().map(r -> List.<Object>of(r.id(), r.name())).toList());
            default -> message;
        };
    }

    private static List<Object> call(ToolCall call) {
        return List.of(call.id(), call.toolName(), call.arguments());
    }
}
