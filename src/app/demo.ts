/*
 * The demo workspace for `switchboard serve --demo` (src/demo/): a front end may import it from
 * here, its door into src/ (the CLI may import nothing else).
 */
export { seedDemo, type SeedDemoOptions, type SeedDemoResult } from '../demo/seed-demo.js';
