// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A GROKME-like capsule contract for tests: every mint emits Grokked(tokenId, ipfsURI), the event the
/// pin webhook and the chain reconciliation decode by default (MINT_EVENT_ABI). Test fixture, never deployed.
contract GrokmeGenesis {
    event Grokked(uint256 indexed tokenId, string ipfsURI);

    address public immutable owner;
    uint256 public totalMinted;
    mapping(uint256 => string) private uris;

    constructor() {
        owner = msg.sender;
    }

    function mint(string calldata ipfsURI) external returns (uint256 tokenId) {
        require(msg.sender == owner, "only owner");
        tokenId = ++totalMinted;
        uris[tokenId] = ipfsURI;
        emit Grokked(tokenId, ipfsURI);
    }

    /// Many mints in one transaction, so tests and benchmarks can put thousands of events on chain quickly.
    function mintBatch(string[] calldata ipfsURIs) external {
        require(msg.sender == owner, "only owner");
        uint256 id = totalMinted;
        for (uint256 i = 0; i < ipfsURIs.length; i++) {
            id++;
            emit Grokked(id, ipfsURIs[i]);
        }
        totalMinted = id;
    }

    function tokenURI(uint256 tokenId) external view returns (string memory) {
        require(tokenId > 0 && tokenId <= totalMinted, "no such token");
        return uris[tokenId];
    }
}
