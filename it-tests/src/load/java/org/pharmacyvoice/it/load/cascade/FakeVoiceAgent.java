package org.pharmacyvoice.it.load.cascade;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import jakarta.json.JsonObject;
import java.util.concurrent.ScheduledFuture;

/**
 * The Deepgram Voice Agent's side of one call ({@code /v1/agent/converse}): {@code Welcome}, {@code Settings} →
 * {@code SettingsApplied} and the greeting spoken; caller audio taken; and each turn {@code UserStartedSpeaking},
 * then at the end of the utterance both {@code ConversationText}s, {@code AgentStartedSpeaking}, the reply's audio
 * and {@code AgentAudioDone} — at once, as if the whole agent answered in no time.
 */
final class FakeVoiceAgent implements WsListener, TurnClock.Listener {

    private final AgentFakes fakes;
    private PeerSocket socket;
    private CallLedger.Line line;
    private volatile ScheduledFuture<?> turns;

    FakeVoiceAgent(AgentFakes fakes) {
        this.fakes = fakes;
    }

    @Override
    public void onOpen(WsSession session) {
        socket = new PeerSocket(session);
        socket.text("{\"type\":\"Welcome\",\"request_id\":\"cost-" + System.identityHashCode(this) + "\"}");
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (!text.contains("\"Settings\"")) {
            return; // KeepAlive, and nothing else is expected
        }
        socket.text("{\"type\":\"SettingsApplied\"}");
        JsonObject settings = Json.read(text);
        String greeting = settings == null ? "" : settings.getJsonObject("agent").getString("greeting", "");
        if (!greeting.isBlank()) {
            speak(greeting);
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData audio, boolean last) {
        if (line == null && audio.available() >= 4) {
            int index = AgentFakes.callIndex(audio);
            line = fakes.bind(index);
            if (line != null) {
                turns = fakes.clock().start(index, this);
            }
        }
    }

    @Override
    public void speechStarts() {
        socket.text("{\"type\":\"UserStartedSpeaking\"}");
    }

    @Override
    public void halfway() {
    }

    @Override
    public void speechEnds() {
        line.utteranceEnded();
        socket.text("{\"type\":\"ConversationText\",\"role\":\"user\",\"content\":\"" + Script.CALLER_WORDS + "\"}");
        speak(Script.reply());
    }

    @Override
    public void silenceAfter() {
    }

    private void speak(String text) {
        socket.text("{\"type\":\"ConversationText\",\"role\":\"assistant\",\"content\":" + Json.quote(text) + "}");
        socket.text("{\"type\":\"AgentStartedSpeaking\"}");
        Script script = fakes.script();
        if (text.equals(Script.reply())) {
            // The same bytes the text-to-speech fake makes of the two sentences.
            socket.audio(script.audioFor(Script.FIRST_SENTENCE), script.chunkBytes());
            socket.audio(script.audioFor(Script.SECOND_SENTENCE), script.chunkBytes());
        } else {
            socket.audio(script.audioFor(text), script.chunkBytes());
        }
        socket.text("{\"type\":\"AgentAudioDone\"}");
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        ended();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        ended();
    }

    private void ended() {
        socket.gone();
        ScheduledFuture<?> running = turns;
        if (running != null) {
            running.cancel(false);
        }
    }
}
