package org.pharmacyvoice.domain.cascade;

import java.util.Objects;
import java.util.concurrent.Executor;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.agent.AgentListener;
import org.pharmacyvoice.domain.agent.AgentSession;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.agent.VoiceAgent;
import org.pharmacyvoice.domain.cascade.port.out.LanguageModel;
import org.pharmacyvoice.domain.cascade.port.out.SpeechToText;
import org.pharmacyvoice.domain.cascade.port.out.TextToSpeech;
import org.pharmacyvoice.domain.cascade.port.out.Transcription;
import org.pharmacyvoice.domain.cascade.port.out.Voice;
import org.pharmacyvoice.domain.telephony.CallContext;

/**
 * A voice agent the server assembles from three services of its choosing — speech recognition, a language model
 * with tool calling, speech synthesis — for a pharmacy that must keep health data with a model under its own
 * agreement, and as the standby when the Deepgram Voice Agent is down. The bridge cannot tell it from the other:
 * it produces the same {@link org.pharmacyvoice.domain.agent.AgentEvent}s.
 */
public final class CascadedAgent implements VoiceAgent {

    /** How the metrics name this agent. */
    public static final String NAME = "cascaded";

    private final SpeechToText ears;
    private final LanguageModel model;
    private final TextToSpeech mouth;
    private final CascadeSettings settings;
    private final Executor threads;

    /** An agent whose conversations each run on virtual threads. */
    public CascadedAgent(SpeechToText ears, LanguageModel model, TextToSpeech mouth, CascadeSettings settings) {
        this(ears, model, mouth, settings, task -> Thread.ofVirtual().name("cascaded-agent").start(task));
    }

    CascadedAgent(SpeechToText ears, LanguageModel model, TextToSpeech mouth, CascadeSettings settings,
                  Executor threads) {
        this.ears = Objects.requireNonNull(ears, "'ears' must not be null");
        this.model = Objects.requireNonNull(model, "'model' must not be null");
        this.mouth = Objects.requireNonNull(mouth, "'mouth' must not be null");
        this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
        this.threads = Objects.requireNonNull(threads, "'threads' must not be null");
    }

    @Override
    public AgentSession connect(CallContext call, AgentBriefing briefing, AgentListener listener)
            throws AgentUnavailableException {
        var conversation = new CascadedConversation(call.callSid(), briefing, listener, model, settings,
                new Mailbox(threads));
        Transcription listening = ears.listen(call.callSid(), conversation::heard);
        Voice voice;
        try {
            voice = mouth.voice(call.callSid(), conversation::spoken);
        } catch (AgentUnavailableException | RuntimeException e) {
            listening.close();
            throw e;
        }
        conversation.start(listening, voice);
        return conversation;
    }
}
