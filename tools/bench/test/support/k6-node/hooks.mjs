/** Module hooks: `k6` and `k6/http` resolve to the stand-ins in modules/ (nothing else is rewritten). */
const STAND_INS = { k6: 'k6.mjs', 'k6/http': 'k6-http.mjs' };

export async function resolve(specifier, context, nextResolve) {
  if (Object.hasOwn(STAND_INS, specifier))
    return { url: new URL(`./modules/${STAND_INS[specifier]}`, import.meta.url).href, shortCircuit: true };
  if (specifier === 'k6' || specifier.startsWith('k6/')) throw new Error(`k6-node has no stand-in for "${specifier}": add one to modules/`);
  return nextResolve(specifier, context);
}
