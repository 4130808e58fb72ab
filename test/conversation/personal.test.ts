/**
 * Masking what identifies a person in a resident's text before it is kept for officers: phone and
 * other long numbers, e-mail addresses, and names after cues, in Vietnamese with and without
 * diacritics and in English, while the question itself stays readable.
 */
import { describe, expect, it } from 'vitest';
import { maskPersonal } from '../../src/bot/conversation/personal.ts';
import { redact } from '../../src/bot/conversation/text.ts';

const cases: Array<[string, string, string]> = [
  // Phone numbers in the ways residents write them.
  ['mobile, spaces', 'gọi em 0912 345 678 nhé', 'gọi em [số điện thoại] nhé'],
  ['mobile, dots', 'sđt 0912.345.678', 'sđt [số điện thoại]'],
  ['mobile, dashes, no diacritics', 'sdt 098-765-4321 goi giup em', 'sdt [số điện thoại] goi giup em'],
  ['mobile, plain', 'so cua chi la 0987654321', 'so cua chi la [số điện thoại]'],
  ['+84 with spaces', 'call +84 912 345 678', 'call [số điện thoại]'],
  ['(+84)', 'số (+84) 98 765 4321', 'số [số điện thoại]'],
  ['84 without +', 'zalo 84912345678', 'zalo [số điện thoại]'],
  [
    'landline with area code',
    'gọi 0212.3852.123 hoặc 0212 3852 124',
    'gọi [số điện thoại] hoặc [số điện thoại]',
  ],
  ['ID card number', 'số căn cước 012345678901 bị mất', 'số căn cước [số] bị mất'],
  ['e-mail', 'email lan.nguyen@gmail.com', 'email [email]'],
  // Numbers that are not anybody's.
  [
    'amounts stay',
    'trợ cấp 1.500.000 đồng hay 150.000.000 đồng',
    'trợ cấp 1.500.000 đồng hay 150.000.000 đồng',
  ],
  ['years and ages stay', 'năm 2024 em 25 tuổi', 'năm 2024 em 25 tuổi'],
  // A name follows a cue, in any case.
  ['tên tôi là', 'Tên tôi là Nguyễn Thị Lan, tôi muốn hỏi', 'Tên tôi là [tên], tôi muốn hỏi'],
  [
    'ten toi la (no diacritics, lower case)',
    'ten toi la nguyen thi lan, toi muon hoi',
    'ten toi la [tên], toi muon hoi',
  ],
  ['tên em là, lower case', 'tên em là tú, em muốn hỏi', 'tên em là [tên], em muốn hỏi'],
  ['em tên', 'em tên Mai muốn hỏi về ly hôn', 'em tên [tên] muốn hỏi về ly hôn'],
  ['em ten (no diacritics)', 'em ten hoa muon hoi ve ly hon', 'em ten [tên] muon hoi ve ly hon'],
  ['chị tên là:', 'chị tên là: Hoa', 'chị tên là: [tên]'],
  ['anh tên', 'anh tên Tuấn, ở Mộc Châu', 'anh tên [tên], ở Mộc Châu'],
  ['someone else’s name', 'chồng em tên là Hùng, hay uống rượu', 'chồng em tên là [tên], hay uống rượu'],
  ['in capitals', 'TÊN TÔI LÀ LAN', 'TÊN TÔI LÀ [tên]'],
  ['my name is', 'My name is Mary Jane and I need help', 'My name is [tên] and I need help'],
  ['my name is, lower case', 'my name is mai, where do i go', 'my name is [tên], where do i go'],
  // A capitalised name after "tôi là", "I am", "I'm".
  ['tôi là', 'Tôi là Lò Thị Mai. Tôi muốn hỏi', 'Tôi là [tên]. Tôi muốn hỏi'],
  ['toi la (no diacritics)', 'toi la Mai, toi o Son La', 'toi la [tên], toi o Son La'],
  ['em là', 'em là Hương ở Mộc Châu', 'em là [tên] ở Mộc Châu'],
  ["I'm", "I'm Lan from Sơn La", "I'm [tên] from Sơn La"],
  ['I’m (curly)', 'I’m Lan', 'I’m [tên]'],
  ['I am', 'I am Mai and my husband hits me', 'I am [tên] and my husband hits me'],
  // A capitalised name after a kinship or address word.
  ['chị + full name', 'chị Lò Thị Hoa bị chồng đánh', 'chị [tên] bị chồng đánh'],
  ['chi (no diacritics)', 'chi Hoa bi chong danh', 'chi [tên] bi chong danh'],
  ['bà, with a phone', 'bà Lò Thị Bún, sđt 0987.654.321', 'bà [tên], sđt [số điện thoại]'],
  ['ông', 'ông Quàng Văn Sáng đánh vợ', 'ông [tên] đánh vợ'],
  ['cô, sentence start', 'Cô Thảo nói phải làm đơn', 'Cô [tên] nói phải làm đơn'],
  ['Mr.', 'Mr. Smith said so', 'Mr. [tên] said so'],
  // What is not a name stays.
  ['tôi là + lower case', 'tôi là người dân tộc Thái', 'tôi là người dân tộc Thái'],
  ['I am + lower case', 'I am worried about my sister', 'I am worried about my sister'],
  ['tên là gì', 'con mèo nhà tôi tên là gì', 'con mèo nhà tôi tên là gì'],
  ['có is not cô', 'có Zalo không', 'có Zalo không'],
  ['chị em (kinship, not a name)', 'Chị em phụ nữ cần giúp', 'Chị em phụ nữ cần giúp'],
  ['capitals throughout', 'CHỊ CẦN HỎI VỀ LY HÔN', 'CHỊ CẦN HỎI VỀ LY HÔN'],
  ['a plain question', 'nghỉ thai sản mấy tháng', 'nghỉ thai sản mấy tháng'],
  [
    'a sentence after a kinship word',
    'Em chào chị. Cho em hỏi về ly hôn',
    'Em chào chị. Cho em hỏi về ly hôn',
  ],
];

describe('masking names and numbers', () => {
  it.each(cases)('%s', (_name, input, masked) => {
    expect(maskPersonal(input)).toBe(masked);
    // Masking again changes nothing.
    expect(maskPersonal(masked)).toBe(masked);
  });

  it('is what an unanswered question keeps, at most 500 characters', () => {
    expect(redact('  tên em là Lan, gọi 0912345678  ')).toBe('tên em là [tên], gọi [số điện thoại]');
    expect(redact(`chị Hoa ${'a'.repeat(600)}`)).toHaveLength(500);
  });
});
