//! A bounded cache of unwrapped data keys in front of any [`KeyProvider`], so that an external
//! key service is not asked on every read (issue 15).
//!
//! Entries are keyed by (subject id, SHA-256 of the wrapped key's version and bytes): a key
//! is only found by presenting the wrapped key it came from, and every path that unwraps
//! reads that wrapped key from the subject's row in the same request (`subjects.rs`,
//! `identity.rs`, `export_all.rs`, `retention.rs`, `keys.rs`). Erasure deletes the row, so once
//! a subject is erased — on this instance or another one on the same database — no read
//! reaches the cache for it, and a cached key left behind on another instance is unusable;
//! it is wiped when it ages out. The erasing instance wipes its own entries at once
//! ([`KeyProvider::forget`]). Rotation writes a new wrapped key: the old entry ages out.
//!
//! Least recently used entries are evicted beyond the capacity. Every `DataKey` wipes itself
//! on drop, so eviction, `forget`, `clear` (at shutdown) and dropping the cache all zeroize.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use prometheus::IntCounter;
use ring::digest;

use super::provider::{KeyFuture, KeyProvider, KeyVersions, WrappedKey};
use super::DataKey;
use crate::domain::SubjectId;

type Key = (SubjectId, [u8; 32]);

/// The `/metrics` counters of the cache.
#[derive(Clone)]
pub struct CacheCounters {
    pub hits: IntCounter,
    pub misses: IntCounter,
}

struct Entry {
    dek: DataKey,
    tick: u64,
}

#[derive(Default)]
struct Lru {
    entries: HashMap<Key, Entry>,
    /// Last use → key; the first is the least recently used.
    order: BTreeMap<u64, Key>,
    tick: u64,
}

impl Lru {
    fn get(&mut self, key: &Key) -> Option<DataKey> {
        self.tick += 1;
        let tick = self.tick;
        let entry = self.entries.get_mut(key)?;
        self.order.remove(&entry.tick);
        entry.tick = tick;
        self.order.insert(tick, *key);
        Some(entry.dek.duplicate())
    }

    fn put(&mut self, key: Key, dek: DataKey, capacity: usize) {
        self.tick += 1;
        let tick = self.tick;
        if let Some(old) = self.entries.insert(key, Entry { dek, tick }) {
            self.order.remove(&old.tick);
        }
        self.order.insert(tick, key);
        while self.entries.len() > capacity {
            let Some((_, oldest)) = self.order.pop_first() else {
                break;
            };
            // Dropped here: the key wipes itself.
            self.entries.remove(&oldest);
        }
    }

    fn forget(&mut self, subject: &SubjectId) {
        let order = &mut self.order;
        self.entries.retain(|(s, _), e| {
            let keep = s != subject;
            if !keep {
                order.remove(&e.tick);
            }
            keep
        });
    }

    fn clear(&mut self) {
        self.entries.clear();
        self.order.clear();
    }
}

/// A [`KeyProvider`] that remembers up to `capacity` unwrapped data keys (see the module
/// documentation). Wraps, rewraps and versions go straight to the inner provider.
pub struct CachingKeyProvider {
    inner: Arc<dyn KeyProvider>,
    capacity: usize,
    lru: Mutex<Lru>,
    counters: CacheCounters,
}

impl CachingKeyProvider {
    pub fn new(inner: Arc<dyn KeyProvider>, capacity: usize, counters: CacheCounters) -> Self {
        Self {
            inner,
            capacity,
            lru: Mutex::new(Lru::default()),
            counters,
        }
    }

    /// How many keys are held now.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Lru> {
        // A panic while holding the lock leaves a consistent map (no await inside).
        self.lru.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn cache_key(subject: &SubjectId, wrapped: &WrappedKey) -> Key {
    let mut ctx = digest::Context::new(&digest::SHA256);
    ctx.update(&wrapped.version.0.to_be_bytes());
    ctx.update(&wrapped.bytes);
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    (*subject, out)
}

impl KeyProvider for CachingKeyProvider {
    fn versions(&self) -> KeyFuture<'_, KeyVersions> {
        self.inner.versions()
    }

    fn identity(&self) -> String {
        self.inner.identity()
    }

    fn wrap<'a>(&'a self, subject: &'a SubjectId, dek: &'a DataKey) -> KeyFuture<'a, WrappedKey> {
        Box::pin(async move {
            let wrapped = self.inner.wrap(subject, dek).await?;
            // The first read of a new subject needs no call.
            self.lock()
                .put(cache_key(subject, &wrapped), dek.duplicate(), self.capacity);
            Ok(wrapped)
        })
    }

    fn unwrap<'a>(
        &'a self,
        subject: &'a SubjectId,
        wrapped: &'a WrappedKey,
    ) -> KeyFuture<'a, DataKey> {
        Box::pin(async move {
            let key = cache_key(subject, wrapped);
            if let Some(dek) = self.lock().get(&key) {
                self.counters.hits.inc();
                return Ok(dek);
            }
            self.counters.misses.inc();
            let dek = self.inner.unwrap(subject, wrapped).await?;
            self.lock().put(key, dek.duplicate(), self.capacity);
            Ok(dek)
        })
    }

    fn rewrap<'a>(
        &'a self,
        subject: &'a SubjectId,
        wrapped: &'a WrappedKey,
    ) -> KeyFuture<'a, WrappedKey> {
        self.inner.rewrap(subject, wrapped)
    }

    fn forget(&self, subject: &SubjectId) {
        self.lock().forget(subject);
        self.inner.forget(subject);
    }

    fn clear(&self) {
        self.lock().clear();
        self.inner.clear();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;

    use super::*;
    use crate::crypto::{KeyRing, LocalKeyProvider};

    /// The local provider, counting unwraps.
    struct Counting {
        inner: LocalKeyProvider,
        unwraps: AtomicUsize,
    }

    impl KeyProvider for Counting {
        fn versions(&self) -> KeyFuture<'_, KeyVersions> {
            self.inner.versions()
        }
        fn identity(&self) -> String {
            self.inner.identity()
        }
        fn wrap<'a>(
            &'a self,
            subject: &'a SubjectId,
            dek: &'a DataKey,
        ) -> KeyFuture<'a, WrappedKey> {
            self.inner.wrap(subject, dek)
        }
        fn unwrap<'a>(
            &'a self,
            subject: &'a SubjectId,
            wrapped: &'a WrappedKey,
        ) -> KeyFuture<'a, DataKey> {
            self.unwraps.fetch_add(1, Ordering::SeqCst);
            self.inner.unwrap(subject, wrapped)
        }
    }

    fn setup(capacity: usize) -> (Arc<Counting>, CachingKeyProvider, CacheCounters) {
        let ring = KeyRing::parse(&format!("k1:{}\n", STANDARD.encode([1u8; 32]))).unwrap();
        let inner = Arc::new(Counting {
            inner: LocalKeyProvider::new(&ring).unwrap(),
            unwraps: AtomicUsize::new(0),
        });
        let counters = CacheCounters {
            hits: IntCounter::new("h", "h").unwrap(),
            misses: IntCounter::new("m", "m").unwrap(),
        };
        let cache = CachingKeyProvider::new(inner.clone(), capacity, counters.clone());
        (inner, cache, counters)
    }

    #[actix_web::test]
    async fn a_wrapped_key_is_unwrapped_once_then_served_from_the_cache() {
        let (inner, cache, counters) = setup(10);
        let subject = SubjectId::generate();
        let dek = DataKey::generate().unwrap();
        let wrapped = inner.inner.wrap(&subject, &dek).await.unwrap();
        for _ in 0..3 {
            let got = cache.unwrap(&subject, &wrapped).await.unwrap();
            assert_eq!(got.expose_bytes(), dek.expose_bytes());
        }
        assert_eq!(inner.unwraps.load(Ordering::SeqCst), 1);
        assert_eq!((counters.hits.get(), counters.misses.get()), (2, 1));
    }

    #[actix_web::test]
    async fn a_wrap_fills_the_cache_and_another_subject_or_wrap_misses() {
        let (inner, cache, counters) = setup(10);
        let subject = SubjectId::generate();
        let dek = DataKey::generate().unwrap();
        let wrapped = cache.wrap(&subject, &dek).await.unwrap();
        cache.unwrap(&subject, &wrapped).await.unwrap();
        assert_eq!(inner.unwraps.load(Ordering::SeqCst), 0);
        // The same wrapped bytes presented for another subject are not a hit (and fail).
        assert!(cache
            .unwrap(&SubjectId::generate(), &wrapped)
            .await
            .is_err());
        assert_eq!((counters.hits.get(), counters.misses.get()), (1, 1));
    }

    #[actix_web::test]
    async fn the_least_recently_used_key_is_evicted_beyond_capacity() {
        let (inner, cache, _) = setup(2);
        let mut wraps = Vec::new();
        for _ in 0..3 {
            let subject = SubjectId::generate();
            let wrapped = inner
                .inner
                .wrap(&subject, &DataKey::generate().unwrap())
                .await
                .unwrap();
            wraps.push((subject, wrapped));
        }
        let (a, b, c) = (&wraps[0], &wraps[1], &wraps[2]);
        cache.unwrap(&a.0, &a.1).await.unwrap();
        cache.unwrap(&b.0, &b.1).await.unwrap();
        cache.unwrap(&a.0, &a.1).await.unwrap(); // a is now the most recent
        cache.unwrap(&c.0, &c.1).await.unwrap(); // evicts b
        assert_eq!(cache.len(), 2);
        assert_eq!(inner.unwraps.load(Ordering::SeqCst), 3);
        cache.unwrap(&a.0, &a.1).await.unwrap();
        assert_eq!(inner.unwraps.load(Ordering::SeqCst), 3, "a stayed");
        cache.unwrap(&b.0, &b.1).await.unwrap();
        assert_eq!(inner.unwraps.load(Ordering::SeqCst), 4, "b was evicted");
    }

    #[actix_web::test]
    async fn forget_and_clear_drop_the_keys() {
        let (inner, cache, _) = setup(10);
        let (s1, s2) = (SubjectId::generate(), SubjectId::generate());
        let w1 = cache
            .wrap(&s1, &DataKey::generate().unwrap())
            .await
            .unwrap();
        cache
            .wrap(&s2, &DataKey::generate().unwrap())
            .await
            .unwrap();
        assert_eq!(cache.len(), 2);
        cache.forget(&s1);
        assert_eq!(cache.len(), 1);
        cache.unwrap(&s1, &w1).await.unwrap();
        assert_eq!(
            inner.unwraps.load(Ordering::SeqCst),
            1,
            "forgotten: asked again"
        );
        cache.clear();
        assert!(cache.is_empty());
    }

    #[actix_web::test]
    async fn capacity_zero_caches_nothing() {
        let (inner, cache, _) = setup(0);
        let subject = SubjectId::generate();
        let w = cache
            .wrap(&subject, &DataKey::generate().unwrap())
            .await
            .unwrap();
        cache.unwrap(&subject, &w).await.unwrap();
        cache.unwrap(&subject, &w).await.unwrap();
        assert!(cache.is_empty());
        assert_eq!(inner.unwraps.load(Ordering::SeqCst), 2);
    }
}
