// `sqlx::migrate!` embeds the migrations at compile time: a new or changed file under
// migrations/ must rebuild the crate, or the binary runs without it.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
