import { DomainError } from '@app/common';
import { assertPdf, cleanFilename, contentDisposition } from './cv-files';

const file = (buffer: Buffer, mimetype = 'application/pdf') => ({ originalname: 'cv.pdf', mimetype, size: buffer.length, buffer });

describe('CV file checks', () => {
  it('accepts only application/pdf that starts with %PDF-', () => {
    expect(() => assertPdf(file(Buffer.from('%PDF-1.7 ...')))).not.toThrow();
    for (const bad of [file(Buffer.from('%PDF-1.7'), 'text/plain'), file(Buffer.from('GIF89a')), file(Buffer.from('%PD')), undefined]) {
      expect(() => assertPdf(bad)).toThrow(DomainError);
    }
    try {
      assertPdf(file(Buffer.from('<html>')));
    } catch (err) {
      expect((err as DomainError).code).toBe('AUTH.CV_INVALID');
    }
  });

  it('cleans file names: no path, no control characters or quotes, UTF-8 restored, never empty', () => {
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('C:\\Users\\me\\cv.pdf')).toBe('cv.pdf');
    expect(cleanFilename('a"b\r\nc.pdf')).toBe('abc.pdf');
    expect(cleanFilename(Buffer.from('Résumé.pdf', 'utf8').toString('latin1'))).toBe('Résumé.pdf');
    expect(cleanFilename('Résumé.pdf')).toBe('Résumé.pdf');
    expect(cleanFilename('')).toBe('cv.pdf');
    expect(cleanFilename(undefined)).toBe('cv.pdf');
  });

  it('builds an RFC 6266 Content-Disposition with an ASCII fallback', () => {
    expect(contentDisposition('cv.pdf')).toBe(`attachment; filename="cv.pdf"; filename*=UTF-8''cv.pdf`);
    expect(contentDisposition('Résumé 2.pdf')).toBe(`attachment; filename="R_sum_ 2.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%202.pdf`);
  });
});
