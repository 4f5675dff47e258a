// Vite config of the Vue sample (as `npm create vite` writes it for Vue).
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({ plugins: [vue()] });
