// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title A one-owner smart-contract wallet that validates signatures per EIP-1271: a signature is
/// valid for this wallet when the owner's key signed the hash. Used to test contract-wallet sign-in.
contract Eip1271Wallet {
    address public immutable owner;
    bytes4 private constant MAGIC_VALUE = 0x1626ba7e;

    constructor(address owner_) {
        owner = owner_;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        if (signature.length != 65) return 0xffffffff;
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := calldataload(signature.offset)
            s := calldataload(add(signature.offset, 32))
            v := byte(0, calldataload(add(signature.offset, 64)))
        }
        if (ecrecover(hash, v, r, s) == owner) return MAGIC_VALUE;
        return 0xffffffff;
    }

    receive() external payable {}
}
