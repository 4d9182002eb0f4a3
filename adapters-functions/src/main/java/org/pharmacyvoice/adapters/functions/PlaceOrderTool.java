package org.pharmacyvoice.adapters.functions;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.tool.BusinessTool;
import org.pharmacyvoice.domain.tool.ToolArguments;
import org.pharmacyvoice.domain.tool.ToolContext;
import org.pharmacyvoice.domain.tool.ToolParameter;
import org.pharmacyvoice.domain.tool.ToolResult;
import org.pharmacyvoice.domain.tool.ToolSpec;

/**
 * place_order: reserves stock and writes a pending pickup order in one transaction; a repeated tool call returns
 * the order it already placed instead of placing a second one.
 */
final class PlaceOrderTool implements BusinessTool {

    static final String PRESCRIPTION_NOTE = "Prescription required: a pharmacist must verify a valid prescription "
            + "before this order can be filled.";
    static final String PICKUP_NOTE = "Pharmacy staff will prepare the order; the caller can pick it up once it "
            + "is marked ready.";

    private static final System.Logger LOG = System.getLogger(PlaceOrderTool.class.getName());

    private static final ToolSpec SPEC = ToolSpec.of("place_order",
                    "Place a pickup order for one drug from this pharmacy's formulary and reserve the stock. Call it "
                            + "only after the caller has confirmed their name, the drug and the quantity. Orders start "
                            + "as 'pending'; prescription-only drugs are accepted but must be verified by a pharmacist "
                            + "before they are filled, which the answer's note says. Tell the caller the order number "
                            + "and the total price from the answer.",
                    ToolParameter.text("customer_name", "The caller's full name for the pickup, as they gave it.")
                            .maxLength(100),
                    ToolParameter.text("drug_name",
                                    "The drug's generic or brand name, exactly as confirmed with the caller, "
                                            + "without strength or form.")
                            .maxLength(100),
                    ToolParameter.integer("quantity", "Number of packs; 1 if the caller did not say.")
                            .between(1, 100)
                            .optional())
            .deferredUntilEndOfTurn();

    private final Jdbi jdbi;
    private final DrugCatalog catalog;
    private final Clock clock;

    PlaceOrderTool(Jdbi jdbi, DrugCatalog catalog, Clock clock) {
        this.jdbi = jdbi;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        Optional<String> toolCallId = Optional.of(context.toolCallId()).filter(id -> !id.isBlank());
        Optional<Order> earlier = toolCallId.flatMap(id -> jdbi.withHandle(h -> new OrderBook(h).placedByToolCall(id)));
        if (earlier.isPresent()) {
            return ToolAnswers.order(earlier.get());
        }
        int quantity = Math.toIntExact(arguments.optionalInteger("quantity").orElse(1L));
        return switch (catalog.find(arguments.text("drug_name"))) {
            case DrugMatch.Unknown unknown -> ToolAnswers.unknownDrug(unknown);
            case DrugMatch.Found found -> {
                var order = new OrderBook.NewOrder(arguments.text("customer_name").strip(),
                        CallerId.of(context.call()).number(), found.drug().id(), quantity, found.drug().price(),
                        found.drug().prescriptionRequired() ? PRESCRIPTION_NOTE : PICKUP_NOTE, clock.instant(),
                        toolCallId);
                yield place(order, found.drug(), context);
            }
        };
    }

    private ToolResult place(OrderBook.NewOrder order, Drug drug, ToolContext context) {
        try {
            return jdbi.inTransaction(handle -> {
                var formulary = new FormularyTables(handle);
                var orders = new OrderBook(handle);
                if (!formulary.reserve(drug.id(), order.quantity())) {
                    // A repeat of this very call may have just taken the last packs: then its order is the answer.
                    return order.toolCallId().flatMap(orders::placedByToolCall)
                            .<ToolResult>map(ToolAnswers::order)
                            .orElseGet(() -> notEnoughStock(drug, order.quantity(), formulary.stockOnHand(drug.id())));
                }
                Order placed = orders.add(order);
                LOG.log(Level.INFO, "[{0}] order {1} placed: {2} x {3}", context.call().callSid(), placed.id(),
                        placed.quantity(), placed.drugName());
                return ToolAnswers.order(placed);
            });
        } catch (RuntimeException e) {
            // The same tool call, run twice at once, lost the race to insert: answer with the winner's order.
            if (order.toolCallId().isPresent() && OrderBook.isDuplicateToolCall(e)) {
                Optional<Order> winner = jdbi.withHandle(h -> new OrderBook(h).placedByToolCall(order.toolCallId().get()));
                if (winner.isPresent()) {
                    return ToolAnswers.order(winner.get());
                }
            }
            throw e;
        }
    }

    private static ToolResult notEnoughStock(Drug drug, int wanted, int onShelf) {
        if (onShelf == 0) {
            return ToolResult.failure(capitalized(drug.genericName()) + " is out of stock, so no order was placed.",
                    "Tell the caller it is out of stock; offer to help with something else or to have a pharmacist "
                            + "call back about alternatives.");
        }
        return ToolResult.failure("Only " + onShelf + " " + (onShelf == 1 ? "pack" : "packs") + " of "
                        + drug.genericName() + " in stock, not " + wanted + ", so no order was placed.",
                "Ask the caller whether they want " + onShelf + " instead.");
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
