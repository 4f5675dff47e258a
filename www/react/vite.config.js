// Vite config of the React sample (as `npm create vite` writes it for React).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({ plugins: [react()] });
