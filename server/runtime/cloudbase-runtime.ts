import tcb from '@cloudbase/node-sdk';
import type { Runtime } from './runtime';
import { sharedRegionDirectory } from './runtime';
import { createLogger } from '../kernel/logger';
import { systemClock } from '../kernel/clock';
import { createPiiCipher } from '../security/pii-cipher';
import { filingContextOf, installFilingContext } from '../filing/filing-context';
import { cloudbaseFilingRepository } from '../filing/cloudbase-filing-repository';
import { installCloudbaseNotifications } from '../notification/cloudbase-notifications';
import { createWechatSubscribeSender } from '../notification/wechat-subscribe-sender';
import { loadNotificationConfig } from '../notification/notification-config';
import { installMaterialFiles } from '../storage/material-storage';
import { cloudbaseMaterialFiles, type CloudbaseStorageApi } from '../storage/cloudbase-material-files';
import { cloudbaseExportBytes, installExportBytes, type CloudbaseUploadApi } from '../storage/export-files';
import { installPolicyContext } from '../policy/policy-context';
import { cloudbasePolicyStore } from '../policy/cloudbase-policy-store';
import { installWechatIdentity } from '../identity/wechat-identity-wiring';

/**
 * Production: CloudBase's database behind every port, the PII master key from the function's
 * environment (PII_KEY, base64 of 32 bytes, set in the CloudBase console, never in code).
 */
export function createCloudbaseRuntime(): Runtime {
  const key = process.env.PII_KEY;
  if (!key) throw new Error('PII_KEY is not configured for this environment');
  // The environment's own ID: a material's fileID must name it (cloud://<env>.<bucket>/…).
  const env = process.env.TCB_ENV || process.env.SCF_NAMESPACE;
  if (!env) throw new Error('TCB_ENV is not set: not running inside a CloudBase environment');
  const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  const db = app.database();
  const runtime: Runtime = {
    kind: 'cloudbase',
    log: createLogger(),
    clock: systemClock,
    regions: sharedRegionDirectory(),
    dataDir: '/tmp',
  };
  installFilingContext(runtime, cloudbaseFilingRepository(db), createPiiCipher(Buffer.from(key, 'base64')));
  installMaterialFiles(runtime, cloudbaseMaterialFiles(app as unknown as CloudbaseStorageApi, env));
  // Review-desk exports (issue 14): uploaded by the function, read by their requester through a temporary URL.
  installExportBytes(runtime, cloudbaseExportBytes(app as unknown as CloudbaseUploadApi));
  // Notifications over the same database; committing calls dispatch their outbox rows before
  // answering (docs/notifications.md). wx-server-sdk loads only when a message is first sent.
  installCloudbaseNotifications(runtime, db, { sender: createWechatSubscribeSender(), config: loadNotificationConfig() });
  // Policy versions and the calendar over the same database (docs/policy.md).
  installPolicyContext(runtime, cloudbasePolicyStore(db, filingContextOf(runtime).repo));
  // After the filing store is final (notifications wrap it): identity shares it.
  installWechatIdentity(runtime);
  return runtime;
}
