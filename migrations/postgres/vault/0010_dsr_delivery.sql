-- Which export answered an access (Art. 15) or portability (Art. 20) request, recorded when
-- the request is completed (service/dsr.rs): when it was delivered, in which format, and an
-- optional reference (a ticket or shipment number, checked like a reason: no personal data).
-- NULL for every other request. Same columns as migrations/sqlite/vault/0010_dsr_delivery.sql.

ALTER TABLE dsr_requests ADD COLUMN delivered_at_us BIGINT;
ALTER TABLE dsr_requests ADD COLUMN delivery_format TEXT
    CHECK (delivery_format IS NULL OR delivery_format IN ('json', 'csv'));
ALTER TABLE dsr_requests ADD COLUMN delivery_reference TEXT;
