import { main } from '../../scripts/deploy';
import { DeployConfigError } from '../../scripts/deploy/deploy-config';
import { checkNotifyConfig } from '../../scripts/deploy/notify-config-check';

/**
 * The deploy reads NOTIFY_CONFIG with the functions' own loader before anything is sent: a value
 * a function would refuse at start stops the deploy (and the dry run) with the field named and
 * the value never shown; a valid one that is not ready for the released program is warned about.
 */
const FORMAL = JSON.stringify({
  templates: { result: { templateId: 'Xq3planted-template-id', title: '备案审核结果通知', fields: { thing1: { kind: 'thing', from: 'filingType' } } } },
  routes: { approve: 'result', reject: 'result' },
  delivery: { miniprogramState: 'formal' },
});

describe('checkNotifyConfig', () => {
  it('accepts a formal configuration without a word, and an unset one (the defaults)', () => {
    expect(checkNotifyConfig({ NOTIFY_CONFIG: FORMAL })).toEqual({ warnings: [] });
    expect(checkNotifyConfig({})).toEqual({ warnings: [] });
  });

  it('warns when the templates are still the local ones or messages open the developer version', () => {
    const { warnings } = checkNotifyConfig({ NOTIFY_CONFIG: '{"delivery":{"miniprogramState":"developer"}}' });
    expect(warnings).toEqual([
      expect.stringMatching(/templates filingResult, filingReminder, filingProgress, staffTask still have local template IDs/),
      expect.stringMatching(/miniprogramState is developer/),
    ]);
  });

  it.each<[string, string, RegExp]>([
    ['a file path (no function can open it)', '/home/deployer/notify.json', /must be the JSON itself/],
    ['broken JSON', '{"templates": {"x": planted-secret-value', /^NOTIFY_CONFIG is not valid JSON$/],
    ['a field WeChat does not have', JSON.stringify({ templates: { r: { templateId: 'planted-secret-value', title: 't', fields: { Thing: { kind: 'thing', from: 'note' } } } }, routes: {} }), /NOTIFY_CONFIG is invalid: templates.r.fields.Thing/],
    ['a route to a template that is not there', JSON.stringify({ templates: { r: { templateId: 'planted-secret-value', title: 't', fields: {} } }, routes: { approve: 'missing' } }), /routes approve to unknown template missing/],
  ])('refuses %s, naming where and never the value', (_what, value, message) => {
    let thrown: unknown;
    try {
      checkNotifyConfig({ NOTIFY_CONFIG: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DeployConfigError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('planted-secret-value');
  });

  it('stops the dry run before it prints a plan', async () => {
    const out: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const error = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    try {
      const code = await main(['--dry-run', '--json'], { NOTIFY_CONFIG: '{"templates": planted-secret-value' }, { build: async () => undefined });
      expect(code).toBe(2);
      expect(out.join('\n')).toContain('npm run deploy: NOTIFY_CONFIG is not valid JSON');
      expect(out.join('\n')).not.toContain('planted-secret-value');
      expect(out.join('\n')).not.toContain('"functions"');
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
