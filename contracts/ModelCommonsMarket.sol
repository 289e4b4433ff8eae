// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @notice ERC-5192: a token that cannot be transferred reports itself locked.
interface IERC5192 {
    event Locked(uint256 tokenId);
    event Unlocked(uint256 tokenId);

    function locked(uint256 tokenId) external view returns (bool);
}

/// @notice EIP-3009's receive variant, as USDC implements it: only `to` may submit the authorisation.
interface IERC3009 {
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;
}

/// @title Model Commons marketplace: licence tokens, atomic sales, contract-enforced revenue splits.
/// @notice A sale is one transaction: the buyer pays exactly the price the model's owner signed, the
/// platform fee (capped at deployment), a registered referrer's fee and the model's split are credited
/// to balances only their owners can withdraw, and a licence token (ERC-721, ERC-5192 locked unless
/// the offer says transferable) is minted to the buyer. Any failed check reverts the whole sale.
/// @dev Trust model: docs/contracts.md. Immutable: no proxy, no upgrade. The admin (Ownable2Step) may
/// rotate the sale signer, set fees within the caps, register referrers, allow currencies and set the
/// metadata URI; no function lets the admin, the sale signer or anyone else move a balance, change a
/// split, or mint a licence without the owner-signed price being paid.
contract ModelCommonsMarket is ERC721, EIP712, Ownable2Step, ReentrancyGuardTransient, IERC5192 {
    using SafeERC20 for IERC20;

    // ---------------------------------------------------------------- types

    /// @notice What a model's owner sells, signed by the owner (EIP-712; EIP-1271 wallets too).
    struct Offer {
        bytes32 modelKey;
        bytes32 offerId;
        /// Bumped by every change of the offer; cancelOffer(revision n) kills revisions ≤ n.
        uint64 revision;
        /// address(0) = the chain's native coin, else an allow-listed ERC-20.
        address currency;
        uint256 price;
        /// 0 = unlimited.
        uint64 supplyCap;
        /// Seconds a licence lasts from its sale; 0 = perpetual.
        uint64 licenceDuration;
        /// The signature's deadline (unix seconds).
        uint64 validUntil;
        /// The most platform + referrer fee, in basis points, the owner accepts on a sale.
        uint16 maxFeeBps;
        bool transferable;
        bytes32 termsHash;
        /// The manifest the licence covers; zero = whichever version is latest at the sale (the sale
        /// authorization names it).
        bytes32 manifestHash;
    }

    /// @notice The operator's short-lived approval of one order, signed by the sale signer. The order
    /// id is a hash (the API hashes its own id): the licence's token id is derived from it.
    struct SaleAuthorization {
        bytes32 orderId;
        address buyer;
        bytes32 offerDigest;
        /// address(0) = no referrer.
        address referrer;
        bytes32 manifestHash;
        uint64 expiry;
    }

    /// @notice EIP-2612 permit for exactly the price, signed by the buyer.
    struct Permit {
        uint256 deadline;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @notice EIP-3009 receiveWithAuthorization for exactly the price, signed by the buyer.
    struct TransferAuthorization {
        uint256 validAfter;
        uint256 validBefore;
        bytes32 nonce;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    struct Model {
        address owner;
        bytes32 splitId;
    }

    /// @notice What a licence grants; shared by every token sold under the same terms, and numbered
    /// (termsId, from 1) in the order first sold.
    struct LicenceTerms {
        bytes32 modelKey;
        bytes32 offerId;
        bytes32 termsHash;
        bytes32 manifestHash;
        uint64 licenceDuration;
        bool transferable;
    }

    /// @dev Per offer (model key, offer id): licences sold, and the lowest revision still valid.
    struct OfferState {
        uint64 sold;
        uint64 minRevision;
    }

    /// @notice A sale's figures, as the Sale event reports them: price = platformFee + referrerFee + toSplit.
    struct SaleCredits {
        bytes32 offerId;
        address buyer;
        address currency;
        uint256 price;
        uint256 platformFee;
        address referrer;
        uint256 referrerFee;
        bytes32 splitId;
        uint256 toSplit;
        /// 0 = perpetual.
        uint64 expiresAt;
    }

    // ---------------------------------------------------------------- constants

    uint16 public constant TOTAL_BPS = 10_000;
    uint256 public constant MAX_SPLIT_RECIPIENTS = 100;

    bytes32 public constant OFFER_TYPEHASH = keccak256(
        "Offer(bytes32 modelKey,bytes32 offerId,uint64 revision,address currency,uint256 price,uint64 supplyCap,"
        "uint64 licenceDuration,uint64 validUntil,uint16 maxFeeBps,bool transferable,bytes32 termsHash,"
        "bytes32 manifestHash)"
    );
    bytes32 public constant SALE_TYPEHASH = keccak256(
        "SaleAuthorization(bytes32 orderId,address buyer,bytes32 offerDigest,address referrer,"
        "bytes32 manifestHash,uint64 expiry)"
    );
    bytes32 public constant MODEL_TYPEHASH =
        keccak256("ModelRegistration(address owner,bytes32 externalId,bytes32 splitId)");

    /// @notice Fixed at deployment: no admin can ever charge more.
    uint16 public immutable maxPlatformFeeBps;
    uint16 public immutable maxReferrerFeeBps;

    // ---------------------------------------------------------------- state

    // saleSigner and the two fees share one slot: a sale reads them together.
    address public saleSigner;
    uint16 public platformFeeBps;
    uint16 public referrerFeeBps;
    address public feeRecipient;
    string private baseTokenURI;

    mapping(address currency => bool) public currencyAllowed;
    mapping(address referrer => bool) public referrerRegistered;

    mapping(bytes32 splitId => address[]) private splitRecipients;
    mapping(bytes32 splitId => uint16[]) private splitBps;
    mapping(bytes32 modelKey => Model) public models;

    mapping(bytes32 offerKey => OfferState) public offerStates;

    /// @notice Withdrawable by `account` (to `account` only), per currency.
    mapping(address account => mapping(address currency => uint256)) public withdrawable;
    /// @notice Credited to a split, not yet distributed to its recipients.
    mapping(bytes32 splitId => mapping(address currency => uint256)) public undistributed;

    /// @dev Only licences with a duration have an entry (perpetual ones cost no storage of their own).
    mapping(uint256 tokenId => uint64) private licenceExpiry;
    mapping(bytes32 termsKey => uint32) private termsIdOf;
    LicenceTerms[] private termsById;

    // ---------------------------------------------------------------- events

    event SplitCreated(bytes32 indexed splitId, address[] recipients, uint16[] bps);
    event ModelRegistered(bytes32 indexed modelKey, address indexed owner, bytes32 externalId, bytes32 splitId);
    event ModelSplitChanged(bytes32 indexed modelKey, bytes32 splitId);
    event OfferCancelled(bytes32 indexed modelKey, bytes32 indexed offerId, uint64 belowRevision);
    event TermsRecorded(uint32 indexed termsId, LicenceTerms terms);
    /// @notice One sale: who paid what, and where the money was credited.
    event Sale(bytes32 indexed orderId, uint256 indexed tokenId, bytes32 indexed modelKey, SaleCredits sale);
    event Distributed(bytes32 indexed splitId, address indexed currency, uint256 amount);
    event Credited(address indexed account, address indexed currency, uint256 amount);
    event Withdrawn(address indexed account, address indexed currency, uint256 amount);
    event SaleSignerChanged(address saleSigner);
    event FeesChanged(address feeRecipient, uint16 platformFeeBps, uint16 referrerFeeBps);
    event CurrencyAllowed(address indexed currency, bool allowed);
    event ReferrerRegistered(address indexed referrer, bool registered);

    // ---------------------------------------------------------------- errors

    error InvalidSplit(string reason);
    error UnknownSplit(bytes32 splitId);
    error UnknownModel(bytes32 modelKey);
    error ModelExists(bytes32 modelKey);
    error NotModelOwner(bytes32 modelKey);
    error BadOwnerSignature();
    error BadOfferSignature();
    error OfferIsCancelled();
    error OfferExpired();
    error BadSaleAuthorization();
    error AuthorizationExpired();
    error AuthorizationMismatch();
    error OrderAlreadyUsed(bytes32 orderId);
    error NotBuyer();
    error CurrencyNotAllowed(address currency);
    error SoldOut();
    error ManifestMismatch();
    error ReferrerNotRegistered(address referrer);
    error FeesAboveOffer(uint256 feeBps, uint16 maxFeeBps);
    error FeeAboveCap(uint256 bps, uint256 cap);
    error WrongPayment(uint256 expected, uint256 received);
    error WrongPaymentMethod();
    error ZeroAddress();
    error NothingToWithdraw();
    error LicenceLocked(uint256 tokenId);

    // ---------------------------------------------------------------- construction and admin

    constructor(
        address admin,
        address saleSigner_,
        address feeRecipient_,
        uint16 maxPlatformFeeBps_,
        uint16 maxReferrerFeeBps_,
        uint16 platformFeeBps_,
        uint16 referrerFeeBps_,
        string memory baseTokenURI_
    ) ERC721("Model Commons Licence", "MCL") EIP712("Model Commons Market", "1") Ownable(admin) {
        if (uint256(maxPlatformFeeBps_) + maxReferrerFeeBps_ > TOTAL_BPS) {
            revert FeeAboveCap(uint256(maxPlatformFeeBps_) + maxReferrerFeeBps_, TOTAL_BPS);
        }
        maxPlatformFeeBps = maxPlatformFeeBps_;
        maxReferrerFeeBps = maxReferrerFeeBps_;
        _setSaleSigner(saleSigner_);
        _setFees(feeRecipient_, platformFeeBps_, referrerFeeBps_);
        baseTokenURI = baseTokenURI_;
    }

    /// @notice Rotates the key that approves orders (sales already made are unaffected).
    function setSaleSigner(address saleSigner_) external onlyOwner {
        _setSaleSigner(saleSigner_);
    }

    /// @notice Fees of future sales, each within its deployment cap; credited balances never change.
    function setFees(address feeRecipient_, uint16 platformFeeBps_, uint16 referrerFeeBps_) external onlyOwner {
        _setFees(feeRecipient_, platformFeeBps_, referrerFeeBps_);
    }

    /// @notice Which currencies new sales may use. Withdrawals of a currency are never blocked.
    function setCurrencyAllowed(address currency, bool allowed) external onlyOwner {
        currencyAllowed[currency] = allowed;
        emit CurrencyAllowed(currency, allowed);
    }

    /// @notice Frontends that may earn the referrer fee on future sales.
    function setReferrerRegistered(address referrer, bool registered) external onlyOwner {
        if (referrer == address(0)) revert ZeroAddress();
        referrerRegistered[referrer] = registered;
        emit ReferrerRegistered(referrer, registered);
    }

    function setBaseTokenURI(string calldata baseTokenURI_) external onlyOwner {
        baseTokenURI = baseTokenURI_;
    }

    function _setSaleSigner(address saleSigner_) private {
        if (saleSigner_ == address(0)) revert ZeroAddress();
        saleSigner = saleSigner_;
        emit SaleSignerChanged(saleSigner_);
    }

    function _setFees(address feeRecipient_, uint16 platformFeeBps_, uint16 referrerFeeBps_) private {
        if (feeRecipient_ == address(0)) revert ZeroAddress();
        if (platformFeeBps_ > maxPlatformFeeBps) revert FeeAboveCap(platformFeeBps_, maxPlatformFeeBps);
        if (referrerFeeBps_ > maxReferrerFeeBps) revert FeeAboveCap(referrerFeeBps_, maxReferrerFeeBps);
        feeRecipient = feeRecipient_;
        platformFeeBps = platformFeeBps_;
        referrerFeeBps = referrerFeeBps_;
        emit FeesChanged(feeRecipient_, platformFeeBps_, referrerFeeBps_);
    }

    // ---------------------------------------------------------------- splits and models

    /// @notice Records a split (idempotent). Its id is the hash of its content, so a split never changes:
    /// a model changes split by pointing at another one, and what was credited to the old split is
    /// still distributed by the old split's shares.
    /// @param recipients strictly ascending addresses (so one split has one id), none zero.
    /// @param bps each at least 1, summing to 10000.
    function createSplit(address[] calldata recipients, uint16[] calldata bps) public returns (bytes32 splitId) {
        uint256 count = recipients.length;
        if (count == 0 || count > MAX_SPLIT_RECIPIENTS) revert InvalidSplit("recipient count");
        if (bps.length != count) revert InvalidSplit("length mismatch");
        uint256 total;
        address previous;
        for (uint256 i; i < count; ++i) {
            if (recipients[i] <= previous) revert InvalidSplit("recipients not strictly ascending or zero");
            if (bps[i] == 0) revert InvalidSplit("zero share");
            previous = recipients[i];
            total += bps[i];
        }
        if (total != TOTAL_BPS) revert InvalidSplit("shares must sum to 10000");
        splitId = keccak256(abi.encode(recipients, bps));
        if (splitRecipients[splitId].length == 0) {
            splitRecipients[splitId] = recipients;
            splitBps[splitId] = bps;
            emit SplitCreated(splitId, recipients, bps);
        }
    }

    function splitOf(bytes32 splitId) external view returns (address[] memory recipients, uint16[] memory bps) {
        return (splitRecipients[splitId], splitBps[splitId]);
    }

    /// @notice The on-chain key of a model: its owner's address and the API's id for it, so no one can
    /// claim a key that belongs to someone else.
    function modelKeyOf(address owner_, bytes32 externalId) public pure returns (bytes32) {
        return keccak256(abi.encode(owner_, externalId));
    }

    /// @notice Registers a model with its first split. Anyone may submit it (the API relays it); the
    /// owner's signature (or the owner being the sender) is what authorises it.
    function registerModel(address owner_, bytes32 externalId, bytes32 splitId, bytes calldata ownerSignature)
        external
        returns (bytes32 modelKey)
    {
        if (owner_ == address(0)) revert ZeroAddress();
        if (splitRecipients[splitId].length == 0) revert UnknownSplit(splitId);
        if (msg.sender != owner_) {
            bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(MODEL_TYPEHASH, owner_, externalId, splitId)));
            if (!SignatureChecker.isValidSignatureNow(owner_, digest, ownerSignature)) revert BadOwnerSignature();
        }
        modelKey = modelKeyOf(owner_, externalId);
        if (models[modelKey].owner != address(0)) revert ModelExists(modelKey);
        models[modelKey] = Model({owner: owner_, splitId: splitId});
        emit ModelRegistered(modelKey, owner_, externalId, splitId);
    }

    /// @notice Points a model at another split, for its future sales. Only the model's owner: the
    /// governance issue replaces this with approvals of the current split's contributors.
    function setModelSplit(bytes32 modelKey, bytes32 splitId) external {
        if (models[modelKey].owner != msg.sender) revert NotModelOwner(modelKey);
        if (splitRecipients[splitId].length == 0) revert UnknownSplit(splitId);
        models[modelKey].splitId = splitId;
        emit ModelSplitChanged(modelKey, splitId);
    }

    /// @notice Withdraws every signed revision of an offer up to `revision`, before their deadlines:
    /// only a later revision the owner signs can sell again. The sold count is kept.
    function cancelOffer(bytes32 modelKey, bytes32 offerId, uint64 revision) external {
        if (models[modelKey].owner != msg.sender) revert NotModelOwner(modelKey);
        OfferState storage state = offerStates[offerKeyOf(modelKey, offerId)];
        if (state.minRevision <= revision) state.minRevision = revision + 1;
        emit OfferCancelled(modelKey, offerId, state.minRevision);
    }

    function offerKeyOf(bytes32 modelKey, bytes32 offerId) public pure returns (bytes32) {
        return keccak256(abi.encode(modelKey, offerId));
    }

    // ---------------------------------------------------------------- digests

    function offerDigest(Offer calldata offer) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    OFFER_TYPEHASH,
                    offer.modelKey,
                    offer.offerId,
                    offer.revision,
                    offer.currency,
                    offer.price,
                    offer.supplyCap,
                    offer.licenceDuration,
                    offer.validUntil,
                    offer.maxFeeBps,
                    offer.transferable,
                    offer.termsHash,
                    offer.manifestHash
                )
            )
        );
    }

    function saleAuthorizationDigest(SaleAuthorization calldata auth) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    SALE_TYPEHASH,
                    auth.orderId,
                    auth.buyer,
                    auth.offerDigest,
                    auth.referrer,
                    auth.manifestHash,
                    auth.expiry
                )
            )
        );
    }

    /// @notice The EIP-712 domain separator (also exposed per EIP-5267 as eip712Domain()).
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ---------------------------------------------------------------- sales

    /// @notice Buys with the native coin (msg.value == price exactly) or an ERC-20 the buyer approved.
    function buy(
        Offer calldata offer,
        bytes calldata offerSignature,
        SaleAuthorization calldata auth,
        bytes calldata authSignature
    ) external payable nonReentrant returns (uint256 tokenId) {
        if (msg.sender != auth.buyer) revert NotBuyer();
        tokenId = _sell(offer, offerSignature, auth, authSignature);
        if (offer.currency == address(0)) {
            if (msg.value != offer.price) revert WrongPayment(offer.price, msg.value);
        } else {
            if (msg.value != 0) revert WrongPaymentMethod();
            _pullExact(offer.currency, auth.buyer, offer.price);
        }
    }

    /// @notice Buys with an ERC-20 through the buyer's EIP-2612 permit (no separate approval).
    /// @dev A permit already consumed by someone who copied it from the mempool leaves the allowance in
    /// place: the failed permit call is tolerated and the pull still needs the allowance.
    function buyWithPermit(
        Offer calldata offer,
        bytes calldata offerSignature,
        SaleAuthorization calldata auth,
        bytes calldata authSignature,
        Permit calldata permit
    ) external nonReentrant returns (uint256 tokenId) {
        if (msg.sender != auth.buyer) revert NotBuyer();
        if (offer.currency == address(0)) revert WrongPaymentMethod();
        tokenId = _sell(offer, offerSignature, auth, authSignature);
        try IERC20Permit(offer.currency).permit(
            auth.buyer, address(this), offer.price, permit.deadline, permit.v, permit.r, permit.s
        ) {} catch {}
        _pullExact(offer.currency, auth.buyer, offer.price);
    }

    /// @notice Buys with an ERC-20 through the buyer's EIP-3009 receiveWithAuthorization: anyone (a
    /// relayer) may submit it, the licence still goes to the buyer, and only this contract can redeem
    /// a receive authorisation, so a copied one cannot be diverted.
    function buyWithAuthorization(
        Offer calldata offer,
        bytes calldata offerSignature,
        SaleAuthorization calldata auth,
        bytes calldata authSignature,
        TransferAuthorization calldata transfer
    ) external nonReentrant returns (uint256 tokenId) {
        if (offer.currency == address(0)) revert WrongPaymentMethod();
        tokenId = _sell(offer, offerSignature, auth, authSignature);
        uint256 before = IERC20(offer.currency).balanceOf(address(this));
        IERC3009(offer.currency).receiveWithAuthorization(
            auth.buyer,
            address(this),
            offer.price,
            transfer.validAfter,
            transfer.validBefore,
            transfer.nonce,
            transfer.v,
            transfer.r,
            transfer.s
        );
        _requireReceived(offer.currency, before, offer.price);
    }

    /// @dev Every check and every effect of a sale except collecting the money, which the caller does
    /// last; a revert there undoes all of this.
    function _sell(
        Offer calldata offer,
        bytes calldata offerSignature,
        SaleAuthorization calldata auth,
        bytes calldata authSignature
    ) private returns (uint256 tokenId) {
        Model memory model = models[offer.modelKey];
        if (model.owner == address(0)) revert UnknownModel(offer.modelKey);
        bytes32 digest = offerDigest(offer);
        if (!_isSignedBy(model.owner, digest, offerSignature)) revert BadOfferSignature();
        if (block.timestamp > offer.validUntil) revert OfferExpired();

        if (!_isSignedBy(saleSigner, saleAuthorizationDigest(auth), authSignature)) revert BadSaleAuthorization();
        if (auth.offerDigest != digest) revert AuthorizationMismatch();
        if (block.timestamp > auth.expiry) revert AuthorizationExpired();

        if (!currencyAllowed[offer.currency]) revert CurrencyNotAllowed(offer.currency);
        if (offer.manifestHash != bytes32(0) && offer.manifestHash != auth.manifestHash) revert ManifestMismatch();

        OfferState storage state = offerStates[offerKeyOf(offer.modelKey, offer.offerId)];
        if (offer.revision < state.minRevision) revert OfferIsCancelled();
        uint64 sold = state.sold;
        if (offer.supplyCap != 0 && sold >= offer.supplyCap) revert SoldOut();
        state.sold = sold + 1;

        SaleCredits memory credits = _credit(offer, auth, model.splitId);
        (tokenId, credits.expiresAt) = _mintLicence(offer, auth);
        emit Sale(auth.orderId, tokenId, offer.modelKey, credits);
    }

    /// @dev An EOA's signature is checked by recovery first (no code-size lookup for the common case);
    /// anything else is asked of the signer as an EIP-1271 wallet.
    function _isSignedBy(address signer, bytes32 digest, bytes calldata signature) private view returns (bool) {
        (address recovered, ECDSA.RecoverError error,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (error == ECDSA.RecoverError.NoError && recovered == signer) return true;
        return SignatureChecker.isValidERC1271SignatureNow(signer, digest, signature);
    }

    function _credit(Offer calldata offer, SaleAuthorization calldata auth, bytes32 splitId)
        private
        returns (SaleCredits memory credits)
    {
        uint256 platformBps = platformFeeBps;
        uint256 referrerBps;
        if (auth.referrer != address(0)) {
            if (!referrerRegistered[auth.referrer]) revert ReferrerNotRegistered(auth.referrer);
            referrerBps = referrerFeeBps;
        }
        if (platformBps + referrerBps > offer.maxFeeBps) revert FeesAboveOffer(platformBps + referrerBps, offer.maxFeeBps);
        credits.offerId = offer.offerId;
        credits.buyer = auth.buyer;
        credits.currency = offer.currency;
        credits.price = offer.price;
        credits.referrer = auth.referrer;
        credits.splitId = splitId;
        // Each fee is the floor of its exact share; the split gets the rest, so nothing is lost.
        credits.platformFee = Math.mulDiv(offer.price, platformBps, TOTAL_BPS);
        credits.referrerFee = Math.mulDiv(offer.price, referrerBps, TOTAL_BPS);
        credits.toSplit = offer.price - credits.platformFee - credits.referrerFee;
        // No Credited event here: the Sale event reports both fees.
        if (credits.platformFee != 0) withdrawable[feeRecipient][offer.currency] += credits.platformFee;
        if (credits.referrerFee != 0) withdrawable[auth.referrer][offer.currency] += credits.referrerFee;
        undistributed[splitId][offer.currency] += credits.toSplit;
    }

    /// @dev The token id is the order id with its low 32 bits replaced by the terms' number, so the
    /// token carries its terms (no per-token storage for a perpetual licence) and an order can mint
    /// only once: a second sale of the same authorization finds its token already minted.
    function _mintLicence(Offer calldata offer, SaleAuthorization calldata auth)
        private
        returns (uint256 tokenId, uint64 expiresAt)
    {
        uint32 termsId = _termsIdFor(offer, auth);
        tokenId = (uint256(auth.orderId) & ~uint256(type(uint32).max)) | termsId;
        if (_ownerOf(tokenId) != address(0)) revert OrderAlreadyUsed(auth.orderId);
        if (offer.licenceDuration != 0) {
            expiresAt = uint64(block.timestamp) + offer.licenceDuration;
            licenceExpiry[tokenId] = expiresAt;
        }
        // No receiver callback (_mint, not _safeMint): the buyer asked for the token, and a sale makes
        // no call to a contract it does not have to.
        _mint(auth.buyer, tokenId);
        if (!offer.transferable) emit Locked(tokenId);
    }

    function _termsIdFor(Offer calldata offer, SaleAuthorization calldata auth) private returns (uint32 termsId) {
        bytes32 manifest = offer.manifestHash == bytes32(0) ? auth.manifestHash : offer.manifestHash;
        bytes32 termsKey = keccak256(
            abi.encode(
                offer.modelKey, offer.offerId, offer.termsHash, manifest, offer.licenceDuration, offer.transferable
            )
        );
        termsId = termsIdOf[termsKey];
        if (termsId == 0) {
            LicenceTerms memory terms = LicenceTerms({
                modelKey: offer.modelKey,
                offerId: offer.offerId,
                termsHash: offer.termsHash,
                manifestHash: manifest,
                licenceDuration: offer.licenceDuration,
                transferable: offer.transferable
            });
            termsById.push(terms);
            termsId = uint32(termsById.length);
            termsIdOf[termsKey] = termsId;
            emit TermsRecorded(termsId, terms);
        }
    }

    /// @dev Pulls exactly `amount` of an ERC-20: a token that delivers less (fee on transfer) is refused.
    function _pullExact(address currency, address from, uint256 amount) private {
        uint256 before = IERC20(currency).balanceOf(address(this));
        IERC20(currency).safeTransferFrom(from, address(this), amount);
        _requireReceived(currency, before, amount);
    }

    function _requireReceived(address currency, uint256 before, uint256 amount) private view {
        uint256 received = IERC20(currency).balanceOf(address(this)) - before;
        if (received != amount) revert WrongPayment(amount, received);
    }

    function _creditAccount(address account, address currency, uint256 amount) private {
        withdrawable[account][currency] += amount;
        emit Credited(account, currency, amount);
    }

    // ---------------------------------------------------------------- distribution and withdrawal

    /// @notice Moves what a split has earned in `currency` to its recipients' withdrawable balances.
    /// Anyone may call it. Each recipient gets the floor of its exact share; the few units left over
    /// (fewer than the number of recipients) go one each to the first recipients, so every share is
    /// within one base unit of exact and nothing stays behind.
    function distribute(bytes32 splitId, address currency) public nonReentrant {
        _distribute(splitId, currency);
    }

    function _distribute(bytes32 splitId, address currency) private {
        uint256 amount = undistributed[splitId][currency];
        if (amount == 0) return;
        address[] storage recipients = splitRecipients[splitId];
        uint16[] storage bps = splitBps[splitId];
        uint256 count = recipients.length;
        if (count == 0) revert UnknownSplit(splitId);
        undistributed[splitId][currency] = 0;
        uint256[] memory shares = new uint256[](count);
        uint256 given;
        for (uint256 i; i < count; ++i) {
            shares[i] = Math.mulDiv(amount, bps[i], TOTAL_BPS);
            given += shares[i];
        }
        uint256 leftover = amount - given;
        for (uint256 i; i < count; ++i) {
            uint256 share = shares[i] + (i < leftover ? 1 : 0);
            if (share != 0) _creditAccount(recipients[i], currency, share);
        }
        emit Distributed(splitId, currency, amount);
    }

    /// @notice Sends `account` its whole balance of `currency`. Anyone may trigger it; the money only
    /// ever goes to `account`. An account that refuses the payment fails only its own withdrawal.
    function withdraw(address account, address currency) public nonReentrant returns (uint256 amount) {
        amount = withdrawable[account][currency];
        if (amount == 0) revert NothingToWithdraw();
        withdrawable[account][currency] = 0;
        emit Withdrawn(account, currency, amount);
        if (currency == address(0)) {
            Address.sendValue(payable(account), amount);
        } else {
            IERC20(currency).safeTransfer(account, amount);
        }
    }

    /// @notice Distributes the splits given, then withdraws: one transaction for a contributor.
    function distributeAndWithdraw(bytes32[] calldata splitIds, address account, address currency)
        external
        returns (uint256)
    {
        for (uint256 i; i < splitIds.length; ++i) {
            distribute(splitIds[i], currency);
        }
        return withdraw(account, currency);
    }

    // ---------------------------------------------------------------- licences

    /// @notice What a licence grants, and until when (0 = perpetual).
    function licence(uint256 tokenId)
        external
        view
        returns (LicenceTerms memory terms, uint64 expiresAt, address holder)
    {
        holder = _requireOwned(tokenId);
        return (_termsOf(tokenId), licenceExpiry[tokenId], holder);
    }

    /// @notice True while the token exists and has not expired.
    function isValid(uint256 tokenId) external view returns (bool) {
        if (_ownerOf(tokenId) == address(0)) return false;
        uint64 expiresAt = licenceExpiry[tokenId];
        return expiresAt == 0 || block.timestamp < expiresAt;
    }

    /// @inheritdoc IERC5192
    function locked(uint256 tokenId) external view returns (bool) {
        _requireOwned(tokenId);
        return !_termsOf(tokenId).transferable;
    }

    function _termsOf(uint256 tokenId) private view returns (LicenceTerms storage) {
        return termsById[uint32(tokenId) - 1];
    }

    /// @dev Refuses the transfer of a locked licence; minting passes (nothing burns licences).
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = _ownerOf(tokenId);
        if (from != address(0) && to != address(0) && !_termsOf(tokenId).transferable) {
            revert LicenceLocked(tokenId);
        }
        return super._update(to, tokenId, auth);
    }

    function _baseURI() internal view override returns (string memory) {
        return baseTokenURI;
    }

    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IERC5192).interfaceId || super.supportsInterface(interfaceId);
    }
}
