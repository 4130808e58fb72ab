import { describe, expect, it } from 'vitest';
import { fold, isPlain, slug } from '../../src/content/normalize.ts';

describe('fold', () => {
  it('removes marks, lower-cases and maps đ to d', () => {
    expect(fold('Nghỉ THAI SẢN được mấy tháng?')).toBe('nghi thai san duoc may thang');
    expect(fold('Đoàn Kết')).toBe('doan ket');
    expect(fold('đẻ')).toBe('de');
  });

  it('treats precomposed and decomposed input alike', () => {
    const nfc = 'Chiềng Lao'.normalize('NFC');
    const nfd = 'Chiềng Lao'.normalize('NFD');
    expect(nfc).not.toBe(nfd);
    expect(fold(nfd)).toBe(fold(nfc));
    expect(fold(nfd)).toBe('chieng lao');
  });

  it('turns punctuation into single spaces', () => {
    expect(fold('  xã,Chiềng-Lao!!  (Mường La)\n')).toBe('xa chieng lao muong la');
    expect(fold('')).toBe('');
  });

  it('helpers', () => {
    expect(isPlain('chieng')).toBe(true);
    expect(isPlain('chiềng')).toBe(false);
    expect(isPlain('dang')).toBe(true);
    expect(isPlain('đang')).toBe(false);
    expect(slug('Mường Bú')).toBe('muong-bu');
  });
});
