package org.pharmacyvoice.domain.fakes;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.pharmacyvoice.domain.call.port.out.CallerLine;
import org.pharmacyvoice.domain.telephony.CallEndReason;

/** In-memory caller line: records everything the bridge plays, clears, marks and hangs up, in order. */
public final class RecordingCallerLine implements CallerLine {

    /** One thing the bridge did to the line. */
    public sealed interface Action {
        record Played(byte[] audio) implements Action {
        }

        record Cleared() implements Action {
        }

        record Marked(String name) implements Action {
        }

        record HungUp(CallEndReason reason) implements Action {
        }
    }

    private final List<Action> actions = new CopyOnWriteArrayList<>();
    private final AtomicInteger hangUps = new AtomicInteger();

    @Override
    public void play(byte[] mulaw) {
        actions.add(new Action.Played(mulaw.clone()));
    }

    @Override
    public void clearPlayback() {
        actions.add(new Action.Cleared());
    }

    @Override
    public void mark(String name) {
        actions.add(new Action.Marked(name));
    }

    @Override
    public void hangUp(CallEndReason reason) {
        // The action first: a test that saw the count go up finds the action too.
        actions.add(new Action.HungUp(reason));
        hangUps.incrementAndGet();
    }

    public List<Action> actions() {
        return List.copyOf(actions);
    }

    /** All audio played so far, concatenated. */
    public byte[] playedAudio() {
        var out = new ByteArrayOutputStream();
        for (Action action : actions) {
            if (action instanceof Action.Played played) {
                out.writeBytes(played.audio());
            }
        }
        return out.toByteArray();
    }

    public int hangUps() {
        return hangUps.get();
    }
}
