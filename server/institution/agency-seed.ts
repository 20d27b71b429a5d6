import type { Agency } from '../../core/institution/agency';

const HOURS = '工作日办公，具体时间以现场公示为准';

/**
 * Agency counters. Changchun's ten come from seed 002 with the addresses it gives; the phone is
 * the city's 医保 hotline (area code + 12393, seed 001) since the seed lists no counter numbers.
 * For the other regions of the policy table we know no counter address: their entry says so.
 */
export const AGENCY_SEED: readonly Agency[] = [
  ['220100-01', '220102', '长春市政务服务中心', '长春市南关区华新街700号'],
  ['220100-02', '220104', '朝阳区政务服务中心', '长春市朝阳区延安大街1149号'],
  ['220100-03', '220102', '南关区政务服务中心', '长春市南关区家苑路399号'],
  ['220100-04', '220103', '宽城区政务服务中心', '长春市宽城区富城路228号'],
  ['220100-05', '220106', '绿园区政务服务中心', '长春市绿园区西安大路6665号'],
  ['220100-06', '220105', '二道区政务服务中心', '长春市二道区惠工路799号'],
  ['220100-07', '220172', '净月高新区政务服务中心', '长春市净月区红梅街1号'],
  ['220100-08', '220103', '长春新区政务服务中心', '长春市宽城区中科大街2106号'],
  ['220100-09', '220174', '长春医保一汽业务经办服务大厅', '长春市汽开区东风大街与兴顺路交汇北行100米，一汽服务贸易有限公司北侧'],
  ['220100-10', '220100', '长春医保人民大街服务大厅', '长春市人民大街与金宇大路交汇，吉商大厦西门'],
]
  .map(([id, region, name, address]) => ({ id: id!, region: region!, name: name!, address: address!, phone: '0431-12393', hours: HOURS }))
  .concat(
    [
      ['110000', '北京市医疗保障经办机构', '010'],
      ['320000', '江苏省医疗保障经办机构', '025'],
      ['320500', '苏州市医（社）保经办机构', '0512'],
      ['220000', '吉林省医疗保障经办机构', '0431'],
      ['430000', '湖南省医疗保障经办机构', '0731'],
      ['440000', '广东省医疗保障经办机构', '020'],
      ['441900', '东莞市医疗保障经办机构', '0769'],
    ].map(([region, name, areaCode]) => ({
      id: `${region}-01`,
      region: region!,
      name: name!,
      address: '办理地点请以当地医疗保障部门公布的为准，或拨打医保服务热线咨询',
      phone: `${areaCode}-12393`,
      hours: HOURS,
    })),
  );
