package org.pharmacyvoice.it.load.cascade;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;

/**
 * Deepgram's streaming speech-to-text for one call ({@code /v1/listen}): takes the caller's audio and, each turn,
 * answers as Deepgram answers an utterance — {@code SpeechStarted}, an interim {@code Results}, a final one with
 * {@code is_final} and {@code speech_final} at the end of the utterance, and {@code UtteranceEnd} a second later.
 */
final class FakeListen implements WsListener, TurnClock.Listener {

    private final AgentFakes fakes;
    private PeerSocket socket;
    private CallLedger.Line line;
    private volatile ScheduledFuture<?> turns;
    private long audioBytes;

    FakeListen(AgentFakes fakes) {
        this.fakes = fakes;
    }

    @Override
    public void onOpen(WsSession session) {
        socket = new PeerSocket(session);
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (text.contains("\"CloseStream\"")) {
            socket.close();
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData audio, boolean last) {
        audioBytes += audio.available();
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
        socket.text("{\"type\":\"SpeechStarted\",\"channel\":[0],\"timestamp\":" + seconds() + "}");
    }

    @Override
    public void halfway() {
        socket.text(results(Script.INTERIM_WORDS, false));
    }

    @Override
    public void speechEnds() {
        line.utteranceEnded();
        socket.text(results(Script.CALLER_WORDS, true));
    }

    @Override
    public void silenceAfter() {
        socket.text("{\"type\":\"UtteranceEnd\",\"channel\":[0,1],\"last_word_end\":" + seconds() + "}");
    }

    private String seconds() {
        return String.valueOf(audioBytes / 8000.0);
    }

    /** A {@code Results} message shaped as Deepgram's, words with their times included. */
    private String results(String transcript, boolean isFinal) {
        double end = audioBytes / 8000.0;
        double start = end - Script.UTTERANCE_MILLIS / 1000.0;
        String[] spoken = transcript.split(" ");
        var words = new StringBuilder();
        for (int i = 0; i < spoken.length; i++) {
            double from = start + i * 0.1;
            words.append(i == 0 ? "" : ",").append("{\"word\":\"").append(spoken[i].toLowerCase(Locale.ROOT))
                    .append("\",\"start\":").append(from).append(",\"end\":").append(from + 0.1)
                    .append(",\"confidence\":0.99,").append("\"punctuated_word\":\"").append(spoken[i]).append("\"}");
        }
        return "{\"type\":\"Results\",\"channel_index\":[0,1],\"duration\":" + (end - start) + ",\"start\":" + start
                + ",\"is_final\":" + isFinal + ",\"speech_final\":" + isFinal + ",\"channel\":{\"alternatives\":[{"
                + "\"transcript\":\"" + transcript + "\",\"confidence\":0.99,\"words\":[" + words + "]}]},"
                + "\"metadata\":{\"request_id\":\"cost\",\"model_info\":{\"name\":\"nova-3\",\"version\":\"fake\","
                + "\"arch\":\"fake\"},\"model_uuid\":\"00000000-0000-0000-0000-000000000000\"},"
                + "\"from_finalize\":false}";
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
