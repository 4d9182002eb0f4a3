package org.pharmacyvoice.domain.call;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.call.port.in.CallSession;
import org.pharmacyvoice.domain.call.port.out.CallMetrics;
import org.pharmacyvoice.domain.fakes.EchoTool;
import org.pharmacyvoice.domain.fakes.RecordingCallRecords;
import org.pharmacyvoice.domain.fakes.RecordingCallerLine;
import org.pharmacyvoice.domain.fakes.ScriptedVoiceAgent;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;
import org.pharmacyvoice.domain.telephony.ConversationLine;
import org.pharmacyvoice.domain.telephony.Speaker;
import org.pharmacyvoice.domain.tool.Toolbox;

/**
 * Keys the caller presses, through a real switchboard and bridge to a scripted agent: what the agent gets, when, and
 * what the call record and the log keep of it. The keypad's rules themselves are in KeypadEntryTest and
 * KeypadRelayTest, with made-up time; here the watchdog's real clock runs the pause.
 */
class CallBridgeKeypadTest {

    private static final CallContext CALL = new CallContext("CA01", "MZ01", "+15551234567", "+15550000000");
    private static final String TYPED = "The caller typed on the keypad: 8675309";
    private static final String MASKED = "line CA01 CALLER: [typed 7 keys on the keypad]";

    private final ScriptedVoiceAgent agent = new ScriptedVoiceAgent();
    private final RecordingCallerLine line = new RecordingCallerLine();
    private final RecordingCallRecords records = new RecordingCallRecords();
    private Switchboard switchboard;

    private CallSession answer(BridgeSettings settings) {
        switchboard = new Switchboard(agent, new Toolbox(List.of(new EchoTool("echo"))),
                new CallScript("Be kind.", "Hello!"), records, CallMetrics.none(), settings, Clock.systemUTC());
        return switchboard.answer(CALL, line);
    }

    private CallSession answer() {
        return answer(BridgeSettings.defaults().withReconnects(2, Duration.ofMillis(5)));
    }

    @AfterEach
    void close() {
        if (switchboard != null) {
            switchboard.close();
        }
    }

    @Test
    void givenAReadyAgent_whenTheCallerTypesDigitsAndPound_thenTheAgentGetsThemAsTheCallersTurn() throws Exception {
        CallSession session = answer();
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        press(session, "8675309#");

        assertThat(conversation.awaitCallerText(), equalTo(TYPED));
        assertThat(conversation.pollCallerText(100), nullValue());
        assertThat(records.entries(), hasItem(MASKED));
        assertThat(records.entries().toString(), not(containsString("8675309")));
    }

    @Test
    void givenDigitsWithoutPound_whenTheCallerPauses_thenTheWatchdogSendsThemAfterThePause() throws Exception {
        CallSession session = answer(BridgeSettings.defaults().withKeypadPause(Duration.ofMillis(300)));
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());

        long pressed = System.nanoTime();
        press(session, "42");

        assertThat(conversation.awaitCallerText(), equalTo("The caller typed on the keypad: 42"));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pressed);
        assertThat("sent after the pause, not before: " + waited + " ms", waited >= 300, equalTo(true));
    }

    @Test
    void givenNoAgentReadyYet_whenTheCallerTypes_thenTheEntryWaitsAndGoesOnceTheAgentIsReady() throws Exception {
        CallSession session = answer();
        var conversation = agent.awaitConversation();

        press(session, "8675309#");
        assertThat(conversation.pollCallerText(200), nullValue());
        conversation.emit(new AgentEvent.Ready());

        assertThat(conversation.awaitCallerText(), equalTo(TYPED));
    }

    @Test
    void givenTheAgentRefusesTheEntry_whenItsTurnIsOver_thenTheEntryIsSentAgain() throws Exception {
        CallSession session = answer();
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());
        press(session, "8675309#");
        conversation.awaitCallerText();

        conversation.emit(new AgentEvent.CallerTextRefused("agent is speaking"));
        assertThat(conversation.pollCallerText(200), nullValue());
        conversation.emit(new AgentEvent.AgentAudioDone());

        assertThat(conversation.awaitCallerText(), equalTo(TYPED));
        assertThat("recorded once", records.entries().stream().filter(MASKED::equals).count(), equalTo(1L));
    }

    @Test
    void givenTheAgentEchoesTheEntryAsACallerLine_whenRecorded_thenTheRecordKeepsOnlyTheMaskedLine()
            throws Exception {
        CallSession session = answer();
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());
        press(session, "8675309#");
        conversation.awaitCallerText();

        conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER, TYPED)));
        conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.AGENT, "Thanks, one moment.")));
        conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER, "Is it ready?")));

        assertThat(records.entries().subList(1, records.entries().size()), contains(MASKED,
                "line CA01 AGENT: Thanks, one moment.", "line CA01 CALLER: Is it ready?"));
    }

    @Test
    void givenAnEntryTheAgentTook_whenTheAgentIsLost_thenTheNewConnectionHasItInItsHistoryAndIsNotSentItAgain()
            throws Exception {
        CallSession session = answer();
        var first = agent.awaitConversation();
        first.emit(new AgentEvent.Ready());
        press(session, "8675309#");
        first.awaitCallerText();
        first.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER, TYPED)));

        first.emit(new AgentEvent.Disconnected("closed by Deepgram (1011)"));
        var second = agent.awaitConversation();
        second.emit(new AgentEvent.Ready());

        assertThat(second.briefing().history(), equalTo(List.of(new ConversationLine(Speaker.CALLER, TYPED))));
        assertThat(second.pollCallerText(300), nullValue());
    }

    @Test
    void givenARefusedEntry_whenTheAgentIsLostBeforeItsTurnEnds_thenTheNewConnectionGetsTheEntryNotAHistoryOfIt()
            throws Exception {
        CallSession session = answer();
        var first = agent.awaitConversation();
        first.emit(new AgentEvent.Ready());
        press(session, "8675309#");
        first.awaitCallerText();
        first.emit(new AgentEvent.CallerTextRefused("user is speaking"));

        first.emit(new AgentEvent.Disconnected("closed by Deepgram (1011)"));
        var second = agent.awaitConversation();
        second.emit(new AgentEvent.Ready());

        assertThat(second.briefing().history(), empty());
        assertThat(second.awaitCallerText(), equalTo(TYPED));
    }

    @Test
    void givenTheSendFails_whenTheAgentReconnects_thenTheEntryGoesToTheNewConnection() throws Exception {
        CallSession session = answer();
        var first = agent.awaitConversation();
        first.emit(new AgentEvent.Ready());

        first.breakOnNextSend("connection reset");
        press(session, "8675309#");
        var second = agent.awaitConversation();
        second.emit(new AgentEvent.Ready());

        assertThat(second.awaitCallerText(), equalTo(TYPED));
        assertThat(first.callerTexts(), empty());
        assertThat(line.hangUps(), equalTo(0));
    }

    @Test
    void givenAnEndedCall_whenKeysStillArrive_thenNothingIsSentOrRecorded() throws Exception {
        CallSession session = answer();
        var conversation = agent.awaitConversation();
        conversation.emit(new AgentEvent.Ready());
        session.ended(CallEndReason.CALLER_HUNG_UP);
        int recorded = records.entries().size();

        press(session, "8675309#");

        assertThat(conversation.callerTexts(), empty());
        assertThat(records.entries().size(), equalTo(recorded));
    }

    @Test
    void givenTypedDigits_whenTheyGoThrough_thenNoLogLineAtInfoOrAboveHoldsThem() throws Exception {
        try (var log = new LogLines()) {
            CallSession session = answer();
            var conversation = agent.awaitConversation();
            conversation.emit(new AgentEvent.Ready());
            press(session, "8675309#");
            conversation.awaitCallerText();
            conversation.emit(new AgentEvent.CallerTextRefused("agent is speaking"));
            conversation.emit(new AgentEvent.AgentAudioDone());
            conversation.awaitCallerText();
            conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.CALLER, TYPED)));
            press(session, "A" + "9".repeat(25) + "#");
            conversation.emit(new AgentEvent.Transcript(new ConversationLine(Speaker.AGENT, "Anything else?")));
            awaitThat(() -> conversation.callerTexts().size() == 3);

            assertThat(log.lines(), hasItem("INFO [CA01] caller typed 7 keys on the keypad"));
            assertThat(log.lines(), hasItem("INFO [CA01] ignored keypad key A: only 0-9, * and # are used"));
            assertThat(log.lines(), hasItem("WARNING [CA01] keypad entry longer than 20 keys; it will not be passed on"));
            assertThat(log.lines().toString(), not(containsString("8675309")));
            assertThat(log.lines().toString(), not(containsString("99999")));
        }
    }

    private static void press(CallSession session, String keys) {
        for (char key : keys.toCharArray()) {
            session.callerPressed(String.valueOf(key));
        }
    }

    private static void awaitThat(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean(), equalTo(true));
    }

    /** What the domain logs at INFO and above, as "LEVEL message", SEVERE shown as ERROR. */
    private static final class LogLines extends Handler implements AutoCloseable {

        private final Logger logger = Logger.getLogger("org.pharmacyvoice");
        private final List<String> lines = new CopyOnWriteArrayList<>();

        LogLines() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                String level = record.getLevel() == Level.SEVERE ? "ERROR" : record.getLevel().getName();
                lines.add(level + " " + new SimpleFormatter().formatMessage(record));
            }
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
