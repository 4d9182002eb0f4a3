package org.pharmacyvoice.domain.fakes;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.agent.AgentEvent;
import org.pharmacyvoice.domain.agent.AgentListener;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.agent.VoiceAgent;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.tool.ToolCall;
import org.pharmacyvoice.domain.tool.ToolResult;

/** In-memory voice agent: tests drive its events by hand and read what the bridge sent it. */
public final class ScriptedVoiceAgent implements VoiceAgent {

    private final LinkedBlockingQueue<Conversation> conversations = new LinkedBlockingQueue<>();
    private volatile boolean unavailable;

    /** Makes every later connect fail. */
    public void makeUnavailable() {
        unavailable = true;
    }

    /** Lets later connects succeed again. */
    public void makeAvailable() {
        unavailable = false;
    }

    @Override
    public AgentSession connect(CallContext call, AgentBriefing briefing, AgentListener listener)
            throws AgentUnavailableException {
        if (unavailable) {
            throw new AgentUnavailableException("scripted agent is unavailable");
        }
        var conversation = new Conversation(call, briefing, listener);
        conversations.add(conversation);
        return conversation;
    }

    /** The next conversation opened within {@code millis}, or null: to check that none was. */
    public Conversation pollConversation(long millis) throws InterruptedException {
        return conversations.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The next conversation a call opened, waiting up to two seconds for it. */
    public Conversation awaitConversation() throws InterruptedException {
        Conversation conversation = conversations.poll(2, TimeUnit.SECONDS);
        if (conversation == null) {
            throw new AssertionError("no agent conversation was opened");
        }
        return conversation;
    }

    /** One conversation: what the bridge sent, and a way to send it events. */
    public static final class Conversation implements AgentSession {
        private final CallContext call;
        private final AgentBriefing briefing;
        private final AgentListener listener;
        private final List<byte[]> audio = new CopyOnWriteArrayList<>();
        private final LinkedBlockingQueue<String> callerTexts = new LinkedBlockingQueue<>();
        private final List<String> allCallerTexts = new CopyOnWriteArrayList<>();
        private final LinkedBlockingQueue<String> agentTexts = new LinkedBlockingQueue<>();
        private final List<String> allAgentTexts = new CopyOnWriteArrayList<>();
        private final LinkedBlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        private final AtomicBoolean closed = new AtomicBoolean();
        private final AtomicInteger closeCalls = new AtomicInteger();
        private final CountDownLatch closedLatch = new CountDownLatch(1);
        private volatile String breakOnSend;

        Conversation(CallContext call, AgentBriefing briefing, AgentListener listener) {
            this.call = call;
            this.briefing = briefing;
            this.listener = listener;
        }

        /** A tool call answered by the bridge. */
        public record Answer(ToolCall call, ToolResult result) {
        }

        public CallContext call() {
            return call;
        }

        public AgentBriefing briefing() {
            return briefing;
        }

        /** Delivers an event to the bridge, as the agent's reader thread would. */
        public void emit(AgentEvent event) {
            listener.onEvent(event);
        }

        /**
         * Makes the next send (audio, caller or agent text) fail the way the Deepgram adapter's does: the loss is
         * reported to the listener on the sending thread, then the send throws.
         */
        public void breakOnNextSend(String reason) {
            breakOnSend = reason;
        }

        @Override
        public void sendAudio(byte[] mulaw) {
            beforeSend("audio", "audio");
            audio.add(mulaw.clone());
        }

        @Override
        public void sendCallerText(String text) {
            beforeSend("text", "caller text");
            allCallerTexts.add(text);
            callerTexts.add(text);
        }

        @Override
        public void sendAgentText(String text) {
            beforeSend("text", "agent text");
            allAgentTexts.add(text);
            agentTexts.add(text);
        }

        /**
         * What every send does first: fails the way the Deepgram adapter's does when the test broke the connection
         * (the loss reported to the listener on the sending thread, then the throw), or when it is closed.
         */
        private void beforeSend(String what, String sent) {
            String broken = breakOnSend;
            if (broken != null) {
                breakOnSend = null;
                closed.set(true);
                listener.onEvent(new AgentEvent.Disconnected(broken));
                throw new IllegalStateException("the connection failed while sending " + what + ": " + broken);
            }
            if (closed.get()) {
                throw new IllegalStateException(sent + " sent after close");
            }
        }

        @Override
        public void answer(ToolCall call, ToolResult result) {
            answers.add(new Answer(call, result));
        }

        @Override
        public void close() {
            closeCalls.incrementAndGet();
            closed.set(true);
            closedLatch.countDown();
        }

        /** Frames received, in order. */
        public List<byte[]> audioFrames() {
            return List.copyOf(audio);
        }

        /** All audio received, concatenated. */
        public byte[] receivedAudio() {
            var out = new ByteArrayOutputStream();
            audio.forEach(out::writeBytes);
            return out.toByteArray();
        }

        /** All audio received once it reaches {@code bytes} bytes, waiting up to two seconds. */
        public byte[] awaitAudio(int bytes) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            byte[] received = receivedAudio();
            while (received.length < bytes && System.nanoTime() < deadline) {
                Thread.sleep(5);
                received = receivedAudio();
            }
            return received;
        }

        /** The next caller text the bridge sent (what the caller typed), waiting up to two seconds. */
        public String awaitCallerText() throws InterruptedException {
            String text = callerTexts.poll(2, TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("no caller text was sent to the agent");
            }
            return text;
        }

        /** The next caller text within the given milliseconds, or null: to check that none was sent. */
        public String pollCallerText(long millis) throws InterruptedException {
            return callerTexts.poll(millis, TimeUnit.MILLISECONDS);
        }

        /** Every caller text sent on this conversation, in order. */
        public List<String> callerTexts() {
            return List.copyOf(allCallerTexts);
        }

        /** The next text the bridge had the agent say (to an idle caller, a filler), waiting up to {@code millis}. */
        public String awaitAgentText(long millis) throws InterruptedException {
            String text = agentTexts.poll(millis, TimeUnit.MILLISECONDS);
            if (text == null) {
                throw new AssertionError("the agent was given nothing to say within " + millis + " ms");
            }
            return text;
        }

        /** The next text for the agent to say within the given milliseconds, or null: to check that none was sent. */
        public String pollAgentText(long millis) throws InterruptedException {
            return agentTexts.poll(millis, TimeUnit.MILLISECONDS);
        }

        /** Every text the bridge had the agent say on this conversation, in order. */
        public List<String> agentTexts() {
            return List.copyOf(allAgentTexts);
        }

        /** The next answer, waiting up to two seconds. */
        public Answer awaitAnswer() throws InterruptedException {
            Answer answer = answers.poll(2, TimeUnit.SECONDS);
            if (answer == null) {
                throw new AssertionError("no tool call was answered");
            }
            return answer;
        }

        /** The next answer within the given milliseconds, or null. */
        public Answer pollAnswer(long millis) throws InterruptedException {
            return answers.poll(millis, TimeUnit.MILLISECONDS);
        }

        public boolean awaitClosed() throws InterruptedException {
            return closedLatch.await(2, TimeUnit.SECONDS);
        }

        public boolean isClosed() {
            return closed.get();
        }

        public int closeCalls() {
            return closeCalls.get();
        }
    }
}
