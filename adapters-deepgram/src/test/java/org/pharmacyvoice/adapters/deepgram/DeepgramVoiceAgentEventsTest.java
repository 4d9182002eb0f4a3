package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.agent.AgentListener;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;

/** What Deepgram says during a conversation, as the call hears it. */
class DeepgramVoiceAgentEventsTest {

    private final FakeDeepgram deepgram = FakeDeepgram.start();
    private final DeepgramVoiceAgent agent = new DeepgramVoiceAgent(Fixtures.settings(deepgram.url()));
    private final RecordingListener listener = new RecordingListener();
    private AgentSession session;
    private FakeDeepgram.Peer peer;

    @BeforeEach
    void connect() throws Exception {
        session = agent.connect(Fixtures.CALL, Fixtures.briefing(), listener);
        peer = deepgram.awaitPeer();
        peer.awaitMessage("Settings");
        listener.next(AgentEvent.Ready.class);
    }

    @AfterEach
    void stop() {
        agent.close();
        deepgram.close();
    }

    @Test
    void agentAudioBecomesSpeechWithIdenticalBytesInOrder() throws Exception {
        List<byte[]> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] frame = new byte[160 + i * 7];
            for (int j = 0; j < frame.length; j++) {
                frame[j] = (byte) (i * 31 + j);
            }
            sent.add(frame);
            peer.sendBinary(frame);
        }

        for (byte[] frame : sent) {
            assertThat(listener.next(AgentEvent.Speech.class).audio(), is(frame));
        }
    }

    @Test
    void turnMessagesArriveInTheOrderDeepgramSentThemWithAudioBetween() throws Exception {
        peer.sendText("{\"type\":\"UserStartedSpeaking\"}");
        peer.sendText("{\"type\":\"ConversationText\",\"role\":\"user\",\"content\":\"Is ibuprofen in stock?\"}");
        peer.sendText("{\"type\":\"ConversationText\",\"role\":\"assistant\",\"content\":\"Yes, it is.\"}");
        peer.sendText("{\"type\":\"AgentStartedSpeaking\",\"total_latency\":0.9}");
        peer.sendBinary(new byte[] {1, 2, 3});
        peer.sendText("{\"type\":\"AgentAudioDone\"}");

        listener.next(AgentEvent.CallerStartedSpeaking.class);
        assertThat(listener.next(AgentEvent.Transcript.class).line(),
                is(new ConversationLine(Speaker.CALLER, "Is ibuprofen in stock?")));
        assertThat(listener.next(AgentEvent.Transcript.class).line(),
                is(new ConversationLine(Speaker.AGENT, "Yes, it is.")));
        listener.next(AgentEvent.AgentStartedSpeaking.class);
        assertThat(listener.next(AgentEvent.Speech.class).audio(), is(new byte[] {1, 2, 3}));
        listener.next(AgentEvent.AgentAudioDone.class);
    }

    @Test
    void functionCallRequestWithTwoClientSideCallsBecomesOneEventSkippingServerSideOnes() throws Exception {
        peer.sendText("{\"type\":\"FunctionCallRequest\",\"functions\":["
                + "{\"id\":\"fc_1\",\"name\":\"get_drug_info\",\"arguments\":\"{\\\"drug_name\\\":\\\"aspirin\\\"}\",\"client_side\":true},"
                + "{\"id\":\"fc_2\",\"name\":\"server_tool\",\"arguments\":\"{}\",\"client_side\":false},"
                + "{\"id\":\"fc_3\",\"name\":\"lookup_order\",\"arguments\":\"{\\\"order_id\\\":42}\",\"client_side\":true}]}");

        var requested = listener.next(AgentEvent.ToolCallsRequested.class);

        assertThat(requested.calls(), contains(
                new ToolCall("fc_1", "get_drug_info", "{\"drug_name\":\"aspirin\"}",
                        Optional.of(ToolArguments.of("drug_name", "aspirin"))),
                new ToolCall("fc_3", "lookup_order", "{\"order_id\":42}",
                        Optional.of(ToolArguments.of("order_id", 42L)))));
        assertThat(listener.drain(200), is(empty()));
    }

    @Test
    void invalidArgumentsGiveAToolCallWithoutArguments() throws Exception {
        peer.sendText("{\"type\":\"FunctionCallRequest\",\"functions\":["
                + "{\"id\":\"fc_1\",\"name\":\"lookup_order\",\"arguments\":\"{order_id: 42\",\"client_side\":true}]}");

        var requested = listener.next(AgentEvent.ToolCallsRequested.class);

        assertThat(requested.calls(), contains(new ToolCall("fc_1", "lookup_order", "{order_id: 42", Optional.empty(),
                "malformed JSON: Unexpected char 111 at (line no=1, column no=2, offset=1)")));
    }

    @Test
    void nastyMessagesAreCountedAndSkippedAndTheConversationGoesOn() throws Exception {
        peer.sendText("{\"type\":\"History\",\"x\":" + "[".repeat(100_000) + "}");
        peer.sendText("{\"type\":\"LatencyReport\",\"total_latency\":" + "9".repeat(2000) + "}");
        peer.sendFragmented("{\"type\":\"History\",\"content\":\"", "x".repeat(FrameAssembler.MAX_TEXT_CHARS), "\"}");
        peer.sendText("{\"type\":\"ConversationText\",\"role\":\"user\",\"content\":\"still here\"}");

        assertThat(listener.next(AgentEvent.Transcript.class).line(), is(new ConversationLine(Speaker.CALLER,
                "still here")));
        assertThat(agent.rejectedMessages(), is(3L));
    }

    @Test
    void aCallWithAThousandCharacterIdIsAnsweredWithAnErrorAndNeverReachesTheCall() throws Exception {
        String longId = "f".repeat(1000);
        peer.sendText("{\"type\":\"FunctionCallRequest\",\"functions\":[{\"id\":\"" + longId + "\",\"name\":"
                + "\"lookup_order\",\"arguments\":\"{}\",\"client_side\":true}]}");

        var answer = peer.awaitMessage("FunctionCallResponse");

        assertThat(answer.getString("id"), is(longId));
        assertThat(answer.getString("name"), is("lookup_order"));
        assertThat(FakeDeepgram.parse(answer.getString("content")).getString("error"),
                is("This function call was not run: it came with an id of 1000 characters (at most 128)."));
        assertThat(listener.drain(200), is(empty()));
        assertThat(agent.rejectedMessages(), is(1L));
    }

    @Test
    void aRequestWithNastyObjectArgumentsStillHasItsCallsRun() throws Exception {
        peer.sendText("{\"type\":\"FunctionCallRequest\",\"functions\":[{\"id\":\"fc_1\",\"name\":\"lookup_order\","
                + "\"arguments\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5000) + ",\"client_side\":true}]}");

        var requested = listener.next(AgentEvent.ToolCallsRequested.class);

        assertThat(requested.calls(), contains(new ToolCall("fc_1", "lookup_order", "", Optional.empty(),
                "the request could not be read: nested deeper than 32 levels")));
        assertThat(agent.rejectedMessages(), is(1L));
    }

    @Test
    void cancelledFunctionCallsAreReported() throws Exception {
        peer.sendText("{\"type\":\"FunctionCallCancelled\",\"functions\":[{\"id\":\"fc_1\",\"name\":\"place_order\"}]}");

        assertThat(listener.next(AgentEvent.ToolCallsCancelled.class).callIds(), contains("fc_1"));
    }

    @Test
    void errorBecomesFailedAndWarningBecomesWarning() throws Exception {
        peer.sendText("{\"type\":\"Warning\",\"code\":\"PROMPT_TOO_LONG\",\"description\":\"truncated\"}");
        peer.sendText("{\"type\":\"Error\",\"code\":\"CLIENT_MESSAGE_TIMEOUT\",\"description\":\"We waited too long\"}");

        assertThat(listener.next(AgentEvent.Warning.class), is(new AgentEvent.Warning("PROMPT_TOO_LONG", "truncated")));
        assertThat(listener.next(AgentEvent.Failed.class),
                is(new AgentEvent.Failed("CLIENT_MESSAGE_TIMEOUT", "We waited too long")));
    }

    @Test
    void unknownTypesAndMalformedJsonAreIgnoredAndLaterEventsStillArrive() throws Exception {
        peer.sendText("{\"type\":\"BrandNewThing\",\"x\":1}");
        peer.sendText("{this is not json");
        peer.sendText("{\"type\":\"History\",\"role\":\"user\",\"content\":\"hi\"}");
        peer.sendText("{\"type\":\"LatencyReport\",\"stt_latency\":\"0.64\"}");
        peer.sendText("{\"type\":\"AgentAudioDone\"}");

        listener.next(AgentEvent.AgentAudioDone.class);
        assertThat(listener.drain(200), is(empty()));
        session.sendAudio(new byte[160]);
    }

    @Test
    void fragmentedTextMessageIsReadAsOne() throws Exception {
        peer.sendFragmented("{\"type\":\"Conversation", "Text\",\"role\":\"assistant\",", "\"content\":\"Hello\"}");

        assertThat(listener.next(AgentEvent.Transcript.class).line(), is(new ConversationLine(Speaker.AGENT, "Hello")));
    }

    @Test
    void serverClosingTheSocketIsReportedExactlyOnce() throws Exception {
        peer.close(1011, "internal error");

        var disconnected = listener.next(AgentEvent.Disconnected.class);

        assertThat(disconnected.reason(), is("closed by Deepgram (1011 internal error)"));
        assertThat(listener.drain(500), is(empty()));
        assertThrows(IllegalStateException.class, () -> session.sendAudio(new byte[160]));
        assertThrows(IllegalStateException.class,
                () -> session.answer(ToolCall.of("fc_1", "lookup_order", ToolArguments.of()),
                        org.pharmacyvoice.domain.tool.ToolResult.success()));
        session.close();
        assertThat(listener.drain(200), is(empty()));
    }

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        peer.ping(new byte[] {7, 7});

        var frame = peer.awaitFrame();

        assertThat(frame instanceof FakeDeepgram.Frame.Pong pong ? pong.payload() : null, is(new byte[] {7, 7}));
    }

    @Test
    void failingListenerDoesNotStopLaterEvents() throws Exception {
        session.close();
        var recorder = new RecordingListener();
        var failedOnce = new AtomicBoolean();
        AgentListener failing = event -> {
            if (event instanceof AgentEvent.AgentStartedSpeaking && failedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("bug in the call");
            }
            recorder.onEvent(event);
        };
        session = agent.connect(Fixtures.CALL, Fixtures.briefing(), failing);
        peer = deepgram.awaitPeer();
        recorder.next(AgentEvent.Ready.class);

        peer.sendText("{\"type\":\"AgentStartedSpeaking\"}");
        peer.sendText("{\"type\":\"AgentAudioDone\"}");

        recorder.next(AgentEvent.AgentAudioDone.class);
    }
}
