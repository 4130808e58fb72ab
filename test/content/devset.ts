/**
 * Development set for the FAQ search: questions written the way residents type them (with and without
 * diacritics, typos, slang, short fragments), each with the answer it should reach. Written before
 * the search was tuned; `npm run bench:faq` and devset.test.ts score the shipped content against it.
 */
import type { Locale } from '../../src/content/types.ts';

/** One resident question and the FAQ node that answers it. */
export interface DevQuestion {
  q: string;
  expect: string;
  locale?: Locale;
}

/** The development set; keep at least a third typed without diacritics. */
export const DEVSET: DevQuestion[] = [
  // maternity and pregnancy at work
  { q: 'nghi de bao lau', expect: 'lao-dong.thai-san.thoi-gian' },
  { q: 'đẻ xong được nghỉ mấy tháng hả chị', expect: 'lao-dong.thai-san.thoi-gian' },
  { q: 'nghỉ sinh con 6 tháng đúng ko', expect: 'lao-dong.thai-san.thoi-gian' },
  { q: 'bau 8 thang roi nghi truoc duoc khong', expect: 'lao-dong.thai-san.truoc-sinh' },
  { q: 'sắp sinh thì nghỉ trước mấy tháng', expect: 'lao-dong.thai-san.truoc-sinh' },
  { q: 'de sinh doi nghi may thang', expect: 'lao-dong.thai-san.sinh-doi' },
  { q: 'em sinh 2 bé một lúc thì nghỉ thêm ko', expect: 'lao-dong.thai-san.sinh-doi' },
  { q: 'tiền thai sản ai trả', expect: 'lao-dong.thai-san.tien' },
  { q: 'nghi de co duoc huong luong ko', expect: 'lao-dong.thai-san.tien' },
  { q: 'nghỉ đẻ được 4 tháng muốn đi làm lại', expect: 'lao-dong.thai-san.di-lam-som' },
  { q: 'het 6 thang muon o nha them voi con', expect: 'lao-dong.thai-san.nghi-them' },
  { q: 'vợ đẻ chồng được nghỉ mấy ngày', expect: 'lao-dong.thai-san.chong' },
  { q: 'chong co duoc nghi khi vo sinh khong', expect: 'lao-dong.thai-san.chong' },
  { q: 'nhận con nuôi có được nghỉ ko', expect: 'lao-dong.thai-san.con-nuoi' },
  { q: 'di kham thai co duoc nghi ko', expect: 'lao-dong.thai-san.kham-thai' },
  { q: 'bị sảy thai có được nghỉ không', expect: 'lao-dong.thai-san.kham-thai' },
  { q: 'đi đặt vòng có được nghỉ làm k', expect: 'lao-dong.thai-san.tranh-thai' },
  { q: 'nghi de xong cong ty khong cho di lam lai', expect: 'lao-dong.thai-san.quay-lai' },
  { q: 'có bầu bị đuổi việc', expect: 'lao-dong.mang-thai.sa-thai' },
  { q: 'cty cho em nghi viec vi em co bau', expect: 'lao-dong.mang-thai.sa-thai' },
  { q: 'mang thai 7 tháng có phải trực đêm không', expect: 'lao-dong.mang-thai.lam-dem' },
  { q: 'bau co phai tang ca khong', expect: 'lao-dong.mang-thai.lam-dem' },
  { q: 'con nho duoi 1 tuoi cho bu duoc nghi bao nhieu phut', expect: 'lao-dong.mang-thai.cho-con-bu' },
  { q: 'đang nuôi con bú có được về sớm 1 tiếng', expect: 'lao-dong.mang-thai.cho-con-bu' },
  { q: 'đến tháng có được nghỉ giữa giờ không', expect: 'lao-dong.mang-thai.kinh-nguyet' },
  { q: 'co bau ma phai be vac nang', expect: 'lao-dong.mang-thai.viec-nang' },
  { q: 'bác sĩ bảo việc này hại thai, xin nghỉ được ko', expect: 'lao-dong.mang-thai.nghi-viec' },
  { q: 'công ty bắt đi công tác xa khi đang bầu', expect: 'lao-dong.mang-thai.cong-tac' },
  { q: 'hop dong het han dung luc dang bau', expect: 'lao-dong.mang-thai.het-hop-dong' },
  { q: 'làm ở xã biên giới có bầu tháng thứ 6 có phải làm đêm', expect: 'lao-dong.mang-thai.vung-cao' },
  { q: 'con ốm bố có được nghỉ không', expect: 'lao-dong.mang-thai.con-om' },
  { q: 'cong ty co ho tro tien gui tre ko', expect: 'lao-dong.mang-thai.nha-tre' },
  { q: 'viec gi doc hai cho phu nu mang thai', expect: 'lao-dong.mang-thai.doc-hai' },
  { q: 'phỏng vấn bị loại vì sắp cưới', expect: 'lao-dong.mang-thai.tuyen-dung' },
  // harassment
  { q: 'sep sam so em o cong ty', expect: 'quay-roi.la-gi' },
  { q: 'bị đồng nghiệp gạ gẫm thì phải làm gì', expect: 'quay-roi.lam-gi' },
  { q: 'quản lý nhắn tin bậy bạ cho em', expect: 'quay-roi.loi-noi' },
  { q: 'di cong tac bi sep quay roi', expect: 'quay-roi.ngoai-van-phong' },
  { q: 'bị sờ soạng trên xe khách', expect: 'quay-roi.noi-cong-cong' },
  { q: 'thay giao quay roi hoc sinh', expect: 'quay-roi.truong-hoc' },
  { q: 'con trai bị quấy rối có được bảo vệ không', expect: 'quay-roi.nam-gioi' },
  // marriage and family
  { q: 'con gai may tuoi duoc lay chong', expect: 'hon-nhan.tuoi-ket-hon' },
  { q: 'tuổi kết hôn của nam là bao nhiêu', expect: 'hon-nhan.tuoi-ket-hon' },
  { q: 'lấy chồng sớm có bị phạt ko', expect: 'hon-nhan.tao-hon' },
  { q: 'tao hon la gi', expect: 'hon-nhan.tao-hon' },
  { q: 'bo me bat lay chong', expect: 'hon-nhan.cuong-ep' },
  { q: 'nhà bên cạnh gả con gái 15 tuổi báo ai', expect: 'hon-nhan.ket-hon.tao-hon-bao' },
  { q: 'tuc bat vo co bi cam khong', expect: 'hon-nhan.ket-hon.bat-vo' },
  { q: 'cưới rồi nhưng chưa đăng ký kết hôn có sao ko', expect: 'hon-nhan.ket-hon.dang-ky' },
  { q: 'o voi nhau khong cuoi chia tay chia tai san the nao', expect: 'hon-nhan.ket-hon.song-chung-tai-san' },
  { q: 'muốn ly dị chồng thì làm sao', expect: 'hon-nhan.ly-hon' },
  { q: 'chong khong chiu ky don ly hon', expect: 'hon-nhan.ly-hon-con.don-phuong' },
  { q: 'đang có bầu chồng đòi ly hôn được không', expect: 'hon-nhan.ly-hon-con.chong-xin' },
  { q: 'ly hon ai duoc nuoi con', expect: 'hon-nhan.ly-hon-con.ai-nuoi-con' },
  { q: 'con mới 2 tuổi ly hôn ai nuôi', expect: 'hon-nhan.ly-hon-con.con-nho' },
  { q: 'chồng cũ ko gửi tiền nuôi con', expect: 'hon-nhan.ly-hon-con.cap-duong' },
  { q: 'vo cu khong cho gap con', expect: 'hon-nhan.ly-hon-con.tham-con' },
  { q: 'ly hôn chia đất chia nhà thế nào', expect: 'hon-nhan.ly-hon-con.chia-tai-san' },
  { q: 'nhà chồng không cho ly hôn', expect: 'hon-nhan.ket-hon.tu-nguyen-ly-hon-can-tro' },
  { q: 'so do chi dung ten chong', expect: 'binh-dang-gioi.kinh-te-lao-dong.dat-dai' },
  { q: 'vợ có quyền gì với đất trong nhà', expect: 'hon-nhan.tai-san' },
  { q: 'bo me thuong con trai hon con gai', expect: 'hon-nhan.con-trai-con-gai' },
  // violence
  { q: 'chong danh toi', expect: 'bao-luc.tim-giup-do.bao-o-dau' },
  { q: 'bị chồng đánh thì báo ai', expect: 'bao-luc.tim-giup-do.bao-o-dau' },
  { q: 'như nào thì bị coi là bạo lực gia đình', expect: 'bao-luc.nhan-biet.la-gi' },
  { q: 'chong ep quan he', expect: 'bao-luc.nhan-biet.tinh-duc' },
  { q: 'chồng giữ hết tiền lương của tôi', expect: 'bao-luc.nhan-biet.kinh-te' },
  { q: 'bi chui mang suot ngay co phai bao luc', expect: 'bao-luc.nhan-biet.tinh-than' },
  { q: 'mẹ chồng chửi bới hành hạ con dâu', expect: 'bao-luc.nhan-biet.me-chong' },
  { q: 'chong say ruou dap pha do dac', expect: 'bao-luc.nhan-biet.dap-pha' },
  { q: 'bị nhốt trong nhà không cho đi đâu', expect: 'bao-luc.nhan-biet.nhot' },
  { q: 'chồng tung ảnh nóng của tôi lên facebook', expect: 'bao-luc.nhan-biet.bi-mat' },
  { q: 'nguoi yeu song chung danh co phai bao luc gia dinh', expect: 'bao-luc.nhan-biet.chong-cu' },
  { q: 'con trai đánh bố mẹ già', expect: 'bao-luc.nhan-biet.nguoi-gia' },
  { q: 'danh con de day co bi phat khong', expect: 'bao-luc.nhan-biet.danh-con' },
  { q: 'chồng đánh vợ trước mặt các con', expect: 'bao-luc.nhan-biet.ep-chung-kien' },
  { q: 'toi dang gap nguy hiem goi so nao', expect: 'bao-luc.tim-giup-do.khan-cap' },
  { q: 'thấy hàng xóm đánh vợ có phải báo không', expect: 'bao-luc.tim-giup-do.nghia-vu' },
  { q: 'bao tin co bi lo ten khong', expect: 'bao-luc.tim-giup-do.giu-bi-mat' },
  { q: 'nhắn tin báo công an được không', expect: 'bao-luc.tim-giup-do.cach-bao' },
  { q: 'đồn biên phòng có nhận tin báo bạo lực không', expect: 'bao-luc.tim-giup-do.bien-phong' },
  { q: 'tong dai 111 la gi', expect: 'bao-luc.tim-giup-do.tong-dai-111' },
  { q: 'tre con bi xam hai bao o dau', expect: 'bao-luc.tim-giup-do.tre-em' },
  { q: 'co tong dai bao luc gia dinh khong', expect: 'bao-luc.tim-giup-do.duong-day-nong' },
  { q: 'ngôi nhà bình yên ở đâu', expect: 'bao-luc.tim-giup-do.ngoi-nha-binh-yen' },
  { q: 'dia chi tin cay la gi', expect: 'bao-luc.tim-giup-do.dia-chi-tin-cay' },
  { q: 'sợ chồng đánh nữa thì chuẩn bị gì', expect: 'bao-luc.tim-giup-do.ke-hoach-an-toan' },
  { q: 'lenh cam tiep xuc', expect: 'bao-luc.bao-ve.cam-tiep-xuc' },
  { q: 'cấm tiếp xúc thì phải cách xa bao nhiêu mét', expect: 'bao-luc.bao-ve.cam-tiep-xuc-khoang-cach' },
  { q: 'bị đuổi ra khỏi nhà đi đâu ở', expect: 'bao-luc.bao-ve.noi-tam-lanh' },
  { q: 'nguoi bi bao luc co quyen gi', expect: 'bao-luc.bao-ve.quyen' },
  { q: 'có ai tư vấn pháp lý miễn phí cho em không', expect: 'bao-luc.bao-ve.tu-van' },
  { q: 'bi danh bi thuong thi lam giay to gi', expect: 'bao-luc.bao-ve.y-te' },
  { q: 'danh vo phat bao nhieu tien', expect: 'bao-luc.xu-ly.muc-phat' },
  { q: 'đánh vợ có bị đi tù không', expect: 'bao-luc.xu-ly.hinh-su' },
  { q: 'chửi vợ bị phạt bao nhiêu', expect: 'bao-luc.xu-ly.chui-phat' },
  { q: 'nghi dinh 144 con hieu luc khong', expect: 'bao-luc.xu-ly.toi-da' },
  { q: 'người giúp việc bị chủ đánh', expect: 'bao-luc.xu-ly.giup-viec' },
  // trafficking
  { q: 'có người rủ sang trung quốc làm việc lương cao', expect: 'mua-ban-nguoi.dau-hieu' },
  { q: 'em gai bi lua ban sang bien gioi', expect: 'mua-ban-nguoi.bi-lua' },
  { q: 'con gái quen trai trên mạng rồi bỏ đi', expect: 'mua-ban-nguoi.qua-mang' },
  // sex selection and health
  { q: 'thuoc sinh con trai co bi cam khong', expect: 'lua-chon-gioi-tinh.thuoc' },
  { q: 'lựa chọn giới tính thai nhi có bị cấm', expect: 'lua-chon-gioi-tinh.cam' },
  { q: 'nha chong ep pha thai vi la con gai', expect: 'binh-dang-gioi.suc-khoe.bi-ep-pha-thai' },
  { q: 'siêu âm bác sĩ có được nói trai hay gái', expect: 'lua-chon-gioi-tinh.sieu-am' },
  { q: 'chỉ đẻ toàn con gái bị nhà chồng chê', expect: 'lua-chon-gioi-tinh.khong-con-trai' },
  { q: 'chong khong chiu dung bao cao su', expect: 'binh-dang-gioi.suc-khoe.tranh-thai-ai' },
  { q: 'ai quyết định triệt sản', expect: 'binh-dang-gioi.y-te' },
  { q: 'o ban xa sap de can lam gi', expect: 'binh-dang-gioi.suc-khoe.sinh-con-an-toan' },
  // gender equality in the plan's fields
  { q: 'binh dang gioi la gi', expect: 'binh-dang-gioi.khai-niem' },
  { q: 'phụ nữ có được làm trưởng bản không', expect: 'binh-dang-gioi.cong-dong.truong-ban' },
  { q: 'vận động chỉ bầu cho đàn ông', expect: 'binh-dang-gioi.cong-dong.bo-phieu' },
  { q: 'hop ban phu nu khong duoc phat bieu', expect: 'binh-dang-gioi.cong-dong.hop-ban' },
  { q: 'vợ đứng tên vay vốn ngân hàng được ko', expect: 'binh-dang-gioi.kinh-te-lao-dong.vay-von' },
  { q: 'chong cam vo di buon ban', expect: 'binh-dang-gioi.kinh-te-lao-dong.thu-nhap' },
  { q: 'công ty chỉ tuyển nam', expect: 'binh-dang-gioi.lao-dong' },
  { q: 'nu lam giong nam ma luong thap hon', expect: 'binh-dang-gioi.lao-dong' },
  { q: 'phụ nữ có được đề bạt lên chức không', expect: 'binh-dang-gioi.lao-dong.thang-chuc' },
  { q: 'bắt con gái nghỉ học cho em trai đi học', expect: 'binh-dang-gioi.giao-duc' },
  { q: 'bo me cam con gai hoc nganh ky thuat', expect: 'binh-dang-gioi.hoc-tap-khoa-hoc.chon-nganh' },
  {
    q: 'phụ nữ có được đi tập huấn kỹ thuật chăn nuôi không',
    expect: 'binh-dang-gioi.hoc-tap-khoa-hoc.khoa-hoc-tiep-can',
  },
  { q: 'huong uoc co duoc phan biet nam nu', expect: 'binh-dang-gioi.van-hoa' },
  { q: 'đàn ông không vào bếp có đúng không', expect: 'binh-dang-gioi.van-hoa-thong-tin.dinh-kien' },
  { q: 'viec nha co phai viec cua dan ba', expect: 'binh-dang-gioi.gia-dinh' },
  {
    q: 'chồng quyết hết việc trong nhà, bán trâu không hỏi vợ',
    expect: 'binh-dang-gioi.trong-gia-dinh.quyet-dinh',
  },
  { q: 'thang hanh dong binh dang gioi', expect: 'truyen-thong.thang-hanh-dong' },
  { q: 'tháng 6 là tháng gì về gia đình', expect: 'binh-dang-gioi.van-hoa-thong-tin.thang-6' },
  // English
  {
    q: 'how many months off do I get after giving birth',
    expect: 'lao-dong.thai-san.thoi-gian',
    locale: 'en',
  },
  { q: 'my husband beats me where can I report', expect: 'bao-luc.tim-giup-do.bao-o-dau', locale: 'en' },
  {
    q: 'who gets custody of the kids after divorce',
    expect: 'hon-nhan.ly-hon-con.ai-nuoi-con',
    locale: 'en',
  },
  { q: 'job offer in China is it safe', expect: 'mua-ban-nguoi.dau-hieu', locale: 'en' },
  { q: 'paternity leave for fathers', expect: 'lao-dong.thai-san.chong', locale: 'en' },
];

/** What the search made of the development set: accuracy at 1 and 3, and the questions it missed. */
export interface DevScore {
  top1: number;
  top3: number;
  misses: Array<DevQuestion & { got: string[] }>;
}

/** Scores a search function on the development set, so the bench and the test measure the same thing. */
export function scoreDevset(search: (q: string, locale: Locale) => string[], set = DEVSET): DevScore {
  let top1 = 0;
  let top3 = 0;
  const misses: DevScore['misses'] = [];
  for (const d of set) {
    const got = search(d.q, d.locale ?? 'vi').slice(0, 3);
    if (got[0] === d.expect) top1++;
    if (got.includes(d.expect)) top3++;
    else misses.push({ ...d, got });
  }
  return { top1: top1 / set.length, top3: top3 / set.length, misses };
}
