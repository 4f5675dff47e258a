//! Showing errors to the person: always the stable code and the message.

use leptos::error::Errors;
use leptos::prelude::*;
use logto_wasm_leptos::{use_logto, LogtoError};

/// One error: code and message.
#[component]
pub fn ErrorBox(error: LogtoError) -> impl IntoView {
    view! {
        <div class="error" role="alert" data-testid="error">
            <code class="error-code">{error.code}</code>
            <span class="error-message">{error.message}</span>
        </div>
    }
}

/// The errors caught by an `<ErrorBoundary>`: SDK errors keep their code.
pub fn error_list(errors: ArcRwSignal<Errors>) -> impl IntoView {
    move || {
        errors
            .get()
            .into_iter()
            .map(|(_, e)| {
                let error = e.downcast_ref::<LogtoError>().cloned().unwrap_or_else(|| LogtoError::new("app.error", e.to_string()));
                view! { <ErrorBox error /> }
            })
            .collect::<Vec<_>>()
    }
}

/// The last auth-state error (sign-in could not start, sign-out failed, ...), dismissable.
#[component]
pub fn AuthErrorBanner() -> impl IntoView {
    let logto = use_logto();
    move || {
        logto.error.get().map(|error| {
            view! {
                <div class="banner" id="auth-error">
                    <ErrorBox error />
                    <button class="link" id="dismiss-error" on:click=move |_| logto.clear_error()>
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}
