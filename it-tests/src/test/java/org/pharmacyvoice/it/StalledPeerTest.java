package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pharmacyvoice.it.fakes.AgentConnection;
import org.pharmacyvoice.it.fakes.FakeTwilioCaller;
import org.pharmacyvoice.it.fakes.StalledTwilioPeer;

/**
 * Peers that stop reading: a Twilio-side stream whose TCP window closed while the agent talks, and an agent that
 * stops reading while the caller talks. Each is cut within the write timeout once our writes to it block; the call
 * then ends exactly once (or, for the agent, goes on over a new connection), and the other calls do not notice.
 */
class StalledPeerTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final byte[] FRAME = new byte[160];
    private static final byte[] SECOND_OF_SPEECH = new byte[8000];


    @TempDir
    Path dataDir;

    @Test
    void aCallerWhoStopsReadingIsCutAndItsCallEndsOnceWhileAnotherCallFlowsAndTheSlotIsFreed() throws Exception {
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of("write.timeout", "1",
                "max.concurrent.calls", "2", "caller.silence.timeout", "60"));
             var log = new CapturedLog("org.pharmacyvoice")) {
            var healthy = FakeTwilioCaller.connect(pharmacy.streamUrl());
            healthy.startCall(Map.of("From", "+15551230001"));
            AgentConnection healthyAgent = pharmacy.agent.awaitConnection(WAIT);
            healthyAgent.settings();
            var stalled = StalledTwilioPeer.connect(pharmacy.streamUrl());
            stalled.startCall("+15551230002");
            AgentConnection stalledAgent = pharmacy.agent.awaitConnection(WAIT);
            stalledAgent.settings();

            var talking = new AtomicBoolean(true);
            var spoken = new AtomicLong();
            var gap = new GapWatch(() -> healthy.receivedAudio().length);
            Thread conversation = Thread.ofPlatform().start(() -> {
                while (talking.get()) {
                    healthy.sendMedia(FRAME);
                    healthyAgent.sendAudio(FRAME);
                    spoken.addAndGet(FRAME.length);
                    quietly(() -> stalled.sendMedia(FRAME));
                    pause(20);
                }
            });
            long floodStarted = System.nanoTime();
            Thread flood = Thread.ofPlatform().start(() -> {
                while (!stalledAgent.isEnded()) {
                    quietly(() -> stalledAgent.sendAudio(SECOND_OF_SPEECH));
                    pause(5);
                }
            });

            assertThat("the stalled call's agent connection is closed", stalledAgent.awaitClosed(WAIT), is(true));
            long cutAfterMillis = Duration.ofNanos(System.nanoTime() - floodStarted).toMillis();
            JsonObject record = pharmacy.endedCall(stalled.callSid(), WAIT);
            RunningPharmacy.awaitThat(() -> pharmacy.server.activeCalls() == 1 && pharmacy.server.openStreams() == 1,
                    WAIT);
            flood.join(WAIT.toMillis());

            assertThat(record.getString("end_reason"), equalTo("STREAM_STALLED"));
            assertThat("cut within the write timeout once the buffers were full", cutAfterMillis, lessThan(6_000L));
            assertThat("the server dropped the stalled socket", stalled.awaitClosedByServer(WAIT), is(true));
            assertThat(log.lines().stream().filter(l -> l.contains("took none of our writes")).count(), equalTo(1L));

            // The freed slot takes a new caller (at the limit of two, a held slot would turn it away).
            var next = FakeTwilioCaller.connect(pharmacy.streamUrl());
            next.startCall(Map.of("From", "+15551230003"));
            AgentConnection nextAgent = pharmacy.agent.awaitConnection(WAIT);
            nextAgent.settings();
            next.sendStop();
            assertThat(nextAgent.awaitClosed(WAIT), is(true));

            talking.set(false);
            conversation.join();
            byte[] heard = healthy.awaitAudio((int) spoken.get(), WAIT);
            gap.stop();
            healthy.sendStop();
            assertThat(healthyAgent.awaitClosed(WAIT), is(true));
            RunningPharmacy.awaitThat(() -> pharmacy.server.activeCalls() == 0 && pharmacy.server.openStreams() == 0,
                    WAIT);

            System.out.printf("stalled caller cut %d ms after the agent began talking to it; the other call's "
                    + "longest pause %d ms%n", cutAfterMillis, gap.longestMillis());
            assertThat("the other call heard every byte its agent said", heard.length, equalTo((int) spoken.get()));
            assertThat("the other call's audio never paused for long: " + gap.longestMillis() + " ms",
                    gap.longestMillis(), lessThan(500L));
            assertThat(PrometheusScrape.of(pharmacy.http("/observe/metrics")).value("pharmacy_calls_active"),
                    equalTo(0.0));
            stalled.close();
            next.close();
            healthy.close();
        }
    }

    @Test
    void aStalledCallerWhoHangsUpIsHungUpOnWithinTheWriteTimeout() throws Exception {
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of("write.timeout", "3",
                "caller.silence.timeout", "60"))) {
            var stalled = StalledTwilioPeer.connect(pharmacy.streamUrl());
            stalled.startCall("+15551230002");
            AgentConnection agent = pharmacy.agent.awaitConnection(WAIT);
            agent.settings();
            Thread flood = Thread.ofPlatform().start(() -> {
                while (!agent.isEnded()) {
                    quietly(() -> agent.sendAudio(SECOND_OF_SPEECH));
                    pause(5);
                }
            });
            // By now the window is long shut and the agent's audio is stuck in a write to the caller.
            Thread.sleep(500);

            long hungUp = System.nanoTime();
            stalled.sendStop();

            JsonObject record = pharmacy.endedCall(stalled.callSid(), WAIT);
            long endedAfterMillis = Duration.ofNanos(System.nanoTime() - hungUp).toMillis();
            assertThat(agent.awaitClosed(WAIT), is(true));
            RunningPharmacy.awaitThat(() -> pharmacy.server.activeCalls() == 0 && pharmacy.server.openStreams() == 0,
                    WAIT);
            flood.join(WAIT.toMillis());

            assertThat("the caller's stop came first", record.getString("end_reason"), equalTo("CALLER_HUNG_UP"));
            assertThat("hanging up waits at most for the stuck write to be cut", endedAfterMillis, lessThan(5_000L));
            assertThat(stalled.awaitClosedByServer(WAIT), is(true));
            stalled.close();
        }
    }

    @Test
    void anAgentThatStopsReadingIsCutAndTheCallGoesOnOverOneNewConnection() throws Exception {
        try (var pharmacy = RunningPharmacy.start(dataDir, Map.of("write.timeout", "1",
                "agent.reconnect.backoff", "0.05"));
             var log = new CapturedLog("org.pharmacyvoice")) {
            var caller = FakeTwilioCaller.connect(pharmacy.streamUrl());
            caller.startCall(Map.of("From", "+15551230004"));
            AgentConnection first = pharmacy.agent.awaitConnection(WAIT);
            first.settings();
            first.sendConversationText("user", "Do you have ibuprofen?");

            first.stopReading();
            var talking = new AtomicBoolean(true);
            Thread speaking = Thread.ofPlatform().start(() -> {
                while (talking.get()) {
                    // Ten times real time, so the closed window shows within a second.
                    quietly(() -> caller.sendMedia(new byte[1600]));
                    pause(10);
                }
            });
            AgentConnection second = pharmacy.agent.awaitConnection(WAIT);
            JsonObject resumed = second.settings();
            byte[] heardBySecond = second.awaitAudio(16_000, WAIT);
            talking.set(false);
            speaking.join();

            assertThat("the conversation so far is replayed", resumed.getJsonObject("agent").getJsonObject("context")
                    .getJsonArray("messages").getJsonObject(0).getString("content"), equalTo("Do you have ibuprofen?"));
            assertThat(heardBySecond.length, greaterThan(16_000 - 1));
            assertThat("one lost connection opens one new one", pharmacy.agent.connectionCount(), equalTo(2));
            assertThat(log.lines(), hasItem(startsWith("WARNING org.pharmacyvoice.adapters.deepgram.AgentConnection")));
            assertThat(log.lines().stream().anyMatch(l -> l.contains("Deepgram took none of our writes")), is(true));
            first.resumeReading();
            assertThat("the stalled connection was dropped", first.awaitClosed(WAIT), is(true));

            caller.sendStop();
            JsonObject record = pharmacy.endedCall(caller.callSid(), WAIT);
            assertThat(record.getString("end_reason"), equalTo("CALLER_HUNG_UP"));
            assertThat(second.awaitClosed(WAIT), is(true));
            caller.close();
        }
    }

    private static void quietly(Runnable send) {
        try {
            send.run();
        } catch (RuntimeException gone) {
            // The peer under test is being cut; its sends may fail from then on.
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The longest time a growing count did not grow, watched every 2 ms from its first growth on. */
    private static final class GapWatch {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong longest = new AtomicLong();
        private final Thread thread;

        GapWatch(java.util.function.IntSupplier count) {
            thread = Thread.ofPlatform().daemon().start(() -> {
                int last = count.getAsInt();
                long lastGrowth = 0;
                while (running.get()) {
                    int now = count.getAsInt();
                    long time = System.nanoTime();
                    if (now != last) {
                        if (lastGrowth != 0) {
                            longest.accumulateAndGet(time - lastGrowth, Math::max);
                        }
                        lastGrowth = time;
                        last = now;
                    }
                    pause(2);
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        long longestMillis() {
            return Duration.ofNanos(longest.get()).toMillis();
        }
    }
}
