package org.pharmacyvoice.adapters.functions;

import java.util.List;
import org.pharmacyvoice.domain.counter.PharmacyCounter;
import org.pharmacyvoice.domain.tool.BusinessTool;

/** The pharmacy's tools, ready to register: each one turns the agent's arguments into one use case of the counter. */
public final class PharmacyTools {

    private PharmacyTools() {
    }

    /** get_drug_info, place_order, lookup_order, find_my_orders and cancel_order, in that order. */
    public static List<BusinessTool> create(PharmacyCounter counter) {
        return List.of(
                new GetDrugInfoTool(counter.findDrug()),
                new PlaceOrderTool(counter.placeOrder()),
                new LookupOrderTool(counter.lookUpOrder()),
                new FindMyOrdersTool(counter.listOrders()),
                new CancelOrderTool(counter.cancelOrder()));
    }
}
