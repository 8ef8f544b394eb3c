// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// An ERC-721 collection whose token URIs change (ERC-4906) and whose bulk mints emit one ConsecutiveTransfer for a
/// whole range (ERC-2309, as ERC721A-style contracts do). A mint emits both Grokked (the default event mode) and
/// Transfer from 0x0 (ERC-721 mode), so one contract serves the tests of either mode. setTokenURI emits
/// MetadataUpdate; setBaseURI emits BatchMetadataUpdate over the range it is told; mintConsecutive mints `count`
/// tokens with one ConsecutiveTransfer, their URIs baseURI + id + ".json". Test fixture, never deployed.
contract UpdatableCollection {
    event Grokked(uint256 indexed tokenId, string ipfsURI);
    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);
    event MetadataUpdate(uint256 _tokenId);
    event BatchMetadataUpdate(uint256 _fromTokenId, uint256 _toTokenId);
    event ConsecutiveTransfer(uint256 indexed fromTokenId, uint256 toTokenId, address indexed fromAddress, address indexed toAddress);

    address public immutable owner;
    uint256 public totalMinted;
    string public baseURI;
    mapping(uint256 => string) private uris;

    constructor() {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "only owner");
        _;
    }

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        // ERC-721, ERC-721 metadata, ERC-165, ERC-4906
        return interfaceId == 0x80ac58cd || interfaceId == 0x5b5e139f || interfaceId == 0x01ffc9a7 || interfaceId == 0x49064906;
    }

    function mint(address to, string calldata uri) external onlyOwner returns (uint256 tokenId) {
        tokenId = ++totalMinted;
        uris[tokenId] = uri;
        emit Transfer(address(0), to, tokenId);
        emit Grokked(tokenId, uri);
    }

    function mintConsecutive(address to, uint256 count) external onlyOwner returns (uint256 first) {
        require(count > 0 && to != address(0), "bad mint");
        first = totalMinted + 1;
        totalMinted += count;
        emit ConsecutiveTransfer(first, totalMinted, address(0), to);
    }

    function setTokenURI(uint256 tokenId, string calldata uri) external onlyOwner {
        require(exists(tokenId), "no such token");
        uris[tokenId] = uri;
        emit MetadataUpdate(tokenId);
    }

    /// Tokens without a URI of their own read baseURI + id + ".json"; `fromId`..`toId` is what the event announces
    /// (nothing when fromId > toId: a base set before any token uses it changes no token's metadata).
    function setBaseURI(string calldata base, uint256 fromId, uint256 toId) external onlyOwner {
        baseURI = base;
        if (fromId <= toId) {
            emit BatchMetadataUpdate(fromId, toId);
        }
    }

    function exists(uint256 tokenId) public view returns (bool) {
        return tokenId > 0 && tokenId <= totalMinted;
    }

    function tokenURI(uint256 tokenId) external view returns (string memory) {
        require(exists(tokenId), "no such token");
        if (bytes(uris[tokenId]).length > 0) {
            return uris[tokenId];
        }
        return string.concat(baseURI, decimal(tokenId), ".json");
    }

    function decimal(uint256 value) private pure returns (string memory) {
        if (value == 0) {
            return "0";
        }
        uint256 digits;
        for (uint256 v = value; v != 0; v /= 10) {
            digits++;
        }
        bytes memory out = new bytes(digits);
        for (; value != 0; value /= 10) {
            out[--digits] = bytes1(uint8(48 + (value % 10)));
        }
        return string(out);
    }
}
