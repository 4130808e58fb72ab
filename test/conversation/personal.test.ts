/**
 * Masking what identifies a person in a resident's text before it is kept for officers: phone and
 * other long numbers, e-mail addresses, and names after cues, in Vietnamese with and without
 * diacritics and in English, while the question itself stays readable.
 */
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/bot/conversation/text.ts';
import { maskPersonal } from '../../src/content/personal.ts';

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
  // Separators residents type between digit groups: any mix, repeated (a web-chat security test).
  [
    'parentheses around the prefix',
    'cho em hỏi về giá phân bón năm nay, số của em (091) 234 5678 ạ',
    'cho em hỏi về giá phân bón năm nay, số của em [số điện thoại] ạ',
  ],
  [
    'double spaces',
    'cho em hỏi về giá phân bón năm nay, số của em 0912  345  678 ạ',
    'cho em hỏi về giá phân bón năm nay, số của em [số điện thoại] ạ',
  ],
  [
    'slashes',
    'cho em hỏi về giá phân bón năm nay, số của em 0912/345/678 ạ',
    'cho em hỏi về giá phân bón năm nay, số của em [số điện thoại] ạ',
  ],
  ['full-width digits', 'số em ０９１２３４５６７８ nhé', 'số em [số điện thoại] nhé'],
  ['full-width separators', 'số em ０９１２－３４５－６７８', 'số em [số điện thoại]'],
  ['underscores', 'sdt 0912_345_678', 'sdt [số điện thoại]'],
  ['commas', 'sđt 0912,345,678 ạ', 'sđt [số điện thoại] ạ'],
  ['+84 (0)', 'gọi +84 (0) 912 345 678 giúp em', 'gọi [số điện thoại] giúp em'],
  ['+84 with the 0', 'zalo +84 0912 345 678', 'zalo [số điện thoại]'],
  ['mixed separators', 'sđt: 0912 - 345.678', 'sđt: [số điện thoại]'],
  ['dots in threes, 0 first (a phone, not an amount)', 'sđt 091.234.5678', 'sđt [số điện thoại]'],
  ['landline with parentheses', 'gọi (0212) 3852 123', 'gọi [số điện thoại]'],
  ['two phones in a list', 'gọi 0912 345 678, 0987.654.321', 'gọi [số điện thoại], [số điện thoại]'],
  ['a phone after a date', 'ngày 12/11/2025 gọi 0912 345 678', 'ngày 12/11/2025 gọi [số điện thoại]'],
  ['ID card number', 'số căn cước 012345678901 bị mất', 'số căn cước [số] bị mất'],
  ['e-mail', 'email lan.nguyen@gmail.com', 'email [email]'],
  // Numbers that are not anybody's.
  [
    'amounts stay',
    'trợ cấp 1.500.000 đồng hay 150.000.000 đồng',
    'trợ cấp 1.500.000 đồng hay 150.000.000 đồng',
  ],
  ['years and ages stay', 'năm 2024 em 25 tuổi', 'năm 2024 em 25 tuổi'],
  ['ID card number with spaces', 'CCCD 012 345 678 901 bị mất', 'CCCD [số] bị mất'],
  ['account number with dashes', 'tài khoản 1903-5678-9012 ạ', 'tài khoản [số] ạ'],
  ['amount with commas', 'nợ 150,000,000 đồng', 'nợ 150,000,000 đồng'],
  ['amount with a decimal', 'khoảng 2,5 triệu một tháng', 'khoảng 2,5 triệu một tháng'],
  ['a range of amounts', 'lương 1.500.000 - 2.000.000 đồng', 'lương 1.500.000 - 2.000.000 đồng'],
  ['an amount without groups', 'vay 200000000 đồng', 'vay 200000000 đồng'],
  ['dates stay', 'ngày 12/11/2025 lúc 08:30, hạn 05.09.2025', 'ngày 12/11/2025 lúc 08:30, hạn 05.09.2025'],
  ['a date then a time', 'ngày 05/09/2025 08:30 em đi', 'ngày 05/09/2025 08:30 em đi'],
  ['articles stay', 'Điều 139, 140, 141 và 142 năm 2026', 'Điều 139, 140, 141 và 142 năm 2026'],
  [
    'decree numbers stay',
    'Nghị định 145/2020/NĐ-CP ngày 14/12/2020',
    'Nghị định 145/2020/NĐ-CP ngày 14/12/2020',
  ],
  ['ages and counts stay', 'em 25 tuổi, có 3 con, 2 sào ruộng', 'em 25 tuổi, có 3 con, 2 sào ruộng'],
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
  // A name with no cue: a common family name first, in Title Case or in capitals.
  ['in capitals, no cue', 'NGUYỄN VĂN HÙNG đánh tôi', '[tên] đánh tôi'],
  ['in capitals, no diacritics', 'NGUYEN VAN HUNG danh toi', '[tên] danh toi'],
  ['in capitals, no diacritics, in a marked text', 'NGUYEN VAN HUNG đánh tôi', '[tên] đánh tôi'],
  ['a whole sentence in capitals', 'NGUYỄN VĂN HÙNG ĐÁNH TÔI', '[tên] ĐÁNH TÔI'],
  ['in capitals, with a phone', 'NGUYỄN VĂN HÙNG, SĐT 0912345678', '[tên], SĐT [số điện thoại]'],
  ['Title Case in a sentence', 'hôm qua Lò Văn Pạnh đến nhà em', 'hôm qua [tên] đến nhà em'],
  ['a Thái name, sentence start', 'Quàng Văn Sáng đánh vợ', '[tên] đánh vợ'],
  ["a H'Mông name with A", 'Sùng A Páo không cho con đi học', '[tên] không cho con đi học'],
  ['a family name that is also a place word', 'Hà Thị Lan ở Chiềng Lao', '[tên] ở Chiềng Lao'],
  ['four words', 'Nguyễn Thị Thu Hà bị đánh', '[tên] bị đánh'],
  ['a given name that is also a word', 'Lò Văn Thành Công nợ tiền', '[tên] nợ tiền'],
  ['two names', 'Lò Thị Mai, Lò Văn Pạnh', '[tên], [tên]'],
  ['two names side by side', 'Nguyễn Văn An Nguyễn Thị Bình ly hôn', '[tên] [tên] ly hôn'],
  ['no diacritics, Title Case', 'Nguyen Thi Lan o ban em', '[tên] o ban em'],
  ['decomposed diacritics', 'Nguyễn Văn Hùng đánh tôi'.normalize('NFD'), '[tên] đánh tôi'],
  ['composed diacritics', 'Nguyễn Văn Hùng đánh tôi'.normalize('NFC'), '[tên] đánh tôi'],
  // Places, laws and ordinary words in capitals stay.
  ['communes and districts', 'em ở Mường La, Sông Mã, Thuận Châu', 'em ở Mường La, Sông Mã, Thuận Châu'],
  ['Hà Nội', 'em lên Hà Nội làm thuê', 'em lên Hà Nội làm thuê'],
  ['a ward named after a person', 'phường Tô Hiệu, xã Tạ Bú', 'phường Tô Hiệu, xã Tạ Bú'],
  ['a commune with a family name first, no cue', 'Tạ Khoa có xa không', 'Tạ Khoa có xa không'],
  ['a street', 'nhà ở đường Lê Lợi', 'nhà ở đường Lê Lợi'],
  ['a school', 'trường THCS Lê Quý Đôn', 'trường THCS Lê Quý Đôn'],
  ['a law', 'Luật Bình đẳng giới nói gì', 'Luật Bình đẳng giới nói gì'],
  ['a code', 'Bộ luật Lao động năm 2019', 'Bộ luật Lao động năm 2019'],
  ['ly hôn in capitals, no diacritics', 'CHI CAN HOI VE LY HON', 'CHI CAN HOI VE LY HON'],
  ['vì in a sentence in capitals', 'VÌ THỊ TRƯỜNG GIÁ CAO', 'VÌ THỊ TRƯỜNG GIÁ CAO'],
  ['a family name alone', 'Hồ sơ cần gì', 'Hồ sơ cần gì'],
  ['a word that is a family name without marks', 'MUA BÁN ĐẤT', 'MUA BÁN ĐẤT'],
  ['full-width letters are read as ASCII', 'ｚａｌｏ nhé', 'zalo nhé'],
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
  // Numbers glued to a word, or with a wide gap between the groups.
  ['a phone glued to sdt', 'sdt0912345678 hoi ve tro cap', 'sdt[số điện thoại] hoi ve tro cap'],
  ['a phone glued to zalo', 'zalo0987654321 cho e hoi ve ly hon', 'zalo[số điện thoại] cho e hoi ve ly hon'],
  ['a phone glued to ib', 'ib0912345678', 'ib[số điện thoại]'],
  ['a phone glued to so', 'goi e qua so0912345678 nhe', 'goi e qua so[số điện thoại] nhe'],
  ['a wide gap between the groups', 'sdt 0912   -   345678', 'sdt [số điện thoại]'],
  ['an ID card number glued to a word', 'cccd012345678901 bị mất', 'cccd[số] bị mất'],
  // Names in lower case or after chat shorthand.
  ['toi la + lower-case full name', 'toi la nguyen thi lan hoi ve ly hon', 'toi la [tên] hoi ve ly hon'],
  ['ck e la', 'ck e la nguyen van hung, hoi ve ly hon', 'ck e la [tên], hoi ve ly hon'],
  ['e tên', 'e tên Lan, hỏi về trợ cấp', 'e tên [tên], hỏi về trợ cấp'],
  ['em la + lower case with marks', 'em la nguyễn thị lan', 'em la [tên]'],
  ['tôi là + lower case, then a place', 'tôi là nguyễn thị lan ở xã Tân Lập', 'tôi là [tên] ở xã Tân Lập'],
  ['chồng em là + lower case', 'chồng em là nguyễn văn hùng hay đánh em', 'chồng em là [tên] hay đánh em'],
  ['ho ten:', 'ho ten: nguyen thi lan', 'ho ten: [tên]'],
  ['lower case, no cue, after voi', 'ly hon voi tran van nam', 'ly hon voi [tên]'],
  ['lower case, no cue', 'nguyen van hung danh em', '[tên] danh em'],
  ['mixed case, no cue', 'Nguyen van Hung danh em', '[tên] danh em'],
  ['e là + a given name', 'e là Hoa, 25t', 'e là [tên], 25t'],
  ['mk là', 'mk là Hoa', 'mk là [tên]'],
  ['mk tên', 'mk tên Hoa', 'mk tên [tên]'],
  ['Ng for Nguyễn', 'Ng Van Hung danh e', '[tên] danh e'],
  // Ordinary words, places, laws and numbers stay.
  ['lê la', 'con em hay lê la ngoài chợ', 'con em hay lê la ngoài chợ'],
  ['hà nội, lower case', 'em đi làm ở hà nội', 'em đi làm ở hà nội'],
  ['vũ trụ', 'vũ trụ rộng lắm', 'vũ trụ rộng lắm'],
  ['đỗ xe', 'đỗ xe ở đâu', 'đỗ xe ở đâu'],
  ['hồ sơ, lower case', 'hồ sơ ly hôn cần gì', 'hồ sơ ly hôn cần gì'],
  ['lý do, lý lịch', 'lý do cấp lý lịch tư pháp', 'lý do cấp lý lịch tư pháp'],
  ['hoàng hôn, phan thiết', 'hoàng hôn ở phan thiết', 'hoàng hôn ở phan thiết'],
  ['bùi ngùi, ngô nghê', 'em bùi ngùi, hơi ngô nghê', 'em bùi ngùi, hơi ngô nghê'],
  ['dương tính', 'con em dương tính với ma túy', 'con em dương tính với ma túy'],
  ['mai mốt, đinh ninh', 'mai mốt em đinh ninh là được', 'mai mốt em đinh ninh là được'],
  ['vàng bạc, mùa màng', 'vàng bạc mùa màng mất hết', 'vàng bạc mùa màng mất hết'],
  ['hà giang, lò sưởi, cầm cố', 'lò sưởi ở hà giang, cầm cố đất', 'lò sưởi ở hà giang, cầm cố đất'],
  ['đặng', 'làm đơn đặng xin trợ cấp', 'làm đơn đặng xin trợ cấp'],
  ['vì thị trường, lower case', 'vì thị trường giá cao', 'vì thị trường giá cao'],
  ['tôi là người dân', 'tôi là người dân bản Mường La', 'tôi là người dân bản Mường La'],
  ['em là vợ', 'em là vợ hai của anh ấy', 'em là vợ hai của anh ấy'],
  ['tôi là nạn nhân', 'tôi là nạn nhân bạo lực gia đình', 'tôi là nạn nhân bạo lực gia đình'],
  ['chồng em là công an', 'chồng em là công an xã', 'chồng em là công an xã'],
  ['em là giáo viên hợp đồng', 'em là giáo viên hợp đồng', 'em là giáo viên hợp đồng'],
  ['communes', 'em ở Mường La, xã Chiềng Lao', 'em ở Mường La, xã Chiềng Lao'],
  [
    'a law name',
    'Luật Phòng, chống bạo lực gia đình năm 2022',
    'Luật Phòng, chống bạo lực gia đình năm 2022',
  ],
  ['amounts in words', 'vay 150.000.000 đồng, lãi 2,5 triệu', 'vay 150.000.000 đồng, lãi 2,5 triệu'],
  ['a date and an article', 'ngày 12/11/2025 theo Điều 139', 'ngày 12/11/2025 theo Điều 139'],
  ['a decree and a year', 'Nghị định 145/2020/NĐ-CP sửa năm 2026', 'Nghị định 145/2020/NĐ-CP sửa năm 2026'],
  ['e là + lower case', 'e là sinh viên, e hỏi về học phí', 'e là sinh viên, e hỏi về học phí'],
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
