/**
 * Layer rules. core is the shared domain and depends on nothing of ours; pages reach the
 * backend only through the typed cloud client; cloud entries stay thin.
 */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'core/ imports nothing from the other folders, no Node built-ins, no wx',
      severity: 'error',
      from: { path: '^core/' },
      to: { pathNot: '^core/|^node_modules/(zod|dayjs|chinese-days)/' },
    },
    {
      name: 'core-no-node-builtins',
      severity: 'error',
      from: { path: '^core/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'pages-through-lib',
      comment: 'pages and behaviors import core and the cloud client only through miniprogram/lib',
      severity: 'error',
      from: { path: '^miniprogram/(pages|staff|behaviors|components)/' },
      to: { path: '^core/|^server/|^cloudfunctions/|^miniprogram/lib/cloud-client' },
    },
    {
      name: 'miniprogram-no-server',
      severity: 'error',
      from: { path: '^miniprogram/' },
      to: { path: '^server/|^cloudfunctions/|^scripts/' },
    },
    {
      name: 'cloud-entries-thin',
      comment: 'a cloud entry imports only the kernel and its own function definition',
      severity: 'error',
      from: { path: '^cloudfunctions/' },
      to: { pathNot: '^server/kernel/|^server/[\\w-]+/[\\w-]+\\.function\\.ts$' },
    },
    {
      name: 'server-not-into-entries',
      comment: 'only the local cloud hosts entries; services never import them',
      severity: 'error',
      from: { path: '^server/', pathNot: '^server/local-cloud/' },
      to: { path: '^cloudfunctions/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
