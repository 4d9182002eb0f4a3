package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;

/**
 * A few hundred calls, a dozen at a time, each ending a different way (hang-up, socket closed, TCP dropped, line gone
 * silent, agent error, agent dropped and reconnected); afterwards no call, socket, thread or database connection
 * may be left.
 */
class CallChaosTest {

    private static final int CALLS = 300;
    private static final int AT_ONCE = 12;
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** One client for all streams: each HttpClient keeps a selector thread of its own until it is collected. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private enum Ending { CALLER_STOP, CALLER_CLOSE, CALLER_ABORT, CALLER_SILENT, AGENT_ERROR, AGENT_DROPPED }

    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;

    @BeforeAll
    static void start() {
        pharmacy = RunningPharmacy.start(dataDir, Map.of(
                "caller.silence.timeout", "0.5",
                "agent.reconnects", "2",
                "agent.reconnect.backoff", "0.02"));
    }

    @AfterAll
    static void stop() {
        pharmacy.close();
    }

    @Test
    void hundredsOfCallsWithRandomEndingsLeaveNoCallSocketThreadOrConnectionBehind() throws Exception {
        runCall(0, Ending.CALLER_STOP);
        Thread.sleep(500);
        List<String> threadNamesBefore = ThreadCensus.names();
        int threadsBefore = threadNamesBefore.size();
        long socketsBefore = openSockets();
        var random = new Random(20261121);
        var failures = new ConcurrentLinkedQueue<String>();
        List<Future<?>> calls = new ArrayList<>();
        try (ExecutorService callers = Executors.newFixedThreadPool(AT_ONCE)) {
            for (int i = 1; i <= CALLS; i++) {
                int call = i;
                Ending ending = Ending.values()[random.nextInt(Ending.values().length)];
                calls.add(callers.submit(() -> {
                    try {
                        runCall(call, ending);
                    } catch (Throwable e) {
                        failures.add("call " + call + " (" + ending + "): " + e);
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get(2, TimeUnit.MINUTES);
            }
        }

        assertThat(List.copyOf(failures), empty());
        awaitTrue(() -> pharmacy.server.activeCalls() == 0);
        assertThat("calls in progress", pharmacy.server.activeCalls(), equalTo(0));
        awaitTrue(() -> pharmacy.server.openStreams() == 0);
        assertThat("media streams open", pharmacy.server.openStreams(), equalTo(0));
        long openAgentSockets = pharmacy.agent.connections().stream().filter(c -> !c.awaitClosed(Duration.ZERO))
                .count();
        assertThat("agent sockets open", openAgentSockets, equalTo(0L));
        // The last calls' records may still be on their way to the database; a leak would stay after they are.
        assertThat(pharmacy.server.flushCallRecords(Duration.ofSeconds(10)), equalTo(true));
        awaitTrue(() -> pharmacy.server.databaseConnectionsInUse() == 0);
        assertThat("database connections in use", pharmacy.server.databaseConnectionsInUse(), equalTo(0));
        int threadsAfter = ThreadCensus.settlesAtMost(threadsBefore + 2);
        var newThreads = new ArrayList<>(ThreadCensus.names());
        newThreads.removeAll(threadNamesBefore);
        assertThat("live threads, virtual ones included; new: " + newThreads, threadsAfter,
                lessThanOrEqualTo(threadsBefore + 2));
        assertThat(pharmacy.agent.protocolViolations(), empty());
        if (socketsBefore >= 0) {
            awaitTrue(() -> openSockets() <= socketsBefore);
            assertThat("sockets open in this JVM, both ends of every call", openSockets(),
                    lessThanOrEqualTo(socketsBefore));
        }
    }

    /** Socket file descriptors of this process (Linux), or -1 where /proc is not available. */
    private static long openSockets() {
        Path fds = Path.of("/proc/self/fd");
        if (!java.nio.file.Files.isDirectory(fds)) {
            return -1;
        }
        try (var entries = java.nio.file.Files.list(fds)) {
            return entries.filter(fd -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (java.io.IOException gone) {
                    return false;
                }
            }).count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    // Closing the caller inside its try is one of the endings under test, not a slip.
    @SuppressWarnings("try")
    private void runCall(int number, Ending ending) throws Exception {
        byte[] hello = frame(number, 1);
        try (var caller = RawTwilioStream.open(pharmacy.streamUrl())) {
            caller.start();
            caller.media(hello);
            AgentConnection agent = connectionThatHeard(hello);
            agent.settings();
            agent.sendAudio(frame(number, 2));
            switch (ending) {
                case CALLER_STOP -> caller.stop();
                case CALLER_CLOSE -> caller.close();
                case CALLER_ABORT -> caller.abort();
                case CALLER_SILENT -> {
                    // keeps the socket open and says nothing: only the watchdog can end this call
                }
                case AGENT_ERROR -> agent.sendError("INTERNAL_SERVER_ERROR", "chaos " + number);
                case AGENT_DROPPED -> {
                    agent.close();
                    byte[] again = frame(number, 3);
                    AgentConnection second = reconnectedConnection(caller, agent, again);
                    second.settings();
                    caller.stop();
                    check(second.awaitClosed(WAIT), "second agent socket of call " + number + " closed");
                }
            }
            check(agent.awaitClosed(WAIT), "agent socket of call " + number + " closed");
            if (ending != Ending.CALLER_ABORT && ending != Ending.CALLER_CLOSE) {
                check(caller.awaitClosedByServer(WAIT), "media stream of call " + number + " closed by the server");
            }
        }
    }

    private static AgentConnection connectionThatHeard(byte[] frame) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (AgentConnection connection : pharmacy.agent.connections()) {
                List<byte[]> frames = connection.audioFrames();
                if (!frames.isEmpty() && Arrays.equals(frames.getFirst(), frame)) {
                    return connection;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no agent connection received the call's first frame");
    }

    /**
     * Streams like Twilio (a frame every 20 ms) until a new agent connection hears it: frames written while the old
     * connection was dying are lost with it, those sent during the reconnect are queued and flushed to the new one.
     */
    private static AgentConnection reconnectedConnection(RawTwilioStream caller, AgentConnection old, byte[] frame)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            caller.media(frame);
            for (AgentConnection connection : pharmacy.agent.connections()) {
                if (connection != old && connection.audioFrames().stream().anyMatch(f -> Arrays.equals(f, frame))) {
                    return connection;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no new agent connection heard the caller after the old one dropped");
    }

    private static byte[] frame(int call, int which) {
        byte[] bytes = new byte[160];
        Arrays.fill(bytes, (byte) which);
        bytes[0] = (byte) (call >>> 24);
        bytes[1] = (byte) (call >>> 16);
        bytes[2] = (byte) (call >>> 8);
        bytes[3] = (byte) call;
        return bytes;
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("expected: " + what);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /**
     * A Twilio-shaped media stream on the JDK's own WebSocket client, which (unlike Helidon's) can drop the TCP
     * connection without a close frame.
     */
    private static final class RawTwilioStream implements WebSocket.Listener, AutoCloseable {
        private final String callSid = FakeTwilioCaller.newCallSid();
        private final String streamSid = FakeTwilioCaller.newStreamSid();
        private final CompletableFuture<Integer> closedByServer = new CompletableFuture<>();
        private WebSocket socket;
        private int sequence;
        private boolean done;

        static RawTwilioStream open(URI url) {
            var stream = new RawTwilioStream();
            stream.socket = HTTP.newWebSocketBuilder().buildAsync(url, stream).join();
            return stream;
        }

        void start() {
            send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
            send("{\"event\":\"start\",\"sequenceNumber\":\"" + (++sequence) + "\",\"start\":{\"accountSid\":"
                    + "\"AC00000000000000000000000000000000\",\"streamSid\":\"" + streamSid + "\",\"callSid\":\""
                    + callSid + "\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\","
                    + "\"sampleRate\":8000,\"channels\":1},\"customParameters\":{\"From\":\"+15551234567\"}},"
                    + "\"streamSid\":\"" + streamSid + "\"}");
        }

        void media(byte[] audio) {
            int n = ++sequence;
            send("{\"event\":\"media\",\"sequenceNumber\":\"" + n + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\""
                    + n + "\",\"timestamp\":\"" + (n * 20) + "\",\"payload\":\""
                    + Base64.getEncoder().encodeToString(audio) + "\"},\"streamSid\":\"" + streamSid + "\"}");
        }

        void stop() {
            send("{\"event\":\"stop\",\"sequenceNumber\":\"" + (++sequence) + "\",\"stop\":{\"accountSid\":"
                    + "\"AC00000000000000000000000000000000\",\"callSid\":\"" + callSid + "\"},\"streamSid\":\""
                    + streamSid + "\"}");
        }

        void abort() {
            done = true;
            socket.abort();
        }

        boolean awaitClosedByServer(Duration timeout) {
            try {
                closedByServer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (Exception e) {
                return false;
            }
        }

        private synchronized void send(String text) {
            socket.sendText(text, true).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedByServer.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closedByServer.complete(-1);
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                try {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
                } catch (Exception alreadyClosed) {
                    socket.abort();
                }
            }
        }
    }
}
