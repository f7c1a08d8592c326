import { findChromium } from './browser';

describe('findChromium', () => {
  it('takes CHROMIUM_PATH when it is an executable', () => {
    expect(findChromium({ CHROMIUM_PATH: '/bin/sh' })).toBe('/bin/sh');
  });

  it('refuses a CHROMIUM_PATH that is not an executable, naming it', () => {
    expect(() => findChromium({ CHROMIUM_PATH: '/no/such/chromium' })).toThrow('CHROMIUM_PATH=/no/such/chromium is not an executable file');
  });
});
