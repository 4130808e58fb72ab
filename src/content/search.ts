/**
 * FAQ free-text search. Vietnamese meaning sits in two-syllable words ("thai sản", "bạo lực"), so
 * every text is indexed as folded syllables plus adjacent-syllable pairs ("thai_san"); a hit is
 * trusted only when it shares such a pair with the question (or, in English, most of its words).
 */
import { readFileSync } from 'node:fs';
import MiniSearch, { type SearchResult } from 'minisearch';
import { fold, isPlain } from './normalize.ts';
import type { FaqHit, FaqNode, Locale } from './types.ts';

type PhraseMap = Map<string, string>;

/** Synonym tables per locale, as stored in data/synonyms.json. */
export interface SynonymTable {
  vi: Record<string, string>;
  en: Record<string, string>;
}

const VI_STOP = [
  'tôi',
  'tui',
  'em',
  'anh',
  'chị',
  'mình',
  'tao',
  'bạn',
  'có',
  'không',
  'ko',
  'k',
  'được',
  'đc',
  'là',
  'của',
  'thì',
  'mấy',
  'gì',
  'nào',
  'ai',
  'sao',
  'vậy',
  'thế',
  'như',
  'và',
  'với',
  'cho',
  'hỏi',
  'xin',
  'ạ',
  'à',
  'ơi',
  'nhé',
  'nhỉ',
  'này',
  'đó',
  'kia',
  'khi',
  'nếu',
  'mà',
  'rồi',
  'đã',
  'đang',
  'sẽ',
  'các',
  'những',
  'một',
  'muốn',
  'phải',
  'cần',
  'ở',
  'tại',
  'về',
  'nên',
  'hay',
  'hoặc',
  'thì',
  'luôn',
  'cũng',
  'vẫn',
  'lại',
  'rất',
  'quá',
  'ơ',
  'nhà tôi',
  'bao nhiêu',
  'thế nào',
  'như thế nào',
  'ra sao',
  'làm sao',
  'hôm nay',
  'bây giờ',
  'hiện nay',
  'được không',
  'có được không',
  'là gì',
  'cho tôi hỏi',
  'xin hỏi',
];
const EN_STOP = [
  'i',
  'me',
  'my',
  'a',
  'an',
  'the',
  'is',
  'am',
  'are',
  'was',
  'be',
  'to',
  'of',
  'in',
  'on',
  'at',
  'for',
  'do',
  'does',
  'did',
  'can',
  'could',
  'should',
  'what',
  'which',
  'who',
  'how',
  'when',
  'where',
  'why',
  'it',
  'this',
  'that',
  'and',
  'or',
  'if',
  'have',
  'has',
  'get',
  'will',
  'with',
  'about',
  'there',
  'any',
  'much',
  'many',
  'please',
  'tell',
  'today',
  'now',
  'you',
  'your',
  'we',
  'our',
  'she',
  'he',
  'they',
];

interface Word {
  marked: string;
  folded: string;
  plain: boolean;
}

interface Lexicon {
  stop: { marked: Set<string>; folded: Set<string> };
  stopPhrases: PhraseMap;
  synonyms: PhraseMap;
  maxPhrase: number;
}

const SEGMENT = /[.,;:!?\n()[\]"“”…/|]+/u;
const WORD = /[\p{L}\p{N}]+/gu;

function words(segment: string): Word[] {
  return (segment.normalize('NFC').toLowerCase().match(WORD) ?? []).map((marked) => ({
    marked,
    folded: fold(marked),
    plain: isPlain(marked),
  }));
}

/**
 * Phrase keys: one with diacritics matches the same marks, or a span typed wholly without marks;
 * a key without diacritics matches the folded span however it was typed.
 */
function lookup(map: PhraseMap, span: Word[]): string | undefined {
  const marked = span.map((w) => w.marked).join(' ');
  const hit = map.get(`m:${marked}`);
  if (hit !== undefined) return hit;
  const folded = span.map((w) => w.folded).join(' ');
  if (span.every((w) => w.plain)) {
    const loose = map.get(`p:${folded}`) ?? map.get(`f:${folded}`);
    if (loose !== undefined) return loose;
  }
  return map.get(`f:${folded}`);
}

function phraseMap(entries: Iterable<[string, string]>): PhraseMap {
  const map: PhraseMap = new Map();
  for (const [key, value] of entries) {
    const k = key.normalize('NFC').toLowerCase().trim();
    if (isPlain(k)) map.set(`f:${fold(k)}`, value);
    else {
      map.set(`m:${k}`, value);
      map.set(`p:${fold(k)}`, value);
    }
  }
  return map;
}

function lexicon(locale: Locale, synonyms: SynonymTable): Lexicon {
  const stopList = locale === 'vi' ? VI_STOP : EN_STOP;
  const single = stopList.filter((s) => !s.includes(' '));
  const multi = stopList.filter((s) => s.includes(' '));
  const syn = phraseMap(Object.entries(synonyms[locale]));
  const keys = [...Object.keys(synonyms[locale]), ...multi];
  return {
    stop: { marked: new Set(single), folded: new Set(single.map(fold)) },
    stopPhrases: phraseMap(multi.map((p) => [p, ''])),
    synonyms: syn,
    maxPhrase: Math.max(1, ...keys.map((k) => k.split(' ').length)),
  };
}

/**
 * Turns text into folded syllables and adjacent pairs; with expand, synonyms add extra segments, whose
 * terms are also collected in `added` when they did not occur in the text itself.
 */
function tokens(text: string, lex: Lexicon, expand: boolean, added?: Set<string>): string[] {
  const out: string[] = [];
  const own = new Set<string>();
  const segments = text.split(SEGMENT);
  const original = segments.length;
  for (let s = 0; s < segments.length; s++) {
    if (s === original) for (const t of out) own.add(t);
    const ws = words(segments[s] ?? '');
    const kept: Word[] = [];
    let i = 0;
    while (i < ws.length) {
      let consumed = 0;
      for (let len = Math.min(lex.maxPhrase, ws.length - i); len >= 1; len--) {
        const span = ws.slice(i, i + len);
        const canonical = expand && s < original ? lookup(lex.synonyms, span) : undefined;
        if (canonical !== undefined) {
          segments.push(canonical);
          kept.push(...span.filter((w) => !isStop(w, lex) || w.plain));
          consumed = len;
          break;
        }
        if (len > 1 && lookup(lex.stopPhrases, span) !== undefined) {
          consumed = len;
          break;
        }
      }
      if (!consumed) {
        const w = ws[i] as Word;
        if (!isStop(w, lex) || w.plain) kept.push(w);
        consumed = 1;
      }
      i += consumed;
    }
    for (const w of kept) if (!isStop(w, lex)) out.push(w.folded);
    // Pairs skip stop words, and also keep a word typed without marks whose folded form is a stop
    // word, since "binh dang gioi" is "bình đẳng giới", not "bình đang giới".
    for (const seq of [kept.filter((w) => !isStop(w, lex)), kept]) {
      for (let k = 0; k + 1 < seq.length; k++) out.push(`${seq[k]?.folded}_${seq[k + 1]?.folded}`);
    }
  }
  if (added && segments.length > original) {
    for (const t of out) if (!own.has(t)) added.add(t);
  }
  return out;
}

function isStop(w: Word, lex: Lexicon): boolean {
  return w.plain ? lex.stop.folded.has(w.folded) : lex.stop.marked.has(w.marked);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/**
 * Weight of the words a synonym adds to a question: they widen what is found ("bị đánh" finds the
 * domestic-violence answers) without outranking the resident's own words ("báo ở đâu").
 */
const SYNONYM_WEIGHT = 0.3;

/** Minimum share of the top score a further hit needs, so weak tail matches are dropped. */
const RELATIVE_CUT = 0.3;

interface Doc {
  id: string;
  title: string;
  keywords: string;
  answer: string;
}

/** A per-locale FAQ search over the answered nodes, with synonyms, stop words and a confidence gate. */
export class FaqSearch {
  private readonly engines = new Map<Locale, { ms: MiniSearch<Doc>; lex: Lexicon }>();
  private readonly nodes = new Map<string, FaqNode>();

  constructor(faq: FaqNode[], synonyms: SynonymTable = loadSynonyms()) {
    const leaves = faq.filter((n) => n.answer);
    for (const n of leaves) this.nodes.set(n.id, n);
    for (const locale of ['vi', 'en'] as const) {
      const lex = lexicon(locale, synonyms);
      const split = (t: string) => t.split(' ').filter(Boolean);
      const ms = new MiniSearch<Doc>({
        fields: ['title', 'keywords', 'answer'],
        tokenize: split,
        processTerm: (t) => t,
        searchOptions: { tokenize: split, processTerm: (t) => t },
      });
      ms.addAll(
        leaves.map((n) => ({
          id: n.id,
          title: tokens(n.title[locale], lex, false).join(' '),
          keywords: n.keywords[locale].map((k) => tokens(k, lex, false).join(' ')).join(' '),
          answer: tokens(n.answer?.[locale] ?? '', lex, false).join(' '),
        })),
      );
      this.engines.set(locale, { ms, lex });
    }
  }

  /** Best answered nodes for a resident's question, or [] when nothing is a confident match. */
  search(text: string, locale: Locale, limit = 5): FaqHit[] {
    const engine = this.engines.get(locale);
    if (!engine) return [];
    const added = new Set<string>();
    const terms = [...new Set(tokens(text, engine.lex, true, added))];
    if (!terms.length) return [];
    const pairs = new Set(terms.filter((t) => t.includes('_')));
    const singles = terms.filter((t) => !t.includes('_'));
    const results = engine.ms.search(terms.join(' '), {
      combineWith: 'OR',
      boost: { title: 3, keywords: 2.5, answer: 1 },
      boostTerm: (term) => (term.includes('_') ? 2 : 1) * (added.has(term) ? SYNONYM_WEIGHT : 1),
      fuzzy: (term) => (term.length >= 4 ? 0.2 : false),
      prefix: (term) => term.length >= 4,
    });
    const confident = results.filter((r) => this.confident(r, pairs, singles, locale));
    const top = confident[0]?.score ?? 0;
    return confident
      .filter((r) => r.score >= top * RELATIVE_CUT)
      .slice(0, limit)
      .map((r) => ({ node: this.nodes.get(String(r.id)) as FaqNode, score: r.score }));
  }

  /**
   * A shared syllable pair in the title or keywords is enough; pairs found only in the answer text are
   * common words ("điện thoại", "bị ốm") unless two of them agree.
   */
  private confident(r: SearchResult, pairs: Set<string>, singles: string[], locale: Locale): boolean {
    let inAnswerOnly = 0;
    for (const docTerm of r.terms) {
      if (!docTerm.includes('_')) continue;
      let shared = pairs.has(docTerm);
      for (const p of pairs)
        if (!shared && p.length >= 10 && editDistanceAtMostOne(p, docTerm)) shared = true;
      if (!shared) continue;
      const fields = r.match[docTerm] ?? [];
      if (fields.includes('title') || fields.includes('keywords')) return true;
      if (++inAnswerOnly >= 2) return true;
    }
    if (locale === 'vi' || !singles.length) return false;
    const matched = singles.filter((s) => r.terms.includes(s)).length;
    return matched >= Math.max(1, Math.ceil(singles.length / 2));
  }
}

/** Reads the shipped synonym table; officers' edits to it ship with the code. */
export function loadSynonyms(file = new URL('./data/synonyms.json', import.meta.url)): SynonymTable {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<SynonymTable>;
  return { vi: raw.vi ?? {}, en: raw.en ?? {} };
}
