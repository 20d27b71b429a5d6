import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import compiler from 'miniprogram-compiler';

/**
 * Every WXML and WXSS of the built mini-program goes through WeChat's official compilers
 * (wcc and wcsc, wrapped by miniprogram-compiler), which throw on what DevTools would refuse.
 */
const MP = path.resolve(__dirname, '../../dist/miniprogram');

interface Compiler {
  wxmlToJs(root: string): string;
  wxssToJs(root: string): string;
}
const { wxmlToJs, wxssToJs } = compiler as Compiler;

type Gwx = (wxmlPath: string) => unknown;

function filesOf(root: string, ext: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(ext))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/** wcc's output is a script returning `$gwx(path)`; it only needs a `window` to write version info to. */
function loadGwx(root: string): Gwx {
  return new Function('window', '__wxAppCode__', wxmlToJs(root))({}, {}) as Gwx;
}

describe('official WXML/WXSS compilers', () => {
  it('builds the pages the app declares', () => {
    const app = JSON.parse(fs.readFileSync(path.join(MP, 'app.json'), 'utf8')) as { pages: string[] };
    expect(app.pages).toEqual(expect.arrayContaining(['pages/home/index', 'pages/policy/index']));
    for (const page of app.pages) {
      for (const ext of ['.js', '.json', '.wxml', '.wxss']) expect(fs.existsSync(path.join(MP, `${page}${ext}`))).toBe(true);
    }
  });

  it('compiles every WXML of dist/miniprogram with wcc into a render function', () => {
    const wxml = filesOf(MP, '.wxml');
    expect(wxml.length).toBeGreaterThanOrEqual(2);
    const gwx = loadGwx(MP);
    for (const file of wxml) expect({ file, compiled: typeof gwx(file) }).toEqual({ file, compiled: 'function' });
  });

  it('compiles every WXSS of dist/miniprogram with wcsc', () => {
    const wxss = filesOf(MP, '.wxss');
    expect(wxss.length).toBeGreaterThanOrEqual(3);
    const compiled = wxssToJs(MP);
    for (const file of wxss) {
      // Page styles are keyed by their path, app.wxss as ./app.wxss.
      expect(compiled).toContain(file === 'app.wxss' ? './app.wxss' : file);
    }
  });

  describe('on broken sources (so the checks above can fail)', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wx-broken-'));
      fs.mkdirSync(path.join(dir, 'pages', 'bad'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'pages', 'bad', 'index.json'), '{ "component": true }');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('wcc refuses an unclosed WXML tag', () => {
      fs.writeFileSync(path.join(dir, 'pages', 'bad', 'index.wxml'), '<view class="a">{{name}}</view\n');
      expect(() => wxmlToJs(dir)).toThrow(/wxml/);
    });

    it('wcc refuses a mismatched closing tag', () => {
      fs.writeFileSync(path.join(dir, 'pages', 'bad', 'index.wxml'), '<view><text>hi</view></text>\n');
      expect(() => wxmlToJs(dir)).toThrow();
    });

    it('wcsc refuses an unclosed WXSS rule', () => {
      fs.writeFileSync(path.join(dir, 'pages', 'bad', 'index.wxss'), '.a { color: red;\n');
      expect(() => wxssToJs(dir)).toThrow();
    });
  });
});
