import { HDNodeWallet, Mnemonic } from 'ethers';
import { describe, expect, it } from 'vitest';
import { isWellKnownDevAddress, WELL_KNOWN_DEV_ADDRESSES } from '#domain/dev-accounts.js';

const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

describe('well-known development accounts', () => {
  it('lists exactly the first 20 accounts of the development mnemonic', () => {
    const mnemonic = Mnemonic.fromPhrase(DEV_MNEMONIC);
    const derived = Array.from(
      { length: 20 },
      (_, index) => HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${index}`).address,
    );
    expect(WELL_KNOWN_DEV_ADDRESSES).toEqual(derived);
  });

  it('recognises an account in any letter case and nothing else', () => {
    expect(isWellKnownDevAddress('0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266')).toBe(true);
    expect(isWellKnownDevAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toBe(false);
  });
});
