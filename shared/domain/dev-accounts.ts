/**
 * Addresses whose private keys are public: the accounts of the development mnemonic
 * ("test test … junk") that anvil, Hardhat and Foundry fund by default, and that `npm start` prints.
 * Anything sent to one of them on a real chain is taken by whoever is fastest, so every non-local
 * configuration (runtime and stage config) refuses them wherever an address receives money or signs.
 * The list is data, not derived at start-up (no ethers on the cold path); a unit test derives it
 * from the mnemonic to prove it complete.
 */
import { type Address, toChecksumAddress } from './address.js';

/** Accounts m/44'/60'/0'/0/0 … /19 of the development mnemonic (Hardhat funds 20, anvil 10). */
export const WELL_KNOWN_DEV_ADDRESSES: readonly Address[] = [
  '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
  '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
  '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
  '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
  '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
  '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
  '0xBcd4042DE499D14e55001CcbB24a551F3b954096',
  '0x71bE63f3384f5fb98995898A86B02Fb2426c5788',
  '0xFABB0ac9d68B0B445fB7357272Ff202C5651694a',
  '0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec',
  '0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097',
  '0xcd3B766CCDd6AE721141F452C550Ca635964ce71',
  '0x2546BcD3c84621e976D8185a91A922aE77ECEc30',
  '0xbDA5747bFD65F08deb54cb465eB87D40e51B197E',
  '0xdD2FD4581271e230360230F9337D5c0430Bf44C0',
  '0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199',
];

const WELL_KNOWN = new Set(WELL_KNOWN_DEV_ADDRESSES.map((address) => address.toLowerCase()));

/** True when `address` (any case) is one of the development mnemonic's public accounts. */
export function isWellKnownDevAddress(address: string): boolean {
  return WELL_KNOWN.has(address.toLowerCase());
}

/** The one-line reason a non-local configuration gives when it meets such an address. */
export function wellKnownDevAddressReason(address: string): string {
  return `${toChecksumAddress(address)} is a public development account (its private key is published); use an address you control`;
}
