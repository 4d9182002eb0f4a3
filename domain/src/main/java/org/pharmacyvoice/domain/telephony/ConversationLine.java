package org.pharmacyvoice.domain.telephony;

import java.util.Objects;

/** One line of the transcript, as the voice agent heard or said it. */
public record ConversationLine(Speaker speaker, String text) {

    public ConversationLine {
        Objects.requireNonNull(speaker, "'speaker' must not be null");
        text = text == null ? "" : text;
    }
}
