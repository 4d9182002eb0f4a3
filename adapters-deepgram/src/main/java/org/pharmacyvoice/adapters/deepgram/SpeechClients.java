package org.pharmacyvoice.adapters.deepgram;

import io.helidon.webclient.websocket.WsClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** What Deepgram's two speech services share on our side: how their WebSocket client and timer are built. */
final class SpeechClients {

    /**
     * The socket read timeout stays in force for the whole call, and Helidon 4.2 ends the session silently when it
     * fires; a quiet caller or a voice with nothing to say can leave a socket without a message for minutes.
     */
    static final Duration READ_TIMEOUT = Duration.ofMinutes(10);
    /** The kernel's send buffer for each socket, as for the agent: a service that stops reading blocks us soon. */
    static final int SEND_BUFFER_BYTES = 32 * 1024;

    private SpeechClients() {
    }

    static WsClient client(DeepgramSpeechSettings settings) {
        var builder = WsClient.builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(READ_TIMEOUT)
                .socketOptions(socket -> socket
                        .connectTimeout(settings.connectTimeout())
                        .readTimeout(READ_TIMEOUT)
                        // 20 ms audio frames must not wait for Nagle's algorithm.
                        .tcpNoDelay(true)
                        .socketSendBufferSize(SEND_BUFFER_BYTES));
        if (settings.hasApiKey()) {
            builder.addHeader("Authorization", "Token " + settings.apiKey());
        }
        return builder.build();
    }

    static ScheduledExecutorService timer(String name) {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Never let the key reach a log or an exception, whatever a library put into its message. */
    static String redact(String message, DeepgramSpeechSettings settings) {
        if (message == null || !settings.hasApiKey()) {
            return message;
        }
        return message.replace(settings.apiKey(), "****");
    }
}
