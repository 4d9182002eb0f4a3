package org.pharmacyvoice.domain.cascade;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.pharmacyvoice.domain.agent.AgentUnavailableException;
import org.pharmacyvoice.domain.cascade.port.out.Generation;
import org.pharmacyvoice.domain.cascade.port.out.Heard;
import org.pharmacyvoice.domain.cascade.port.out.LanguageModel;
import org.pharmacyvoice.domain.cascade.port.out.ModelEvent;
import org.pharmacyvoice.domain.cascade.port.out.ModelRequest;
import org.pharmacyvoice.domain.cascade.port.out.SpeechToText;
import org.pharmacyvoice.domain.cascade.port.out.Spoken;
import org.pharmacyvoice.domain.cascade.port.out.TextToSpeech;
import org.pharmacyvoice.domain.cascade.port.out.Transcription;
import org.pharmacyvoice.domain.cascade.port.out.Voice;

/** In-memory stand-ins for the three services, driven by the test. */
final class FakeServices {

    private FakeServices() {
    }

    /** Speech recognition whose events the test sends. */
    static final class Ears implements SpeechToText, Transcription {
        volatile Consumer<Heard> listener;
        final List<byte[]> audio = new CopyOnWriteArrayList<>();
        volatile boolean closed;
        volatile boolean refuse;

        @Override
        public Transcription listen(String callSid, Consumer<Heard> listener) throws AgentUnavailableException {
            if (refuse) {
                throw new AgentUnavailableException("listen refused");
            }
            this.listener = listener;
            return this;
        }

        void hear(Heard event) {
            listener.accept(event);
        }

        @Override
        public void sendAudio(byte[] mulaw) {
            audio.add(mulaw);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Speech synthesis that speaks each text at once: 533 bytes a character (about 15 characters a second). */
    static final class Mouth implements TextToSpeech, Voice {
        volatile Consumer<Spoken> listener;
        final List<String> said = new CopyOnWriteArrayList<>();
        volatile int hushes;
        volatile boolean closed;
        volatile boolean refuse;
        volatile boolean speakAtOnce = true;

        @Override
        public Voice voice(String callSid, Consumer<Spoken> listener) throws AgentUnavailableException {
            if (refuse) {
                throw new AgentUnavailableException("speak refused");
            }
            this.listener = listener;
            return this;
        }

        @Override
        public void say(String text) {
            said.add(text);
            if (speakAtOnce) {
                speak(text);
            }
        }

        void speak(String text) {
            listener.accept(new Spoken.Audio(new byte[text.length() * 533]));
            listener.accept(new Spoken.Done());
        }

        @Override
        public void hush() {
            hushes++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A language model whose replies the test writes, one generation at a time. */
    static final class Model implements LanguageModel {
        final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
        final List<Consumer<ModelEvent>> replies = new CopyOnWriteArrayList<>();
        final List<Boolean> cancelled = new CopyOnWriteArrayList<>();
        final List<List<ModelEvent>> scripted = new ArrayList<>();

        /** The next reply is written at once, as these events. */
        synchronized void willReply(ModelEvent... events) {
            scripted.add(List.of(events));
        }

        @Override
        public Generation reply(String callSid, ModelRequest request, Consumer<ModelEvent> listener) {
            requests.add(request);
            replies.add(listener);
            int index = cancelled.size();
            cancelled.add(false);
            List<ModelEvent> script;
            synchronized (this) {
                script = scripted.isEmpty() ? List.of() : scripted.remove(0);
            }
            script.forEach(listener);
            return () -> cancelled.set(index, true);
        }

        /** Writes more of the latest reply. */
        void write(ModelEvent event) {
            replies.get(replies.size() - 1).accept(event);
        }

        ModelRequest lastRequest() {
            return requests.get(requests.size() - 1);
        }
    }
}
