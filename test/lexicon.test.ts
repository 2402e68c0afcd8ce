// The lexicon of the community, venues, health and governance families on real-style report
// sentences: for each measure, sentences a careful coder counts (in Simplified and in Traditional,
// converted the way documents are), traps that must not count (outbreak clusters are not gatherings,
// a donation is not a stockpile, a venue on a leader's tour is not a venue control, a publicity
// department is not publicity), and sentences whose status must be lifted or stay in force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as OpenCC from 'opencc-js';
import { matchUnit } from '../src/match.ts';

const tw = OpenCC.Converter({ from: 'tw', to: 'cn' });
const hk = OpenCC.Converter({ from: 'hk', to: 'cn' });
const toCn = (s: string) => hk(tw(s));

const mentions = (text: string, id: string) => matchUnit('lexicon-test', text).filter((m) => m.measureId === id);
const cues = (text: string, id: string) => mentions(text, id).map((m) => `${m.cue}(${m.status})`).join(', ');

interface Family {
  /** Counted: must yield the measure. */
  yes: string[];
  /** Traps: must not yield it. */
  no: string[];
  /** Traditional script: must yield it after Traditional→Simplified conversion. */
  trad: string[];
  /** Traditional traps. */
  tradNo?: string[];
  /** Must yield it lifted. */
  lifted?: string[];
  /** Traditional: must yield it, and only in force (a lift word nearby does not lift it). */
  inForce?: string[];
}

const COMMUNITY: Record<string, Family> = {
  grid_management: {
    yes: [
      '全面落实网格化管理,将全镇划分为126个网格,每个网格配备1名网格员',
      '各社区要压实网格长、楼栋长责任,每日掌握居民健康状况',
      '村(社区)网格员要逐户上门登记返乡人员信息',
      '发挥“十户长”“中心户长”作用,织密防控网络',
      '落实街巷长制,胡同长、楼院长每天巡查辖区',
      '强化网格化服务管理,做到底数清、情况明',
    ],
    no: [
      '加快推进城乡电网格局优化',
      '该户长期在外务工,家中无人居住',
      '县人民医院副院长介绍了救治情况',
      '办公大楼长期存在安全隐患',
    ],
    trad: [
      '全面落實網格化管理,每個網格配備1名網格員',
      '發揮樓棟長、單元長作用',
    ],
    tradNo: [
      '加快推進城鄉電網格局優化',
    ],
  },
  mobilization: {
    yes: [
      '全县组建党员志愿服务队156支,2000余名党员干部下沉一线',
      '在卡点设立党员先锋岗,成立临时党支部',
      '组织1200名机关干部下沉到社区,协助开展排查',
      '广大志愿者积极参与卡点值守和物资配送',
      '动员在职党员到社区报到,参与疫情防控',
      '基干民兵配合做好卡点执勤',
      '抽调机关干部充实到卡点一线',
      '要充分发挥农村党员、村民小组长的作用',
    ],
    no: [
      '各级党组织和广大党员干部要充分发挥战斗堡垒作用和先锋模范作用',
      '要充分发挥基层党组织战斗堡垒作用和党员先锋模范作用',
      '营造群防群控、联防联控的浓厚氛围',
      '做好高考志愿填报指导工作',
      '下沉市场消费潜力持续释放',
    ],
    trad: [
      '組建黨員志願服務隊,黨員幹部下沉一線',
      '在卡點設立黨員先鋒崗',
    ],
    tradNo: [
      '要充分發揮黨員先鋒模範作用',
    ],
  },
};

const VENUES: Record<string, Family> = {
  venue_controls: {
    yes: [
      '商场、超市、农贸市场等公共场所要严格落实测温、扫码、戴口罩等措施',
      '加强对宾馆酒店、餐饮单位的疫情防控监管',
      '全市养老机构实行封闭管理,暂停家属探视',
      '景区实行预约、限流、错峰,游客量不超过最大承载量的75%',
      '各类公共场所要严格查验健康码、行程码',
      '加强人员密集场所疫情防控',
      '加强重点单位、重点场所、重点人群防控',
      '农贸市场要做好每日消杀和人员测温',
    ],
    no: [
      '县长到隔离酒店检查集中隔离点工作落实情况',
      '尽量避免前往人员密集场所',
      '市领导先后到超市、社区、加油站、企业调研',
      '在公共场所要科学佩戴口罩',
    ],
    trad: [
      '商場、超市等公共場所要嚴格落實測溫、掃碼措施',
      '養老機構實行封閉管理,暫停探視',
    ],
    tradNo: [
      '縣長李澤宙到格林假日酒店集中隔離點、僧固鄉惠民社區、加油站、縣城區網格督導疫情防控工作',
      '儘量避免前往人員密集場所',
    ],
    inForce: [
      '養老機構一律取消探視',
      '全市養老機構暫停探視',
    ],
  },
  business_closure: {
    yes: [
      '全市影剧院、网吧、KTV、歌舞厅等娱乐场所一律暂停营业',
      '除超市、药店、农贸市场外,其他门店一律停业',
      '城区所有餐饮单位暂停堂食',
      '全县A级景区、图书馆、文化馆暂停对外开放',
      '洗浴、足浴、棋牌室等场所全部关闭',
      '对违反防控规定的商户依法责令停业整顿',
    ],
    no: [
      '关闭高速公路出入口,严格查验过往车辆',
      '其他医疗机构发热门诊全部关闭',
      '暂停业务办理,群众可通过网上办理',
      '城区公交线路暂停运营',
    ],
    trad: [
      '網吧、KTV等娛樂場所一律暫停營業',
      '全市餐飲單位暫停堂食',
    ],
    tradNo: [
      '僅留延津縣人民醫院和縣中醫院兩個定點發熱門診,其他醫療機構發熱門診全部關閉',
    ],
    lifted: [
      '全县餐饮门店恢复堂食',
      '商场超市有序恢复营业',
      '全市A级景区恢复开放',
    ],
    inForce: [
      '暫停一切聚集性活動,餐飲單位暫停堂食',
    ],
  },
  work_resumption: {
    yes: [
      '全县规模以上工业企业复工率达到98%',
      '严格落实企业复工复产疫情防控措施',
      '加快推进重点项目开复工',
      '指导企业制定复工预案,做好员工返岗健康监测',
      '推动商贸流通企业复商复市',
      '有序恢复正常生产生活秩序',
    ],
    no: [
      '县委召开工作会议',
      '疫情防控指挥部召开工作例会',
      '及时恢复工作状态',
      '加快推进重大项目开工建设',
    ],
    trad: [
      '嚴格落實企業復工復產疫情防控措施',
      '做好員工返崗健康監測',
    ],
    tradNo: [
      '縣委召開工作會議',
    ],
    inForce: [
      '有序恢復生產,企業復工率達到90%',
      '推動商貿企業復商復市',
    ],
  },
  school_measures: {
    yes: [
      '全县中小学、幼儿园延期开学,开展线上教学',
      '严格落实学校疫情防控各项措施,做好师生晨午检',
      '高校学生返校前须持48小时核酸检测阴性证明',
      '做好高考考点防疫消杀工作',
      '校外培训机构一律暂停线下培训',
      '全县学校实行封闭管理',
      '全市教育系统疫情防控工作会议召开',
    ],
    no: [
      '做好高校毕业生就业工作',
      '动员大学生志愿者参与社区服务',
      '加强平安校园建设',
    ],
    trad: [
      '全縣中小學延期開學,開展線上教學',
      '做好師生晨午檢',
    ],
    tradNo: [
      '做好高校畢業生就業工作',
    ],
    lifted: [
      '全市中小学恢复线下教学',
    ],
  },
  gathering_restriction: {
    yes: [
      '倡导红白喜事简办,喜事延办、丧事简办、宴请不办',
      '暂停庙会、集市等聚集性活动',
      '春节期间减少走亲访友,不串门、不聚餐',
      '原则上不举办大型活动,确需举办的要严格审批',
      '排队保持一米线距离',
      '严禁群众扎堆聊天',
      '暂停举办升学宴、谢师宴',
      '取消各类聚集性活动',
    ],
    no: [
      '严防发生聚集性疫情',
      '该起疫情为一起聚集性感染',
      '到产业集聚区调研',
      '打造人才聚集高地',
    ],
    trad: [
      '倡導紅白喜事簡辦,減少人員聚集',
      '排隊保持社交距離',
    ],
    tradNo: [
      '堅決杜絕疫情聚集性暴發',
    ],
    inForce: [
      '取消各類聚集性活動',
      '取消廟會、燈會等大型活動',
      '停止舉辦一切聚集性活動',
    ],
  },
  cold_chain: {
    yes: [
      '加强进口冷链食品监管,落实“三专三证”要求',
      '冷链从业人员每周开展一次核酸检测',
      '对进口物品实行预防性消毒',
      '加强对冷库的排查管控',
      '严格落实“人物同防”措施',
    ],
    no: [
      '加快冷链物流园项目建设',
    ],
    trad: [
      '加強進口冷鏈食品監管',
      '嚴防物傳人',
    ],
  },
};

const HEALTH: Record<string, Family> = {
  fever_clinic: {
    yes: [
      '各级医疗机构要严格落实预检分诊和首诊负责制',
      '全县设置发热门诊3个、发热哨点诊室18个',
      '确诊病例已转运至定点医院隔离治疗',
      '村卫生室一律不得接诊发热病人,发现后及时转诊',
      '将县中医院设为亚定点医院',
    ],
    no: [
      '村干部逐户排查发热病人',
    ],
    trad: [
      '嚴格落實預檢分診制度',
      '設置發熱門診3個',
    ],
  },
  drug_sales_control: {
    yes: [
      '零售药店销售退热、止咳、抗病毒、抗菌素等四类药品要实行实名登记',
      '购买退烧药的人员须进行登记',
      '全县药店暂停销售退烧止咳类药品',
      '发热止咳药物严禁零售',
    ],
    no: [
      '加强退烧药等药品储备',
      '退烧后仍需居家观察',
    ],
    trad: [
      '藥店銷售退燒藥要實名登記',
      '四類藥品實行實名登記',
    ],
  },
  medical_capacity: {
    yes: [
      '全市新增重症床位120张,方舱医院随时可启用',
      '组建医疗救治专家组,全力救治患者',
      '抽调50名医护人员组成医疗队',
      '严格落实院感防控各项措施',
      '做到应收尽收、应治尽治',
      '加快传染病医院项目建设',
    ],
    no: [
      '看望慰问一线医务人员',
      '县委书记登门慰问援鄂医疗队队员家属',
      '建设方舱实验室,日检测能力达到10万管',
      '医护人员家属纷纷捐款',
    ],
    trad: [
      '新增重症床位120張',
      '嚴格落實院感防控措施',
    ],
    tradNo: [
      '李暉登門看望慰問支援湖北醫療隊成員家屬',
    ],
  },
  vaccination: {
    yes: [
      '加快推进新冠病毒疫苗接种,做到应接尽接',
      '60岁以上老年人加强针接种率达到90%',
      '设置临时接种点12个',
    ],
    no: [
      '支持企业开展疫苗研发',
    ],
    trad: [
      '加快推進新冠病毒疫苗接種',
      '老年人加強針接種率達到90%',
    ],
  },
  mask_wearing: {
    yes: [
      '进入超市须测温、扫码、戴口罩',
      '公共场所要科学佩戴口罩',
      '对未佩戴口罩的人员进行劝导',
      '乘坐公交车须全程佩戴口罩',
      '严格落实测温、扫码、口罩佩戴等措施',
    ],
    no: [
      '爱心企业捐赠口罩5万只',
      '确定药品、口罩、防护服等防控物资储备数量',
      '县内口罩生产企业日产能达到10万只',
      '严厉打击哄抬口罩价格行为',
    ],
    trad: [
      '進入超市須測溫、掃碼、戴口罩',
      '民眾外出應配戴口罩',
    ],
    tradNo: [
      '愛心企業捐贈口罩5萬隻',
    ],
  },
  hygiene_disinfection: {
    yes: [
      '对公共场所每日进行预防性消毒',
      '深入开展爱国卫生运动,清理卫生死角',
      '养成勤洗手、常通风、戴口罩的良好卫生习惯',
      '对确诊病例居住小区进行终末消毒',
      '组织开展环境卫生整治',
    ],
    no: [
      '某公司捐赠消毒液100箱',
      '确定消毒用品等防控物资储备数量',
      '每层楼设有洗手间',
    ],
    trad: [
      '對公共場所每日進行預防性消毒',
      '深入開展愛國衛生運動',
    ],
  },
};

const GOVERNANCE: Record<string, Family> = {
  supply_stockpile: {
    yes: [
      '按照30天满负荷运转需求做好防控物资储备',
      '保障居民生活物资供应,做好保供稳价工作',
      '做好口罩、防护服等物资调配',
      '确保生活必需品供应充足、价格稳定',
      '要做好退烧药、感冒药等药品储备',
    ],
    no: [
      '某公司向县红十字会捐赠防疫物资一批',
      '做好电煤保供工作',
      '做好防汛物资储备',
    ],
    trad: [
      '做好防控物資儲備',
      '保障居民生活物資供應',
    ],
    tradNo: [
      '某公司向縣紅十字會捐贈防疫物資一批',
    ],
  },
  public_communication: {
    yes: [
      '利用村村响、大喇叭、宣传车等方式开展宣传',
      '县政府新闻办召开疫情防控新闻发布会',
      '向全县人民发出倡议书',
      '印发《致全县返乡人员的一封信》',
      '开展防疫知识进村入户宣传',
      '及时解读防控政策,回应群众关切',
    ],
    no: [
      '县委宣传部副部长主持会议',
      '各县市区宣传部门提供',
      '县广播电视台记者现场采访',
      '认真学习宣传贯彻党的二十大精神',
    ],
    trad: [
      '利用村村響、大喇叭開展宣傳',
      '召開疫情防控新聞發布會',
    ],
    tradNo: [
      '縣委宣傳部副部長主持會議',
    ],
  },
  information_control: {
    yes: [
      '加强网络舆情监测,及时回应社会关切',
      '依法打击造谣传谣行为',
      '严防患者个人信息泄露',
      '做好舆论引导工作',
    ],
    no: [
      '及时准确发布疫情信息',
    ],
    trad: [
      '加強網絡輿情監測',
      '依法打擊造謠傳謠行為',
    ],
  },
  emergency_response: {
    yes: [
      '启动重大突发公共卫生事件一级响应',
      '我省继续维持二级应急响应',
      '全市进入应急响应状态',
    ],
    no: [
      '制定防控方案和应急预案',
      '做好应急处置准备',
      '全省启动防汛Ⅳ级应急响应',
      '提升应急响应能力',
    ],
    trad: [
      '啟動重大突發公共衛生事件一級響應',
    ],
    tradNo: [
      '全省啟動防汛Ⅳ級應急響應',
    ],
    lifted: [
      '我省重大突发公共卫生事件一级响应调整为二级响应',
      '终止突发公共卫生事件应急响应',
    ],
  },
  supervision_accountability: {
    yes: [
      '县纪委监委成立5个督导组,对防控工作开展明察暗访',
      '对履职不力的3名干部进行问责',
      '对失职失察的严肃追责',
      '县委督查室对各乡镇卡点值守情况进行督查',
      '纪检监察机关要强化监督执纪',
      '对工作不力的乡镇主要负责人进行约谈',
    ],
    no: [
      '县纪委书记张某某出席会议',
      '落实首问责任制,热情服务办事群众',
      '做好中央生态环境保护督察反馈问题整改',
    ],
    trad: [
      '成立5個督導組,開展明察暗訪',
      '依法依紀嚴肅追責問責',
    ],
  },
  drone_patrol: {
    yes: [
      '利用无人机开展空中巡查',
      '公安民警加强街面巡逻',
      '组织巡逻队每天对辖区进行流动巡查',
    ],
    no: [
      '汛期要加强防汛巡查',
      '落实河长制,做好河道巡查',
    ],
    trad: [
      '利用無人機開展空中巡查',
      '加強街面巡邏',
    ],
  },
};

function check(id: string, f: Family): void {
  for (const s of f.yes) assert.ok(mentions(s, id).length, `${id} should match: ${s}`);
  for (const s of f.no) assert.equal(cues(s, id), '', `${id} should not match: ${s}`);
  for (const s of f.trad) assert.ok(mentions(toCn(s), id).length, `${id} should match the Traditional: ${s} → ${toCn(s)}`);
  for (const s of f.tradNo ?? []) assert.equal(cues(toCn(s), id), '', `${id} should not match the Traditional: ${s}`);
  for (const s of f.lifted ?? []) assert.ok(mentions(s, id).some((m) => m.status === 'lifted'), `${id} should be lifted: ${s} [${cues(s, id)}]`);
  for (const s of f.inForce ?? []) {
    const text = toCn(s);
    const got = mentions(text, id);
    assert.ok(got.length && got.every((m) => m.status === 'in_force'), `${id} should be in force only: ${s} [${cues(text, id)}]`);
  }
  // What counts in force must not be read as a lift.
  for (const s of f.yes) {
    if (f.lifted?.includes(s)) continue;
    const lifted = mentions(s, id).filter((m) => m.status === 'lifted');
    assert.equal(lifted.length, 0, `${id} should be in force: ${s} [${cues(s, id)}]`);
  }
}

for (const [id, family] of Object.entries(COMMUNITY)) {
  test(`lexicon community: ${id} counts real report wording and skips its traps`, () => check(id, family));
}

for (const [id, family] of Object.entries(VENUES)) {
  test(`lexicon venues: ${id} counts real report wording and skips its traps`, () => check(id, family));
}

for (const [id, family] of Object.entries(HEALTH)) {
  test(`lexicon health: ${id} counts real report wording and skips its traps`, () => check(id, family));
}

for (const [id, family] of Object.entries(GOVERNANCE)) {
  test(`lexicon governance: ${id} counts real report wording and skips its traps`, () => check(id, family));
}

test('lexicon: one sentence proves several measures of these families', () => {
  const s = '及时对重点防控区域地面人员聚集、未戴口罩等情况进行空中喊话提醒,同时在固定时段空中广播有关疫情防控知识';
  for (const id of ['gathering_restriction', 'mask_wearing', 'drone_patrol', 'public_communication']) assert.ok(mentions(s, id).length, id);
  const t = '要求所有药品零售药店立即暂停销售“退烧、止咳”类药品,全部下架封存';
  assert.ok(mentions(t, 'drug_sales_control').length);
  assert.equal(cues(t, 'venue_controls'), '', 'a drug sales order is not a venue control');
});

test('lexicon: resumption is in force, a reopened business lifts its closure', () => {
  const s = '全县餐饮门店恢复营业,企业复工复产有序推进';
  assert.ok(mentions(s, 'business_closure').every((m) => m.status === 'lifted'));
  assert.ok(mentions(s, 'work_resumption').length && mentions(s, 'work_resumption').every((m) => m.status === 'in_force'));
});

test('lexicon: whole passages: rhetoric, a leader tour and donations prove none of these measures', () => {
  const MINE = new Set([...Object.keys(COMMUNITY), ...Object.keys(VENUES), ...Object.keys(HEALTH), ...Object.keys(GOVERNANCE)]);
  const found = (text: string) => new Set(matchUnit('lexicon-test', text).map((m) => m.measureId).filter((id) => MINE.has(id)));
  const rhetoric =
    '会议强调,各级党组织和广大党员干部要坚决贯彻落实习近平总书记重要指示精神,充分发挥基层党组织战斗堡垒作用和党员先锋模范作用,' +
    '坚决打赢疫情防控人民战争、总体战、阻击战。要统筹疫情防控和经济社会发展,扎实做好“六稳”工作。要召开工作推进会,及时研究解决问题。\n' +
    '责任编辑:李某 | 县委宣传部主办 | 技术支持:县融媒体中心';
  assert.deepEqual([...found(rhetoric)], []);
  const tour =
    '2月15日,市委书记赵某先后来到城区部分超市、农贸市场、加油站和企业,督导检查疫情防控和企业复工复产工作。' +
    '随后,赵某一行来到市人民医院,看望慰问一线医务人员,向奋战在一线的医护人员表示崇高敬意。' +
    '当天,市红十字会接收爱心企业捐赠的口罩3万只、消毒液200箱、防疫物资价值50万元。';
  assert.deepEqual([...found(tour)].sort(), ['supervision_accountability', 'work_resumption']);
  const flood = '目前我县防汛Ⅳ级应急响应仍在执行,要加强河道巡查和堤防巡查,做好防汛物资储备。各乡镇要做好受灾群众救治和安置工作。';
  assert.deepEqual([...found(flood)], []);
});

test('lexicon: a cancelled gathering is a restriction in force in both scripts', () => {
  for (const s of ['取消各类聚集性活动', toCn('取消各類聚集性活動,紅白喜事一律簡辦')]) {
    const got = mentions(s, 'gathering_restriction');
    assert.ok(got.length, s);
    assert.ok(got.every((m) => m.status === 'in_force'), s);
  }
});
