package org.pharmacyvoice.adapters.deepgram;

import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.pharmacyvoice.domain.agent.VoiceAgent;

/** Opens the Deepgram adapter's per-frame code to the JMH benchmarks, which live outside its package. */
public final class DeepgramHotPath {

    private DeepgramHotPath() {
    }

    /**
     * A voice agent whose every conversation runs over {@code session} and is open and ready as soon as
     * {@code connect} returns; {@code opened} receives the connection's socket listener, which is where agent audio
     * enters the server.
     */
    public static VoiceAgent agentOver(WsSession session, Consumer<WsListener> opened) {
        // A stopped timer: no liveness ticks, which would otherwise find the benchmark's "reader thread" gone.
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.shutdown();
        DeepgramSettings settings = DeepgramSettings.defaults("benchmark-key");
        return (call, briefing, listener) -> {
            var connection = new AgentConnection(call, listener, timer, Duration.ofHours(1), Duration.ofHours(1),
                    ended -> { });
            connection.onOpen(session);
            connection.onMessage(session, "{\"type\":\"Welcome\",\"request_id\":\"benchmark\"}", true);
            connection.handshake(SettingsMessage.build(settings, briefing).toString(), Duration.ofSeconds(5));
            connection.onMessage(session, "{\"type\":\"SettingsApplied\"}", true);
            opened.accept(connection);
            return connection;
        };
    }
}
