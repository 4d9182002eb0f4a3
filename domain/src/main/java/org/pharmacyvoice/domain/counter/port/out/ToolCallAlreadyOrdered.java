package org.pharmacyvoice.domain.counter.port.out;

/**
 * The same agent request placed an order meanwhile (two runs of one tool call raced): the unit of work that tried to
 * write a second one is rolled back, and the first one is the answer.
 */
public final class ToolCallAlreadyOrdered extends RuntimeException {

    private final String toolCallId;

    public ToolCallAlreadyOrdered(String toolCallId, Throwable cause) {
        super("an order for tool call " + toolCallId + " was placed meanwhile", cause);
        this.toolCallId = toolCallId;
    }

    public String toolCallId() {
        return toolCallId;
    }
}
