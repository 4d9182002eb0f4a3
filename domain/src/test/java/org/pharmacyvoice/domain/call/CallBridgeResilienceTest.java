package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.call.port.in.CallSession;
import org.pharmacyvoice.domain.call.port.out.CallMetrics;
import org.pharmacyvoice.domain.fakes.EchoTool;
import org.pharmacyvoice.domain.fakes.RecordingCallRecords;
import org.pharmacyvoice.domain.fakes.RecordingCallerLine;
import org.pharmacyvoice.domain.fakes.RecordingCallerLine.Action;
import org.pharmacyvoice.domain.fakes.ScriptedVoiceAgent;
import org.pharmacyvoice.domain.telephony.Admission;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.Toolbox;

/** Calls in the real world: dropped agent connections, barge-in, silent lines, limits, shutdown, call records. */
class CallBridgeResilienceTest {

    private static final CallContext CALL = new CallContext("CA01", "MZ01", "+15551234567", "+15550000000");
    private static final ConversationLine ASKED = new ConversationLine(Speaker.CALLER, "Is ibuprofen in stock?");
    private static final ConversationLine ANSWERED = new ConversationLine(Speaker.AGENT, "Yes, we have it.");

    private final ScriptedVoiceAgent agent = new ScriptedVoiceAgent();
    private final RecordingCallerLine line = new RecordingCallerLine();
    private final RecordingCallRecords records = new RecordingCallRecords();
    private Switchboard switchboard;

    private Switchboard switchboard(BridgeSettings settings) {
        switchboard = new Switchboard(agent, new Toolbox(List.of(new EchoTool("echo"))),
                new CallScript("Be kind.", "Hello!"), records, CallMetrics.none(), settings, Clock.systemUTC());
        return switchboard;
    }

    private static BridgeSettings reconnecting(int times) {
        return BridgeSettings.defaults().withReconnects(times, Duration.ofMillis(5));
    }

    @AfterEach
    void close() {
        if (switchboard != null) {
            switchboard.close();
        }
    }

    @Test
    void givenAgentDropsMidCall_whenReconnecting_thenConversationIsReplayedWithoutGreetingAndAudioIsKept()
            throws Exception {
        CallSession session = switchboard(reconnecting(2)).answer(CALL, line);
        var first = agent.awaitConversation();
        first.emit(new AgentEvent.Ready());
        first.emit(new AgentEvent.Transcript(ASKED));
        first.emit(new AgentEvent.Transcript(ANSWERED));

        first.emit(new AgentEvent.Disconnected("connection reset"));
        session.callerAudio(new byte[] {1});
        var second = agent.awaitConversation();
        session.callerAudio(new byte[] {2});
        second.emit(new AgentEvent.Ready());
        session.callerAudio(new byte[] {3});

        assertThat(first.awaitClosed(), is(true));
        assertThat(second.briefing().history(), contains(ASKED, ANSWERED));
        assertThat(second.briefing().greeting(), equalTo(""));
        assertThat(second.briefing().prompt(), equalTo("Be kind."));
        assertThat(second.awaitAudio(3), equalTo(new byte[] {1, 2, 3}));
        assertThat(line.hangUps(), equalTo(0));
    }

    @Test
    void givenReconnectBudgetSpent_whenAgentDropsAgain_thenCallEndsSoTwilioPlaysTheFallback() throws Exception {
        switchboard(reconnecting(1)).answer(CALL, line);
        var first = agent.awaitConversation();
        first.emit(new AgentEvent.Ready());
        first.emit(new AgentEvent.Disconnected("gone"));
        var second = agent.awaitConversation();
        second.emit(new AgentEvent.Ready());

        second.emit(new AgentEvent.Disconnected("gone again"));

        awaitThat(() -> line.hangUps() == 1);
        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.AGENT_DISCONNECTED)));
        assertThat(second.awaitClosed(), is(true));
    }

    @Test
    void givenAgentUnreachableAtFirst_whenRetrySucceeds_thenCallGoesOn() throws Exception {
        agent.makeUnavailable();
        switchboard(reconnecting(3).withReconnects(3, Duration.ofMillis(100))).answer(CALL, line);
        Thread.sleep(20);
        agent.makeAvailable();

        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());
        conversation.emit(new AgentEvent.Speech(new byte[] {4}));

        assertThat(line.playedAudio(), equalTo(new byte[] {4}));
        assertThat(line.hangUps(), equalTo(0));
    }

    @Test
    void givenToolCallArrivingBeforeConnectReturns_whenItFinishes_thenTheAskingConnectionGetsTheAnswer()
            throws Exception {
        var answered = new java.util.concurrent.LinkedBlockingQueue<String>();
        org.pharmacyvoice.domain.agent.VoiceAgent eager = (call, briefing, listener) -> {
            var session = new org.pharmacyvoice.domain.agent.AgentSession() {
                @Override
                public void sendAudio(byte[] mulaw) {
                }

                @Override
                public void sendCallerText(String text) {
                }

                @Override
                public void sendAgentText(String text) {
                }

                @Override
                public void answer(ToolCall toolCall, org.pharmacyvoice.domain.tool.ToolResult result) {
                    answered.add(toolCall.id());
                }

                @Override
                public void close() {
                }
            };
            // Deepgram may be this quick: events on the socket's thread before connect() has returned.
            listener.onEvent(new AgentEvent.Ready());
            listener.onEvent(new AgentEvent.ToolCallsRequested(List.of(
                    ToolCall.of("fc-early", "echo", ToolArguments.of("text", "hi")))));
            sleep(200);
            return session;
        };
        switchboard = new Switchboard(eager, new Toolbox(List.of(new EchoTool("echo"))),
                new CallScript("Be kind.", "Hello!"), records, CallMetrics.none(), BridgeSettings.defaults(),
                Clock.systemUTC());

        switchboard.answer(CALL, line);

        assertThat(answered.poll(3, TimeUnit.SECONDS), equalTo("fc-early"));
    }

    @Test
    void givenReplacedConnection_whenItStillSendsEvents_thenTheyAreIgnored() throws Exception {
        switchboard(reconnecting(2)).answer(CALL, line);
        var first = agent.awaitConversation();
        first.emit(new AgentEvent.Ready());
        first.emit(new AgentEvent.Disconnected("gone"));
        agent.awaitConversation();

        first.emit(new AgentEvent.Speech(new byte[] {9}));
        first.emit(new AgentEvent.Failed("INTERNAL_SERVER_ERROR", "late"));

        assertThat(line.playedAudio(), equalTo(new byte[0]));
        assertThat(line.hangUps(), equalTo(0));
    }

    @Test
    void givenBargeIn_whenAudioOfTheInterruptedReplyStillArrives_thenItIsDroppedUntilTheNextReply()
            throws Exception {
        switchboard(BridgeSettings.defaults()).answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());
        conversation.emit(new AgentEvent.Speech(new byte[] {1, 1}));

        conversation.emit(new AgentEvent.CallerStartedSpeaking());
        conversation.emit(new AgentEvent.Speech(new byte[] {2, 2}));
        conversation.emit(new AgentEvent.Transcript(ANSWERED));
        conversation.emit(new AgentEvent.Speech(new byte[] {3, 3}));

        assertThat(line.actions().get(1), equalTo(new Action.Cleared()));
        assertThat(line.playedAudio(), equalTo(new byte[] {1, 1, 3, 3}));
    }

    @Test
    void givenLongReply_whenPlayed_thenMarksEverySecondAndAtTheEndTellWhatTheCallerHeard() throws Exception {
        CallSession session = switchboard(BridgeSettings.defaults()).answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        conversation.emit(new AgentEvent.Speech(new byte[8000]));
        conversation.emit(new AgentEvent.Speech(new byte[3000]));
        conversation.emit(new AgentEvent.AgentAudioDone());
        session.markPlayed("r1-8000");

        var marks = line.actions().stream().filter(a -> a instanceof Action.Marked).toList();
        assertThat(marks, contains(new Action.Marked("r1-8000"), new Action.Marked("r1-11000")));
    }

    @Test
    void givenPhoneLineGoesSilent_whenWatchdogNotices_thenCallEndsOnce() throws Exception {
        switchboard(BridgeSettings.defaults().withCallerSilenceTimeout(Duration.ofMillis(200))).answer(CALL, line);
        var conversation = agent.awaitConversation();

        awaitThat(() -> line.hangUps() == 1);
        Thread.sleep(300);
        assertThat(line.hangUps(), equalTo(1));
        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.STREAM_SILENT)));
        assertThat(conversation.awaitClosed(), is(true));
    }

    @Test
    void givenCallerKeepsStreaming_whenWatchdogChecks_thenCallStays() throws Exception {
        CallSession session = switchboard(BridgeSettings.defaults().withCallerSilenceTimeout(Duration.ofMillis(200)))
                .answer(CALL, line);
        for (int i = 0; i < 12; i++) {
            session.callerAudio(new byte[] {0});
            Thread.sleep(40);
        }

        assertThat(line.hangUps(), equalTo(0));
        assertThat(switchboard.activeCalls(), equalTo(1));
    }

    @Test
    void givenCallLimitReached_whenAnotherStreamArrives_thenItIsRefusedAsBusy() throws Exception {
        switchboard(BridgeSettings.defaults().withMaxConcurrentCalls(1)).answer(CALL, line);
        var second = new RecordingCallerLine();

        assertThat(switchboard.admitNewCall(), is(Admission.BUSY));
        switchboard.answer(new CallContext("CA02", "MZ02", "+15559990000", ""), second);

        assertThat(second.actions(), contains(new Action.HungUp(CallEndReason.SERVER_BUSY)));
        assertThat(switchboard.activeCalls(), equalTo(1));
    }

    @Test
    void givenDraining_whenCallsFinishInTime_thenDrainReportsNoneLeftAndNewCallsAreRefused() throws Exception {
        CallSession session = switchboard(BridgeSettings.defaults()).answer(CALL, line);
        new Thread(() -> {
            sleep(100);
            session.ended(CallEndReason.CALLER_HUNG_UP);
        }).start();

        int left = switchboard.drain(Duration.ofSeconds(2));
        var late = new RecordingCallerLine();
        switchboard.answer(new CallContext("CA03", "MZ03", "", ""), late);

        assertThat(left, equalTo(0));
        assertThat(late.actions(), contains(new Action.HungUp(CallEndReason.SERVER_BUSY)));
    }

    @Test
    void givenDrainTimeoutPasses_whenClosing_thenRemainingCallsEndForShutdown() throws Exception {
        switchboard(BridgeSettings.defaults()).answer(CALL, line);

        int left = switchboard.drain(Duration.ofMillis(100));
        switchboard.close();

        assertThat(left, equalTo(1));
        assertThat(line.actions().getLast(), equalTo(new Action.HungUp(CallEndReason.SERVER_SHUTDOWN)));
    }

    @Test
    void everyCallIsRecordedAsItHappens() throws Exception {
        CallSession session = switchboard(BridgeSettings.defaults()).answer(CALL, line);
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());
        conversation.emit(new AgentEvent.Transcript(ASKED));
        conversation.emit(new AgentEvent.ToolCallsRequested(List.of(
                ToolCall.of("fc-1", "echo", ToolArguments.of("text", "hi")))));
        conversation.awaitAnswer();
        conversation.emit(new AgentEvent.Transcript(ANSWERED));
        session.ended(CallEndReason.CALLER_HUNG_UP);
        switchboard.statusReported("CA01", "completed", OptionalInt.of(42));

        assertThat(records.entries(), contains(
                "started CA01 from +15551234567",
                "line CA01 CALLER: Is ibuprofen in stock?",
                "tool CA01 echo fc-1 ok",
                "line CA01 AGENT: Yes, we have it.",
                "ended CA01 CALLER_HUNG_UP",
                "status CA01 completed OptionalInt[42]"));
    }

    @Test
    void recordKeeperWritesInOrderOffTheCallerThreadAndSurvivesAFailingStore() throws Exception {
        var store = new RecordingCallRecords();
        // The first record can't be written however often it is tried; the second one of the same kind can.
        var unwritable = java.time.Instant.parse("2025-03-14T09:30:00Z");
        var keeper = new RecordKeeper(new org.pharmacyvoice.domain.call.port.out.CallRecords() {
            @Override
            public void callStarted(CallContext call, java.time.Instant at) {
                if (at.equals(unwritable)) {
                    throw new IllegalStateException("database down");
                }
                store.callStarted(call, at);
            }

            @Override
            public void lineSpoken(String callSid, ConversationLine spoken, java.time.Instant at) {
                store.lineSpoken(callSid, spoken, at);
            }

            @Override
            public void toolRan(String callSid, ToolCall call, org.pharmacyvoice.domain.tool.ToolResult result,
                                Duration took, java.time.Instant at) {
                store.toolRan(callSid, call, result, took, at);
            }

            @Override
            public void callEnded(String callSid, CallEndReason reason, java.time.Instant at) {
                store.callEnded(callSid, reason, at);
            }

            @Override
            public void linesRedacted(String callSid, java.util.function.UnaryOperator<String> redaction) {
                store.linesRedacted(callSid, redaction);
            }

            @Override
            public void statusReported(String callSid, String status, OptionalInt duration, java.time.Instant at) {
                store.statusReported(callSid, status, duration, at);
            }
        });

        var logged = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var logger = java.util.logging.Logger.getLogger(RecordKeeper.class.getName());
        var handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(new java.util.logging.SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        keeper.callStarted(CALL, unwritable);
        keeper.callStarted(CALL, unwritable.plusSeconds(1));
        keeper.lineSpoken("CA01", ASKED, java.time.Instant.now());
        keeper.callEnded("CA01", CallEndReason.CALLER_HUNG_UP, java.time.Instant.now());

        assertThat(keeper.flush(Duration.ofSeconds(2)), is(true));
        keeper.close();
        assertThat(keeper.failures(), equalTo(1L));
        assertThat(store.entries(), contains("started CA01 from +15551234567",
                "line CA01 CALLER: Is ibuprofen in stock?", "ended CA01 CALLER_HUNG_UP"));
        keeper.lineSpoken("CA01", ANSWERED, java.time.Instant.now());
        assertThat(keeper.failures(), equalTo(2L));
        logger.removeHandler(handler);
        assertThat("each failure names its call and what was lost", logged, contains(
                "[CA01] writing the call record (call started) failed: database down",
                "[CA01] call record (line spoken) dropped: record keeper closed"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitThat(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean(), is(true));
    }
}
