package org.pharmacyvoice.domain.cascade.port.out;

import java.util.function.Consumer;

/** Outbound port: a chat language model that streams its reply and may ask for the pharmacy's tools. */
public interface LanguageModel {

    /**
     * Starts the model's next reply to {@code request} and returns at once; the reply reaches {@code listener} in
     * order, one event at a time: text as it is written, then exactly one {@link ModelEvent.Finished} or
     * {@link ModelEvent.Failed} — unless it is cancelled first, after which nothing arrives.
     */
    Generation reply(String callSid, ModelRequest request, Consumer<ModelEvent> listener);
}
