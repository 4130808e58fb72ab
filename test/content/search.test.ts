import { describe, expect, it } from 'vitest';
import { buildContentIndex, loadSeedContent } from '../../src/content/index.ts';
import { FaqSearch } from '../../src/content/search.ts';
import type { FaqNode, Locale } from '../../src/content/types.ts';

const index = buildContentIndex(loadSeedContent());

const QUESTIONS: Array<[string, string, Locale?]> = [
  ['Nghỉ đẻ được mấy tháng vậy?', 'lao-dong.thai-san.thoi-gian'],
  ['Nghỉ thai sản được mấy tháng?', 'lao-dong.thai-san.thoi-gian'],
  ['sinh đôi thì được nghỉ thêm không', 'lao-dong.thai-san.sinh-doi'],
  ['Chưa hết thai sản tôi đi làm lại được không', 'lao-dong.thai-san.di-lam-som'],
  ['đi khám thai có được nghỉ không', 'lao-dong.thai-san.kham-thai'],
  ['Bầu 7 tháng có phải làm ca đêm không', 'lao-dong.mang-thai.lam-dem'],
  ['con ốm bố có được nghỉ chăm không', 'lao-dong.mang-thai.con-om'],
  ['sếp sàm sỡ tôi ở công ty', 'quay-roi.la-gi'],
  ['con gái mấy tuổi được lấy chồng', 'hon-nhan.tuoi-ket-hon'],
  ['Bố mẹ ép tôi lấy chồng', 'hon-nhan.cuong-ep'],
  ['Bị chồng đánh thì báo ở đâu', 'bao-luc.tim-giup-do.bao-o-dau'],
  ['lệnh cấm tiếp xúc là gì', 'bao-luc.bao-ve.cam-tiep-xuc'],
  ['đánh vợ bị phạt bao nhiêu tiền', 'bao-luc.xu-ly.muc-phat'],
  ['chồng giữ hết tiền không cho tôi đi làm', 'bao-luc.nhan-biet.kinh-te'],
  ['thuốc sinh con trai có bị cấm không', 'lua-chon-gioi-tinh.cam'],
  ['bắt con gái nghỉ học có vi phạm không', 'binh-dang-gioi.giao-duc'],
  ['phụ nữ có được ứng cử không', 'binh-dang-gioi.chinh-tri'],
  ['việc nhà có phải của phụ nữ không', 'binh-dang-gioi.gia-dinh'],
  ['tháng hành động bình đẳng giới khi nào', 'truyen-thong.thang-hanh-dong'],
  ['trẻ em bị xâm hại gọi số nào', 'bao-luc.tim-giup-do.tre-em'],
  // typed without diacritics
  ['nghi thai san may thang', 'lao-dong.thai-san.thoi-gian'],
  ['de duoc nghi bao lau', 'lao-dong.thai-san.thoi-gian'],
  ['tien thai san duoc bao nhieu', 'lao-dong.thai-san.tien'],
  ['co bau bi cong ty duoi viec', 'lao-dong.mang-thai.sa-thai'],
  ['cho con bu duoc nghi may phut', 'lao-dong.mang-thai.cho-con-bu'],
  ['bi quay roi o cho lam phai lam gi', 'quay-roi.lam-gi'],
  ['lay chong som co bi phat khong', 'hon-nhan.tao-hon'],
  ['muon ly di thi lam the nao', 'hon-nhan.ly-hon'],
  ['hang xom bi danh toi co phai bao khong', 'bao-luc.tim-giup-do.nghia-vu'],
  ['bi duoi khoi nha thi tam lanh o dau', 'bao-luc.bao-ve.noi-tam-lanh'],
  ['nha chong ep de con trai', 'lua-chon-gioi-tinh.bi-ep'],
  ['cong ty chi tuyen nam co vi pham khong', 'binh-dang-gioi.lao-dong'],
  ['binh dang gioi la gi', 'binh-dang-gioi.khai-niem'],
  // English
  ['How long is maternity leave?', 'lao-dong.thai-san.thoi-gian', 'en'],
  ['Can I be fired for being pregnant?', 'lao-dong.mang-thai.sa-thai', 'en'],
  ['what is a no-contact order', 'bao-luc.bao-ve.cam-tiep-xuc', 'en'],
  ['forced marriage', 'hon-nhan.cuong-ep', 'en'],
  ['sexual harassment at work', 'quay-roi.la-gi', 'en'],
];

const OFF_TOPIC: Array<[string, Locale]> = [
  ['giá lúa hôm nay', 'vi'],
  ['asdfgh', 'vi'],
  ['thoi tiet hom nay the nao', 'vi'],
  ['cách nấu phở bò', 'vi'],
  ['lich thi dau bong da', 'vi'],
  ['mua xe máy trả góp', 'vi'],
  ['price of rice today', 'en'],
  ['', 'vi'],
  ['giá phân bón', 'vi'],
  ['cach trong ca phe', 'vi'],
  ['tỷ số trận đấu tối qua', 'vi'],
  ['lich cat dien', 'vi'],
  ['xin chao', 'vi'],
  ['ok', 'vi'],
  ['football scores', 'en'],
  ['hello', 'en'],
  ['nha nghi gan day', 'vi'],
  ['hoc tieng anh o dau', 'vi'],
  ['giá vàng', 'vi'],
  ['con trâu bị ốm', 'vi'],
];

describe('faq search', () => {
  it.each(QUESTIONS)('%s -> %s in top 3', (q, id, locale = 'vi') => {
    const hits = index.faq.search(q, locale, 3);
    expect(hits.map((h) => h.node.id)).toContain(id);
  });

  it('puts the Art 139 leaf first for "nghi thai san may thang"', () => {
    const [first] = index.faq.search('nghi thai san may thang', 'vi');
    expect(first?.node.id).toBe('lao-dong.thai-san.thoi-gian');
    expect(first?.node.citations).toContainEqual({ law: 'BLLD2019', article: '139' });
  });

  it('has enough questions typed without diacritics', () => {
    const plain = QUESTIONS.filter(
      ([q, , l]) => (l ?? 'vi') === 'vi' && q === q.normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
    );
    expect(plain.length).toBeGreaterThanOrEqual(QUESTIONS.length / 3);
  });

  it.each(OFF_TOPIC)('returns nothing for off-topic "%s"', (q, locale) => {
    expect(index.faq.search(q, locale)).toEqual([]);
  });

  it('returns only answered nodes, best first, within the limit', () => {
    const hits = index.faq.search('bạo lực gia đình', 'vi', 4);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(4);
    for (const h of hits) expect(h.node.answer).toBeDefined();
    const scores = hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('searches in the locale asked for', () => {
    expect(index.faq.search('maternity leave', 'vi')).toEqual([]);
    expect(index.faq.search('maternity leave', 'en')[0]?.node.id).toBe('lao-dong.thai-san.thoi-gian');
  });
});

const node = (id: string, title: string, answer: string, keywords: string[] = []): FaqNode => ({
  id,
  parent: null,
  order: 1,
  title: { vi: title, en: title },
  answer: { vi: answer, en: answer },
  citations: [{ law: 'PCBLGD2022', article: '19' }],
  keywords: { vi: keywords, en: [] },
  reviewed: '2026-11-29',
  reviewBy: '2027-11-29',
});

describe('FaqSearch ranking rules', () => {
  const nodes = [
    node('order', 'Xin lệnh cấm tiếp xúc ở đâu?', 'Đề nghị Chủ tịch Ủy ban nhân dân xã.', ['cấm tiếp xúc']),
    node('what', 'Bạo lực gia đình là gì?', 'Là hành vi cố ý gây tổn hại cho người trong nhà.', [
      'bạo lực gia đình',
    ]),
    node('phone', 'Gọi số khẩn cấp', 'Gọi 113 từ bất kỳ điện thoại nào.', ['số khẩn cấp']),
  ];
  const search = new FaqSearch(nodes, { vi: { 'bị đánh': 'bạo lực gia đình' }, en: {} });

  it('lets a synonym widen the search without outranking the words the resident typed', () => {
    expect(search.search('bị đánh', 'vi')[0]?.node.id).toBe('what');
    expect(search.search('bị đánh thì xin cấm tiếp xúc', 'vi')[0]?.node.id).toBe('order');
  });

  it('does not trust a single word pair found only in an answer text', () => {
    expect(search.search('mua điện thoại trả góp', 'vi')).toEqual([]);
    expect(search.search('số khẩn cấp', 'vi')[0]?.node.id).toBe('phone');
  });

  it('matches the same question typed without diacritics or with a one-letter typo', () => {
    expect(search.search('bao luc gia dinh la gi', 'vi')[0]?.node.id).toBe('what');
    expect(search.search('bao luc gia dihn', 'vi')[0]?.node.id).toBe('what');
  });
});
