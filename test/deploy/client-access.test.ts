import { loadDeployFiles } from '../../scripts/deploy/deploy-config';
import { buildPlan } from '../../scripts/deploy/deploy-plan';
import { allows, type RuleContext } from '../support/security-rule';

/**
 * No client reads or writes the database directly: every collection's rule denies, so all
 * access goes through the functions (which check who may see what). Materials in storage are
 * readable and writable by their uploader only; staff see them through a link the review
 * function signs. Functions are callable by signed-in WeChat users only.
 */
const plan = buildPlan(loadDeployFiles(), {});

const UPLOADER = 'o-uploader';
const callers: [string, RuleContext['auth']][] = [
  ['no one signed in', null],
  ['a WeChat user', { openid: 'o-someone', loginType: 'WECHAT-OPEN' }],
  ['the uploader', { openid: UPLOADER, loginType: 'WECHAT-OPEN' }],
  ['a web user', { uid: 'u-1', loginType: 'CUSTOM' }],
  ['an anonymous web user', { uid: 'anon-1', loginType: 'ANONYMOUS' }],
];

describe('database security rules', () => {
  it.each(plan.collections.map((c) => [c.name, c.rules] as const))('%s denies every client read and write', (_name, rules) => {
    for (const [, auth] of callers) {
      // Even a document the caller created (CloudBase stamps _openid) stays out of reach.
      const ctx: RuleContext = { auth, doc: { _openid: auth?.openid ?? UPLOADER, applicantOpenid: auth?.openid } };
      expect(allows(rules.read, ctx)).toBe(false);
      expect(allows(rules.write, ctx)).toBe(false);
    }
  });
});

describe('the materials storage rule', () => {
  const { read, write } = plan.storageRules;
  it.each(callers)('lets %s read and write only their own uploads', (who, auth) => {
    const own = { auth, resource: { openid: UPLOADER, path: 'materials/a.jpg' } };
    const expected = who === 'the uploader';
    expect({ who, read: allows(read, own), write: allows(write, own) }).toEqual({ who, read: expected, write: expected });
  });

  it('gives nobody a file someone else uploaded', () => {
    const other = { resource: { openid: 'o-other', path: 'materials/b.jpg' } };
    for (const [, auth] of callers) {
      expect(allows(read, { ...other, auth })).toBe(false);
      expect(allows(write, { ...other, auth })).toBe(false);
    }
  });

  it('is checked by an evaluator that can tell an open rule from a closed one', () => {
    expect(allows(true, { auth: null })).toBe(true);
    expect(allows('auth != null', { auth: { openid: 'o' } })).toBe(true);
    expect(allows('resource.openid == auth.openid', { auth: null, resource: { openid: 'o' } })).toBe(false);
    expect(() => allows('process.exit(1)', { auth: null })).toThrow(/not a rule expression/);
    expect(() => allows('process.env != null', { auth: null })).toThrow(/unknown name process/);
  });
});

describe('function invoke rules', () => {
  it('let no one call a function without signing in', () => {
    for (const [name, rule] of Object.entries(plan.invokeRules)) {
      expect({ name, anonymous: allows(rule.invoke, { auth: null }) }).toEqual({ name, anonymous: false });
      expect({ name, user: allows(rule.invoke, { auth: { openid: 'o-1', loginType: 'WECHAT-OPEN' } }) }).toEqual({ name, user: true });
    }
    expect(plan.invokeRules['*']).toBeDefined();
  });
});
