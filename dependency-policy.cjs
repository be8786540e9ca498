// The allowed internal dependencies between threadkit workspaces (DESIGN.md §1).
// One table, read by .dependency-cruiser.cjs (source imports) and by the
// repo checks (package.json dependencies). Anything not listed is forbidden.
module.exports = {
  'packages/protocol': [],
  'packages/rollout': ['packages/protocol'],
  'packages/state': ['packages/protocol'],
  'packages/thread-store': ['packages/protocol', 'packages/rollout', 'packages/state'],
  'packages/core': ['packages/protocol', 'packages/thread-store'],
  'packages/store-postgres': ['packages/protocol', 'packages/thread-store'],
  // store-postgres only for `threads migrate --to postgres://…`, which copies a local home into it.
  'apps/threads': ['packages/core', 'packages/thread-store', 'packages/protocol', 'packages/store-postgres'],
};
