//! The optional HTTPS listener: rustls (with ring, the crypto the vault already uses) over the
//! PEM certificate chain and private key named in the settings. TLS 1.2 and 1.3 only, no
//! client certificates: callers authenticate with bearer tokens.

use std::sync::Arc;

use anyhow::Context;
use rustls::ServerConfig;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::config::TlsFiles;

/// Reads the certificate chain and key; errors name the file, never its content.
pub fn server_config(files: &TlsFiles) -> anyhow::Result<ServerConfig> {
    let chain = CertificateDer::pem_file_iter(&files.cert_chain)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .with_context(|| {
            format!(
                "reading the TLS certificate chain {}",
                files.cert_chain.display()
            )
        })?;
    if chain.is_empty() {
        anyhow::bail!(
            "the TLS certificate file {} holds no certificate",
            files.cert_chain.display()
        );
    }
    let key = PrivateKeyDer::from_pem_file(&files.private_key).with_context(|| {
        format!(
            "reading the TLS private key {}",
            files.private_key.display()
        )
    })?;
    let config =
        ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .context("TLS protocol versions")?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .context("the TLS private key does not match the certificate")?;
    Ok(config)
}
