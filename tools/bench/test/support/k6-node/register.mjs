/** `node --import ./register.mjs …`: installs the k6 stand-in hooks. */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
