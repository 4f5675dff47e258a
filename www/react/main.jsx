// logto-wasm React sample: the shape of Logto's React guide (LogtoProvider at the root, useLogto
// in the pages, useHandleSignInCallback on the callback page), with the import changed from
// '@logto/react' to 'logto-wasm/react'. Runs against the dev provider (http://localhost:3001)
// under /js/; tests/e2e/npm-react.test.mjs builds it in a fresh Vite app from the packed package.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LogtoProvider } from 'logto-wasm/react';

import App from './App.jsx';

const config = {
  endpoint: 'http://localhost:3001',
  appId: 'logto-wasm-demo',
  scopes: ['email', 'custom_data', 'read'],
  resources: ['https://api.example.com'],
};

createRoot(document.getElementById('app')).render(
  <StrictMode>
    <LogtoProvider config={config}>
      <App />
    </LogtoProvider>
  </StrictMode>,
);
