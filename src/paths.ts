import { fileURLToPath } from 'node:url';

// src/ and dist/ are siblings at the package root, so one relative URL reaches the data
// from both the TypeScript sources (tests under tsx) and the compiled build.
export const dataDir = fileURLToPath(new URL('../src/data/', import.meta.url));
export const generatedDir = fileURLToPath(new URL('../src/data/generated/', import.meta.url));
export const seedsDir = fileURLToPath(new URL('../seeds/', import.meta.url));
