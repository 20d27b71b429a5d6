import { randomBytes } from 'node:crypto';

/**
 * An in-process stand-in for CloudBase's management API, at the request layer of
 * @cloudbase/manager-node: the real SDK builds, signs and sends every request (TC3-HMAC-SHA256,
 * X-TC-Action, JSON body) exactly as against tencentcloudapi.com, and this answers them from
 * memory, as the database stand-in answers the database SDK. Only the SDK's `fetch` (its
 * `utils/http-request` module, which wraps node-fetch) is replaced.
 *
 * Answered: tcb DescribeEnvInfo, DescribeTable / CreateTable / UpdateTable (collections and
 * indexes), ModifySafeRule, ModifyStorageSafeRule, ModifySecurityRule; scf CreateFunction,
 * GetFunction, UpdateFunctionCode, UpdateFunctionConfiguration, BatchCreateTrigger, DeleteTrigger.
 * Anything else answers an error naming the action, so a new SDK call shows up at once.
 */
export interface StandInIndex {
  IndexName: string;
  MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: { Name: string; Direction: string }[] };
}

export interface StandInFunction {
  name: string;
  runtime: string;
  handler: string;
  memorySize: number;
  timeout: number;
  installDependency: string;
  environment: Record<string, string>;
  zipFile: Buffer;
  triggers: { name: string; type: string; cron: string }[];
  codeUpdates: number;
}

export interface ManagerCall {
  service: string;
  action: string;
  params: Record<string, unknown>;
  signed: boolean;
}

export interface ManagerStandIn {
  envId: string;
  calls: ManagerCall[];
  collections: Map<string, { indexes: StandInIndex[]; rule?: { aclTag: string; rule: unknown } }>;
  functions: Map<string, StandInFunction>;
  storageRule?: { bucket: string; aclTag: string; rule: unknown };
  invokeRule?: { aclTag: string; rule: unknown };
  /** The next matching request answers this Tencent Cloud error instead. */
  failNext(match: (call: ManagerCall) => boolean, error: { Code: string; Message: string }): void;
  restore(): void;
}

type Answer = Record<string, unknown>;

interface HttpRequestModule {
  fetch: (url: string, config: { headers: Record<string, string | number>; body?: string }, proxy?: unknown) => Promise<unknown>;
}

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function installManagerStandIn(envId = 'stand-in-env-1a2b3c'): ManagerStandIn {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const http = require('@cloudbase/manager-node/lib/utils/http-request') as HttpRequestModule;
  const original = http.fetch;
  const failures: { match: (call: ManagerCall) => boolean; error: { Code: string; Message: string } }[] = [];
  const bucket = `${envId}-1250000000`;

  const state: ManagerStandIn = {
    envId,
    calls: [],
    collections: new Map(),
    functions: new Map(),
    failNext(match, error) {
      failures.push({ match, error });
    },
    restore() {
      http.fetch = original;
    },
  };

  const fn = (params: Record<string, unknown>) => {
    const found = state.functions.get(String(params.FunctionName));
    if (!found) throw new ApiError('ResourceNotFound.Function', `function ${String(params.FunctionName)} does not exist`);
    return found;
  };
  const variables = (params: Record<string, unknown>) =>
    Object.fromEntries(((params.Environment as { Variables?: { Key: string; Value: string }[] } | undefined)?.Variables ?? []).map((v) => [v.Key, String(v.Value)]));
  const collection = (params: Record<string, unknown>) => {
    const found = state.collections.get(String(params.TableName));
    if (!found) throw new ApiError('ResourceNotFound', `collection ${String(params.TableName)} does not exist`);
    return found;
  };

  const answer = (call: ManagerCall): Answer => {
    const p = call.params;
    switch (`${call.service}.${call.action}`) {
      case 'tcb.DescribeEnvInfo':
        if (p.EnvId !== envId) throw new ApiError('ResourceNotFound', `environment ${String(p.EnvId)} not found`);
        return {
          EnvInfo: {
            EnvBaseInfo: {
              EnvId: envId,
              Alias: 'stand-in',
              Status: 'NORMAL',
              Databases: [{ InstanceId: 'tnt-stand-in', Status: 'RUNNING', Region: 'ap-shanghai' }],
              Storages: [{ Region: 'ap-shanghai', Bucket: bucket, CdnDomain: `${bucket}.tcb.qcloud.la`, AppId: '1250000000' }],
              Functions: [{ Namespace: envId, Region: 'ap-shanghai' }],
              LogServices: [],
              Region: 'ap-shanghai',
            },
          },
        };
      case 'tcb.DescribeTable': {
        const c = collection(p);
        return { Indexes: c.indexes.map((i) => ({ Name: i.IndexName, Keys: i.MgoKeySchema.MgoIndexKeys, Unique: i.MgoKeySchema.MgoIsUnique, Size: 0 })), IndexNum: c.indexes.length };
      }
      case 'tcb.CreateTable':
        if (state.collections.has(String(p.TableName))) throw new ApiError('ResourceInUse', `collection ${String(p.TableName)} exists`);
        state.collections.set(String(p.TableName), { indexes: [] });
        return {};
      case 'tcb.UpdateTable': {
        const c = collection(p);
        for (const drop of (p.DropIndexes as { IndexName: string }[] | undefined) ?? []) c.indexes = c.indexes.filter((i) => i.IndexName !== drop.IndexName);
        for (const create of (p.CreateIndexes as StandInIndex[] | undefined) ?? []) {
          if (c.indexes.some((i) => i.IndexName === create.IndexName)) throw new ApiError('ResourceInUse', `index ${create.IndexName} exists`);
          c.indexes.push(create);
        }
        return {};
      }
      case 'tcb.ModifySafeRule': {
        const c = state.collections.get(String(p.CollectionName));
        if (!c || p.EnvId !== envId) throw new ApiError('ResourceNotFound', `collection ${String(p.CollectionName)} does not exist`);
        c.rule = { aclTag: String(p.AclTag), rule: JSON.parse(String(p.Rule)) as unknown };
        return {};
      }
      case 'tcb.ModifyStorageSafeRule':
        state.storageRule = { bucket: String(p.Bucket), aclTag: String(p.AclTag), rule: JSON.parse(String(p.Rule)) as unknown };
        return {};
      case 'tcb.ModifySecurityRule':
        if (p.ResourceType !== 'FUNCTION') throw new ApiError('InvalidParameter', 'ResourceType');
        state.invokeRule = { aclTag: String(p.AclTag), rule: JSON.parse(String(p.Rule)) as unknown };
        return {};
      case 'scf.CreateFunction': {
        const name = String(p.FunctionName);
        if (state.functions.has(name)) throw new ApiError('ResourceInUse.FunctionName', `function ${name} exists`);
        state.functions.set(name, {
          name,
          runtime: String(p.Runtime),
          handler: String(p.Handler),
          memorySize: Number(p.MemorySize),
          timeout: Number(p.Timeout),
          installDependency: String(p.InstallDependency),
          environment: variables(p),
          zipFile: Buffer.from(String((p.Code as { ZipFile?: string }).ZipFile ?? ''), 'base64'),
          triggers: [],
          codeUpdates: 0,
        });
        return {};
      }
      case 'scf.GetFunction': {
        const f = fn(p);
        return {
          FunctionName: f.name,
          Runtime: f.runtime,
          Handler: f.handler,
          MemorySize: f.memorySize,
          Timeout: f.timeout,
          Status: 'Active',
          Environment: { Variables: Object.entries(f.environment).map(([Key, Value]) => ({ Key, Value })) },
          Triggers: f.triggers.map((t) => ({ TriggerName: t.name, Type: t.type, TriggerDesc: JSON.stringify({ cron: t.cron }) })),
        };
      }
      case 'scf.UpdateFunctionCode': {
        const f = fn(p);
        f.zipFile = Buffer.from(String(p.ZipFile ?? (p.Code as { ZipFile?: string } | undefined)?.ZipFile ?? ''), 'base64');
        f.codeUpdates += 1;
        if (p.InstallDependency !== undefined) f.installDependency = String(p.InstallDependency);
        return {};
      }
      case 'scf.UpdateFunctionConfiguration': {
        const f = fn(p);
        if (p.MemorySize !== undefined) f.memorySize = Number(p.MemorySize);
        if (p.Timeout !== undefined) f.timeout = Number(p.Timeout);
        if (p.InstallDependency !== undefined) f.installDependency = String(p.InstallDependency);
        // CloudBase replaces the variables with the ones sent: nothing of the online set survives.
        if (p.Environment !== undefined) f.environment = variables(p);
        return {};
      }
      case 'scf.BatchCreateTrigger': {
        const f = fn(p);
        const triggers = JSON.parse(String(p.Triggers)) as { TriggerName: string; Type: string; TriggerDesc: string }[];
        for (const t of triggers) {
          if (f.triggers.some((e) => e.name === t.TriggerName)) throw new ApiError('ResourceInUse.Trigger', `trigger ${t.TriggerName} exists`);
          f.triggers.push({ name: t.TriggerName, type: t.Type, cron: t.TriggerDesc });
        }
        return {};
      }
      case 'scf.DeleteTrigger': {
        const f = fn(p);
        f.triggers = f.triggers.filter((t) => t.name !== p.TriggerName);
        return {};
      }
      default:
        throw new ApiError('UnsupportedOperation', `the manager stand-in does not answer ${call.service}.${call.action}`);
    }
  };

  http.fetch = async (url, config) => {
    const service = new URL(url).host.split('.')[0] ?? '';
    const headers = config.headers;
    const call: ManagerCall = {
      service,
      action: String(headers['X-TC-Action']),
      params: config.body ? (JSON.parse(config.body) as Record<string, unknown>) : {},
      signed: /^TC3-HMAC-SHA256 Credential=[^/]+\/\d{4}-\d{2}-\d{2}\/\w+\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/.test(String(headers.Authorization)),
    };
    state.calls.push(call);
    const RequestId = `stand-in-${randomBytes(4).toString('hex')}`;
    const failure = failures.findIndex((f) => f.match(call));
    if (failure >= 0) {
      const error = failures.splice(failure, 1)[0]!.error;
      return { Response: { Error: error, RequestId } };
    }
    try {
      return { Response: { ...answer(call), RequestId } };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return { Response: { Error: { Code: error.code, Message: error.message }, RequestId } };
    }
  };
  return state;
}
