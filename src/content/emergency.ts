/**
 * Danger detector run on every message before anything else: a woman in danger must get emergency
 * numbers first. Phrase lists work on folded text (so "bi danh" = "bị đánh"); a few words whose
 * folded form is ambiguous ("tự tử" vs "từ từ") are matched with their marks. When in doubt it
 * triggers, except for plain questions about the law that describe no danger to the writer.
 */
import { fold, lowerKeepMarks } from './normalize.ts';
import type { EmergencyKind } from './types.ts';

const W = '\\w+ ';
const ME = '(toi|em|minh|tui|tao|me con toi|me con em|ca nha toi)';
const HIT = '(danh|dap|dam|tat|hanh hung|bao hanh|hanh ha|danh dap|dap vao|dam vao)';
const FAMILY =
  '(chong|vo|bo|cha|me|anh|anh trai|no|ong ay|han|nguoi yeu|ban trai|me chong|bo chong|nha chong|bo duong|cau|chu|ong)';

/** Phrases per kind; a phrase with diacritics is matched against the marked text, others against folded text. */
const PATTERNS: Record<EmergencyKind, string[]> = {
  violence_now: [
    `dang bi (${W}){0,3}${HIT}`,
    `dang ${HIT} (toi|em|minh|vo|me|con|chau|nhau)`,
    `${HIT} ${ME}`,
    `bi (${W}){0,3}(danh|dap|dam(?! me| cuoi| bao)|tat(?! may| den| dien| nguon| di| mo)|hanh hung|bao hanh|hanh ha)`,
    `${FAMILY} (toi |em |minh )?(hay |lai |cu |thuong |dang |vua |moi |lai dang )?(danh|dap|dam|tat|bao hanh)( (vao|nua|chay mau|bam tim))?$`,
    `${FAMILY} (toi |em |minh )?(hay |lai |cu |thuong |dang |vua |moi )?(danh|dap|dam|tat) (vao|chay mau|bam tim|tim tai)`,
    '(dap|da|dam|danh) vao bung',
    '(hitting|beating|hurting|hit|beat|beats|hits|kicked|kicking|kicks|punched|punching|attacking|attacked|slapped|abusing) (me|us)',
    'is (beating|hitting|hurting)',
    'being (beaten|hit|abused)',
  ],
  threat_to_kill: [
    'doa (se )?giet',
    '(se |muon |doi |doa )?giet (toi|em|minh|me con|ca nha|chet|het)',
    'doa (cho )?chet',
    'doa chem',
    'kill (me|us|my)',
    'threat\\w* to kill',
    'going to kill',
  ],
  weapon: [
    '(cam|rut|vung|ke|chia|cam theo|rut ra|vac) (dao|dao phay|dao nhon|dao gam|rua|sung|riu|bua|gay|kiem|mac|cuoc|xeng)',
    'doa chem',
    'chem (toi|em|minh|chet|me con)',
    'bi chem',
    '(dam|chem) (\\w+ ){0,2}bang dao',
    'dao (ke|vao|keo) (co|bung)',
    'sung (vao|chia vao|ban)',
    'ban chet',
    '(knife|gun|axe|machete|weapon)',
  ],
  strangling: ['bop co', 'siet co', 'bop nghet', 'ghi co', 'nghet tho', 'strangl\\w*', 'chok\\w* me', 'neck'],
  confined: [
    `nhot ${ME}`,
    'nhot (trong|o trong|vao|lai|trong nha|o nha)',
    'bi nhot',
    'bi khoa (trong|trai|cua)',
    'khoa (trai|cua) (nhot|lai)',
    `khong cho ${ME}? ?(ra khoi nha|ra ngoai|ve nha|ve nha me de|lien lac|goi dien|dung dien thoai|gap ai|gap nguoi than|di dau)`,
    `(lay|giat|thu|giau|dap|tich thu|lay mat|dap vo|dap nat|be) (het )?(cai )?dien thoai( cua)? ${ME}`,
    '(giat|giau|dap|tich thu|lay mat|dap vo|dap nat|thu) (mat )?(het )?dien thoai',
    'giam long',
    'bi giam (giu|long|trong|o|tai)',
    'locked (me )?(in|up)',
    'lock\\w* me',
    'took my phone',
    'won t let me (leave|out|go)',
    'not allowed to (leave|go out)',
  ],
  pregnant: [
    'mang thai',
    'co thai',
    'co bau',
    'dang bau',
    'bung bau',
    'mang bau',
    'bau \\d+ thang',
    'pregnant',
    'có chửa',
  ],
  child: [
    '(danh|dap|tat|hanh ha|bao hanh|danh dap) (con|chau|be|con gai|con trai|con nho|dua nho|me|bo|cha|ong|ba|em gai|em trai)( (toi|em|minh|cua toi|nha toi|nho|be|ay)|$)',
    `(con|chau|be|con gai|con trai|me|bo|em gai|em trai) (toi |em |minh |nha toi )?(dang )?(bi )?(${W}){0,2}(danh|dap|xam hai|hanh ha|bao hanh|danh dap)`,
    'xam hai (con|chau|be|tre)',
    '(hurting|hitting|beating|hit|beat|abusing|beats|hits|abuses|touching) (my|our) (child|son|daughter|kid|kids|children|baby|mother|mom|sister)',
    '(my|our) (child|son|daughter|kid|baby|mother|mom|sister) (is|was) (beaten|hit|hurt|abused)',
  ],
  followed: [
    `bi (${W}){0,2}theo doi`,
    'theo doi (toi|minh|tui)',
    'theo doi em(?! be)',
    `(di|chay|bam|lan) theo ${ME}`,
    'bam theo',
    'bam duoi',
    'rinh rap',
    'rinh (toi|em|minh|o|ngoai|truoc|nha)',
    'bi rinh',
    'stalk\\w*',
    'following me',
    'followed me',
    'being followed',
  ],
  no_safe_place: [
    'khong co (cho|noi) (nao )?(de )?(ngu|o|ve|tru|tranh)',
    'khong co (nha|cho) (de )?(ve|o)',
    `(bi )?duoi (${W}){0,3}(ra khoi nha|ra duong|khoi nha)`,
    'bi duoi (di|ra)$',
    'khong dam (ve|o nha|quay ve)',
    'khong biet (di|o|ngu) dau',
    'khong con (noi|cho) nao',
    '(dem|toi) nay (ngu|o) dau',
    'ngu ngoai duong',
    'nowhere to (go|sleep|stay)',
    'kicked (me )?out',
    'thrown out',
    'no place to (stay|sleep|go)',
    '(can t|afraid to) go home',
  ],
  trafficking: [
    'bi ban( (sang|qua|cho|di|roi|lam vo|lam dau|ra nuoc ngoai|sang ben kia)|$)',
    `ban (toi|em|minh|con toi|chau|con gai toi|em gai toi|chi toi) (sang|qua|cho)`,
    'ban (sang|qua) (trung quoc|bien gioi|tq|ben kia|ben tau)',
    `bi (${W}){0,3}(lua|dua|dan) (${W}){0,3}(sang|qua|ra) (trung quoc|bien gioi|tq|lao|nuoc ngoai|ben kia)`,
    `lua (${W}){0,3}(sang|qua) (trung quoc|bien gioi|tq)`,
    '(giu|thu|lay|tich thu) (het )?(giay to|ho chieu|can cuoc|cccd|chung minh thu)(?! xe)',
    'traffick\\w*',
    'sold (me|my)',
    'took my (passport|papers|id)',
  ],
  sexual_violence: [
    'hiep dam',
    'cuong hiep',
    'bi hiep',
    'hiep (toi|em|minh)',
    'xam hai( tinh duc)?',
    'cuong dam',
    `ep ${ME}? ?(quan he|lam chuyen do|ngu voi)`,
    `bat ${ME} (quan he|ngu voi|lam chuyen do)`,
    `sam so ${ME}`,
    'bi sam so',
    'rape\\w*',
    'sexual\\w* assault\\w*',
    'molest\\w*',
  ],
  suicide: [
    'muon chet(?! cuoi)',
    '(muon|dinh|se|nghi den|nghi toi|tinh) (cai )?(tu tu|tu sat|chet)',
    'tu tu (chet|cho xong)',
    'tự tử',
    'tự sát',
    'tu sat',
    'khong (muon|thiet) song',
    'chan song',
    'ket thuc cuoc doi',
    '(uong|an) (thuoc sau|la ngon|thuoc chuot|thuoc diet co|ca chai thuoc)',
    'nhay (song|cau|lau)',
    'that co',
    'treo co',
    'kill myself',
    'suicid\\w*',
    'want to die',
    'end my life',
  ],
  general: [
    'cuu (toi|em|minh|me con|voi|chung toi)',
    'dang (gap )?nguy hiem',
    'gap nguy hiem',
    'help me',
    'sos',
    'sợ quá',
  ],
};

/** Ordinary compounds that contain danger words ("đánh giá", "đánh răng", ...), removed before matching. */
const BENIGN = new RegExp(
  [
    'danh (gia|rang|may|thue|dau|bai|cap|so|thuc|tieng|bong|roi|chu|bac|vong|lua|trong|van|co tuong|phan|golf|cau long|bong ban|dan|ten)',
    'dao (thai|cat|got|chat|bam) (rau|thit|cu|qua|hanh|ca|go|cui|com)',
  ]
    .map((p) => `(?:^| )(?:${p})(?= |$)`)
    .join('|'),
  'g',
);

/** Kinds a plain question about the law may mention without anyone being in danger. */
const GUARDED: ReadonlySet<EmergencyKind> = new Set([
  'violence_now',
  'child',
  'sexual_violence',
  'trafficking',
  'confined',
  'threat_to_kill',
]);
const LAW_QUESTION =
  /(?:^| )(phat|luat|quy dinh|vi pham|toi gi|xu ly|xu phat|hinh phat|bao nhieu nam|nghi dinh|the nao la|tu van|fine|law|penalty|illegal)(?= |$)/;
const SPEAKER_AT_RISK = new RegExp(
  [
    '(toi|em|minh|tui|me con) (\\w+ ){0,2}(bi|dang bi|dang)',
    `(danh|dap|doa|giet|nhot|hiep|ep|ban|lua|duoi|theo doi|chem|bop co|siet co) ${ME}`,
    '(chong|vo|bo|me|anh|nguoi yeu|ban trai|con|chau) (toi|em|minh|tui)',
    'dang|bay gio|ngay luc nay|cuu|hien gio|dem nay|toi nay|right now',
  ]
    .map((p) => `(?:^| )(?:${p})(?= |$)`)
    .join('|'),
);

const VIOLENT: ReadonlySet<EmergencyKind> = new Set([
  'violence_now',
  'threat_to_kill',
  'weapon',
  'strangling',
  'confined',
  'sexual_violence',
  'child',
  'followed',
  'no_safe_place',
  'trafficking',
]);

interface Rule {
  kind: EmergencyKind;
  marked: boolean;
  re: RegExp;
}

const RULES: Rule[] = (Object.entries(PATTERNS) as Array<[EmergencyKind, string[]]>).flatMap(([kind, list]) =>
  list.map((p) => {
    const marked = /[^\x20-\x7e]/.test(p);
    return { kind, marked, re: new RegExp(`(?:^| )(?:${p})(?= |$)`, 'u') };
  }),
);

const KIND_ORDER = Object.keys(PATTERNS) as EmergencyKind[];

/**
 * Returns the kinds of danger a message shows, or undefined for ordinary messages. Runs per sentence
 * so "bị bán" at the end of one sentence still counts.
 */
export function detectEmergency(text: string): { kinds: EmergencyKind[] } | undefined {
  const found = new Set<EmergencyKind>();
  for (const part of text.split(/[.,;:!?\n]+/u)) {
    const folded = fold(part).replace(BENIGN, ' _');
    if (!folded) continue;
    const marked = lowerKeepMarks(part);
    for (const rule of RULES) if (rule.re.test(rule.marked ? marked : folded)) found.add(rule.kind);
  }
  if (!found.size) return undefined;
  const whole = fold(text).replace(/\btre em\b/g, 'tre_em');
  if (LAW_QUESTION.test(whole) && !SPEAKER_AT_RISK.test(whole)) {
    for (const k of GUARDED) found.delete(k);
  }
  if (found.has('pregnant') && ![...found].some((k) => VIOLENT.has(k))) found.delete('pregnant');
  if (!found.size) return undefined;
  return { kinds: KIND_ORDER.filter((k) => found.has(k)) };
}
