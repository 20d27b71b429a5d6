/**
 * Evaluates a CloudBase security rule the way the service does for a client request: `true` /
 * `false`, or an expression over `auth` (null when not signed in; `openid` for WeChat users),
 * `resource` (a stored file: `openid` of its uploader) and `doc` (a database document). An
 * expression that fails to evaluate denies, as on CloudBase. Only the rule language's own
 * tokens are accepted, so nothing else can run.
 */
export interface RuleContext {
  auth: { openid?: string; uid?: string; loginType?: string } | null;
  resource?: { openid?: string; path?: string };
  doc?: Record<string, unknown>;
}

const RULE_TOKENS = /^(\s|auth|resource|doc|null|true|false|\.|[A-Za-z_]\w*|==|!=|&&|\|\||!|\(|\)|'[^']*'|"[^"]*")+$/;

export function allows(rule: boolean | string, ctx: RuleContext): boolean {
  if (typeof rule === 'boolean') return rule;
  if (!RULE_TOKENS.test(rule)) throw new Error(`not a rule expression this check understands: ${rule}`);
  const roots = new Set(rule.match(/(?<![.\w])[A-Za-z_]\w*/g) ?? []);
  for (const root of roots) if (!['auth', 'resource', 'doc', 'null', 'true', 'false'].includes(root)) throw new Error(`unknown name ${root} in ${rule}`);
  try {
    return Boolean(new Function('auth', 'resource', 'doc', `"use strict"; return (${rule});`)(ctx.auth, ctx.resource, ctx.doc));
  } catch {
    return false;
  }
}
