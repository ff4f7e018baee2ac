-- The recommendation model (issue 12), rebuilt as a whole by Vault::rebuild_recommendations
-- from the personalisation-tagged product events of customers whose personalisation consent
-- stands: SKU pairs and their weights, and each SKU's category. No pseudonym, no subject, and
-- no pair fewer customers than the model's minimum made: nothing here names a person.
-- Same tables as migrations/sqlite/behaviour/0008_recommendations.sql.
CREATE TABLE item_pairs (
    sku       TEXT NOT NULL,
    other_sku TEXT NOT NULL,
    weight    BIGINT NOT NULL,
    PRIMARY KEY (sku, other_sku)
);

CREATE TABLE item_categories (
    sku      TEXT PRIMARY KEY,
    category TEXT NOT NULL
);
