// The app lives at <base>/ (e.g. /js/); the provider sends the browser back to <base>/callback.
export const BASE = new URL(window.location.pathname.replace(/callback\/?$/, ''), window.location.origin).href;
export const CALLBACK = new URL('callback', BASE).href;
export const API = 'https://api.example.com';
