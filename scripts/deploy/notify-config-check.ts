import { loadNotificationConfig } from '../../server/notification/notification-config';
import { DeployConfigError } from './deploy-config';

/**
 * NOTIFY_CONFIG goes to the functions by reference, and a function that cannot read it refuses
 * to start: so the deploy reads it first, with the functions' own loader. It must be inline JSON
 * (a file path is the deployer's file, which a function cannot open). Messages name the field,
 * never a value, since the variable is printed nowhere.
 */
export interface NotifyConfigReport {
  /** Ready to go live but worth a look: template IDs still the local ones, messages sent to the developer version. */
  warnings: string[];
}

export function checkNotifyConfig(env: NodeJS.ProcessEnv): NotifyConfigReport {
  const raw = env.NOTIFY_CONFIG?.trim();
  if (!raw) return { warnings: [] };
  if (!raw.startsWith('{')) throw new DeployConfigError('NOTIFY_CONFIG must be the JSON itself: a file path cannot be read inside a cloud function');
  try {
    JSON.parse(raw);
  } catch {
    // JSON.parse quotes the text it choked on: say only where the problem is.
    throw new DeployConfigError('NOTIFY_CONFIG is not valid JSON');
  }
  let config;
  try {
    config = loadNotificationConfig({ NOTIFY_CONFIG: raw });
  } catch (error) {
    throw new DeployConfigError(error instanceof Error ? error.message : 'NOTIFY_CONFIG is invalid');
  }
  const warnings: string[] = [];
  const local = Object.entries(config.templates).filter(([, t]) => t.templateId.startsWith('local-')).map(([key]) => key);
  if (local.length > 0) warnings.push(`NOTIFY_CONFIG: templates ${local.join(', ')} still have local template IDs (use the IDs of 订阅消息 → 我的模板)`);
  if (config.delivery.miniprogramState !== 'formal') warnings.push(`NOTIFY_CONFIG: delivery.miniprogramState is ${config.delivery.miniprogramState}, so messages open the ${config.delivery.miniprogramState} version (the released program needs formal)`);
  return { warnings };
}
