package org.pharmacyvoice.it.load.cascade;

import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import jakarta.json.JsonObject;

/**
 * Deepgram's streaming text-to-speech for one call ({@code /v1/speak}): {@code Speak} texts are kept until a
 * {@code Flush}, which is answered with their audio (sized to the text, in binary messages) and {@code Flushed};
 * {@code Clear} drops the texts and is answered {@code Cleared}.
 */
final class FakeSpeak implements WsListener {

    private final AgentFakes fakes;
    private final StringBuilder texts = new StringBuilder();
    private PeerSocket socket;
    private int flushed;
    private int cleared;

    FakeSpeak(AgentFakes fakes) {
        this.fakes = fakes;
    }

    @Override
    public void onOpen(WsSession session) {
        socket = new PeerSocket(session);
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        JsonObject message = Json.read(text);
        String type = message == null ? "" : message.getString("type", "");
        switch (type) {
            case "Speak" -> texts.append(message.getString("text", ""));
            case "Flush" -> {
                socket.audio(fakes.script().audioFor(texts.toString()), fakes.script().chunkBytes());
                texts.setLength(0);
                socket.text("{\"type\":\"Flushed\",\"sequence_id\":" + flushed++ + "}");
            }
            case "Clear" -> {
                texts.setLength(0);
                socket.text("{\"type\":\"Cleared\",\"sequence_id\":" + cleared++ + "}");
            }
            case "Close" -> socket.close();
            default -> {
            }
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        socket.gone();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        socket.gone();
    }
}
