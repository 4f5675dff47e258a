// logto-wasm Vue sample: the shape of Logto's Vue guide (the createLogto plugin, useLogto in the
// components, useHandleSignInCallback on the callback page), with the import changed from
// '@logto/vue' to 'logto-wasm/vue'. Runs against the dev provider (http://localhost:3001) under
// /js/; tests/e2e/npm-vue.test.mjs builds it in a fresh Vite app from the packed package.
import { createApp } from 'vue';
import { createLogto } from 'logto-wasm/vue';

import App from './App.vue';

const config = {
  endpoint: 'http://localhost:3001',
  appId: 'logto-wasm-demo',
  scopes: ['email', 'custom_data', 'read'],
  resources: ['https://api.example.com'],
};

createApp(App).use(createLogto, config).mount('#app');
