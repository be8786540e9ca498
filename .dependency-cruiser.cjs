// Enforces the dependency direction of DESIGN.md §1 on source imports.
// `pnpm check:deps` fails when a workspace imports one it may not depend on.
const policy = require('./dependency-policy.cjs');

const workspaces = Object.keys(policy);
const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const forbidden = workspaces.map((from) => {
  const banned = workspaces.filter((to) => to !== from && !policy[from].includes(to));
  return {
    name: `no-${from.replace('/', '-')}-upward`,
    comment: `${from} may depend only on: ${policy[from].join(', ') || 'nothing internal'}`,
    severity: 'error',
    from: { path: `^${escapeRegex(from)}/` },
    to: { path: `^(${banned.map(escapeRegex).join('|')})/` },
  };
});

forbidden.push({
  name: 'no-unresolvable-internal',
  comment: 'an @threadkit import that does not resolve cannot be checked; build first',
  severity: 'error',
  from: {},
  to: { couldNotResolve: true, path: '^@threadkit/' },
});

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|fixtures)/' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
