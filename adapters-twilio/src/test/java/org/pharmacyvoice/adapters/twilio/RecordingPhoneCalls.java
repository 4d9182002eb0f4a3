package org.pharmacyvoice.adapters.twilio;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.pharmacyvoice.domain.call.port.in.CallSession;
import org.pharmacyvoice.domain.call.port.in.PhoneCalls;
import org.pharmacyvoice.domain.call.port.out.CallerLine;
import org.pharmacyvoice.domain.telephony.Admission;
import org.pharmacyvoice.domain.telephony.CallContext;
import org.pharmacyvoice.domain.telephony.CallEndReason;

/** Stands in for the domain: records each answered call and everything the adapter reports about it. */
final class RecordingPhoneCalls implements PhoneCalls {

    private final LinkedBlockingQueue<AnsweredCall> answered = new LinkedBlockingQueue<>();
    volatile Admission admission = Admission.OPEN;

    @Override
    public Admission admitNewCall() {
        return admission;
    }
    private final List<String> statusReports = new CopyOnWriteArrayList<>();

    @Override
    public CallSession answer(CallContext call, CallerLine line) {
        var session = new AnsweredCall(call, line);
        answered.add(session);
        return session;
    }

    @Override
    public void statusReported(String callSid, String status, OptionalInt durationSeconds) {
        statusReports.add(callSid + " " + status + " " + durationSeconds);
    }

    /** Each status report as "CallSid status OptionalInt[seconds]". */
    List<String> statusReports() {
        return List.copyOf(statusReports);
    }

    AnsweredCall awaitCall() throws InterruptedException {
        AnsweredCall call = answered.poll(5, TimeUnit.SECONDS);
        if (call == null) {
            throw new AssertionError("no call was answered");
        }
        return call;
    }

    boolean noCallWithin(long millis) throws InterruptedException {
        return answered.poll(millis, TimeUnit.MILLISECONDS) == null;
    }

    /** One answered call as the adapter drives it. */
    static final class AnsweredCall implements CallSession {
        final CallContext context;
        final CallerLine line;
        private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
        private final List<String> digits = new CopyOnWriteArrayList<>();
        private final List<String> marks = new CopyOnWriteArrayList<>();
        private final LinkedBlockingQueue<CallEndReason> endings = new LinkedBlockingQueue<>();

        AnsweredCall(CallContext context, CallerLine line) {
            this.context = context;
            this.line = line;
        }

        @Override
        public synchronized void callerAudio(byte[] mulaw) {
            audio.writeBytes(mulaw);
        }

        @Override
        public void callerPressed(String digit) {
            digits.add(digit);
        }

        @Override
        public void markPlayed(String name) {
            marks.add(name);
        }

        @Override
        public void ended(CallEndReason reason) {
            endings.add(reason);
        }

        synchronized byte[] audio() {
            return audio.toByteArray();
        }

        byte[] awaitAudio(int bytes) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (audio().length < bytes && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            return audio();
        }

        List<String> digits() {
            return List.copyOf(digits);
        }

        List<String> marks() {
            return List.copyOf(marks);
        }

        CallEndReason awaitEnding() throws InterruptedException {
            CallEndReason reason = endings.poll(5, TimeUnit.SECONDS);
            if (reason == null) {
                throw new AssertionError("the call was not ended");
            }
            return reason;
        }

        int endingsSoFar() {
            return endings.size();
        }
    }
}
