package org.pharmacyvoice.domain.counter;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.pharmacyvoice.domain.counter.port.in.FindDrugUseCase;
import org.pharmacyvoice.domain.counter.port.in.PlaceOrderUseCase;
import org.pharmacyvoice.domain.counter.port.out.Formulary;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.counter.port.out.ToolCallAlreadyOrdered;
import org.pharmacyvoice.domain.counter.port.out.Transactions;
import org.pharmacyvoice.domain.pharmacy.CallerId;
import org.pharmacyvoice.domain.pharmacy.Drug;
import org.pharmacyvoice.domain.pharmacy.DrugMatch;
import org.pharmacyvoice.domain.pharmacy.NewOrder;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderPlacement;

/**
 * Takes a caller's order for an over-the-counter drug: the packs come off the shelf and the pending order is written
 * in one unit of work, or neither; the same agent request never places two orders, however often it is repeated or
 * raced. Prescription-only drugs are never ordered by phone: they are refilled from the caller's own prescription.
 */
public final class OrderTaking implements PlaceOrderUseCase {

    public static final String PICKUP_NOTE = "Pharmacy staff will prepare the order; the caller can pick it up once it "
            + "is marked ready.";

    private static final System.Logger LOG = System.getLogger(OrderTaking.class.getName());

    private final FindDrugUseCase drugs;
    private final Formulary formulary;
    private final OrderLedger ledger;
    private final Transactions transactions;
    private final Clock clock;

    public OrderTaking(FindDrugUseCase drugs, Formulary formulary, OrderLedger ledger, Transactions transactions,
                       Clock clock) {
        this.drugs = Objects.requireNonNull(drugs, "'drugs' must not be null");
        this.formulary = Objects.requireNonNull(formulary, "'formulary' must not be null");
        this.ledger = Objects.requireNonNull(ledger, "'ledger' must not be null");
        this.transactions = Objects.requireNonNull(transactions, "'transactions' must not be null");
        this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    }

    @Override
    public OrderPlacement placeOrder(PlaceOrder command) {
        Optional<String> toolCallId = Optional.of(command.toolCallId()).filter(id -> !id.isBlank());
        Optional<Order> earlier = toolCallId.flatMap(ledger::placedByToolCall);
        if (earlier.isPresent()) {
            return new OrderPlacement.Placed(earlier.get());
        }
        return switch (drugs.findDrug(command.drugName())) {
            case DrugMatch.Unknown unknown -> new OrderPlacement.UnknownDrug(unknown);
            case DrugMatch.Found found -> place(command, found.drug(), toolCallId);
        };
    }

    private OrderPlacement place(PlaceOrder command, Drug drug, Optional<String> toolCallId) {
        if (drug.prescriptionRequired()) {
            return new OrderPlacement.PrescriptionOnly(drug);
        }
        var order = new NewOrder(command.customerName().strip(), CallerId.of(command.call()).number(), drug.id(),
                command.quantity(), drug.price(), PICKUP_NOTE, clock.instant(), toolCallId);
        try {
            return transactions.inTransaction(() -> {
                if (!formulary.reserve(drug.id(), order.quantity())) {
                    // A repeat of this very request may have just taken the last packs: then its order is the answer.
                    return toolCallId.flatMap(ledger::placedByToolCall)
                            .<OrderPlacement>map(OrderPlacement.Placed::new)
                            .orElseGet(() -> new OrderPlacement.NotEnoughStock(drug, order.quantity(),
                                    formulary.stockOnHand(drug.id())));
                }
                Order placed = ledger.add(order);
                // The drug is health information: not for the INFO log.
                LOG.log(Level.INFO, "[{0}] order {1} placed: {2} packs", command.call().callSid(),
                        Long.toString(placed.id()), placed.quantity());
                return new OrderPlacement.Placed(placed);
            });
        } catch (ToolCallAlreadyOrdered raced) {
            // The same request, run twice at once, lost the race to write its order: the winner's is the answer.
            return ledger.placedByToolCall(raced.toolCallId())
                    .<OrderPlacement>map(OrderPlacement.Placed::new)
                    .orElseThrow(() -> raced);
        }
    }
}
