import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cleanText } from '../src/clean.ts';
import { seedsDir } from '../src/paths.ts';

const seed = (f: string) => readFileSync(`${seedsDir}/${f}`, 'utf8');

test('page chrome goes, the report stays (seed 001)', () => {
  const c = cleanText(seed('001_25b65dffd8786ce5.txt'));
  assert.equal(c.title, '河北邯郸:邱县召开疫情防控工作调度会议');
  assert.equal(c.source, '民声法治网');
  assert.match(c.publishedLine!, /发布时间:2021-1-9/);
  for (const junk of ['欢迎访问', '热门关键词', '人员查询', '责任编辑', '分享本文到', '免责声明', '最新评论', '昵称']) assert.ok(!c.text.includes(junk), junk);
  assert.ok(c.text.includes('每个村、每个小区卡口都要设置健康码、行程码标志,人员进入除了测温,必须要求扫码'));
  assert.ok(c.text.includes('李剑青最后强调'));
});

test('a repeated body is kept once, and the footer and link list go (seed 003)', () => {
  const c = cleanText(seed('003_466bd0b2d4ad3475.txt'));
  assert.equal(c.title, '壶关县委疫情防控专题会召开');
  assert.equal(c.source, '黄河新闻网长治频道');
  assert.equal(c.text.split('张宏方要求').length, 2, 'the article appears once');
  for (const junk of ['相关链接', '紫泉村', 'ICP', '公网安备', '投稿邮箱', '[编辑:张乐]', '分享到', '图为']) assert.ok(!c.text.includes(junk), junk);
});

test('the source line survives as metadata when the title names no place (seed 000)', () => {
  const c = cleanText(seed('000_eafe1f63b57826f3.txt'));
  assert.equal(c.source, '原阳县人民政府');
  assert.match(c.publishedLine!, /^2020-02-22 08:00:00/);
  assert.ok(!/ {20}/.test(c.text), 'whitespace runs are gone');
  for (const junk of ['扫码关注', '返回顶部', '相关推荐', '字号']) assert.ok(!c.text.includes(junk), junk);
  assert.ok(c.text.includes('高速道路、县乡道路卡点取消'));
});

test('a sentence that merely mentions QR codes is report text, not a share widget', () => {
  const c = cleanText('红旗区推广疫情排查小程序\n群众只需要通过手机扫描二维码或微信分享链接,即可足不出户完成秒登信息。\n扫码关注中国小康网公众号\n');
  assert.ok(c.text.includes('扫描二维码或微信分享链接'));
  assert.ok(!c.text.includes('公众号'));
});
