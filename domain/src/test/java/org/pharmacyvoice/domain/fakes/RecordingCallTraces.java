package org.pharmacyvoice.domain.fakes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pharmacyvoice.domain.call.port.out.CallTraces;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;

/**
 * Writes down every span opened and closed, in order, each with every value the port was handed: the call's ids, a
 * tool's name, an ending or an outcome. What a tracer could ever export is in {@link #events()}.
 */
public final class RecordingCallTraces implements CallTraces {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public CallTrace callStarted(CallContext call) {
        String sid = call.callSid();
        events.add("call started " + sid + " " + call.streamSid());
        return new CallTrace() {
            @Override
            public void turnStarted() {
                events.add("turn started " + sid);
            }

            @Override
            public void turnEnded(TurnOutcome outcome) {
                events.add("turn ended " + sid + " " + outcome);
            }

            @Override
            public ToolRun toolStarted(String tool) {
                events.add("tool started " + sid + " " + tool);
                return outcome -> events.add("tool ended " + sid + " " + tool + " " + outcome);
            }

            @Override
            public void ended(CallEndReason reason) {
                events.add("call ended " + sid + " " + reason);
            }
        };
    }

    public List<String> events() {
        return List.copyOf(events);
    }
}
