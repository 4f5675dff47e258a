//! Provider metadata and key set: memory first, then storage (within their TTLs), then the
//! network. The metadata is loaded by `signIn`, the key set right after it without waiting
//! (see `LogtoClient::prefetch_jwks`); both are carried across the redirect in storage, so
//! that the callback needs only the token request.

#[allow(unused_imports)]
use crate::prelude::*;

use ::core::cell::{Cell, RefCell};

use crate::browser::client::Inner;
use crate::browser::errors::ProviderLoadError;
use crate::browser::fetch::send;
use crate::browser::flight::Flight;
use crate::browser::now;
use crate::core::discovery::{check_metadata, discovery_request, parse_discovery_response, ProviderMetadata};
use crate::core::jwk::{jwks_request, parse_jwks_response, JwkSet};
use crate::core::session::{ProviderCache, PROVIDER_CACHE_VERSION};

/// A forced key-set refresh (unknown `kid`) happens at most this often, in seconds.
pub(crate) const FORCED_JWKS_REFRESH_INTERVAL: i64 = 30;

/// Everything the client keeps about the provider: the memory copy of the cache, the single
/// flight that loads it, and when the key set was last re-fetched for an unknown `kid`.
pub(crate) struct ProviderState {
    memory: RefCell<Option<ProviderCache>>,
    flight: Flight<Result<ProviderCache, ProviderLoadError>>,
    last_forced_jwks_refresh: Cell<i64>,
}

impl Default for ProviderState {
    fn default() -> Self {
        ProviderState { memory: RefCell::new(None), flight: Flight::default(), last_forced_jwks_refresh: Cell::new(i64::MIN / 2) }
    }
}

impl Inner {
    async fn cached_provider(&self) -> Option<ProviderCache> {
        if let Some(c) = self.provider.memory.borrow().as_ref().and_then(|c| c.fresh_at(now())) {
            return Some(c);
        }
        let json = self.storage.get_item(&self.keys.provider).await.ok()??;
        match ProviderCache::from_json(&json, now()) {
            Ok(Some(c)) if check_metadata(&self.config, &c.metadata).is_ok() => {
                *self.provider.memory.borrow_mut() = Some(c.clone());
                Some(c)
            }
            Ok(_) => None,
            Err(_) => {
                // A corrupt cache entry is dropped; it is only a cache.
                let _ = self.storage.remove_item(&self.keys.provider).await;
                None
            }
        }
    }

    async fn store_provider(&self, cache: ProviderCache) -> ProviderCache {
        // A cache that cannot be written (quota, unavailable) costs a fetch later, nothing more.
        let _ = self.storage.set_item(&self.keys.provider, &cache.to_json()).await;
        *self.provider.memory.borrow_mut() = Some(cache.clone());
        cache
    }

    async fn fetch_metadata(&self) -> Result<ProviderMetadata, ProviderLoadError> {
        let response = send(&discovery_request(&self.config)).await?;
        Ok(parse_discovery_response(&self.config, &response)?)
    }

    async fn fetch_jwks(&self, metadata: &ProviderMetadata) -> Result<JwkSet, ProviderLoadError> {
        let response = send(&jwks_request(&metadata.jwks_uri)).await?;
        Ok(parse_jwks_response(&response)?)
    }

    /// The provider metadata.
    pub(crate) async fn metadata(&self) -> Result<ProviderMetadata, ProviderLoadError> {
        if let Some(c) = self.cached_provider().await {
            return Ok(c.metadata);
        }
        self.provider
            .flight
            .run("metadata", || async {
                let metadata = self.fetch_metadata().await?;
                let cache = ProviderCache { v: PROVIDER_CACHE_VERSION, metadata, metadata_fetched_at: now(), jwks: None, jwks_fetched_at: 0 };
                Ok(self.store_provider(cache).await)
            })
            .await
            .map(|c| c.metadata)
    }

    /// The metadata and the key set. With `force`, the key set is fetched again (key
    /// rotation), at most once per [`FORCED_JWKS_REFRESH_INTERVAL`].
    pub(crate) async fn metadata_and_jwks(&self, force: bool) -> Result<(ProviderMetadata, JwkSet), ProviderLoadError> {
        let cached = self.cached_provider().await;
        if !force {
            if let Some(ProviderCache { metadata, jwks: Some(jwks), .. }) = &cached {
                return Ok((metadata.clone(), jwks.clone()));
            }
        }
        if force {
            self.provider.last_forced_jwks_refresh.set(now());
        }
        let key = if force { "jwks-forced" } else { "jwks" };
        let cache = self
            .provider
            .flight
            .run(key, || async {
                let (metadata, fetched_at) = match self.cached_provider().await {
                    Some(c) => (c.metadata, c.metadata_fetched_at),
                    None => (self.fetch_metadata().await?, now()),
                };
                let jwks = self.fetch_jwks(&metadata).await?;
                let cache = ProviderCache { v: PROVIDER_CACHE_VERSION, metadata, metadata_fetched_at: fetched_at, jwks: Some(jwks), jwks_fetched_at: now() };
                Ok(self.store_provider(cache).await)
            })
            .await?;
        let jwks = cache.jwks.unwrap_or_default();
        Ok((cache.metadata, jwks))
    }

    /// Whether a forced key-set refresh is allowed now.
    pub(crate) fn may_force_jwks_refresh(&self) -> bool {
        now().saturating_sub(self.provider.last_forced_jwks_refresh.get()) >= FORCED_JWKS_REFRESH_INTERVAL
    }
}
