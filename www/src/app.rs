//! The app shell: the Logto context, the router and the page frame.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use logto_wasm_leptos::provide_logto;

use crate::components::callback::CallbackPage;
use crate::components::home::HomePage;
use crate::components::status::AuthStatus;
use crate::config::logto_config;

#[component]
pub fn App() -> impl IntoView {
    provide_logto(logto_config());
    view! {
        <Router>
            <header class="topbar">
                <a class="brand" href="/">"logto-wasm"</a>
                <span class="tag">"Leptos sample"</span>
                <AuthStatus />
            </header>
            <main class="container">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/callback") view=CallbackPage />
                </Routes>
            </main>
            <footer class="footer">
                "Signs in against the dev provider on localhost:3001 — any username works. "
                "Tokens stay in this tab's sessionStorage."
            </footer>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="card" id="not-found">
            <h2>"Page not found"</h2>
            <p><a href="/">"Back to the home page"</a></p>
        </section>
    }
}
