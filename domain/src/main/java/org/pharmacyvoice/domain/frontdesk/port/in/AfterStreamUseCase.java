package org.pharmacyvoice.domain.frontdesk.port.in;

import java.util.Optional;
import org.pharmacyvoice.domain.telephony.AfterStream;
import org.pharmacyvoice.domain.telephony.Callback;
import org.pharmacyvoice.domain.telephony.DialOutcome;

/** Inbound port: what happens to a call after its media stream, asked by the phone network step by step. */
public interface AfterStreamUseCase {

    /** The stream of call {@code callSid} ended; {@code callerNumber} as the network knows it. */
    AfterStream afterStream(String callSid, String callerNumber);

    /** Ringing the pharmacist for call {@code callSid} ended with {@code outcome}. */
    AfterStream dialEnded(String callSid, DialOutcome outcome);

    /**
     * The caller of {@code callSid} left a voicemail ({@code recordingUrl} empty when they hung up before saying
     * anything) after being offered one for {@code reason}: a callback request for staff.
     */
    AfterStream voicemailLeft(String callSid, String callerNumber, Callback.Reason reason,
                              Optional<String> recordingUrl, int recordingSeconds);

    /** What the pharmacist hears before being connected to call {@code callSid}. */
    String whisper(String callSid);
}
