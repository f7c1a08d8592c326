import { stockCrossing } from './stock.rules';

describe('resource stock thresholds', () => {
  it('warns when the level falls below the threshold, not at it', () => {
    expect(stockCrossing(false, 20, 20)).toEqual({ below: false, crossed: false });
    expect(stockCrossing(false, 19, 20)).toEqual({ below: true, crossed: true });
  });

  it('warns once per crossing: not again while it stays below, again after it has recovered', () => {
    expect(stockCrossing(true, 5, 20)).toEqual({ below: true, crossed: false });
    expect(stockCrossing(true, 20, 20)).toEqual({ below: false, crossed: false });
    expect(stockCrossing(false, 3, 20)).toEqual({ below: true, crossed: true });
  });

  it('is never below without both a level and a threshold', () => {
    expect(stockCrossing(false, null, 20)).toEqual({ below: false, crossed: false });
    expect(stockCrossing(false, 5, null)).toEqual({ below: false, crossed: false });
  });
});
