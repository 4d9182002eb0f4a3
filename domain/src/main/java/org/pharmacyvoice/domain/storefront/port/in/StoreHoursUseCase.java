package org.pharmacyvoice.domain.storefront.port.in;

import org.pharmacyvoice.domain.pharmacy.StoreHours;

/** Inbound port: a caller asks when the pharmacy is open; nothing about any patient. */
public interface StoreHoursUseCase {

    /** The hours as they stand right now: today, open or not, until when, when next, the week. */
    StoreHours storeHours();
}
