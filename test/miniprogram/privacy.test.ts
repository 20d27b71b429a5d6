/**
 * @jest-environment jsdom
 */
import fs from 'node:fs';
import path from 'node:path';
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { routeCloudToFunctions } from '../support/simulated-wx';
import { startHarness, type Harness } from '../support/filing-harness';
import { renderPage, settle, tap, type, type SimulatedElement } from './page-driver';
import { makeResidentId } from '../support/resident-ids';

/**
 * WeChat review readiness, privacy: wechat/privacy.json declares every kind of personal data the
 * pages collect, checked here against what the page sources actually call and ask for; and the
 * pages follow WeChat's authorization flow (the consent sheet of components/privacy-sheet) on
 * the built pages in miniprogram-simulate. WeChat's privacy APIs are the stubs, at the boundary.
 */
const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'miniprogram');

interface Declaration {
  privacy_contract_name: string;
  owner_setting: { notice_method: string };
  setting_list: { privacy_key: string; privacy_desc: string; privacy_text: string; collected_by: { apis?: string[]; fields?: string[] }; planned?: string }[];
}
const declaration = JSON.parse(fs.readFileSync(path.join(ROOT, 'wechat/privacy.json'), 'utf8')) as Declaration;

/** WeChat's privacy APIs and the kinds of data (privacy_key) each collects. */
const PRIVACY_APIS: Record<string, string[]> = {
  'wx.getLocation': ['Location'], 'wx.getFuzzyLocation': ['Location'], 'wx.startLocationUpdate': ['Location'], 'wx.startLocationUpdateBackground': ['Location'],
  'wx.chooseLocation': ['ChooseLocation'], 'wx.choosePoi': ['ChooseLocation'],
  'wx.chooseMedia': ['Album', 'Camera'], 'wx.chooseImage': ['Album', 'Camera'], 'wx.chooseVideo': ['Album', 'Camera'],
  'wx.saveImageToPhotosAlbum': ['AlbumWriteOnly'], 'wx.saveVideoToPhotosAlbum': ['AlbumWriteOnly'],
  'wx.requestFacialVerify': ['FacialVerify'], 'wx.startFacialRecognitionVerify': ['FacialVerify'],
  'wx.chooseAddress': ['Address'], 'wx.getUserProfile': ['UserInfo'], 'wx.getUserInfo': ['UserInfo'],
  'wx.chooseMessageFile': ['MessageFile'], 'wx.getClipboardData': ['Clipboard'], 'wx.setClipboardData': ['Clipboard'],
  'wx.startRecord': ['Record'], 'wx.getRecorderManager': ['Record'], 'wx.getWeRunData': ['RunData'],
  'wx.addPhoneContact': ['Contact'], 'wx.chooseInvoice': ['Invoice'], 'wx.chooseInvoiceTitle': ['Invoice'], 'wx.chooseLicensePlate': ['LicensePlate'],
  'wx.openBluetoothAdapter': ['BlueTooth'], 'wx.addPhoneCalendar': ['CalendarWriteOnly'], 'wx.startAccelerometer': ['Accelerometer'],
  'wx.startCompass': ['Compass'], 'wx.startDeviceMotionListening': ['DeviceMotion'], 'wx.startGyroscope': ['Gyroscope'],
};
/**
 * Form fields that are not personal data: dates, regions, a free-text reason of the resident's
 * own, and the policy values the admin pages edit.
 */
const NOT_PERSONAL = new Set(['startDate', 'endDate', 'insuredRegion', 'treatmentRegion', 'reason', 'amount', 'benefitKind', 'source', 'unit', 'yesNo', 'from', 'to']);

function sources(ext: string, dir = SRC): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((rel) => rel.split(path.sep).join('/'))
    .filter((rel) => rel.endsWith(ext) && !rel.endsWith('.d.ts'))
    .sort();
}
const read = (rel: string) => fs.readFileSync(path.join(SRC, rel), 'utf8');
const callsIn = (code: string) => new Set([...code.matchAll(/\bwx\.(\w+)\s*\(/g)].map((m) => `wx.${m[1]}`));
/** The fields a page asks for: `field: 'x'` of the form templates, `data-field="x"` of inputs and choices. */
const fieldsIn = (wxml: string) => new Set([...wxml.matchAll(/field: '(\w+)'|data-field="(\w+)"/g)].map((m) => (m[1] ?? m[2])!));

const called = new Map<string, string[]>();
for (const file of sources('.ts')) for (const api of callsIn(read(file))) if (PRIVACY_APIS[api]) called.set(api, [...(called.get(api) ?? []), file]);

const declaredFor = (api: string) => declaration.setting_list.filter((e) => e.collected_by.apis?.includes(api)).map((e) => e.privacy_key);
const declaredFields = new Set(declaration.setting_list.flatMap((e) => e.collected_by.fields ?? []));

describe('the privacy declaration (wechat/privacy.json)', () => {
  it('is complete WeChat guide material: a contract name, a notice method, and for each kind why it is collected', () => {
    expect(declaration.privacy_contract_name).toMatch(/^《.+》$/);
    expect(declaration.owner_setting.notice_method).not.toBe('');
    const keys = declaration.setting_list.map((e) => e.privacy_key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining(['EXIDNumber', 'Location', 'Camera', 'Album', 'FacialVerify']));
    for (const e of declaration.setting_list) {
      expect({ key: e.privacy_key, desc: e.privacy_desc.length > 0, why: e.privacy_text.length > 0, by: (e.collected_by.apis?.length ?? 0) + (e.collected_by.fields?.length ?? 0) > 0 })
        .toEqual({ key: e.privacy_key, desc: true, why: true, by: true });
      // WeChat shows it as "为了{privacy_text}": no 为了/用于 of our own.
      expect(e.privacy_text).not.toMatch(/^(为了|用于)/);
    }
  });

  it('declares every privacy API the mini-program calls, under every kind that API collects', () => {
    expect([...called.keys()].sort()).toEqual(['wx.chooseMedia', 'wx.getLocation', 'wx.requestFacialVerify']);
    for (const [api, files] of called) {
      for (const key of PRIVACY_APIS[api]!) expect({ api, files, declared: declaredFor(api).includes(key) ? key : 'missing' }).toEqual({ api, files, declared: key });
    }
  });

  it('declares no API the pages do not call, except what is marked planned (and planned only until it is called)', () => {
    for (const e of declaration.setting_list) {
      for (const api of e.collected_by.apis ?? []) {
        expect({ key: e.privacy_key, api, known: Boolean(PRIVACY_APIS[api]) }).toEqual({ key: e.privacy_key, api, known: true });
        expect({ key: e.privacy_key, api, called: called.has(api) }).toEqual({ key: e.privacy_key, api, called: !e.planned });
      }
    }
  });

  it('declares every personal field the forms ask for, and only fields that exist', () => {
    const asked = new Set(sources('.wxml').flatMap((file) => [...fieldsIn(read(file))]));
    const undeclared = [...asked].filter((f) => !NOT_PERSONAL.has(f) && !declaredFields.has(f));
    expect(undeclared).toEqual([]);
    expect([...declaredFields].filter((f) => !asked.has(f))).toEqual([]);
    // An ID-card keyboard field is an ID number.
    for (const file of sources('.wxml')) {
      const idcards = [
        ...[...read(file).matchAll(/field: '(\w+)'[^}]*kind: 'idcard'/g)].map((m) => m[1]!),
        ...[...read(file).matchAll(/<input\b[^>]*>/g)].filter((m) => /type="idcard"/.test(m[0])).map((m) => /data-field="(\w+)"/.exec(m[0])?.[1] ?? `${file}: an idcard input without data-field`),
      ];
      for (const field of idcards) expect(declaration.setting_list.find((e) => e.privacy_key === 'EXIDNumber')!.collected_by.fields).toContain(field);
    }
    expect(fieldsIn(read('pages/identity/index.wxml'))).toEqual(new Set(['name', 'idNumber', 'relationship']));
  });

  it('is what app.json promises: privacy check on, location declared in requiredPrivateInfos with its reason', () => {
    const app = JSON.parse(read('app.json')) as { __usePrivacyCheck__?: boolean; requiredPrivateInfos?: string[]; permission?: Record<string, { desc: string }> };
    expect(app.__usePrivacyCheck__).toBe(true);
    for (const api of ['wx.getLocation', 'wx.chooseLocation', 'wx.getFuzzyLocation']) {
      expect({ api, required: app.requiredPrivateInfos?.includes(api.slice(3)) ?? false }).toEqual({ api, required: called.has(api) });
    }
    expect(app.permission?.['scope.userLocation']?.desc).toBeTruthy();
  });

  it('puts the consent sheet on every page that collects personal data, directly or through lib', () => {
    const helpers = new Set<string>();
    for (const file of sources('.ts').filter((f) => f.startsWith('lib/'))) {
      // Each exported function up to the next one: the helpers that reach a privacy API.
      for (const part of read(file).split(/(?=^export )/m)) {
        const name = /^export (?:async )?function (\w+)/.exec(part)?.[1];
        if (name && [...callsIn(part)].some((api) => PRIVACY_APIS[api])) helpers.add(name);
      }
    }
    expect([...helpers].sort()).toEqual(['chooseAndUploadMaterials', 'getPosition', 'runFaceCheck']);
    const app = JSON.parse(read('app.json')) as { pages: string[]; subPackages: { root: string; pages: string[] }[] };
    const pages = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
    const collecting = pages.filter((page) => {
      const code = read(`${page}.ts`);
      const usesHelper = [...helpers].some((h) => new RegExp(`\\b${h}\\(`).test(code));
      const usesApi = [...callsIn(code)].some((api) => PRIVACY_APIS[api]);
      const asksPersonal = [...fieldsIn(read(`${page}.wxml`))].some((f) => declaredFields.has(f));
      return usesHelper || usesApi || asksPersonal;
    });
    expect(collecting).toEqual(expect.arrayContaining(['pages/filing-form/index', 'pages/filing-detail/index', 'pages/institutions/index', 'pages/identity/index']));
    for (const page of [...collecting, 'pages/home/index']) {
      const json = JSON.parse(read(`${page}.json`)) as { usingComponents?: Record<string, string> };
      expect({ page, component: json.usingComponents?.['privacy-sheet'] }).toEqual({ page, component: '/components/privacy-sheet/index' });
      expect({ page, inWxml: /<privacy-sheet\b/.test(read(`${page}.wxml`)) }).toEqual({ page, inWxml: true });
    }
  });

  it('agrees only through WeChat\'s own button', () => {
    const sheet = read('components/privacy-sheet/index.wxml');
    expect(sheet).toMatch(/<button[^>]*id="privacy-agree"[^>]*open-type="agreePrivacyAuthorization"[^>]*bindagreeprivacyauthorization="onAgree"/);
    expect(sheet).not.toMatch(/id="privacy-agree"[^>]*bindtap/);
  });
});

describe('the privacy authorization flow on the built pages', () => {
  type Resolve = (answer: { event: string; buttonId?: string }) => void;
  let harness: Harness;
  let needAuthorization: boolean;
  let listener: ((resolve: Resolve) => void) | undefined;
  let contractsOpened: number;
  const wx = () => (globalThis as unknown as { wx: Record<string, unknown> }).wx;

  beforeEach(async () => {
    harness = await startHarness();
    routeCloudToFunctions(FUNCTIONS, 'o-privacy-resident');
    needAuthorization = true;
    listener = undefined;
    contractsOpened = 0;
    wx().getPrivacySetting = ({ success }: { success: (res: unknown) => void }) => success({ needAuthorization, privacyContractName: declaration.privacy_contract_name, errMsg: 'getPrivacySetting:ok' });
    wx().onNeedPrivacyAuthorization = (l: (resolve: Resolve) => void) => {
      listener = l;
    };
    wx().openPrivacyContract = () => {
      contractsOpened += 1;
    };
  });
  afterEach(() => harness.cleanup());

  const sheetOf = (comp: SimulatedElement) => comp.querySelector('#privacy')!;
  const isOpen = (comp: SimulatedElement) => sheetOf(comp).querySelector('#privacy-sheet') !== undefined;

  it('shows the sheet on the home page the first time, with the guide one tap away, and closes it on 同意', async () => {
    const home = renderPage('pages/home/index');
    await settle(home, () => isOpen(home));
    const sheet = sheetOf(home);
    expect(sheet.querySelector('#privacy-sheet')!.dom.textContent).toContain(declaration.privacy_contract_name);
    await tap(sheet, '#privacy-contract');
    expect(contractsOpened).toBe(1);
    sheet.querySelector('#privacy-agree')!.dispatchEvent('agreeprivacyauthorization');
    await settle(home, () => !isOpen(home));
  });

  it('shows nothing once the resident has agreed', async () => {
    needAuthorization = false;
    const home = renderPage('pages/home/index');
    await settle(home, () => sheetOf(home).data.contractName === declaration.privacy_contract_name);
    expect(isOpen(home)).toBe(false);
  });

  it('answers the privacy API WeChat holds for the page: agree with the agree button\'s id, or disagree', async () => {
    const form = renderPage('pages/filing-form/index');
    form.instance.onLoad!({});
    expect(listener).toBeDefined();
    const answers: { event: string; buttonId?: string }[] = [];
    listener!((answer) => answers.push(answer));
    await settle(form, () => isOpen(form));
    expect(answers).toEqual([{ event: 'exposureAuthorization' }]);
    sheetOf(form).querySelector('#privacy-agree')!.dispatchEvent('agreeprivacyauthorization');
    await settle(form, () => !isOpen(form));
    expect(answers).toEqual([{ event: 'exposureAuthorization' }, { buttonId: 'privacy-agree', event: 'agree' }]);

    listener!((answer) => answers.push(answer));
    await settle(form, () => isOpen(form));
    await tap(sheetOf(form), '#privacy-disagree');
    await settle(form, () => !isOpen(form));
    expect(answers.slice(-1)).toEqual([{ event: 'disagree' }]);
  });

  it('tells the resident in plain words what 不同意 means for the nearby search, and the city search stays', async () => {
    wx().getLocation = () => Promise.reject({ errMsg: 'getLocation:fail privacy permission is not authorized', errno: 104 });
    const nearby = renderPage('pages/institutions/index');
    nearby.instance.onLoad!({});
    await tap(nearby, '#nearby');
    await settle(nearby, () => nearby.data.locating === false && nearby.data.notice !== '');
    expect(nearby.data.notice).toContain('您没有同意隐私保护指引');
    expect(nearby.data.nearby).toBe(false);
  });

  it('tells the resident in plain words what 不同意 means for the face check, and asks nothing of the server', async () => {
    const asked: string[] = [];
    wx().requestFacialVerify = ({ verifyId, fail }: { verifyId: string; fail?: (e: unknown) => void }) => {
      asked.push(verifyId);
      fail?.({ errMsg: 'requestFacialVerify:fail privacy permission is not authorized', errno: 104 });
    };
    const calls = routeCloudToFunctions(FUNCTIONS, 'o-privacy-resident');
    const page = renderPage('pages/identity/index');
    page.instance.onLoad!({});
    await settle(page, () => page.data.status !== null);
    expect(page.querySelector('#privacy-consent')).toBeDefined();
    await type(page, '#name', '孙丽华');
    await type(page, '#idNumber', makeResidentId('320505', '19620315', 128));
    await tap(page, '#verify');
    await settle(page, () => page.data.busy === false && page.data.formError !== '');
    expect(asked).toHaveLength(1);
    expect(page.data.formError).toContain('您没有同意隐私保护指引，所以不能刷脸认证');
    expect(page.data.phase).toBe('form');
    expect(calls.filter((c) => c.name === 'identity').map((c) => c.data.action)).toEqual(['status', 'start']);
  });

  it('asks on the page where the resident is: the last page shown holds the listener', async () => {
    const form = renderPage('pages/filing-form/index');
    const first = listener;
    const nearby = renderPage('pages/institutions/index');
    expect(listener).not.toBe(first);
    listener!(() => undefined);
    await settle(nearby, () => isOpen(nearby));
    expect(isOpen(form)).toBe(false);
  });
});
