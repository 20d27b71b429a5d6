import fc from 'fast-check';
import { getCloudbaseContext } from '@cloudbase/node-sdk';
import { callerOpenidFrom, hasUserIdentity, platformTriggerContext, wechatContextFor } from '../../server/kernel/wechat-context';

/**
 * The kernel reads the caller's openid without loading @cloudbase/node-sdk (a cold-start cost);
 * the SDK's own `getCloudbaseContext` is the reference it must agree with, on every shape of
 * context the platform (current or old architecture) or a forger could pass.
 */
function sdkOpenid(context: unknown): string | undefined {
  if (!context || typeof context !== 'object') return undefined;
  try {
    const openid = getCloudbaseContext(context as Parameters<typeof getCloudbaseContext>[0]).WX_OPENID;
    return typeof openid === 'string' && openid.length > 0 ? openid : undefined;
  } catch {
    return undefined;
  }
}

const ENV_KEYS = ['WX_CONTEXT_KEYS', 'TCB_CONTEXT_KEYS', 'WX_OPENID'] as const;

function withEnv<T>(env: Partial<Record<(typeof ENV_KEYS)[number], string>>, run: () => T): T {
  const saved = ENV_KEYS.map((k) => [k, process.env[k]] as const);
  for (const k of ENV_KEYS) {
    if (env[k] === undefined) delete process.env[k];
    else process.env[k] = env[k];
  }
  try {
    return run();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const openid = fc.oneof(fc.constant(''), fc.constant('o-abc123'), fc.string({ maxLength: 8 }));
const keyList = fc.oneof(
  fc.constant('WX_OPENID,WX_APPID'),
  fc.constant('WX_APPID'),
  fc.constant('WX_OPENID'),
  fc.constant(''),
  fc.string({ maxLength: 12 }),
);
const fields = fc.record(
  { WX_OPENID: openid, WX_CONTEXT_KEYS: keyList, TCB_CONTEXT_KEYS: keyList, WX_APPID: fc.constant('wx-app') },
  { requiredKeys: [] },
);
const environment = fc.oneof(
  fields.map((f) => ({ environment: JSON.stringify(f) })),
  fc.oneof(fc.string({ maxLength: 10 }), fc.constant('null'), fc.constant('[1]'), fc.constant('"x"'), fc.constant('{"WX_OPENID":7}')).map((environment) => ({ environment })),
);
/** The old architecture: `k=v;k=v`, a value with commas being a list. */
const environ = fc.oneof(
  fields.map((f) => ({ environ: Object.entries(f).map(([k, v]) => `${k}=${v}`).join(';') })),
  fc.string({ maxLength: 16 }).map((environ) => ({ environ })),
);
const context = fc.oneof(
  environment,
  environ,
  fc.record({ request_id: fc.constant('r1') }),
  fc.constant({ environment: '', environ: 'WX_OPENID=o-legacy' }),
  fc.constant(null),
  fc.constant('WX_OPENID=o-1'),
);
const processEnv = fc.record({ WX_CONTEXT_KEYS: keyList, TCB_CONTEXT_KEYS: keyList, WX_OPENID: openid }, { requiredKeys: [] });

describe('callerOpenidFrom', () => {
  it('reads the openid of the context the local cloud builds', () => {
    expect(callerOpenidFrom(wechatContextFor('demo-resident-1', 'r', 'filing'))).toBe('demo-resident-1');
    expect(callerOpenidFrom(wechatContextFor(undefined, 'r', 'filing'))).toBeUndefined();
  });

  it('answers what @cloudbase/node-sdk getCloudbaseContext answers, for every context and process environment', () => {
    fc.assert(
      fc.property(context, processEnv, (ctx, env) => {
        withEnv(env, () => expect(callerOpenidFrom(ctx)).toBe(sdkOpenid(ctx)));
      }),
      { numRuns: 2000 },
    );
  });

  it('takes a listed key from the process only when the context lacks it', () => {
    withEnv({ WX_CONTEXT_KEYS: 'WX_OPENID', WX_OPENID: 'o-from-process' }, () => {
      expect(callerOpenidFrom({ environment: JSON.stringify({ WX_APPID: 'a' }) })).toBe('o-from-process');
      expect(callerOpenidFrom({ environment: JSON.stringify({ WX_OPENID: '' }) })).toBeUndefined();
      expect(callerOpenidFrom({ environ: 'WX_APPID=a' })).toBe('o-from-process');
    });
  });
});

/** What the scheduler's timer check (issue 11) asked the SDK before it stopped being loaded. */
const USER_KEYS = ['WX_OPENID', 'WX_UNIONID', 'QQ_OPENID', 'TCB_UUID', 'TCB_CUSTOM_USER_ID', 'TCB_ISANONYMOUS_USER'] as const;
function sdkHasUser(context: unknown): boolean {
  if (!context || typeof context !== 'object') return true;
  let env: Record<string, unknown>;
  try {
    env = getCloudbaseContext(context as Parameters<typeof getCloudbaseContext>[0]) as unknown as Record<string, unknown>;
  } catch {
    return true;
  }
  return USER_KEYS.some((key) => (typeof env[key] === 'string' ? (env[key] as string).length > 0 : env[key] !== undefined && env[key] !== null));
}

describe('hasUserIdentity', () => {
  it('tells the platform trigger from any client, as the contexts the local cloud builds show', () => {
    expect(hasUserIdentity(platformTriggerContext('r', 'scheduler'))).toBe(false);
    expect(hasUserIdentity(wechatContextFor('demo-admin', 'r', 'scheduler'))).toBe(true);
    expect(hasUserIdentity(wechatContextFor(undefined, 'r', 'scheduler'))).toBe(true);
    expect(hasUserIdentity(undefined)).toBe(true);
  });

  it('answers what getCloudbaseContext gives, for contexts naming users by any key', () => {
    const user = fc.record(
      { WX_OPENID: openid, WX_UNIONID: openid, QQ_OPENID: openid, TCB_UUID: openid, TCB_CUSTOM_USER_ID: openid, TCB_ISANONYMOUS_USER: fc.constantFrom('true', 'false', ''), TCB_ENV: fc.constant('env-1'), WX_CONTEXT_KEYS: keyList, TCB_CONTEXT_KEYS: keyList },
      { requiredKeys: [] },
    );
    const ctx = fc.oneof(context, user.map((f) => ({ environment: JSON.stringify(f) })), user.map((f) => ({ environ: Object.entries(f).map(([k, v]) => `${k}=${v}`).join(';') })));
    fc.assert(
      fc.property(ctx, processEnv, (c, env) => {
        withEnv(env, () => expect(hasUserIdentity(c)).toBe(sdkHasUser(c)));
      }),
      { numRuns: 2000 },
    );
  });
});
