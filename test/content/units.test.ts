import { describe, expect, it } from 'vitest';
import { buildContentIndex, loadSeedContent } from '../../src/content/index.ts';

const { units } = buildContentIndex(loadSeedContent());
const names = (text: string) => units.matchUnits(text).map((m) => m.unit.name);

describe('units', () => {
  it('has 75 units in 12 former districts', () => {
    expect(units.all()).toHaveLength(75);
    expect(units.formerDistricts()).toHaveLength(12);
    expect(units.all().filter((u) => u.kind === 'ward')).toHaveLength(8);
    expect(units.unitsOf('Mường La').map((u) => u.name)).toEqual([
      'Mường La',
      'Chiềng Lao',
      'Mường Bú',
      'Chiềng Hoa',
      'Ngọc Chiến',
    ]);
    expect(units.get('Chiềng Lao')?.formerDistrict).toBe('Mường La');
    expect(units.get('Nowhere')).toBeUndefined();
  });

  it('matches a new name with or without diacritics and prefixes', () => {
    for (const t of [
      'Chiềng Lao',
      'chieng lao',
      'xã Chiềng Lao',
      'xa chieng lao',
      'CHIỀNG LAO',
      'Chiềng Lao'.normalize('NFD'),
    ]) {
      const [m] = units.matchUnits(t);
      expect(m?.unit.name).toBe('Chiềng Lao');
      expect(m?.via).toBe('name');
    }
    expect(names('phường Tô Hiệu')).toEqual(['Tô Hiệu']);
    expect(names('phuong to hieu')).toEqual(['Tô Hiệu']);
  });

  it('matches inside a sentence', () => {
    expect(names('tôi ở xa chieng lao, huyện cũ Mường La')).toContain('Chiềng Lao');
    expect(names('em song o ban Hua Trai')).toEqual(['Chiềng Lao']);
  });

  it('matches merged former units and says so', () => {
    const [m] = units.matchUnits('xã Hua Trai');
    expect(m).toMatchObject({ via: 'merged', matchedName: 'Hua Trai' });
    expect(m?.unit.name).toBe('Chiềng Lao');
    expect(units.matchUnits('thi tran it ong')[0]).toMatchObject({ via: 'merged', matchedName: 'Ít Ong' });
    expect(names('TT Hát Lót')).toEqual(['Mai Sơn']);
  });

  it('counts a same-named former unit as the own name', () => {
    expect(units.matchUnits('thị trấn Thuận Châu')[0]).toMatchObject({
      via: 'name',
      matchedName: 'Thuận Châu',
    });
  });

  it('returns both units for the ambiguous former Chiềng Chung', () => {
    expect(names('Chiềng Chung').sort()).toEqual(['Mường Chanh', 'Đoàn Kết'].sort());
    expect(names('xa chieng chung')).toHaveLength(2);
  });

  it('lets the longest name win and keeps own names first', () => {
    // "Chiềng Sơn" must not also yield "Chiềng Sơ".
    expect(names('xã Chiềng Sơn')).toEqual(['Chiềng Sơn']);
    expect(names('Chiềng Sơ')).toEqual(['Chiềng Sơ']);
    const two = units.matchUnits('từ Hua Trai chuyển về Mường Bú');
    expect(two.map((m) => m.via)).toEqual(['name', 'merged']);
    expect(two.map((m) => m.unit.name)).toEqual(['Mường Bú', 'Chiềng Lao']);
  });

  it('rejects a name typed with different marks', () => {
    expect(names('có nơi nào để ở không')).toEqual([]);
    expect(names('Cò Nòi')).toEqual(['Mai Sơn']);
  });

  it('returns nothing when no place is named', () => {
    expect(units.matchUnits('nghỉ thai sản mấy tháng')).toEqual([]);
    expect(units.matchUnits('')).toEqual([]);
  });

  it('finds former districts with optional prefixes', () => {
    expect(units.findFormerDistrict('tp son la')).toBe('TP Sơn La');
    expect(units.findFormerDistrict('Thành phố Sơn La')).toBe('TP Sơn La');
    expect(units.findFormerDistrict('thi xa moc chau')).toBe('TX Mộc Châu');
    expect(units.findFormerDistrict('TX Mộc Châu')).toBe('TX Mộc Châu');
    expect(units.findFormerDistrict('huyen muong la')).toBe('Mường La');
    expect(units.findFormerDistrict('tôi ở huyện Sốp Cộp')).toBe('Sốp Cộp');
    expect(units.findFormerDistrict('Vân Hồ')).toBe('Vân Hồ');
    expect(units.findFormerDistrict('Chiềng Lao')).toBeUndefined();
  });

  it('does not read the province as the city, nor a commune prefix as a district', () => {
    expect(units.findFormerDistrict('tỉnh Sơn La')).toBeUndefined();
    expect(units.findFormerDistrict('xã Mường La')).toBeUndefined();
  });

  it('returns both readings of a name shared by a commune and a former district', () => {
    expect(names('Mường La')).toEqual(['Mường La']);
    expect(units.findFormerDistrict('Mường La')).toBe('Mường La');
    expect(names('huyện Mường La')).toEqual([]);
  });

  it('is fast', () => {
    const start = performance.now();
    for (let i = 0; i < 2000; i++)
      units.matchUnits('tôi ở bản Hua Trai xã Chiềng Lao huyện Mường La tỉnh Sơn La');
    expect(performance.now() - start).toBeLessThan(1500);
  });
});
