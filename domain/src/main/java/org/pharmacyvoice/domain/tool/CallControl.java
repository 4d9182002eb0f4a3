package org.pharmacyvoice.domain.tool;

/**
 * What a tool may ask of the call it serves: to end the agent's part of it once the agent's next reply has played,
 * handing the caller to the pharmacist or saying goodbye. Only the call's bridge acts on it.
 */
public interface CallControl {

    /** Nothing to control: a tool run outside a call, in a test say. */
    CallControl NONE = new CallControl() {
        @Override
        public boolean transferAfterReply(String reason) {
            return false;
        }

        @Override
        public boolean hangUpAfterReply() {
            return false;
        }
    };

    /** Hands the caller to the pharmacist after the agent's next reply; false if the call is ending anyway. */
    boolean transferAfterReply(String reason);

    /** Ends the call after the agent's next reply (its goodbye); false if the call is ending anyway. */
    boolean hangUpAfterReply();
}
