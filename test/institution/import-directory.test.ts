import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvHeader } from '../../server/institution/directory-csv';
import { importDirectoryCsv } from '../../server/institution/import-directory';
import { SqliteInstitutionRepository } from '../../server/institution/sqlite-institution-repository';
import { sharedRegionDirectory } from '../../server/runtime/runtime';

const runtime = { regions: sharedRegionDirectory() };
const YES7 = '是,是,是,是,是,是,是';
const NO7 = '否,否,否,否,否,否,否';

/** Line numbers are the file's: the heading is line 1. */
const FILE = [
  csvHeader(),
  `H22010400001,吉林大学第一医院,医院,综合医院,三级甲等,220104,长春市朝阳区新民大街71号,0431-88782222,125.3131,43.8853,${YES7}`, // 2 ok
  `P22010200001,"益丰大药房（长春）连锁有限公司
华新街店",药店,零售药店,,220102,长春市南关区华新街10号,0431-12345678,125.33,43.87,${NO7}`, // 3-4 ok (name spans two lines)
  `X123,坏编码医院,医院,综合医院,二级,220104,长春市朝阳区某路1号,0431-1,125.3,43.8,${NO7}`, // 5 bad code
  `H22019900001,不存在的地区医院,医院,综合医院,二级,220199,长春市某区1号,0431-1,125.3,43.8,${NO7}`, // 6 unknown region
  `H22010400002,纬度错误医院,医院,综合医院,二级,220104,长春市朝阳区某路2号,0431-1,125.3,95,${NO7}`, // 7 bad latitude
  `P22010400003,开住院的药店,药店,零售药店,,220104,长春市朝阳区某路3号,0431-1,125.3,43.8,是,否,否,否,否,否,否`, // 8 pharmacy inpatient
  `H22010400001,重复的编码医院,医院,综合医院,二级,220104,长春市朝阳区某路4号,0431-1,125.3,43.8,${NO7}`, // 9 duplicate
  `H22010400004,,医院,综合医院,超级,220104,长春市朝阳区某路5号,0431-1,125.3,43.8,${NO7}`, // 10 no name + bad level
  `H22010500001,二道区人民医院,医院,综合医院,二级甲等,220105,长春市二道区惠工路1号,0431-2,125.36,43.87,是,是,否,否,否,否,否`, // 11 ok
].join('\r\n');

function openRepo() {
  return SqliteInstitutionRepository.open(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'import-')), 'directory.sqlite'));
}

describe('importing a directory file', () => {
  it('imports the good rows and reports each bad one with its line', async () => {
    const repo = openRepo();
    const report = await importDirectoryCsv(repo, runtime, `\ufeff${FILE}\r\n`);
    expect(report.imported).toBe(3);
    expect(report.problems.map((p) => p.line)).toEqual([5, 6, 7, 8, 9, 10]);
    const reasons = Object.fromEntries(report.problems.map((p) => [p.line, p.reason]));
    expect(reasons[5]).toContain('机构编码');
    expect(reasons[6]).toContain('所在地区');
    expect(reasons[7]).toContain('纬度');
    expect(reasons[8]).toContain('药店只能使用个人账户');
    expect(reasons[9]).toContain('与第2行重复');
    expect(reasons[10]).toMatch(/机构名称为空.*医院等级/);
    expect((await repo.get('P22010200001'))?.name).toBe('益丰大药房（长春）连锁有限公司\n华新街店');
    const found = await repo.search({ keyword: { kind: 'pinyin', value: 'jldxdyyy' }, capabilities: [], sort: 'relevance', limit: 5 });
    expect(found.hits.map((h) => h.institution.code)).toEqual(['H22010400001']);
    repo.db.close();
  });

  it('can run again: same file changes nothing, a shorter file retires the missing ones', async () => {
    const repo = openRepo();
    await importDirectoryCsv(repo, runtime, FILE);
    const again = await importDirectoryCsv(repo, runtime, FILE);
    expect(again).toMatchObject({ imported: 3, retired: 0 });
    expect(await repo.count()).toBe(3);

    const shorter = FILE.split('\r\n').filter((line) => !line.startsWith('H22010500001')).join('\n');
    const report = await importDirectoryCsv(repo, runtime, shorter);
    expect(report).toMatchObject({ imported: 2, retired: 1 });
    expect((await repo.get('H22010500001'))?.networked).toBe(false);
    const page = await repo.search({ region: '220100', capabilities: [], sort: 'level', limit: 10 });
    expect(page.hits.map((h) => h.institution.code).sort()).toEqual(['H22010400001', 'P22010200001']);

    // Back on the list: networked again.
    await importDirectoryCsv(repo, runtime, FILE);
    expect((await repo.get('H22010500001'))?.networked).toBe(true);
    repo.db.close();
  });

  it('refuses a file without the required headings, or without one good row, and changes nothing', async () => {
    const repo = openRepo();
    await importDirectoryCsv(repo, runtime, FILE);
    const noHeadings = await importDirectoryCsv(repo, runtime, 'code,name\nH1,x\n');
    expect(noHeadings.fatal).toMatch(/缺少列：机构编码/);
    const allBad = await importDirectoryCsv(repo, runtime, [csvHeader(), FILE.split('\r\n')[5]].join('\n'));
    expect(allBad.fatal).toBe('没有一行有效数据，未做任何修改');
    expect((await repo.get('H22010500001'))?.networked).toBe(true);
    repo.db.close();
  });
});
