//! The ConvScope binary: on wasm32 it mounts the page; natively it only points at the docs.

#[cfg(target_arch = "wasm32")]
fn main() {
    convscope::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    println!("ConvScope runs in the browser: `make serve`, then open http://127.0.0.1:8080");
}
