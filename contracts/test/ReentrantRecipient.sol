// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

interface IMarketWithdraw {
    function withdraw(address account, address currency) external returns (uint256);
    function distribute(bytes32 splitId, address currency) external;
}

/// @title Test only: a split recipient that re-enters the market when paid, or refuses payment.
contract ReentrantRecipient {
    IMarketWithdraw public immutable market;
    /// 0 = accept, 1 = re-enter withdraw, 2 = revert.
    uint8 public mode;
    bool public reentryFailed;
    uint256 public received;

    constructor(IMarketWithdraw market_) {
        market = market_;
    }

    function setMode(uint8 mode_) external {
        mode = mode_;
    }

    receive() external payable {
        if (mode == 2) revert("refused");
        received += msg.value;
        if (mode == 1) {
            // A second withdrawal inside the first must fail; the outer one still completes.
            try market.withdraw(address(this), address(0)) {} catch {
                reentryFailed = true;
            }
        }
    }
}
