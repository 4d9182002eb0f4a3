package org.pharmacyvoice.domain.counter.port.out;

/**
 * The same agent request placed an order (or queued a refill) meanwhile: two runs of one tool call raced. The unit of
 * work that tried to write a second one is rolled back, and the first one is the answer.
 */
public final class ToolCallAlreadyOrdered extends RuntimeException {

    private final String toolCallId;

    public ToolCallAlreadyOrdered(String toolCallId, Throwable cause) {
        super("tool call " + toolCallId + " was carried out meanwhile", cause);
        this.toolCallId = toolCallId;
    }

    public String toolCallId() {
        return toolCallId;
    }
}
