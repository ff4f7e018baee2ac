//! The recommendation model's tables (`item_pairs`, `item_categories`, behaviour store,
//! migration 0008) and the product events that feed it and answer a request. The model holds
//! SKUs and weights only; the events are read per pseudonym and never leave the service.

use sqlx::Row;

use super::positional::{numbered, EngineSql};
use super::{on_db, BehaviourStore, EventScope, StoreError};
use crate::domain::recommendations::{ItemPair, ProductEvent};

/// Rows per `INSERT` when the model is written (three values each).
const INSERT_ROWS: usize = 300;

/// The `sku` property of an event's stored properties, if it has one.
fn sku_of(properties: &str) -> Option<String> {
    serde_json::from_str::<serde_json::Value>(properties)
        .ok()?
        .get("sku")?
        .as_str()
        .map(str::to_owned)
}

impl BehaviourStore {
    /// Up to `limit` pseudonyms that have events `purpose` may see (its aggregates exist), in
    /// pseudonym order after `after`.
    pub async fn purpose_pseudonyms(
        &self,
        purpose: &str,
        after: Option<&[u8]>,
        limit: i64,
    ) -> Result<Vec<Vec<u8>>, StoreError> {
        on_db!(self.db(), pool => {
            let rows = sqlx::query(
                "SELECT pseudonym FROM purpose_profiles WHERE purpose = $1 \
                 AND ($2 IS NULL OR pseudonym > $2) ORDER BY pseudonym LIMIT $3",
            )
            .bind(purpose)
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| r.try_get::<Vec<u8>, _>("pseudonym"))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// The newest `per_pseudonym` events of `types` of each of `pseudonyms` that `scope` may
    /// see, as (pseudonym, event), each pseudonym's oldest first. `+ 0` and `|| ''` keep the
    /// type and time terms from using the retention index `(event_type, occurred_at_us)`,
    /// which SQLite otherwise prefers, scanning every customer's events of those types (3 s
    /// per page on the 100,000-customer demo vault): each pseudonym is a range of its own.
    pub async fn product_events(
        &self,
        pseudonyms: &[Vec<u8>],
        types: &[String],
        scope: &EventScope,
        per_pseudonym: i64,
    ) -> Result<Vec<(Vec<u8>, ProductEvent)>, StoreError> {
        if pseudonyms.is_empty() || types.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT pseudonym, event_type, channel, occurred_at_us, properties, category FROM \
             (SELECT pseudonym, event_type, channel, occurred_at_us, properties, category, \
             ROW_NUMBER() OVER (PARTITION BY pseudonym ORDER BY occurred_at_us DESC, id DESC) \
             AS rn FROM events WHERE purposes LIKE CAST($1 AS TEXT) ESCAPE '!' AND occurred_at_us + 0 >= $2 \
             AND event_type || '' IN ({}) AND pseudonym IN ({})) x \
             WHERE rn <= $3 ORDER BY pseudonym, rn DESC",
            numbered(4, types.len()),
            numbered(4 + types.len(), pseudonyms.len())
        );
        on_db!(self.db(), pool => {
            let mut query = pool.dynamic_query(&sql)
                .bind(scope.pattern())
                .bind(scope.since_us())
                .bind(per_pseudonym);
            for t in types {
                query = query.bind(t);
            }
            for p in pseudonyms {
                query = query.bind(p.as_slice());
            }
            let rows = query.fetch_all(pool).await?;
            rows.iter()
                .map(|r| {
                    let properties: String = r.try_get("properties")?;
                    Ok((
                        r.try_get("pseudonym")?,
                        ProductEvent {
                            event_type: r.try_get("event_type")?,
                            channel: r.try_get("channel")?,
                            occurred_at_us: r.try_get("occurred_at_us")?,
                            sku: sku_of(&properties),
                            category: r.try_get("category")?,
                        },
                    ))
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// The model's pairs (sku, other SKU, weight) of the given SKUs.
    pub async fn item_pairs(&self, skus: &[String]) -> Result<Vec<ItemPair>, StoreError> {
        if skus.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT sku, other_sku, weight FROM item_pairs WHERE sku IN ({})",
            numbered(1, skus.len())
        );
        on_db!(self.db(), pool => {
            let mut query = pool.dynamic_query(&sql);
            for s in skus {
                query = query.bind(s);
            }
            let rows = query.fetch_all(pool).await?;
            rows.iter()
                .map(|r| Ok((r.try_get("sku")?, r.try_get("other_sku")?, r.try_get("weight")?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// The model's category of each of the given SKUs that has one.
    pub async fn item_categories(
        &self,
        skus: &[String],
    ) -> Result<Vec<(String, String)>, StoreError> {
        if skus.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT sku, category FROM item_categories WHERE sku IN ({})",
            numbered(1, skus.len())
        );
        on_db!(self.db(), pool => {
            let mut query = pool.dynamic_query(&sql);
            for s in skus {
                query = query.bind(s);
            }
            let rows = query.fetch_all(pool).await?;
            rows.iter()
                .map(|r| Ok((r.try_get("sku")?, r.try_get("category")?)))
                .collect::<Result<Vec<_>, sqlx::Error>>()
                .map_err(StoreError::from)
        })
    }

    /// Replaces the whole model in one transaction: a request sees the old model or the new
    /// one, never half of each (two instances rebuilding at once: the last commit wins).
    pub async fn replace_recommendation_model(
        &self,
        pairs: &[ItemPair],
        categories: &[(String, String)],
    ) -> Result<(), StoreError> {
        on_db!(self.db(), pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM item_pairs").execute(&mut *tx).await?;
            sqlx::query("DELETE FROM item_categories").execute(&mut *tx).await?;
            for chunk in pairs.chunks(INSERT_ROWS) {
                let values: Vec<String> = (0..chunk.len())
                    .map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
                    .collect();
                let sql = format!(
                    "INSERT INTO item_pairs (sku, other_sku, weight) VALUES {}",
                    values.join(", ")
                );
                let mut query = pool.dynamic_query(&sql);
                for (sku, other, weight) in chunk {
                    query = query.bind(sku).bind(other).bind(*weight);
                }
                query.execute(&mut *tx).await?;
            }
            for chunk in categories.chunks(INSERT_ROWS) {
                let values: Vec<String> = (0..chunk.len())
                    .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
                    .collect();
                let sql = format!(
                    "INSERT INTO item_categories (sku, category) VALUES {}",
                    values.join(", ")
                );
                let mut query = pool.dynamic_query(&sql);
                for (sku, category) in chunk {
                    query = query.bind(sku).bind(category);
                }
                query.execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::sku_of;

    #[test]
    fn the_sku_comes_from_the_properties() {
        assert_eq!(
            sku_of(r#"{"sku":"SH-1","category":"shoes"}"#).as_deref(),
            Some("SH-1")
        );
        assert_eq!(sku_of(r#"{"order_id":"O-1"}"#), None);
        assert_eq!(sku_of("not json"), None);
    }
}
