package org.pharmacyvoice.adapters.functions;

import java.time.ZoneId;
import java.util.List;
import org.pharmacyvoice.domain.counter.PharmacyCounter;
import org.pharmacyvoice.domain.dispensary.Dispensary;
import org.pharmacyvoice.domain.outbound.port.in.CallErrandUseCase;
import org.pharmacyvoice.domain.storefront.port.in.StoreHoursUseCase;
import org.pharmacyvoice.domain.tool.BusinessTool;

/**
 * The pharmacy's tools, ready to register: each one turns the agent's arguments into one use case of the counter,
 * the dispensary, the storefront or the errand of a call the pharmacy placed.
 */
public final class PharmacyTools {

    private PharmacyTools() {
    }

    /**
     * verify_caller, get_drug_info, place_order, request_refill, refill_status, list_prescriptions, lookup_order,
     * find_my_orders, cancel_order, store_hours, read_message and stop_calls, in that order; times are spoken in
     * {@code zone} (the pharmacy's). The last two serve the pharmacy's own calls through {@code errands}.
     */
    public static List<BusinessTool> create(PharmacyCounter counter, Dispensary dispensary,
                                            StoreHoursUseCase storefront, CallErrandUseCase errands, ZoneId zone) {
        var answers = new DispensaryAnswers(zone);
        return List.of(
                new VerifyCallerTool(dispensary.verifyCaller(), answers),
                new GetDrugInfoTool(counter.findDrug()),
                new PlaceOrderTool(counter.placeOrder()),
                new RequestRefillTool(dispensary.requestRefill(), answers),
                new RefillStatusTool(dispensary.checkRefill(), answers),
                new ListPrescriptionsTool(dispensary.listPrescriptions()),
                new LookupOrderTool(counter.lookUpOrder()),
                new FindMyOrdersTool(counter.listOrders()),
                new CancelOrderTool(counter.cancelOrder()),
                new StoreHoursTool(storefront),
                new ReadMessageTool(errands),
                new StopCallsTool(errands));
    }
}
