import { randomBytes } from 'node:crypto';
import { getAddress, Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import {
  isAddressLike,
  isChecksumAddress,
  personAddressProblem,
  toChecksumAddress,
} from '#domain/address.js';

describe('EIP-55 addresses without ethers', () => {
  it('matches ethers getAddress for random addresses', () => {
    for (let i = 0; i < 50; i++) {
      const address = Wallet.createRandom().address;
      expect(toChecksumAddress(address.toLowerCase())).toBe(getAddress(address));
    }
  });

  it('accepts only the exact checksummed form as checksummed', () => {
    const address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
    expect(isChecksumAddress(address)).toBe(true);
    expect(isChecksumAddress(address.toLowerCase())).toBe(false);
    expect(isAddressLike(address.toLowerCase())).toBe(true);
    expect(isAddressLike('0xF39fd6e51aad88F6F4ce6aB8827279cffFb92266')).toBe(false);
    expect(isAddressLike('0x1234')).toBe(false);
  });

  it('answers the same from its memory of recent addresses, for every casing, past its bound', () => {
    const addresses = Array.from({ length: 2100 }, () => getAddress(`0x${randomBytes(20).toString('hex')}`));
    for (const address of addresses) expect(toChecksumAddress(address.toLowerCase())).toBe(address);
    for (const address of [addresses[0] as string, addresses[2099] as string]) {
      expect(toChecksumAddress(address.toUpperCase().replace('0X', '0x'))).toBe(getAddress(address));
      expect(isChecksumAddress(address)).toBe(true);
      expect(isChecksumAddress(address.toLowerCase())).toBe(address === address.toLowerCase());
    }
  });
});

describe('the person-address rule', () => {
  const ZERO = '0x0000000000000000000000000000000000000000';
  const PERSON = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

  it('refuses the zero address in either form, and says why', () => {
    expect(personAddressProblem(ZERO, 'checksummed')).toMatch(/zero address/);
    expect(personAddressProblem(ZERO, 'any-case')).toMatch(/zero address/);
  });

  it('accepts a person in the forms the field allows', () => {
    expect(personAddressProblem(PERSON, 'checksummed')).toBeUndefined();
    expect(personAddressProblem(PERSON.toLowerCase(), 'any-case')).toBeUndefined();
    expect(personAddressProblem(PERSON.toLowerCase(), 'checksummed')).toMatch(/EIP-55/);
    expect(personAddressProblem('alice', 'any-case')).toMatch(/20-byte hex address/);
  });
});
