package org.pharmacyvoice.it.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The least CPU this machine's kernel needs to relay one 20 ms frame over loopback TCP, with no framework, no
 * WebSocket, no thread wake-up and no epoll: one thread writes a frame as the generator, reads it as the relay,
 * writes it on as the relay and reads it as the far peer, round-robin over as many socket pairs as calls. Whatever
 * a real server and load generator do per frame on top of this, they cannot do less; so the frames a second two
 * cores can carry at all bound the number of calls from above. Run with
 * {@code ./mvnw -pl it-tests -Pload verify -Dload.main=org.pharmacyvoice.it.load.LoopbackFloor}.
 */
public final class LoopbackFloor {

    /** A Twilio media message (216 base64 characters plus its JSON) in a server WebSocket frame. */
    private static final int CALLER_MESSAGE = 330;
    /** 160 bytes of μ-law in a masked client WebSocket frame. */
    private static final int AGENT_MESSAGE = 168;
    private static final int CALLS = 1000;
    private static final int ROUNDS = 200;
    private static final int WARMUP_ROUNDS = 50;

    private LoopbackFloor() {
    }

    /** One call's two connections; each has a generator end and a relay end. */
    private record Call(SocketChannel callerOut, SocketChannel callerIn, SocketChannel agentOut,
                        SocketChannel agentIn) {
    }

    public static void main(String[] args) throws Exception {
        LoadRun.log("machine: %s", Machine.describe());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0), CALLS * 2);
            List<Call> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                SocketChannel callerOut = connect(listener);
                SocketChannel callerIn = accept(listener);
                SocketChannel agentOut = connect(listener);
                SocketChannel agentIn = accept(listener);
                calls.add(new Call(callerOut, callerIn, agentOut, agentIn));
            }
            ByteBuffer big = ByteBuffer.allocateDirect(CALLER_MESSAGE);
            ByteBuffer small = ByteBuffer.allocateDirect(AGENT_MESSAGE);
            // Both directions of a call per round: caller → relay → agent, agent → relay → caller.
            Totals warm = new Totals();
            for (int round = 0; round < WARMUP_ROUNDS; round++) {
                relayRound(calls, big, small, warm);
            }
            Totals totals = new Totals();
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long wallBefore = System.nanoTime();
            for (int round = 0; round < ROUNDS; round++) {
                relayRound(calls, big, small, totals);
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpuBefore;
            long wall = System.nanoTime() - wallBefore;
            long frames = (long) ROUNDS * CALLS * 2;
            double relayMicros = totals.relayNanos / 1000.0 / frames;
            double peerMicros = totals.peerNanos / 1000.0 / frames;
            double perFrame = cpu / 1000.0 / frames;
            // At n calls, 50 frames a second each way: 100 frames a second per call.
            double relayCoresAt1000 = relayMicros * 100 * 1000 / 1e6;
            double allCoresAt1000 = perFrame * 100 * 1000 / 1e6;
            LoadRun.log(String.format(Locale.ROOT, "%d frames over %d calls in %.2f s (CPU %.2f s)", frames, CALLS,
                    wall / 1e9, cpu / 1e9));
            LoadRun.log(String.format(Locale.ROOT, "per frame: relay read + write %.2f µs, generator write + peer "
                    + "read %.2f µs, all four system calls %.2f µs of CPU", relayMicros, peerMicros, perFrame));
            LoadRun.log(String.format(Locale.ROOT, "1000 calls = 100,000 frames/s: relay alone %.2f cores, relay and "
                    + "generator %.2f cores, before any WebSocket, JSON, thread wake-up or epoll", relayCoresAt1000,
                    allCoresAt1000));
            LoadRun.log(String.format(Locale.ROOT, "two cores carry at most %.0f calls with nothing but these system "
                    + "calls", 2e6 / (perFrame * 100)));
            for (Call call : calls) {
                call.callerOut.close();
                call.callerIn.close();
                call.agentOut.close();
                call.agentIn.close();
            }
        }
    }

    /** Where a round's time went, split between the relay's system calls and the generator's. */
    private static final class Totals {
        long relayNanos;
        long peerNanos;
    }

    private static void relayRound(List<Call> calls, ByteBuffer big, ByteBuffer small, Totals totals)
            throws IOException {
        for (Call call : calls) {
            long t0 = System.nanoTime();
            write(call.callerOut, big);
            long t1 = System.nanoTime();
            read(call.callerIn, big);
            write(call.agentOut, small);
            long t2 = System.nanoTime();
            read(call.agentIn, small);
            write(call.agentIn, small);
            long t3 = System.nanoTime();
            read(call.agentOut, small);
            write(call.callerIn, big);
            long t4 = System.nanoTime();
            read(call.callerOut, big);
            long t5 = System.nanoTime();
            totals.peerNanos += (t1 - t0) + (t3 - t2) + (t5 - t4);
            totals.relayNanos += (t2 - t1) + (t4 - t3);
        }
    }

    private static void write(SocketChannel channel, ByteBuffer buffer) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void read(SocketChannel channel, ByteBuffer buffer) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("closed");
            }
        }
    }

    private static SocketChannel connect(ServerSocketChannel listener) throws IOException {
        SocketChannel channel = SocketChannel.open(listener.getLocalAddress());
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return channel;
    }

    private static SocketChannel accept(ServerSocketChannel listener) throws IOException {
        SocketChannel channel = listener.accept();
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return channel;
    }
}
