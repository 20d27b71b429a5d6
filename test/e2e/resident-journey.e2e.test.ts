import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { serveLocalCloud, type ServedCloud } from '../../server/local-cloud/serve';
import { makeResidentId } from '../support/resident-ids';

/**
 * The resident's journey in a real browser: the preview (the built pages in j-component) in
 * Debian's Chromium, driven by playwright-core, against the local cloud this test starts the way
 * `npm start` does (fresh DATA_DIR, free port). It asserts what the page shows; a screenshot of
 * each step goes to test-results/e2e/ (git-ignored) for a person to look at.
 *
 * Waits are on what the page shows, with generous limits (a loaded 2-core machine), never sleeps.
 * Run it alone with `npm run test:e2e` (needs `chromium`: apt-get install -y chromium).
 */
const WAIT = 60_000;
const SHOTS = path.resolve(__dirname, '../../test-results/e2e');
/** A 1×1 PNG: a real image by its leading bytes, as the material storage judges uploads. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const RESIDENT = { name: '赵强', idNumber: makeResidentId('440305', '19700808', 151) };

function chromiumPath(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium is not installed: apt-get install -y chromium (never a browser download); .ci/run does it');
  }
}

let cloud: ServedCloud;
let dataDir: string;
let browser: Browser;
let page: Page;
let shot = 0;

beforeAll(async () => {
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-'));
  // The demo directory as npm start seeds it (the generated part smaller: the city essentials are what is searched).
  cloud = await serveLocalCloud({ port: 0, dataDir, directoryCount: 300 });
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page.setDefaultTimeout(WAIT);
});

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The page on top of the preview's stack. */
const top = (): Locator => page.locator('.pv-page:not([hidden])');
const on = (selector: string): Locator => top().locator(selector).first();

async function screenshot(name: string): Promise<void> {
  shot += 1;
  await page.screenshot({ path: path.join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/** The page's route, once its view is the one shown. */
async function onRoute(route: string): Promise<void> {
  await page.locator(`.pv-page[data-pv-page="${route}"]:not([hidden])`).waitFor();
}

async function typeInto(selector: string, value: string): Promise<void> {
  const box = on(`${selector} .pv-native-input`);
  await box.fill(value);
}

/** `<picker mode="region">`: the preview's sheet with a province and a city. */
async function pickRegion(selector: string, province: string, city: string): Promise<void> {
  await on(selector).click();
  const sheet = page.locator('.pv-mask.sheet').last();
  await sheet.locator('.pv-province').selectOption({ label: province });
  await sheet.locator('.pv-city').selectOption({ label: city });
  await sheet.locator('.pv-confirm').click();
  await sheet.waitFor({ state: 'detached' });
  await expectText(on(selector), `${province} ${city}`);
}

/** `<picker mode="date">`: WeChat's 年/月/日 columns; 确定 on the day shown first (today in China). */
async function pickToday(selector: string): Promise<void> {
  await on(selector).click();
  const sheet = page.locator('#pv-date');
  await sheet.locator('.pv-date-year').waitFor();
  await sheet.locator('.pv-confirm').click();
  await sheet.waitFor({ state: 'detached' });
}

/** Waits (generously) until the element shows the text; fails with what it showed instead. */
async function expectText(locator: Locator, expected: string | RegExp): Promise<void> {
  try {
    await locator.filter({ hasText: expected }).first().waitFor({ timeout: WAIT });
  } catch {
    const shown = (await locator.textContent({ timeout: 1000 }).catch(() => null)) ?? '(nothing)';
    throw new Error(`expected ${String(expected)}, the page shows: ${shown.slice(0, 500)}`);
  }
}

/** The test tsconfig has no DOM lib: the one browser global the font check reads. */
declare const getComputedStyle: (el: unknown) => { fontSize: string };

async function fontSize(locator: Locator): Promise<number> {
  return locator.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}

async function switchIdentity(openid: string): Promise<void> {
  await page.locator('#pv-identity').selectOption(openid);
}

describe('a resident files, is approved, and finds where to go', () => {
  it('walks the whole journey in Chromium', async () => {
    // 1. A resident who has never used the program opens it.
    await page.goto(`http://127.0.0.1:${cloud.port}/preview?as=new`);
    await page.locator('body[data-pv-ready="true"]').waitFor();
    await onRoute('pages/home/index');
    // WeChat's privacy consent, the first time: the resident agrees (同意并继续).
    await expectText(on('#privacy-sheet'), '隐私保护提示');
    await screenshot('privacy-consent');
    await on('#privacy-agree').click();
    await on('#privacy-sheet').waitFor({ state: 'detached' });
    await expectText(on('#identity-status'), '未实名认证');
    const openid = await page.locator('#pv-identity').inputValue();
    expect(openid).toMatch(/^pv-new-/);
    await screenshot('home-new-resident');

    // 2. 办理备案 starts with 实名认证: name, number, then the (simulated) face check.
    await on('#open-filing').click();
    await onRoute('pages/identity/index');
    await typeInto('#name', RESIDENT.name);
    await typeInto('#idNumber', RESIDENT.idNumber);
    await on('#verify').click();
    const face = page.locator('.pv-mask:has-text("模拟刷脸")');
    await face.waitFor();
    await screenshot('face-check');
    await face.locator('.pv-confirm').click();
    await expectText(on('#result'), '认证成功');
    await on('#continue').click();
    await onRoute('pages/filing-form/index');

    // 3. The wizard: a referral, insured in Suzhou.
    await on('#type-referral').click();
    await on('#next').click();
    await expectText(on('#step-title'), '申请人信息');
    await on('#applicant-self').click();
    await expectText(on('#applicant-self'), '本人 赵*');
    await typeInto('#phone', '13800138000');
    await on('#insurance-employee').click();
    await pickRegion('#insuredRegion', '江苏省', '苏州市');
    await on('#next').click();
    await expectText(on('#step-title'), '就医信息');

    // A treatment city in the same province: caught here, at its own step, with the reason.
    await pickRegion('#treatmentRegion', '江苏省', '南京市');
    await pickToday('#startDate');
    await typeInto('#hospital-search', '人民医院');
    await on('#hospital-search-go').click();
    await expectText(on('#hospital-option-0'), '南京市人民医院');
    await on('#hospital-option-0').click();
    await typeInto('#diagnosis', '冠心病');
    await on('#next').click();
    await expectText(on('#treatmentRegion-error'), '就医地与参保地在同一省份，不需要办理跨省备案');
    await expectText(on('#step-title'), '就医信息');
    await screenshot('rule-caught-at-its-step');

    await pickRegion('#treatmentRegion', '广东省', '广州市');
    await typeInto('#hospital-search', '人民医院');
    await on('#hospital-search-go').click();
    await expectText(on('#hospital-option-0'), '广州市人民医院');
    await on('#hospital-option-0').click();
    await expectText(on('#hospital-chosen'), '广州市人民医院');
    await on('#next').click();
    await expectText(on('#step-title'), '证明材料');

    // The referral certificate: a photo, shown back as a thumbnail.
    await on('#proof-documents').click();
    const chooser = page.waitForEvent('filechooser');
    await on('#add-materials').click();
    await (await chooser).setFiles({ name: 'referral.png', mimeType: 'image/png', buffer: PHOTO });
    await on('#material-0 img').waitFor();
    await expectText(on('#material-0'), '材料1');
    await screenshot('material-thumbnail');

    // 4. 提交: WeChat's subscribe sheet, drawn as WeChat draws it; the resident allows.
    await on('#submit').click();
    const subscribe = page.locator('#pv-subscribe');
    await subscribe.waitFor();
    await expectText(subscribe, '备案审核结果通知');
    await expectText(subscribe, '发送一次以下消息');
    await screenshot('subscribe-sheet');
    await subscribe.locator('.pv-confirm').click();
    await expectText(on('#submitted'), '已提交备案申请');
    const filingNo = (await on('#receipt-number').textContent())!.trim();
    expect(filingNo).toMatch(/^\d{8}-\d{6}$/);
    await expectText(on('#receipt-deadline'), /^\d{4}年\d{1,2}月\d{1,2}日$/);
    await expectText(on('#next-steps'), '在广东省广州市的联网医院和药店');
    await screenshot('receipt');

    // 5. The Suzhou reviewer claims it, chooses 通过 with a 常用意见, previews the resident's message and confirms.
    await switchIdentity('demo-staff-suzhou');
    await onRoute('staff/pages/queue/index');
    const item = on('.queue-item:has-text("异地转诊就医")');
    await item.click();
    await onRoute('staff/pages/review/index');
    await on('#claim').click();
    await on('#approve').waitFor();
    await on('#approve').click();
    await on('.template:has-text("材料齐全，予以备案")').click();
    await on('#preview').click();
    await expectText(on('#preview-title'), '备案成功');
    await expectText(on('#preview-message'), '审核意见：材料齐全，予以备案');
    await screenshot('reviewer-preview');
    await on('#confirm').click();
    await expectText(on('#status'), '备案成功');
    await screenshot('reviewer-approved');

    // 6. The resident sees the approved status, the inbox message and the subscribe message.
    await switchIdentity(openid);
    await onRoute('pages/home/index');
    await expectText(on('#open-inbox'), '条未读');
    await on('#open-my-filings').click();
    await onRoute('pages/my-filings/index');
    await expectText(on('.filing-item'), '备案成功');
    await on('.filing-item').click();
    await onRoute('pages/filing-detail/index');
    await expectText(on('#status'), '备案成功');
    await expectText(on('#filing-no'), filingNo);
    await expectText(on('#check-city'), '广东省广州市');
    await expectText(on('#check-type'), '异地转诊就医');
    await expectText(on('#filed-hospital'), '广州市人民医院');
    await expectText(on('#timeline'), '审核通过');
    await expectText(on('#timeline'), '苏州市医保经办机构');
    await screenshot('resident-sees-approval');
    await expectText(page.locator('#pv-inbox'), '备案成功');
    // The inbox says what the preview said.
    await expectText(page.locator('#pv-inbox'), '审核意见：材料齐全，予以备案');
    await expectText(page.locator('#pv-sent'), filingNo);
    await expectText(page.locator('#pv-sent'), '已通过');
    await screenshot('inbox-and-subscribe-message');

    // 7. Where to go: a pinyin-initials search finds the filing's hospital in Guangzhou.
    await on('#find-institutions').click();
    await onRoute('pages/institutions/index');
    await expectText(on('#region'), '广东省广州市');
    await typeInto('#keyword', 'gzsrmyy');
    await on('#search').click();
    await expectText(on('.result'), '广州市人民医院');
    await screenshot('pinyin-search');

    // 附近: WeChat asks for the position (the preview lets the tester pick where the phone is).
    await typeInto('#keyword', '');
    await on('#nearby').click();
    const location = page.locator('#pv-location');
    await expectText(location, '用于查找您附近能直接结算的医院和药店');
    await location.locator('.pv-location-place').selectOption({ label: '广州市越秀区' });
    await location.locator('.pv-confirm').click();
    await expectText(on('#summary'), /您附近10公里内共找到[1-9]\d*家/);
    await screenshot('nearby');

    // 8. 长辈版: every text 1.5× at least, the tags included; numbers stay on one line.
    const tag = on('.result .tag');
    const title = on('.result .title');
    const [tagBefore, titleBefore] = [await fontSize(tag), await fontSize(title)];
    await on('#large-text-toggle').click();
    await expectText(on('#large-text-toggle'), '标准字号');
    expect((await fontSize(tag)) / tagBefore).toBeGreaterThanOrEqual(1.5);
    expect((await fontSize(title)) / titleBefore).toBeGreaterThanOrEqual(1.5);
    await screenshot('large-text-search');
    await page.locator('#pv-back').click();
    await onRoute('pages/filing-detail/index');
    await expectText(on('#large-text-toggle'), '标准字号');
    const status = on('#status');
    expect(await fontSize(status)).toBeGreaterThanOrEqual(tagBefore * 1.5);
    for (const number of ['#filing-no', '.kv:has-text("身份证号") .nowrap', '.kv:has-text("开始日期") .nowrap']) {
      expect(await on(number).evaluate((el) => el.getClientRects().length)).toBe(1);
    }
    await screenshot('large-text-detail');

    // The filing's hospital: 打电话 shows the number before calling, as the phone does.
    await on('#filed-hospital .link').click();
    await onRoute('pages/institution-detail/index');
    await expectText(on('#name'), '广州市人民医院');
    await on('#call').click();
    const call = page.locator('#pv-call');
    await expectText(call, /^020-\d{8}/);
    await screenshot('phone-call');
    await call.locator('.pv-cancel').click();
    await call.waitFor({ state: 'detached' });
  });
});
