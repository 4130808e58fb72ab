/**
 * Masks what identifies a person in a resident's own text before it is kept for officers (the
 * unanswered questions): e-mail addresses, phone numbers in Vietnamese formats (0xxxxxxxxx, +84 …,
 * 84 …, with spaces, dots or dashes; mobiles and landlines), other long numbers (ID card numbers),
 * and names, with or without diacritics, in Vietnamese and English:
 * - after a cue that says a name follows ("tên tôi là", "tên em là", "em tên", "chị tên là", "chồng
 *   em tên là", "my name is"): the next words, capitalised or not, up to a word that cannot be part
 *   of a name ("tên là gì" stays);
 * - after "tôi là", "em là", "mình là", "I am", "I'm", and after a kinship or address word (chị, anh,
 *   em, cô, bà, ông, bác, chú, dì, cháu, Mr, Mrs, Ms): the capitalised words that follow ("tôi là
 *   người Thái" stays, "chị Lò Thị Hoa" does not).
 * Words typed without marks match either way ("chi" may be "chị"); a word with marks matches only
 * as written ("có Zalo" is not "cô Zalo").
 * It errs towards masking: a capitalised word after "chị" is taken for a name. Running it twice
 * changes nothing more.
 */

export const NAME_MASK = '[tên]';
export const PHONE_MASK = '[số điện thoại]';
export const NUMBER_MASK = '[số]';
export const EMAIL_MASK = '[email]';

/** At most this many words are taken for one name (Vietnamese names have two to four). */
const NAME_WORDS = 4;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/** 0 or (+)84, then 9 or 10 digits (mobile, or landline with its area code), single separators between. */
const PHONE = /(?<![\p{L}\p{N}+])(?:\(\s?\+?\s?84\s?\)|\+\s?84|84|0)[\s.-]?\d(?:[\s.-]?\d){7,9}(?!\p{N})/gu;
/** Any other run of nine digits or more (ID card and account numbers)... */
const LONG_NUMBER = /(?<![\p{L}\p{N}])\d(?:[\s.-]?\d){8,}(?!\p{N})/gu;
/** ...except an amount written in groups of three ("150.000.000 đồng"). */
const AMOUNT = /^\d{1,3}(?:[.,]\d{3})+$/;

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
    'xã phường thôn bản để về trên dưới của các một trong ngoài bên nhà',
    'am is are was and or but from in at on to of the a an want need have has live living would like',
    'please so who with years old age your you it this that here there not help ask about can could do',
    'does how what where when why',
  ]
    .join(' ')
    .split(' '),
);

type Kind = 'said' | 'capitalised';
const cues: Array<{ words: Array<(t: Token | undefined) => boolean>; kind: Kind }> = [];
const cue = (kind: Kind, ...phrases: string[]) => {
  for (const p of phrases) cues.push({ words: p.split(' ').map((w) => words([w])), kind });
};
// A name follows, in any case.
cue('said', 'my name is', "my name's", 'name is', 'call me', 'tên là');
for (const p of ['tôi', 'em', 'mình']) cue('said', `tên ${p} là`, `tên ${p}`);
for (const p of [...SELF, ...KIN, ...FAMILY]) cue('said', `${p} tên là`, `${p} tên`);
// Capitalised words that follow are a name.
cue('capitalised', 'tôi là', 'em là', 'mình là', 'cháu là', 'đây là');
cue('capitalised', 'i am', "i'm", 'mr', 'mrs', 'ms', 'miss');
cue('capitalised', ...KIN);
// Longest first, so "tên em là" wins over "em".
cues.sort((a, b) => b.words.length - a.words.length);

/** Capitalised like a name ("Lan", "H'Hen", "A"), not a word in capitals throughout ("CẦN"). */
const isTitle = (w: string) => /^\p{Lu}/u.test(w) && (w.length === 1 || w !== w.toUpperCase());

/** Masks the names in `text` (after the numbers are masked). */
function maskNames(text: string): string {
  const tokens: Token[] = [...text.matchAll(WORD)].map((m) => {
    const lower = m[0].toLowerCase().replace(/’/g, "'");
    const folded = foldWord(lower);
    return { start: m.index, end: m.index + m[0].length, word: m[0], lower, folded, plain: folded === lower };
  });
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
    let end = last;
    for (let j = last + 1; j <= last + NAME_WORDS && joined(j - 1, j === last + 1); j++) {
      const t = tokens[j] as Token;
      const title = isTitle(t.word);
      if (found.kind === 'capitalised' && !/^\p{Lu}/u.test(t.word)) break;
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

/** The text with e-mail addresses, phone and other long numbers, and personal names masked. */
export function maskPersonal(text: string): string {
  const numbersMasked = text
    .normalize('NFC')
    .replace(EMAIL, EMAIL_MASK)
    .replace(PHONE, PHONE_MASK)
    .replace(LONG_NUMBER, (m) => (AMOUNT.test(m) ? m : NUMBER_MASK));
  return maskNames(numbersMasked);
}
