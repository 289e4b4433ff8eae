// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title Test only: an ERC-20 whose transfers call a hook (as ERC-777 tokens do), to prove that a
/// token re-entering the market during a sale or a withdrawal gains nothing.
contract CallbackToken is ERC20 {
    address public hookTarget;
    bytes public hookCall;
    bool public hookFailed;

    constructor() ERC20("Callback Token", "CBK") {}

    function mint(address to, uint256 value) external {
        _mint(to, value);
    }

    function setHook(address target, bytes calldata call) external {
        hookTarget = target;
        hookCall = call;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address target = hookTarget;
        if (target != address(0) && from != address(0)) {
            hookTarget = address(0);
            (bool ok,) = target.call(hookCall);
            if (!ok) hookFailed = true;
        }
    }
}
