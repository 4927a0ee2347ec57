//! The browser front end: the engine compiled to WebAssembly for the
//! extension and the playground. [`answer`] is what goes back to the page
//! (pure, tested natively); the wasm-bindgen entry points and the in-page
//! reader and painter exist only in the wasm32 build.

pub mod answer;
#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod page;
