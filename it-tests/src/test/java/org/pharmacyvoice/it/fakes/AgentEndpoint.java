package org.pharmacyvoice.it.fakes;

import java.util.Optional;
import java.util.function.Consumer;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

/** Helidon listener for one connection to the fake agent: turns frames into whole messages for {@link AgentConnection}. */
final class AgentEndpoint implements WsListener {

    private final AgentConnection connection;
    private final Consumer<AgentConnection> onOpened;
    private final FrameAssembler frames = new FrameAssembler();

    AgentEndpoint(AgentConnection connection, Consumer<AgentConnection> onOpened) {
        this.connection = connection;
        this.onOpened = onOpened;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        connection.upgraded(UpgradeHeaders.of(headers));
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        guarded(() -> connection.opened(new SerializedSession(session)));
        onOpened.accept(connection);
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        connection.awaitReading();
        frames.text(text, last).ifPresent(message -> guarded(() -> connection.onText(message)));
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        connection.awaitReading();
        frames.binary(buffer, last).ifPresent(message -> guarded(() -> connection.onBinary(message)));
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        // Helidon 4.2 does not answer pings by itself.
        byte[] payload = FrameAssembler.copy(buffer);
        guarded(() -> connection.pong(payload));
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        connection.closed(status);
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        connection.failed(t);
    }

    // A throwing callback would make Helidon close the socket with 1011; report it as a finding instead.
    private void guarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            connection.failed(e);
        }
    }
}
