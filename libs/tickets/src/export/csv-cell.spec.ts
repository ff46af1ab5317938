import { neutraliseFormula } from './csv-cell';

describe('neutraliseFormula', () => {
  it.each(['=1+2', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil")', '-', '+', '@'])(
    'prefixes %p with a quote',
    (cell) => {
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    },
  );

  it.each(['plain', 'a=b', "'already", '', '-5', '+1.5', '-0.25e3', '42', ' =x'])('keeps %p as it is', (cell) => {
    expect(neutraliseFormula(cell)).toBe(cell);
  });
});
