package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * Throws a corpus of broken Twilio input, plus randomly mutated valid messages, at a running server from several
 * connections while one healthy call streams audio both ways; the healthy call must not lose or reorder a byte.
 */
class BadInputTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int HEALTHY_FRAMES = 200;

    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;

    @BeforeAll
    static void start() {
        pharmacy = RunningPharmacy.start(dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        pharmacy.close();
    }

    @Test
    void corpusOfBadInputAndMutationsLeavesAHealthyCallIntact() throws Exception {
        var random = new Random(4242);
        FakeTwilioCaller healthy = FakeTwilioCaller.connect(pharmacy.streamUrl());
        healthy.startCall(Map.of("From", "+15551234567"));
        AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
        agent.settings();
        var callerAudio = new ByteArrayOutputStream();
        var agentAudio = new ByteArrayOutputStream();
        var problems = new ConcurrentLinkedQueue<String>();
        long rejectedBefore = pharmacy.server.rejectedTwilioMessages();

        List<Future<?>> attacks = new ArrayList<>();
        try (ExecutorService attackers = Executors.newFixedThreadPool(6)) {
            attacks.add(attackers.submit(() -> attack(problems, BadInputTest::corpus)));
            attacks.add(attackers.submit(() -> attack(problems, stream -> mutations(stream, new Random(1)))));
            attacks.add(attackers.submit(() -> attack(problems, stream -> mutations(stream, new Random(2)))));
            attacks.add(attackers.submit(() -> attack(problems, stream -> mutations(stream, new Random(3)))));
            attacks.add(attackers.submit(() -> attack(problems, BadInputTest::flood)));
            attacks.add(attackers.submit(() -> attack(problems, BadInputTest::oversized)));
            for (int i = 0; i < HEALTHY_FRAMES; i++) {
                byte[] up = new byte[160];
                random.nextBytes(up);
                callerAudio.writeBytes(up);
                healthy.sendMedia(up);
                byte[] down = new byte[160];
                random.nextBytes(down);
                agentAudio.writeBytes(down);
                agent.sendAudio(down);
                Thread.sleep(2);
            }
            for (Future<?> attack : attacks) {
                attack.get(1, TimeUnit.MINUTES);
            }
        }

        assertThat(List.copyOf(problems), empty());
        assertThat(agent.awaitAudio(HEALTHY_FRAMES * 160, WAIT), equalTo(callerAudio.toByteArray()));
        assertThat(agent.audioFrames().size(), equalTo(HEALTHY_FRAMES));
        assertThat(healthy.awaitAudio(HEALTHY_FRAMES * 160, WAIT), equalTo(agentAudio.toByteArray()));
        assertThat(healthy.protocolViolations(), empty());
        assertThat(agent.protocolViolations(), empty());
        assertThat(pharmacy.server.rejectedTwilioMessages() - rejectedBefore, greaterThan(100L));
        healthy.sendStop();
        assertThat(agent.awaitClosed(WAIT), equalTo(true));
        healthy.close();
    }

    private interface Attack {
        void run(FakeTwilioCaller stream) throws Exception;
    }

    private static void attack(ConcurrentLinkedQueue<String> problems, Attack attack) {
        try (FakeTwilioCaller stream = FakeTwilioCaller.connect(pharmacy.streamUrl())) {
            attack.run(stream);
        } catch (Exception | AssertionError e) {
            // A stream the server closed on us is a fine answer to abuse; anything else is a problem.
            String message = String.valueOf(e.getMessage());
            if (!message.contains("closed") && !message.contains("Broken pipe")
                    && !message.contains("Connection reset")) {
                problems.add(e.toString());
            }
        }
    }

    private static void corpus(FakeTwilioCaller stream) {
        String media = "{\"event\":\"media\",\"sequenceNumber\":\"2\",\"media\":{\"track\":\"inbound\",\"chunk\":\"1\","
                + "\"timestamp\":\"20\",\"payload\":\"" + Base64.getEncoder().encodeToString(new byte[160])
                + "\"},\"streamSid\":\"MZ00000000000000000000000000000000\"}";
        List<String> bad = List.of(
                "", "{", "}", "{\"event\":", "null", "[]", "\"media\"", "42", "{\"event\":123}",
                "{\"event\":null}", "{\"event\":\"media\"}", "{\"event\":\"media\",\"media\":[]}",
                "{\"event\":\"media\",\"media\":{\"payload\":42}}", "\u0000\u0001\u0002", "{\"event\":\"\uD83D\uDE00\"}",
                "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
                "{\"event\":\"hologram\",\"streamSid\":\"x\"}", "{\"event\":\"CONNECTED\"}",
                media, // media before start
                "{\"event\":\"start\",\"start\":{}}", "{\"event\":\"start\",\"start\":{\"streamSid\":1,\"callSid\":2}}",
                "{\"event\":\"dtmf\"}", "{\"event\":\"mark\",\"mark\":{}}", "{\"event\":\"stop\",\"stop\":7}");
        bad.forEach(stream::sendRaw);
        stream.sendBinary(new byte[] {1, 2, 3});
        stream.startCall(Map.of("From", "+15550000001"));
        bad.forEach(stream::sendRaw);
        stream.sendRaw("{\"event\":\"media\",\"streamSid\":\"" + stream.streamSid()
                + "\",\"media\":{\"payload\":\"%%%not base64%%%\"}}");
        stream.sendRaw(media); // another stream's sid
        stream.sendRaw("{\"event\":\"start\",\"start\":{\"streamSid\":\"MZ1\",\"callSid\":\"CA1\"}}"); // second start
        stream.sendBinary(new byte[4096]);
        stream.sendStop();
    }

    private static void mutations(FakeTwilioCaller stream, Random random) {
        String streamSid = FakeTwilioCaller.newStreamSid();
        String callSid = FakeTwilioCaller.newCallSid();
        List<String> valid = List.of(
                "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"AC1\",\"streamSid\":\""
                        + streamSid + "\",\"callSid\":\"" + callSid + "\",\"tracks\":[\"inbound\"],\"mediaFormat\":"
                        + "{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},\"customParameters\":"
                        + "{\"From\":\"+15550000002\"}},\"streamSid\":\"" + streamSid + "\"}",
                "{\"event\":\"media\",\"sequenceNumber\":\"2\",\"media\":{\"track\":\"inbound\",\"chunk\":\"1\","
                        + "\"timestamp\":\"20\",\"payload\":\"" + Base64.getEncoder().encodeToString(new byte[160])
                        + "\"},\"streamSid\":\"" + streamSid + "\"}",
                "{\"event\":\"dtmf\",\"streamSid\":\"" + streamSid + "\",\"sequenceNumber\":\"3\","
                        + "\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"1\"}}",
                "{\"event\":\"mark\",\"sequenceNumber\":\"4\",\"streamSid\":\"" + streamSid
                        + "\",\"mark\":{\"name\":\"r1-8000\"}}",
                "{\"event\":\"stop\",\"sequenceNumber\":\"5\",\"stop\":{\"accountSid\":\"AC1\",\"callSid\":\""
                        + callSid + "\"},\"streamSid\":\"" + streamSid + "\"}");
        for (int i = 0; i < 400; i++) {
            stream.sendRaw(mutate(valid.get(random.nextInt(valid.size())), random));
        }
    }

    private static String mutate(String message, Random random) {
        var text = new StringBuilder(message);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && !text.isEmpty(); e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(5)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, (char) (32 + random.nextInt(95)));
                case 2 -> text.setCharAt(at, "{}[]\":,\\0aZ".charAt(random.nextInt(11)));
                case 3 -> text.setLength(at);
                default -> text.insert(at, text.substring(at, Math.min(text.length(), at + 1 + random.nextInt(20))));
            }
        }
        return text.toString();
    }

    private static void flood(FakeTwilioCaller stream) {
        try {
            for (int i = 0; i < 20_000; i++) {
                stream.sendRaw("{\"event\":\"flood\",\"n\":" + i + "}");
            }
        } catch (RuntimeException closedUnderUs) {
            // expected: the server closes a flooding stream
        }
        if (!stream.awaitClosed(WAIT) || stream.closeCode() != 1008) {
            throw new AssertionError("a flooding stream must be closed with 1008, was " + stream.closeCode());
        }
    }

    private static void oversized(FakeTwilioCaller stream) {
        stream.startCall(Map.of("From", "+15550000003"));
        stream.sendRaw("{\"event\":\"media\",\"media\":{\"payload\":\"" + "A".repeat(200_000) + "\"}}");
    }
}
