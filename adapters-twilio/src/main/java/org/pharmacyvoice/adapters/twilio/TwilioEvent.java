package org.pharmacyvoice.adapters.twilio;

import java.util.Map;

/** The messages Twilio sends on a Media Streams WebSocket. */
sealed interface TwilioEvent {

    /** First message: the protocol Twilio speaks. */
    record Connected(String protocol, String version) implements TwilioEvent {
    }

    /** The stream started; carries the call's identifiers, our TwiML parameters and the audio format. */
    record Start(String streamSid, String callSid, String accountSid, Map<String, String> customParameters,
                 String encoding, int sampleRate, int channels) implements TwilioEvent {
    }

    /** A chunk of caller audio, already base64-decoded. */
    record Media(String streamSid, String track, byte[] audio) implements TwilioEvent {
    }

    /** The caller pressed a key: one of 0-9, *, # and A-D. */
    record Dtmf(String streamSid, String digit) implements TwilioEvent {
    }

    /** Audio sent before one of our marks has been played (or cleared). */
    record Mark(String streamSid, String name) implements TwilioEvent {
    }

    /** The stream ended: the call is over or was redirected. */
    record Stop(String streamSid) implements TwilioEvent {
    }

    /** An event name we don't know; ignored. */
    record Unknown(String event) implements TwilioEvent {
    }
}
