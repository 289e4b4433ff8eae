// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Batched view calls with Multicall3's `aggregate3` ABI, for local chains: real chains carry the
/// canonical Multicall3 at 0xcA11bde05977b3631167028862bE2a173976CA11, and `npm start` places this
/// contract's code at that address on anvil so the backend reads both the same way. Holds no funds.
contract Multicall3 {
    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    struct Result {
        bool success;
        bytes returnData;
    }

    error CallFailed(uint256 index);

    function aggregate3(Call3[] calldata calls) external returns (Result[] memory results) {
        results = new Result[](calls.length);
        for (uint256 i; i < calls.length; ++i) {
            (bool success, bytes memory returnData) = calls[i].target.call(calls[i].callData);
            if (!success && !calls[i].allowFailure) revert CallFailed(i);
            results[i] = Result(success, returnData);
        }
    }
}
