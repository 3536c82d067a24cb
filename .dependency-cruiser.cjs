/**
 * The layer rule and the loop check, run by `pnpm lint` (docs/architecture.md explains the layers).
 * Imports run downward only: tools/ → members (services/*, observer, watchdog) → packages/ → nothing;
 * members never import each other; a test folder belongs to its own package; no import loops anywhere.
 * Type-only imports count: a loop or a wrong-way arrow made of types is still one.
 */

/** Where one workspace package begins: its folder (the regex group is the package, e.g. `services/orders`). */
const PACKAGE = '^(packages/[^/]+|tools/[^/]+|services/[^/]+|observer|watchdog)/';
const MEMBER = '^(services/[^/]+|observer|watchdog)/';
const TEST = '(^|/)test/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files that import each other in a loop: move the shared part (often a type) one floor down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'packages-import-only-packages',
      severity: 'error',
      comment: 'A shared library (packages/*) depends on nothing above it: no member, no tool, no test folder.',
      from: { path: '^packages/[^/]+/src/' },
      to: { path: ['^(services|tools)/', '^(observer|watchdog)/', TEST] },
    },
    {
      name: 'package-tests-import-no-members',
      severity: 'error',
      comment:
        "A library's tests use packages/ and, where a real member must run, a harness of tools/harness (which starts it as a process).",
      from: { path: '^packages/[^/]+/test/' },
      to: { path: ['^services/', '^(observer|watchdog)/', '^tools/(?!harness/)'] },
    },
    {
      name: 'members-stay-apart',
      severity: 'error',
      comment:
        'Members (services/*, observer, watchdog) never import each other: they talk over HTTP, with formats from packages/contracts.',
      from: { path: MEMBER },
      to: { path: MEMBER, pathNot: '^$1/' },
    },
    {
      name: 'members-import-no-tools',
      severity: 'error',
      comment: "A member's code never imports tools/ (its tests may, for harnesses that start other members).",
      from: { path: `${MEMBER}src/` },
      to: { path: '^tools/' },
    },
    {
      name: 'test-folders-are-private',
      severity: 'error',
      comment: 'A test folder is imported only by the tests of its own package; what others need goes to packages/testing or tools/.',
      from: { path: PACKAGE },
      to: { path: TEST, pathNot: '^$1/test/' },
    },
    {
      name: 'code-imports-no-tests',
      severity: 'error',
      comment: 'Code under src/ never imports a test folder.',
      from: { path: '(^|/)src/' },
      to: { path: TEST },
    },
  ],
  options: {
    includeOnly: '^(packages|tools|services|observer|watchdog|scripts)/',
    exclude: { path: '(^|/)node_modules/' },
    doNotFollow: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // workspace packages resolve through their node_modules symlinks to the real folder
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default'], mainFields: ['main', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
