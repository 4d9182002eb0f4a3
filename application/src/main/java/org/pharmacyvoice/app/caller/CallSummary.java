package org.pharmacyvoice.app.caller;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a simulated call went.
 *
 * @param callSid the call's SID, as in the server's records and logs
 * @param endReason the end reason from the server's records (e.g. {@code caller_hung_up}), if it was recorded in time
 * @param length from the first frame to hanging up (or the server closing)
 * @param framesSent 20 ms frames sent, speech and silence
 * @param agentAudioPlayed bytes of agent speech played (8000 a second)
 * @param agentAudioDropped bytes of agent speech dropped by barge-in
 * @param savedTo the WAV file holding what the caller heard
 */
public record CallSummary(String callSid, Optional<String> endReason, Duration length, int framesSent,
                          long agentAudioPlayed, long agentAudioDropped, Path savedTo) {
}
