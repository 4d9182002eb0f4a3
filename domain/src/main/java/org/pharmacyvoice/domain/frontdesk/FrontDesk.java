package org.pharmacyvoice.domain.frontdesk;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.frontdesk.port.in.AfterStreamUseCase;
import org.pharmacyvoice.domain.frontdesk.port.in.CallbacksUseCase;
import org.pharmacyvoice.domain.frontdesk.port.out.Callbacks;
import org.pharmacyvoice.domain.frontdesk.port.out.Handoffs;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.telephony.AfterStream;
import org.pharmacyvoice.domain.telephony.Callback;
import org.pharmacyvoice.domain.telephony.DialOutcome;
import org.pharmacyvoice.domain.telephony.Handoff;

/**
 * Where a call goes once the agent is done with it, as a front desk would decide: to the pharmacist while the
 * pharmacy is open and someone can answer, to the voicemail otherwise, and every message left becomes a callback for
 * staff. It reads the handoff the call's bridge kept, so any server can answer Twilio's next request.
 */
public final class FrontDesk implements AfterStreamUseCase, CallbacksUseCase {

    private static final System.Logger LOG = System.getLogger(FrontDesk.class.getName());
    /** What the pharmacist hears of a call whose handoff was lost (a crash between the two requests, say). */
    static final String UNKNOWN_CALL = "A caller from the pharmacy's phone line; no summary is available.";

    private final Handoffs handoffs;
    private final Callbacks callbacks;
    private final OpeningHours hours;
    private final FrontDeskSettings settings;
    private final Clock clock;

    public FrontDesk(Handoffs handoffs, Callbacks callbacks, OpeningHours hours, FrontDeskSettings settings,
                     Clock clock) {
        this.handoffs = Objects.requireNonNull(handoffs, "'handoffs' must not be null");
        this.callbacks = Objects.requireNonNull(callbacks, "'callbacks' must not be null");
        this.hours = Objects.requireNonNull(hours, "'hours' must not be null");
        this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    }

    @Override
    public AfterStream afterStream(String callSid, String callerNumber) {
        Optional<Handoff> handoff = handoffs.find(callSid);
        if (handoff.isEmpty()) {
            // The agent did not end the call on purpose: it failed, or the server went away mid-call.
            return new AfterStream.Fallback();
        }
        return switch (handoff.get().kind()) {
            case FINISHED -> new AfterStream.HangUp("");
            case TRANSFER -> transfer(handoff.get());
        };
    }

    private AfterStream transfer(Handoff handoff) {
        if (settings.pharmacistNumber().isEmpty()) {
            LOG.log(Level.INFO, "[{0}] transfer asked for, but no pharmacist number is set: voicemail",
                    handoff.callSid());
            return new AfterStream.Voicemail(settings.unansweredPrompt(), Callback.Reason.NO_PHARMACIST);
        }
        if (!hours.isOpen(clock.instant())) {
            LOG.log(Level.INFO, "[{0}] transfer asked for while the pharmacy is closed: voicemail", handoff.callSid());
            return new AfterStream.Voicemail(settings.closedPrompt(), Callback.Reason.CLOSED);
        }
        LOG.log(Level.INFO, "[{0}] transferring to the pharmacist", handoff.callSid());
        return new AfterStream.Transfer(settings.pharmacistNumber().get(), handoff.callSid(),
                handoff.announced() ? "" : settings.connecting());
    }

    @Override
    public AfterStream dialEnded(String callSid, DialOutcome outcome) {
        if (outcome.answered()) {
            return new AfterStream.HangUp("");
        }
        LOG.log(Level.INFO, "[{0}] the pharmacist did not take the call ({1}): voicemail", callSid, outcome);
        return new AfterStream.Voicemail(settings.unansweredPrompt(), Callback.Reason.NOBODY_ANSWERED);
    }

    @Override
    public AfterStream voicemailLeft(String callSid, String callerNumber, Callback.Reason reason,
                                     Optional<String> recordingUrl, int recordingSeconds) {
        String summary = handoffs.find(callSid).map(Handoff::summary).orElse(UNKNOWN_CALL);
        Callback callback = callbacks.add(callSid, callerNumber, summary, reason, recordingUrl,
                Math.max(0, recordingSeconds), clock.instant());
        LOG.log(Level.INFO, "[{0}] callback {1} filed ({2}, {3} s of message)", callSid,
                Long.toString(callback.id()), reason.code(), callback.recordingSeconds());
        return new AfterStream.HangUp(settings.thanks());
    }

    @Override
    public String whisper(String callSid) {
        return handoffs.find(callSid).map(Handoff::summary).orElse(UNKNOWN_CALL);
    }

    @Override
    public List<Callback> callbacks(boolean openOnly, int limit) {
        return callbacks.list(openOnly, limit);
    }

    @Override
    public boolean markCalledBack(long id) {
        return callbacks.close(id, clock.instant());
    }
}
