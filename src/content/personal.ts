/**
 * Masks what identifies a person in a resident's own text before it is kept for officers (the
 * unanswered questions). The text is NFKC-normalised first (full-width digits and punctuation read as
 * ASCII; Vietnamese letters stay as they are, composed), then:
 * - e-mail addresses;
 * - phone numbers in Vietnamese formats (0…, 84…, +84…, (+84)…, +84 (0)…; mobiles and landlines),
 *   whatever separates the digit groups: up to eight spaces and . - _ / , ( ) — "(091) 234 5678",
 *   "0912  345  678", "0912/345/678", "0912   -   345678" — and glued to a word ("sdt0912345678");
 * - any other run of nine digits or more (ID card and account numbers). Kept: amounts in groups of
 *   three ("150.000.000", "1.500.000 - 2.000.000 đồng") or followed by đồng, triệu, tỷ; dates
 *   ("12/11/2025"); numbers listed with ", " ("Điều 139, 140, 141"); years, ages and counts, which
 *   are short;
 * - names, with or without diacritics, in Vietnamese and English:
 *   - after a cue that says a name follows ("tên tôi là", "tên em là", "em tên", "chị tên là",
 *     "chồng em tên là", "my name is"): the next words, capitalised or not, up to a word that cannot
 *     be part of a name ("tên là gì" stays);
 *   - after "là" following a word for oneself or one's family, chat shorthand included ("tôi là",
 *     "e là", "mk là", "ck e la"): a family name and the words after it in any case ("toi la nguyen
 *     thi lan"), or the capitalised words ("e là Hoa"); "tôi là người dân", "em là vợ" stay;
 *   - after "I am", "I'm", and after a kinship or address word (chị, anh, em, cô, bà, ông, bác, chú,
 *     dì, cháu, Mr, Mrs, Ms): the capitalised words that follow ("chị Lò Thị Hoa");
 *   - with no cue, in lower or mixed case, a family name, a middle name (văn, thị, a, đức, minh, …)
 *     and one or two words more ("nguyen van hung danh em"), not ordinary words ("vì thị trường");
 *   - with no cue, two to four words in Title Case or in capitals that begin with a common family
 *     name ("NGUYỄN VĂN HÙNG đánh tôi", "Sùng A Páo"), except places ("Hà Nội", "Tô Hiệu", "đường
 *     Lê Lợi") and words in a sentence written in capitals ("CHỊ CẦN HỎI VỀ LY HÔN").
 * Words typed without marks match either way ("chi" may be "chị"); a word with marks matches only
 * as written ("có Zalo" is not "cô Zalo").
 * It errs towards masking: a capitalised word after "chị" is taken for a name. Running it twice
 * changes nothing more.
 */

import unitsFile from './data/units.json' with { type: 'json' };

export const NAME_MASK = '[tên]';
export const PHONE_MASK = '[số điện thoại]';
export const NUMBER_MASK = '[số]';
export const EMAIL_MASK = '[email]';

/** At most this many words are taken for one name (Vietnamese names have two to four). */
const NAME_WORDS = 4;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/**
 * Between the digit groups of a phone number: any mix of spaces (repeated), . - _ / , ( ), as
 * residents type them ("(091) 234 5678", "0912  345  678", "0912/345/678", "0912_345_678").
 */
const SEP = String.raw`[\s.\-_/,()]{0,8}`;
/**
 * 0, 84, +84, (+84), +84 (0), then the number: a mobile (3, 5, 7, 8 or 9 and eight more digits), a
 * landline (2, then its area code and the subscriber's number: nine or ten digits) or an old
 * 11-digit mobile (1 and nine more).
 */
const PHONE = new RegExp(
  String.raw`(?<![\p{N}+])(?:(?:\(\s*)?(?:\+\s*)?84${SEP}(?:0${SEP})?|(?:\(\s*)?0${SEP})` +
    String.raw`(?:[35789](?:${SEP}\d){8}|2(?:${SEP}\d){8,9}|1(?:${SEP}\d){9})(?!\p{N})`,
  'gu',
);
/**
 * Any other run of nine digits or more, whatever separates its groups (ID card and account
 * numbers), except ", " between numbers, which lists them ("Điều 139, 140, 141").
 */
const LONG_NUMBER = /(?<![\p{N}])\d(?:(?:[\s.\-_/()]{1,8}|,(?!\s))?\d){8,}(?!\p{N})/gu;
/** An amount written in groups of three ("150.000.000", "1.500.000,5"): never begins with 0. */
const AMOUNT = /^[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*(?:[.,]\d{1,2})?$/;
/** Amounts, or a range of them ("1.500.000 - 2.000.000"). */
const isAmounts = (m: string) =>
  m
    .split(/[\s\-_/()]+/)
    .filter(Boolean)
    .every((p) => AMOUNT.test(p));
/** A sum of money written without groups ("vay 200000000 đồng"), by the word after it. */
const CURRENCY = /^\s*(?:đồng|đ|vnđ|vnd|dong|triệu|trieu|tỷ|tỉ|ty)(?![\p{L}\p{N}])/iu;
/**
 * A date (day/month/year or year/month/day, with / . or -): kept, and never read as part of a
 * phone number ("12/11/2025", "05/09/2025 08:30").
 */
const DATE =
  /(?<![\p{L}\p{N}])(?:(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\1(?:19|20)\d\d|(?:19|20)\d\d([/.-])(?:0?[1-9]|1[0-2])\2(?:0?[1-9]|[12]\d|3[01]))(?!\p{N})/gu;

/** Words, with inner apostrophes (H'Mông names, "I'm"). */
const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;

const foldWord = (w: string) =>
  w
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/đ/g, 'd');

interface Token {
  start: number;
  end: number;
  word: string;
  /** Lower case, composed, straight apostrophe. */
  lower: string;
  folded: string;
  /** Typed without any Vietnamese mark, so "chi" may be "chị" (but "chỉ" is never "chị"). */
  plain: boolean;
}

/** Words as written with their marks, matched exactly, or by their folded form when typed plain. */
function words(list: string[]) {
  const exact = new Set(list);
  const folded = new Set(list.map(foldWord));
  return (t: Token | undefined) =>
    t !== undefined && (exact.has(t.lower) || (t.plain && folded.has(t.folded)));
}

const SELF = ['tôi', 'mình', 'tao', 'tớ'];
/** Kinship and address words: a capitalised word after one is taken for a name. */
const KIN = ['chị', 'anh', 'em', 'cô', 'bà', 'ông', 'bác', 'chú', 'dì', 'cháu'];
const FAMILY = ['con', 'chồng', 'vợ'];
/**
 * Chat shorthand for oneself and one's family ("e", "mk", "ck", "vk"); the one-letter ones are common,
 * so they are cues only right before "là" or "tên".
 */
const SHORT = ['e', 'mk', 'mik', 'tui', 't', 'ck', 'vk', 'a', 'c'];
const ENGLISH = ['i', "i'm", 'me', 'my', 'mr', 'mrs', 'ms', 'miss'];
/** Written with a full stop before the name ("Mr. Smith"). */
const TITLES = new Set(['mr', 'mrs', 'ms']);
/** Never part of a name, whatever their case. */
const isPerson = words([...SELF, ...KIN, ...FAMILY, ...ENGLISH]);
/**
 * End a name when written in lower case (or in capitals throughout). Short on purpose: a word that is
 * also a name ("Thị", "Nam", "Hai", "Tú" typed plain) is masked rather than kept.
 */
const isCommon = words(
  [
    'là và ở mà nhưng muốn hỏi cần xin nhờ bị đã đang sẽ nay sống làm ạ nhé nha ơi đây vậy được',
    'không ko k cho giúp với đến tại hiện mới rồi gì ai nào sao thế như vừa rất quá người tuổi dân tộc',
    'xã phường thôn bản để về trên dưới của các một trong ngoài bên nhà hay đánh chửi uống',
    'am is are was and or but from in at on to of the a an want need have has live living would like',
    'please so who with years old age your you it this that here there not help ask about can could do',
    'does how what where when why',
  ]
    .join(' ')
    .split(' '),
);

/**
 * 'said': a name follows, in any case. 'capitalised': the capitalised words that follow. 'named':
 * after "là": a family name and the words after it in any case ("tôi là nguyễn thị lan"), else the
 * capitalised words ("e là Hoa"); anything else ("tôi là người dân", "em là vợ") is not a name.
 */
type Kind = 'said' | 'capitalised' | 'named';
const cues: Array<{ words: Array<(t: Token | undefined) => boolean>; kind: Kind }> = [];
const cue = (kind: Kind, ...phrases: string[]) => {
  for (const p of phrases) cues.push({ words: p.split(' ').map((w) => words([w])), kind });
};
// A name follows, in any case.
cue('said', 'my name is', "my name's", 'name is', 'call me', 'tên là');
for (const p of ['tôi', 'em', 'mình']) cue('said', `tên ${p} là`, `tên ${p}`);
for (const p of [...SELF, ...KIN, ...FAMILY, ...SHORT]) cue('said', `${p} tên là`, `${p} tên`);
cue('said', 'họ tên', 'họ và tên');
// A family name (in any case) or capitalised words that follow are a name.
for (const p of [...SELF, ...KIN, ...FAMILY, ...SHORT, 'đây']) cue('named', `${p} là`);
cue('capitalised', 'i am', "i'm", 'mr', 'mrs', 'ms', 'miss');
cue('capitalised', ...KIN);
// Longest first, so "tên em là" wins over "em".
cues.sort((a, b) => b.words.length - a.words.length);

/** Capitalised like a name ("Lan", "H'Hen", "A"), not a word in capitals throughout ("CẦN"). */
const isTitle = (w: string) => /^\p{Lu}/u.test(w) && (w.length === 1 || w !== w.toUpperCase());

const tokenize = (text: string): Token[] =>
  [...text.matchAll(WORD)].map((m) => {
    const lower = m[0].toLowerCase().replace(/’/g, "'");
    const folded = foldWord(lower);
    return { start: m.index, end: m.index + m[0].length, word: m[0], lower, folded, plain: folded === lower };
  });

/** Masks the names in `text` that follow a cue (after the numbers are masked). */
function maskNames(text: string): string {
  const tokens = tokenize(text);
  /**
   * True when only spaces separate token i from i+1; after a cue also a colon ("tên là: Hoa"), and
   * the full stop of "Mr." (never the end of a sentence: "… chị. Cho em hỏi" keeps "Cho").
   */
  const joined = (i: number, afterCue = false) => {
    const a = tokens[i];
    const b = tokens[i + 1];
    if (!a || !b) return false;
    const gap = text.slice(a.end, b.start);
    if (/^\s+$/.test(gap)) return true;
    return afterCue && (/^:\s*$/.test(gap) || (/^\.\s+$/.test(gap) && TITLES.has(a.lower)));
  };
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < tokens.length; i++) {
    const found = cues.find(
      (c) => c.words.every((is, k) => is(tokens[i + k])) && c.words.slice(1).every((_, k) => joined(i + k)),
    );
    if (!found) continue;
    const last = i + found.words.length - 1;
    let kind = found.kind;
    if (kind === 'named') {
      const first = tokens[last + 1];
      if (!first || !joined(last, true)) continue;
      if (isAnyFamily(first) && !isOrdinary(tokens, last + 1, joined)) kind = 'said';
      else if (/^\p{Lu}/u.test(first.word)) kind = 'capitalised';
      else continue;
    }
    let end = last;
    for (let j = last + 1; j <= last + NAME_WORDS && joined(j - 1, j === last + 1); j++) {
      const t = tokens[j] as Token;
      const title = isTitle(t.word);
      if (kind === 'capitalised' && !/^\p{Lu}/u.test(t.word)) break;
      if (isPerson(t) || (!title && isCommon(t))) break;
      end = j;
    }
    if (end === last) continue;
    spans.push([(tokens[last + 1] as Token).start, (tokens[end] as Token).end]);
    i = end;
  }
  let out = text;
  for (const [s, e] of spans.reverse()) out = `${out.slice(0, s)}${NAME_MASK}${out.slice(e)}`;
  return out;
}

/**
 * Family names common in Sơn La (Kinh, Thái, H'Mông, Mường), with their marks. A run of two to four
 * capitalised words that begins with one is taken for a name, with no cue before it.
 */
const FAMILY_NAMES = [
  'nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý trịnh trương đoàn đào',
  'lò cầm quàng lường tòng vì hà sùng giàng mùa thào vàng lầu hạng tráng đinh bạc mè lù ng',
]
  .join(' ')
  .split(' ');
const FAMILY_EXACT = new Set(FAMILY_NAMES);
const FAMILY_FOLDED = new Set(FAMILY_NAMES.map(foldWord));
/** A family name as written, or typed without marks ("nguyen", "ng" for Nguyễn). */
const isAnyFamily = (t: Token) => FAMILY_EXACT.has(t.lower) || (t.plain && FAMILY_FOLDED.has(t.folded));
/**
 * Ordinary words that begin with a family name ("hồ sơ", "lý do", "hà nội", "vì thị trường"),
 * folded: not a name in lower case, even after "là".
 */
const ORDINARY = new Set(
  [
    'lê la, hà nội, vũ trụ, đỗ xe, hồ sơ, lý do, lý lịch, hoàng hôn, phan thiết, bùi ngùi, ngô nghê',
    'dương tính, mai mốt, đinh ninh, vàng bạc, mùa màng, hà giang, lò sưởi, cầm cố, vì thị, đạo đức',
    'vàng kim, vàng ngọc, lò vi, lò than',
  ]
    .join(', ')
    .split(', ')
    .map(foldWord),
);
/** Token i begins ordinary words, or is "đặng" ("để") on its own. */
function isOrdinary(tokens: Token[], i: number, joined: (i: number) => boolean) {
  const t = tokens[i] as Token;
  const next = tokens[i + 1];
  if (t.lower === 'đặng' && !(next && joined(i))) return true;
  return next !== undefined && joined(i) && ORDINARY.has(`${t.folded} ${next.folded}`);
}
/**
 * Middle names that make a run in lower or mixed case a name with no cue ("nguyen van hung",
 * "Nguyen van Hung", "sùng a páo").
 */
const isLooseMiddle = words([
  'văn',
  'thị',
  'a',
  'đức',
  'minh',
  'ngọc',
  'thanh',
  'quang',
  'hữu',
  'hồng',
  'kim',
]);
/**
 * Family names that, typed without marks, are ordinary words written that way ("ly hôn", "mua",
 * "vi phạm", "lo lắng"): in a text that has marks elsewhere they are read as those words.
 */
const PLAIN_WORDS = new Set(
  'ly do vi hang giang lo me mua cam sung trang lau vang quang ha ho le tran hoang dinh bac tong lu thao vo vu dao doan phan'.split(
    ' ',
  ),
);
/** Middle names that make a run in capitals a name even among other words in capitals. */
const MIDDLE = new Set(['văn', 'thị', 'van', 'thi']);
/** Given names that are also common words, in capitals ("NGUYỄN VĂN AN", "SÙNG A PÁO"). */
const GIVEN = new Set(['a', 'an']);
/** The H'Mông middle name of men ("Sùng A Páo"), though "a" is also an English word. */
const isMiddleA = (t: Token) => t.word === 'A';
/** A capitalised run after one of these is a place or an institution ("đường Lê Lợi", "trường THCS Lê Quý Đôn"). */
const isPlaceWord = words(
  [
    'xã phường trấn thôn bản xóm làng tổ khu huyện quận tỉnh thành phố tp tx tt đường ngõ hẻm',
    'trường thcs thpt tiểu học viện bệnh chợ sông suối núi đèo cầu ubnd đội công ty',
  ]
    .join(' ')
    .split(' '),
);
/** Place names, folded, as lists of words: the communes, wards and former districts, and provinces. */
const PLACES: string[][] = [
  ...new Set([
    ...unitsFile.formerDistricts,
    ...unitsFile.units.flatMap((u) => [u.name, ...(u.mergedFrom ?? [])]),
    ...['Sơn La', 'Hà Nội', 'Hà Giang', 'Hà Nam', 'Hà Tĩnh', 'Hà Đông', 'Hà Lan', 'Hồ Chí Minh'],
    ...['Hoàng Mai', 'Hoàng Liên Sơn', 'Điện Biên', 'Lai Châu', 'Lào Cai', 'Yên Bái', 'Hòa Bình'],
  ]),
].map((n) =>
  foldWord(n.replace(/^(?:TT|TX|TP|xã)\s+/u, '').replace(/\s*\(.*\)$/u, ''))
    .split(/\s+/)
    .filter(Boolean),
);
const MASKS = /\[(?:tên|số điện thoại|số|email)\]/gu;
const isCaps = (w: string) => w.length > 1 && w === w.toUpperCase() && w !== w.toLowerCase();

/**
 * Masks personal names written with no cue: two to four words in Title Case or in capitals that
 * begin with a common family name ("NGUYỄN VĂN HÙNG đánh tôi", "Lò Thị Mai"), not a place ("Hà Nội",
 * "Mường La", "Tô Hiệu"), nor a run after a place word ("đường Lê Lợi"), nor words in capitals
 * within a sentence in capitals ("VỀ LY HÔN"), unless the second is Văn or Thị.
 */
function maskFamilyNames(text: string): string {
  const tokens = tokenize(text);
  const unmasked = text.replace(MASKS, '');
  const marked = foldWord(unmasked) !== unmasked.toLowerCase();
  const isFamily = (t: Token) =>
    FAMILY_EXACT.has(t.lower) ||
    (t.plain && FAMILY_FOLDED.has(t.folded) && !(marked && PLAIN_WORDS.has(t.folded)));
  const joined = (i: number) => {
    const a = tokens[i];
    const b = tokens[i + 1];
    return a !== undefined && b !== undefined && /^\s+$/.test(text.slice(a.end, b.start));
  };
  const capitals = tokens.filter((t) => isCaps(t.word)).length;
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i] as Token;
    if (!/^\p{Lu}/u.test(first.word) || !isFamily(first)) continue;
    const caps = isCaps(first.word);
    const alike = (t: Token) => isMiddleA(t) || (caps ? isCaps(t.word) : isTitle(t.word) && !isCaps(t.word));
    const before = tokens[i - 1];
    // Among more words in capitals, a name is taken to have three words at most ("… HÙNG ĐÁNH TÔI").
    const shouting = caps && ((before !== undefined && isCaps(before.word)) || capitals > NAME_WORDS);
    const most = shouting ? 3 : NAME_WORDS;
    let end = i;
    while (end < i + most - 1 && joined(end)) {
      const t = tokens[end + 1] as Token;
      // Words in Title Case may be given names that are also words ("An", "Thành Công").
      if (!alike(t) || isPerson(t) || (caps && isCommon(t) && !GIVEN.has(t.folded))) break;
      // Another name begins ("Nguyễn Văn A Nguyễn Thị B").
      const next = tokens[end + 2];
      if (end - i >= 2 && isFamily(t) && next && joined(end + 1) && alike(next)) break;
      end++;
    }
    if (end === i) continue;
    const run = tokens.slice(i, end + 1).map((t) => t.folded);
    if (PLACES.some((p) => p.length <= run.length && p.every((w, k) => w === run[k]))) continue;
    if (before && joined(i - 1) && isPlaceWord(before)) continue;
    const after = tokens[end + 1];
    const second = tokens[i + 1] as Token;
    if (
      (shouting || (caps && after !== undefined && isCaps(after.word))) &&
      (!MIDDLE.has(second.lower) || first.folded === 'vi')
    )
      continue;
    spans.push([first.start, (tokens[end] as Token).end]);
    i = end;
  }
  let out = text;
  for (const [s, e] of spans.reverse()) out = `${out.slice(0, s)}${NAME_MASK}${out.slice(e)}`;
  return out;
}

/**
 * Masks names in lower or mixed case with no cue: a family name, a middle name ("văn", "thị", "a",
 * "đức", …) and one or two words more ("nguyen van hung danh em", "ly hon voi tran van nam"), not
 * ordinary words ("vì thị trường"), nor a place.
 */
function maskLooseNames(text: string): string {
  const tokens = tokenize(text);
  const joined = (i: number) => {
    const a = tokens[i];
    const b = tokens[i + 1];
    return a !== undefined && b !== undefined && /^\s+$/.test(text.slice(a.end, b.start));
  };
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i] as Token;
    const second = tokens[i + 1];
    if (!isAnyFamily(first) || isCaps(first.word) || first.lower === 'vì') continue;
    if (!second || !joined(i) || !isLooseMiddle(second) || isCaps(second.word)) continue;
    if (isOrdinary(tokens, i, joined)) continue;
    const before = tokens[i - 1];
    if (before && joined(i - 1) && isPlaceWord(before)) continue;
    let end = i + 1;
    while (end < i + NAME_WORDS - 1 && joined(end)) {
      const t = tokens[end + 1] as Token;
      if (isCaps(t.word) || isPerson(t) || isPlaceWord(t) || (isCommon(t) && !GIVEN.has(t.folded))) break;
      end++;
    }
    if (end - i < 2) continue;
    const run = tokens.slice(i, end + 1).map((t) => t.folded);
    if (PLACES.some((p) => p.length <= run.length && p.every((w, k) => w === run[k]))) continue;
    spans.push([first.start, (tokens[end] as Token).end]);
    i = end;
  }
  let out = text;
  for (const [s, e] of spans.reverse()) out = `${out.slice(0, s)}${NAME_MASK}${out.slice(e)}`;
  return out;
}

/** Masks phone and other long numbers in text with no date in it. */
const maskNumbers = (text: string) =>
  text
    .replace(PHONE, (m) => (/^\d/.test(m) && !m.startsWith('0') && isAmounts(m) ? m : PHONE_MASK))
    .replace(LONG_NUMBER, (m, at: number, all: string) =>
      isAmounts(m) || (!m.startsWith('0') && CURRENCY.test(all.slice(at + m.length))) ? m : NUMBER_MASK,
    );

/**
 * The text with e-mail addresses, phone and other long numbers, and personal names masked. It is
 * NFKC-normalised first, so full-width digits and punctuation ("０９１２") are read as ASCII; what is
 * not masked comes back in that form, which leaves Vietnamese letters as they are (composed).
 */
export function maskPersonal(text: string): string {
  const normal = text.normalize('NFKC').replace(EMAIL, EMAIL_MASK);
  let numbersMasked = '';
  let from = 0;
  for (const d of normal.matchAll(DATE)) {
    numbersMasked += maskNumbers(normal.slice(from, d.index)) + d[0];
    from = d.index + d[0].length;
  }
  numbersMasked += maskNumbers(normal.slice(from));
  return maskLooseNames(maskFamilyNames(maskNames(numbersMasked)));
}
