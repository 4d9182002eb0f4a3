package org.pharmacyvoice.it.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Deepgram Voice Agent that carries thousands of conversations on one reactor thread; see {@link AgentPeer}
 * for what each conversation does.
 */
final class FakeAgentServer implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Measurements measurements;
    private final SimulatedCall[] calls;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger settingsApplied = new AtomicInteger();
    private final AtomicInteger closedEarly = new AtomicInteger();
    private final CompletableFuture<Long> firstSettings = new CompletableFuture<>();
    private volatile boolean ending;

    /** {@code strictToolAnswers}: see {@link AgentPeer#AgentPeer(FakeAgentServer, Measurements, boolean)}. */
    FakeAgentServer(Reactor reactor, Measurements measurements, SimulatedCall[] calls, boolean strictToolAnswers)
            throws IOException {
        this.measurements = measurements;
        this.calls = calls;
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        reactor.listen(server, () -> {
            open.incrementAndGet();
            return new AgentPeer(this, measurements, strictToolAnswers);
        });
    }

    int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** When the first conversation got its Settings: the server has accepted a call and bridged it. */
    CompletableFuture<Long> firstSettings() {
        return firstSettings;
    }

    void settingsApplied() {
        settingsApplied.incrementAndGet();
        firstSettings.complete(System.nanoTime());
    }

    /** Ties a conversation to the call whose index its first caller frame carries; null if that makes no sense. */
    SimulatedCall bind(int index, AgentPeer peer) {
        if (index < 0 || index >= calls.length || calls[index].agent != null) {
            return null;
        }
        SimulatedCall call = calls[index];
        call.agentBoundNanos = System.nanoTime();
        call.agent = peer;
        return call;
    }

    void closed(AgentPeer peer, String why) {
        open.decrementAndGet();
        SimulatedCall call = peer.call();
        if (!ending && (call == null || !call.hungUp)) {
            closedEarly.incrementAndGet();
            if (measurements.droppedConversations.incrementAndGet() <= 5) {
                System.err.println("an agent conversation closed before the end: " + why);
            }
        }
    }

    /** From now on closing conversations are expected: the calls are hanging up. */
    void ending() {
        ending = true;
    }

    int openConversations() {
        return open.get();
    }

    int settingsAppliedCount() {
        return settingsApplied.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
