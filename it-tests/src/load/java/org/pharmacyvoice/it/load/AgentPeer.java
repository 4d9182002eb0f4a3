package org.pharmacyvoice.it.load;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake Deepgram Voice Agent's side of one conversation the server opened: {@code Welcome}, {@code Settings} →
 * {@code SettingsApplied}, then stamped caller audio in (latency, order and call checked) and, once the first frame
 * tells which call this is, stamped agent audio out at the pacer's rhythm, plus a {@code FunctionCallRequest} for
 * {@code get_drug_info} now and then whose {@code FunctionCallResponse} must come back with the drug.
 */
final class AgentPeer implements WsConnection.Handler {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final String[] DRUGS = {"ibuprofen", "acetaminophen", "loratadine", "omeprazole", "amoxicillin"};

    private final FakeAgentServer server;
    private final Measurements measurements;
    private final Map<String, Long> toolCallsInFlight = new ConcurrentHashMap<>();
    private final boolean strictToolAnswers;
    private byte[] audio = AudioStamp.newFrame();
    private WsConnection connection;
    private volatile SimulatedCall call;

    /**
     * {@code strictToolAnswers}: a tool answer counts only if it carries the drug's facts (the product's answer);
     * otherwise any JSON answer with the request's id and name counts (the peer knows only two of the five drugs).
     */
    AgentPeer(FakeAgentServer server, Measurements measurements, boolean strictToolAnswers) {
        this.server = server;
        this.measurements = measurements;
        this.strictToolAnswers = strictToolAnswers;
    }

    boolean closed() {
        return connection == null || connection.closed();
    }

    /** The call this conversation belongs to, once its first caller frame arrived. */
    SimulatedCall call() {
        return call;
    }

    int toolCallsInFlight() {
        return toolCallsInFlight.size();
    }

    @Override
    public void onOpen(WsConnection c) {
        connection = c;
        c.sendText("{\"type\":\"Welcome\",\"request_id\":\"load-" + System.identityHashCode(this) + "\"}");
    }

    @Override
    public void onText(WsConnection c, byte[] data, int offset, int length) {
        String text = new String(data, offset, length, StandardCharsets.UTF_8);
        if (text.startsWith("{\"type\":\"KeepAlive\"")) {
            measurements.keepAlives.incrementAndGet();
            return;
        }
        JsonObject json;
        try (var reader = JSON.createReader(new StringReader(text))) {
            json = reader.readObject();
        } catch (RuntimeException e) {
            measurements.unexpectedMessages.incrementAndGet();
            return;
        }
        switch (json.getString("type", "")) {
            case "Settings" -> {
                c.sendText("{\"type\":\"SettingsApplied\"}");
                server.settingsApplied();
            }
            case "FunctionCallResponse" -> toolAnswered(json);
            default -> measurements.unexpectedMessages.incrementAndGet();
        }
    }

    private void toolAnswered(JsonObject json) {
        long now = System.nanoTime();
        Long sent = toolCallsInFlight.remove(json.getString("id", ""));
        if (sent == null) {
            measurements.unexpectedMessages.incrementAndGet();
            return;
        }
        Measurements.record(measurements.toolLatency, now - sent);
        boolean ok = "get_drug_info".equals(json.getString("name", ""));
        if (ok && json.get("content") instanceof JsonString content) {
            try (var reader = JSON.createReader(new StringReader(content.getString()))) {
                JsonObject answer = reader.readObject();
                // get_drug_info answers with the drug's facts under "drug", or with "error".
                ok = !strictToolAnswers || !answer.containsKey("error") && answer.containsKey("drug");
            } catch (RuntimeException e) {
                ok = false;
            }
        } else {
            ok = false;
        }
        (ok ? measurements.toolAnswered : measurements.toolFailed).incrementAndGet();
        if (!ok && measurements.toolFailed.get() <= 5) {
            System.err.println("tool call failed: " + json);
        }
    }

    @Override
    public void onBinary(WsConnection c, byte[] data, int offset, int length) {
        long now = System.nanoTime();
        if (length != AudioStamp.FRAME_BYTES) {
            measurements.badFrames.incrementAndGet();
            return;
        }
        int index = AudioStamp.call(data, offset);
        if (call == null) {
            call = server.bind(index, this);
            if (call == null) {
                measurements.crossTalk.incrementAndGet();
                return;
            }
        } else if (index != call.index) {
            measurements.crossTalk.incrementAndGet();
            return;
        }
        Measurements.record(measurements.callerToAgent, now - AudioStamp.sentNanos(data, offset));
        call.callerToAgent.arrived(AudioStamp.sequence(data, offset));
    }

    /** One stamped binary message of the agent's speech, {@code bytes} long; the pacer's thread. */
    void sendAudio(int sequence, int bytes) {
        if (audio.length != bytes) {
            audio = new byte[bytes];
            java.util.Arrays.fill(audio, (byte) 0xff);
        }
        AudioStamp.write(audio, call.index, sequence, System.nanoTime());
        connection.sendBinary(audio, 0, audio.length);
    }

    /** One of the agent's JSON events (a turn starting or ending, a barge-in); the pacer's thread. */
    void sendEvent(String json) {
        connection.sendText(json);
    }

    /** Asks the server to run get_drug_info, as the agent does mid-conversation; the pacer's thread. */
    void requestTool(int n) {
        String id = "fc-" + call.index + "-" + n;
        String drug = DRUGS[(call.index + n) % DRUGS.length];
        toolCallsInFlight.put(id, System.nanoTime());
        connection.sendText("{\"type\":\"FunctionCallRequest\",\"functions\":[{\"id\":\"" + id + "\",\"name\":"
                + "\"get_drug_info\",\"arguments\":\"{\\\"drug_name\\\":\\\"" + drug + "\\\"}\","
                + "\"client_side\":true}]}");
    }

    @Override
    public void onClosed(WsConnection c, String why) {
        server.closed(this, why);
    }
}
