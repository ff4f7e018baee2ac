//! The ceiling of the load test (`benches/load.sh`): a bare actix-web server answering
//! `GET /health` with `ok`, built with the same actix-web and the same release profile as
//! custodia, so every custodia figure can be read as a share of what the framework itself does
//! on this machine.
//!
//!     cargo run --release --example ceiling -- 127.0.0.1:18499

use actix_web::{get, App, HttpResponse, HttpServer};

#[get("/health")]
async fn health() -> HttpResponse {
    HttpResponse::Ok().body("ok")
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let listen = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:18499".into());
    HttpServer::new(|| App::new().service(health))
        .bind(listen)?
        .run()
        .await
}
