package org.pharmacyvoice.domain.counter;

import java.time.Clock;
import org.pharmacyvoice.domain.counter.port.in.BrowseFormularyUseCase;
import org.pharmacyvoice.domain.counter.port.in.CancelOrderUseCase;
import org.pharmacyvoice.domain.counter.port.in.ChangeOrderStatusUseCase;
import org.pharmacyvoice.domain.counter.port.in.FindDrugUseCase;
import org.pharmacyvoice.domain.counter.port.in.ListOrdersUseCase;
import org.pharmacyvoice.domain.counter.port.in.LookUpOrderUseCase;
import org.pharmacyvoice.domain.counter.port.in.PlaceOrderUseCase;
import org.pharmacyvoice.domain.counter.port.out.Formulary;
import org.pharmacyvoice.domain.counter.port.out.OrderLedger;
import org.pharmacyvoice.domain.counter.port.out.Transactions;

/**
 * The pharmacy counter: everything callers and staff can do with drugs and orders, one use case per action, over
 * one formulary, one order ledger and one kind of unit of work. The phone tools and the staff API both come here.
 */
public record PharmacyCounter(
        FindDrugUseCase findDrug,
        BrowseFormularyUseCase browseFormulary,
        PlaceOrderUseCase placeOrder,
        CancelOrderUseCase cancelOrder,
        LookUpOrderUseCase lookUpOrder,
        ListOrdersUseCase listOrders,
        ChangeOrderStatusUseCase changeOrderStatus) {

    public static PharmacyCounter open(Formulary formulary, OrderLedger ledger, Transactions transactions,
                                       Clock clock) {
        var drugs = new DrugLookup(formulary);
        var cancellations = new Cancellations(formulary, ledger, transactions);
        var inquiries = new OrderInquiries(ledger);
        return new PharmacyCounter(drugs, drugs, new OrderTaking(drugs, formulary, ledger, transactions, clock),
                cancellations, inquiries, inquiries, new OrderProgress(ledger, transactions, cancellations));
    }
}
