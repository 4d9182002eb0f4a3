package org.pharmacyvoice.it.load.cascade;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every service a call's agent talks to, on one local port: the Deepgram Voice Agent, Deepgram's speech-to-text and
 * text-to-speech, and the language model — so that either agent can be pointed at them with its usual settings.
 * Caller audio tells the fakes which call a connection belongs to: its first four bytes are the call's index.
 */
final class AgentFakes implements AutoCloseable {

    static final String AGENT_PATH = "/v1/agent/converse";
    static final String LISTEN_PATH = "/v1/listen";
    static final String SPEAK_PATH = "/v1/speak";

    private final CallLedger ledger;
    private final Script script;
    private final TurnClock clock;
    private final FakeChatModel model = new FakeChatModel();
    private final AtomicInteger bound = new AtomicInteger();
    private final WebServer server;

    AgentFakes(CallLedger ledger, Script script, TurnClock clock) {
        this.ledger = ledger;
        this.script = script;
        this.clock = clock;
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                // As the pharmacy server does: Nagle would hold a reply's small messages back for an ACK.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .routing(http -> http.post("/v1/chat/completions", model))
                .addRouting(WsRouting.builder()
                        .endpoint(AGENT_PATH, () -> new FakeVoiceAgent(this))
                        .endpoint(LISTEN_PATH, () -> new FakeListen(this))
                        .endpoint(SPEAK_PATH, () -> new FakeSpeak(this)))
                .build()
                .start();
    }

    URI url(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    /** What goes into LLM_BASE_URL: everything before {@code /chat/completions}. */
    URI modelBaseUrl() {
        return URI.create("http://127.0.0.1:" + server.port() + "/v1");
    }

    /** The call the first audio of a connection names, counted as bridged; null when none. */
    CallLedger.Line bind(int index) {
        CallLedger.Line line = ledger.line(index);
        if (line != null) {
            bound.incrementAndGet();
        }
        return line;
    }

    /** The call index in the first four bytes of caller audio. */
    static int callIndex(BufferData audio) {
        return (audio.read() << 24) | (audio.read() << 16) | (audio.read() << 8) | audio.read();
    }

    /** Connections that received audio of a known call: the calls whose audio reaches the agent. */
    int boundCalls() {
        return bound.get();
    }

    int modelRequests() {
        return model.requests();
    }

    Script script() {
        return script;
    }

    TurnClock clock() {
        return clock;
    }

    @Override
    public void close() {
        server.stop();
    }
}
