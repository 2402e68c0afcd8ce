// Decode: bytes → text. UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK and Big5.
// Legacy encodings are chosen by validity first, then by how plausible the decoded Chinese is:
// GBK bytes usually decode as *valid* Big5 and the other way round, but into rare characters,
// so the share of everyday characters among the Han characters decides.
import { createRequire } from 'node:module';

export type Decoded = { text: string; encoding: string } | { error: string };

// The most frequent Chinese characters (Simplified); their Traditional forms are added on first
// use. Correctly decoded report text has well over a third of its Han characters in this set;
// a wrong legacy decoding scatters over rare characters and has a few percent.
const COMMON =
  '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功包片史委乎查轻易早曾除农找装广显阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善超免压银买皇养怀执副乱抗犯追帮宣岁航优香田铁控税左右份艺背阵草脚概恶块顿敢守酒岛托央户烈洋索胡款靠评版宝座释景顾弟登货互付慢欧换闻危忙核暗介坏讨良序升监临亮露永呼味野架域沙掉括鱼杂误湾吉减编肯测败屋跑散温困渐封救贵缺楼县疫情控肺冠病毒例确诊隔离检测核酸筹';

let commonSet: Set<string> | undefined;

function common(): Set<string> {
  if (!commonSet) {
    const set = new Set(COMMON);
    try {
      const require = createRequire(import.meta.url);
      const { Converter } = require('opencc-js/cn2t') as { Converter: (o: { from: string; to: string }) => (s: string) => string };
      for (const ch of Converter({ from: 'cn', to: 'tw' })(COMMON)) set.add(ch);
      for (const ch of Converter({ from: 'cn', to: 'hk' })(COMMON)) set.add(ch);
    } catch {
      /* Simplified list alone still separates right from wrong decodings */
    }
    commonSet = set;
  }
  return commonSet;
}

const HAN = /\p{Script=Han}/u;

/** Share of Han characters that are everyday ones, and how many Han characters there are. */
function plausibility(text: string): { share: number; han: number; bad: number } {
  const set = common();
  let han = 0;
  let hit = 0;
  let bad = 0;
  const sample = text.length > 200000 ? text.slice(0, 200000) : text;
  for (const ch of sample) {
    if (ch === '\ufffd' || (ch >= '\ue000' && ch <= '\uf8ff')) bad++;
    else if (HAN.test(ch)) {
      han++;
      if (set.has(ch)) hit++;
    }
  }
  return { share: han ? hit / han : 0, han, bad };
}

function tryDecode(encoding: string, bytes: Uint8Array, fatal = true): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

const norm = (s: string) => s.replace(/\r\n?/g, '\n');

function binaryReason(bytes: Uint8Array): string | undefined {
  const n = Math.min(bytes.length, 65536);
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return 'binary file (contains NUL bytes)';
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) ctrl++;
  }
  return ctrl > n * 0.05 ? 'binary file (control bytes)' : undefined;
}

/** `hint` is a charset declared by the file itself (an HTML meta tag); it is tried first. */
export function decodeBytes(bytes: Uint8Array, hint?: string): Decoded {
  if (!bytes.length) return { error: 'empty file' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: norm(tryDecode('utf-16le', bytes, false)!), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: norm(tryDecode('utf-16be', bytes, false)!), encoding: 'utf-16be' };
  const bin = binaryReason(bytes);
  if (bin) return { error: bin };
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const done = (text: string, encoding: string): Decoded => (text.trim() ? { text: norm(text), encoding } : { error: 'empty file (whitespace only)' });

  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== undefined) return done(utf8, hasBom ? 'utf-8-bom' : 'utf-8');
  if (hasBom) return done(tryDecode('utf-8', bytes, false)!, 'utf-8-bom');

  const candidates: { encoding: string; text: string; score: number }[] = [];
  const consider = (encoding: string, fatal: boolean) => {
    const text = tryDecode(encoding, bytes, fatal);
    if (text === undefined) return;
    const p = plausibility(text);
    // Replacement characters and private-use code points are the marks of a wrong guess.
    const score = p.share - (p.bad / Math.max(1, p.han)) * 2 + (encoding === hint ? 0.05 : 0);
    candidates.push({ encoding, text, score });
  };
  consider('gb18030', true);
  consider('big5', true);
  // Mostly UTF-8 with a stray bad byte (a truncated download): read it leniently.
  consider('utf-8', false);
  if (!candidates.length) return { error: 'undecodable text (not UTF-8, GB18030 or Big5)' };
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  const p = plausibility(best.text);
  if (p.han >= 20 && p.share < 0.15) return { error: `undecodable text (best guess ${best.encoding} reads as gibberish)` };
  return done(best.text, best.encoding);
}

/** The charset an HTML page declares for itself (<meta charset> or http-equiv content-type). */
export function sniffHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  if (!m) return undefined;
  const cs = m[1].toLowerCase();
  if (cs === 'gb2312' || cs === 'gbk' || cs === 'gb18030' || cs === 'x-gbk') return 'gb18030';
  if (cs === 'big5' || cs === 'big5-hkscs') return 'big5';
  if (cs === 'utf8' || cs === 'utf-8') return 'utf-8';
  return undefined;
}
