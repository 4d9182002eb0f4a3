package org.pharmacyvoice.it.jmh;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pharmacyvoice.adapters.deepgram.DeepgramHotPath;
import org.pharmacyvoice.adapters.twilio.TwilioHotPath;
import org.pharmacyvoice.domain.call.BridgeSettings;
import org.pharmacyvoice.domain.call.CallScript;
import org.pharmacyvoice.domain.call.Switchboard;
import org.pharmacyvoice.domain.call.port.out.CallMetrics;
import org.pharmacyvoice.domain.call.port.out.CallRecords;
import org.pharmacyvoice.domain.call.port.out.CallerLine;
import org.pharmacyvoice.domain.tool.Toolbox;

/**
 * The per-frame hot path, both ways, through the real adapters and the real call bridge: a Twilio {@code media}
 * text frame in, a binary frame to the agent out; and 160 bytes of agent audio in, a Twilio {@code media} text frame
 * out. Only the sockets are fakes ({@link SinkSession}). Run with {@code -prof gc} for bytes allocated per frame.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class FrameHotPathBenchmark {

    static final String STREAM_SID = "MZ0123456789abcdef0123456789abcdef";
    static final String CALL_SID = "CA0123456789abcdef0123456789abcdef";

    private final SinkSession twilioSocket = new SinkSession();
    private final SinkSession deepgramSocket = new SinkSession();
    private final SinkSession lineSocket = new SinkSession();
    private Switchboard switchboard;
    private WsListener mediaStream;
    private WsListener agentSocket;
    private CallerLine callerLine;
    private String mediaMessage;
    private byte[] agentAudio;
    private BufferData agentFrame;

    @Setup(Level.Trial)
    public void connectOneCall() throws Exception {
        var random = new Random(20);
        byte[] callerAudio = new byte[160];
        random.nextBytes(callerAudio);
        agentAudio = new byte[160];
        random.nextBytes(agentAudio);
        agentFrame = BufferData.create(agentAudio);
        mediaMessage = media(callerAudio);

        var opened = new AtomicReference<WsListener>();
        var settings = BridgeSettings.defaults().withCallerSilenceTimeout(Duration.ofDays(1));
        switchboard = new Switchboard(DeepgramHotPath.agentOver(deepgramSocket, opened::set), new Toolbox(List.of()),
                new CallScript("You are a benchmark.", ""), CallRecords.none(), CallMetrics.none(), settings,
                Clock.systemUTC());
        mediaStream = TwilioHotPath.mediaStream(switchboard);
        mediaStream.onOpen(twilioSocket);
        mediaStream.onMessage(twilioSocket, "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}",
                true);
        mediaStream.onMessage(twilioSocket, start(), true);
        // The bridge connects the agent on a worker; frames sent before it is ready are queued, then flushed.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (deepgramSocket.binaryFrames() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the benchmark call never reached the agent");
            }
            mediaStream.onMessage(twilioSocket, mediaMessage, true);
            Thread.sleep(1);
        }
        agentSocket = opened.get();
        agentSocket.onMessage(deepgramSocket, BufferData.create(agentAudio), true);
        if (twilioSocket.textFrames() != 1) {
            throw new IllegalStateException("agent audio did not reach the caller: " + twilioSocket.textFrames());
        }
        callerLine = TwilioHotPath.callerLine(lineSocket, CALL_SID, STREAM_SID);
    }

    @TearDown(Level.Trial)
    public void hangUp() {
        switchboard.close();
    }

    /** Twilio {@code media} text → event with decoded audio (no forwarding). */
    @Benchmark
    public Object parseMediaMessage() throws Exception {
        return TwilioHotPath.read(mediaMessage);
    }

    /** The same text read by the JSON-P reader alone, as every message was before the fast path. */
    @Benchmark
    public Object parseMediaMessageJsonP() throws Exception {
        return TwilioHotPath.readJson(mediaMessage);
    }

    /** Twilio {@code media} text frame → listener → bridge → agent connection → binary frame to Deepgram. */
    @Benchmark
    public long callerFrameToAgent() {
        mediaStream.onMessage(twilioSocket, mediaMessage, true);
        return deepgramSocket.bytes();
    }

    /** 160 bytes of agent audio → Twilio {@code media} JSON with base64 (no bridge). */
    @Benchmark
    public long encodeAgentAudio() {
        callerLine.play(agentAudio);
        return lineSocket.bytes();
    }

    /** Binary frame from Deepgram → agent connection → bridge → caller line → Twilio {@code media} text. */
    @Benchmark
    public long agentFrameToCaller() {
        agentFrame.rewind();
        agentSocket.onMessage(deepgramSocket, agentFrame, true);
        return twilioSocket.bytes();
    }

    static String media(byte[] audio) {
        return "{\"event\":\"media\",\"sequenceNumber\":\"4242\",\"media\":{\"track\":\"inbound\",\"chunk\":\"4241\","
                + "\"timestamp\":\"84820\",\"payload\":\"" + Base64.getEncoder().encodeToString(audio) + "\"},"
                + "\"streamSid\":\"" + STREAM_SID + "\"}";
    }

    private static String start() {
        return "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{"
                + "\"accountSid\":\"AC0123456789abcdef0123456789abcdef\","
                + "\"streamSid\":\"" + STREAM_SID + "\",\"callSid\":\"" + CALL_SID + "\",\"tracks\":[\"inbound\"],"
                + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},"
                + "\"customParameters\":{\"From\":\"+15551234567\",\"To\":\"+15557654321\"}},\"streamSid\":\""
                + STREAM_SID + "\"}";
    }
}
