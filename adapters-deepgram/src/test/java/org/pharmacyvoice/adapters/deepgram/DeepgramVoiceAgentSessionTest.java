package org.pharmacyvoice.adapters.deepgram;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/** What the call sends to Deepgram, and how the conversation ends. */
class DeepgramVoiceAgentSessionTest {

    private final FakeDeepgram deepgram = FakeDeepgram.start();
    private final RecordingListener listener = new RecordingListener();
    private DeepgramVoiceAgent agent;
    private AgentSession session;
    private FakeDeepgram.Peer peer;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        deepgram.close();
    }

    private void connect(Duration keepAlive) throws Exception {
        agent = new DeepgramVoiceAgent(Fixtures.settings(deepgram.url()).withTimings(Duration.ofSeconds(3), keepAlive));
        session = agent.connect(Fixtures.CALL, Fixtures.briefing(), listener);
        peer = deepgram.awaitPeer();
        peer.awaitMessage("Settings");
        listener.next(AgentEvent.Ready.class);
    }

    private static byte[] frame(int sender, int sequence) {
        byte[] frame = new byte[160];
        Arrays.fill(frame, (byte) (sequence * 7 + sender));
        ByteBuffer.wrap(frame).putInt(sender).putInt(sequence);
        return frame;
    }

    @Test
    void callerAudioArrivesByteExactOneFramePerCallInOrder() throws Exception {
        connect(Duration.ofMinutes(1));
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            byte[] audio = frame(0, i);
            sent.add(audio.clone());
            session.sendAudio(audio);
        }

        for (byte[] expected : sent) {
            FakeDeepgram.Frame received = peer.awaitFrame();
            assertThat(received, instanceOf(FakeDeepgram.Frame.Binary.class));
            assertThat(((FakeDeepgram.Frame.Binary) received).bytes(), is(expected));
        }
        assertThat(peer.drain(200), is(empty()));
    }

    @Test
    void successfulToolIsAnsweredWithFunctionCallResponseCarryingItsData() throws Exception {
        connect(Duration.ofMinutes(1));
        var call = new ToolCall("fc_12345678-90ab", "lookup_order", "{\"order_id\":42}",
                java.util.Optional.of(ToolArguments.of("order_id", 42)));

        session.answer(call, ToolResult.success("order_id", 42L, "status", "ready_for_pickup"));

        JsonObject response = peer.awaitJson();
        assertThat(response.keySet(), is(java.util.Set.of("type", "id", "name", "content")));
        assertThat(response.getString("type"), is("FunctionCallResponse"));
        assertThat(response.getString("id"), is("fc_12345678-90ab"));
        assertThat(response.getString("name"), is("lookup_order"));
        assertThat(FakeDeepgram.parse(response.getString("content")),
                is(FakeDeepgram.parse("{\"order_id\":42,\"status\":\"ready_for_pickup\"}")));
    }

    @Test
    void failedToolIsAnsweredWithErrorAndAdvice() throws Exception {
        connect(Duration.ofMinutes(1));

        session.answer(ToolCall.of("fc_2", "get_drug_info", ToolArguments.of("drug_name", "unobtainium")),
                ToolResult.failure("No drug called unobtainium.", "Ask the caller to spell the drug name."));

        JsonObject response = peer.awaitJson();
        assertThat(response.getString("id"), is("fc_2"));
        assertThat(response.getString("name"), is("get_drug_info"));
        assertThat(FakeDeepgram.parse(response.getString("content")), is(FakeDeepgram.parse(
                "{\"error\":\"No drug called unobtainium.\",\"ask_caller\":\"Ask the caller to spell the drug name.\"}")));
    }

    @Test
    void callerTextGoesToDeepgramAsInjectUserMessage() throws Exception {
        connect(Duration.ofMinutes(1));

        session.sendCallerText("The caller typed on the keypad: 1234567");

        assertThat(peer.awaitJson(), is(FakeDeepgram.parse(
                "{\"type\":\"InjectUserMessage\",\"content\":\"The caller typed on the keypad: 1234567\"}")));
    }

    @Test
    void agentTextGoesToDeepgramAsAQueuedInjectAgentMessage() throws Exception {
        connect(Duration.ofMinutes(1));

        session.sendAgentText("One moment while I look that up.");

        assertThat(peer.awaitJson(), is(FakeDeepgram.parse("{\"type\":\"InjectAgentMessage\","
                + "\"message\":\"One moment while I look that up.\",\"behavior\":\"queue\"}")));
    }

    @Test
    void closingSendsNormalCloseRaisesNoEventAndRefusesLaterSends() throws Exception {
        connect(Duration.ofMinutes(1));

        session.close();
        session.close();

        assertThat(peer.awaitClosed().status(), is(1000));
        assertThat(listener.drain(500), is(empty()));
        assertThrows(IllegalStateException.class, () -> session.sendAudio(new byte[160]));
        assertThrows(IllegalStateException.class, () -> session.sendCallerText("The caller typed on the keypad: 1"));
        assertThrows(IllegalStateException.class, () -> session.sendAgentText("Are you still there?"));
        assertThrows(IllegalStateException.class, () -> session.answer(
                ToolCall.of("fc_1", "lookup_order", ToolArguments.of()), ToolResult.success()));
    }

    @Test
    void keepAliveIsSentWhenNoAudioFlows() throws Exception {
        connect(Duration.ofMillis(200));

        JsonObject keepAlive = peer.awaitJson();

        assertThat(keepAlive, is(FakeDeepgram.parse("{\"type\":\"KeepAlive\"}")));
        assertThat(peer.awaitJson(), is(keepAlive));
    }

    @Test
    void noKeepAliveWhileAudioFlowsAndOneSoonAfterItStops() throws Exception {
        connect(Duration.ofMillis(200));
        peer.drain(50);   // a keep-alive may already be on its way

        for (int i = 0; i < 50; i++) {
            session.sendAudio(frame(0, i));
            Thread.sleep(20);
        }
        List<FakeDeepgram.Frame> duringAudio = peer.drain(100);

        assertThat(duringAudio.stream().filter(f -> f instanceof FakeDeepgram.Frame.Text).toList(), is(empty()));
        assertThat(peer.awaitMessage("KeepAlive").getString("type"), is("KeepAlive"));
    }

    @Test
    void concurrentAudioAndAnswersFromManyThreadsArriveIntact() throws Exception {
        connect(Duration.ofMinutes(1));
        int audioSenders = 4;
        int answerers = 4;
        int framesEach = 200;
        int answersEach = 50;
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        for (int s = 0; s < audioSenders; s++) {
            int sender = s;
            work.add(threads.submit(() -> {
                go.await();
                for (int i = 0; i < framesEach; i++) {
                    session.sendAudio(frame(sender, i));
                }
                return null;
            }));
        }
        for (int a = 0; a < answerers; a++) {
            int answerer = a;
            work.add(threads.submit(() -> {
                go.await();
                for (int i = 0; i < answersEach; i++) {
                    session.answer(ToolCall.of("fc_" + answerer + "_" + i, "lookup_order", ToolArguments.of()),
                            ToolResult.success("answerer", (long) answerer, "sequence", (long) i,
                                    "padding", "x".repeat(300)));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> done : work) {
            done.get(20, TimeUnit.SECONDS);
        }
        threads.shutdown();

        Map<Integer, Integer> nextFrame = new HashMap<>();
        Map<Integer, Integer> nextAnswer = new HashMap<>();
        for (int received = 0; received < audioSenders * framesEach + answerers * answersEach; received++) {
            switch (peer.awaitFrame()) {
                case FakeDeepgram.Frame.Binary binary -> {
                    ByteBuffer header = ByteBuffer.wrap(binary.bytes());
                    int sender = header.getInt();
                    int sequence = header.getInt();
                    assertThat(sequence, is(nextFrame.getOrDefault(sender, 0)));
                    assertThat(binary.bytes(), is(frame(sender, sequence)));
                    nextFrame.put(sender, sequence + 1);
                }
                case FakeDeepgram.Frame.Text text -> {
                    JsonObject response = text.json();
                    assertThat(response.getString("type"), is("FunctionCallResponse"));
                    JsonObject content = FakeDeepgram.parse(response.getString("content"));
                    int answerer = content.getInt("answerer");
                    int sequence = content.getInt("sequence");
                    assertThat(sequence, is(nextAnswer.getOrDefault(answerer, 0)));
                    assertThat(response.getString("id"), is("fc_" + answerer + "_" + sequence));
                    nextAnswer.put(answerer, sequence + 1);
                }
                default -> throw new AssertionError("unexpected frame");
            }
        }
        assertThat(nextFrame.values(), everyItem(is(framesEach)));
        assertThat(nextAnswer.values(), everyItem(is(answersEach)));
        assertThat(listener.drain(200), is(empty()));
    }

    @Test
    void connectionDroppedWithoutCloseFrameIsNoticedAndReportedOnce() throws Exception {
        try (var dropping = new DroppingServer()) {
            agent = new DeepgramVoiceAgent(Fixtures.settings(dropping.url()));
            session = agent.connect(Fixtures.CALL, Fixtures.briefing(), listener);
            listener.next(AgentEvent.Ready.class);

            dropping.drop();

            assertThat(listener.next(AgentEvent.Disconnected.class).reason(),
                    startsWith("the connection to Deepgram dropped"));
            assertThat(listener.drain(300), is(empty()));
            assertThrows(IllegalStateException.class, () -> session.sendAudio(new byte[160]));
        }
    }
}
