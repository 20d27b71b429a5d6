import type { Institution } from '../../core/institution/institution';
import { CAPABILITIES } from '../../core/institution/institution';

const ALL = [...CAPABILITIES];

/**
 * Well-known hospitals with their real addresses and approximate positions, always in the
 * directory so that searches like `bjxh` (北京协和医院) have the answer people expect.
 * Codes follow the national pattern (H + district + serial); the serials are ours.
 */
export const FAMOUS_INSTITUTIONS: readonly Institution[] = [
  ['H11010100001', '北京协和医院', '110101', '北京市东城区帅府园1号', '010-69156114', 39.9127, 116.417],
  ['H11010200001', '北京大学第一医院', '110102', '北京市西城区西什库大街8号', '010-83572211', 39.9262, 116.3741],
  ['H31010400001', '复旦大学附属中山医院', '310104', '上海市徐汇区枫林路180号', '021-64041990', 31.1998, 121.4537],
  ['H51010700001', '四川大学华西医院', '510107', '四川省成都市武侯区国学巷37号', '028-85422114', 30.6425, 104.0633],
  ['H22010400001', '吉林大学第一医院', '220104', '吉林省长春市朝阳区新民大街71号', '0431-88782222', 43.8853, 125.3131],
  ['H22010400002', '吉林大学中日联谊医院', '220104', '吉林省长春市朝阳区仙台大街126号', '0431-84995114', 43.8467, 125.2839],
  ['H22010400003', '吉林省人民医院', '220104', '吉林省长春市朝阳区工农大路1183号', '0431-85595114', 43.8675, 125.2906],
  ['H43010500001', '中南大学湘雅医院', '430105', '湖南省长沙市开福区湘雅路87号', '0731-84328888', 28.2176, 112.9844],
  ['H44010400001', '中山大学附属第一医院', '440104', '广东省广州市越秀区中山二路58号', '020-87755766', 23.1286, 113.294],
  ['H32050800001', '苏州大学附属第一医院', '320508', '江苏省苏州市姑苏区十梓街188号', '0512-65223637', 31.3037, 120.6341],
  ['H32010600001', '江苏省人民医院', '320106', '江苏省南京市鼓楼区广州路300号', '025-83718836', 32.056, 118.768],
  ['H44190000001', '东莞市人民医院', '441900', '广东省东莞市万江街道新谷涌万道路南3号', '0769-28637333', 23.0437, 113.7269],
].map(([code, name, region, address, phone, latitude, longitude]) => ({
  code: code as string,
  name: name as string,
  kind: 'hospital' as const,
  type: '综合医院',
  level: '三级甲等' as const,
  region: region as string,
  address: address as string,
  phone: phone as string,
  latitude: latitude as number,
  longitude: longitude as number,
  capabilities: ALL,
  networked: true,
}));
