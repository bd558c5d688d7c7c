export { freePort } from '../../src/lib/ports.js';
