// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title Benchmark floor only (bench/p6-contract-gas.ts): the least a token-paid licence sale can
/// cost — one ERC-20 transferFrom and one ERC-721 mint, no checks, no split, no signatures.
contract PurchaseFloor is ERC721 {
    uint256 private lastId;

    constructor() ERC721("Floor", "FLR") {}

    function buy(IERC20 token, uint256 price) external returns (uint256 tokenId) {
        token.transferFrom(msg.sender, address(this), price);
        tokenId = ++lastId;
        _mint(msg.sender, tokenId);
    }
}
