// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A plain ERC-721 as most NFT contracts are: the mint is Transfer(address(0), to, tokenId) and the URI is
/// only reachable through tokenURI(tokenId). Enough of ERC-721 for the reconciliation's ERC-721 mode tests
/// (mint, transfer, burn, tokenURI); no approvals or safe transfers. Test fixture, never deployed.
contract StandardMint721 {
    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);

    string public name = "Standard Mint";
    string public symbol = "STD";
    uint256 public totalMinted;
    mapping(uint256 => address) private owners;
    mapping(address => uint256) private balances;
    mapping(uint256 => string) private uris;

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == 0x80ac58cd || interfaceId == 0x5b5e139f || interfaceId == 0x01ffc9a7;
    }

    function balanceOf(address holder) external view returns (uint256) {
        return balances[holder];
    }

    function ownerOf(uint256 tokenId) public view returns (address holder) {
        holder = owners[tokenId];
        require(holder != address(0), "ERC721: invalid token ID");
    }

    function tokenURI(uint256 tokenId) external view returns (string memory) {
        ownerOf(tokenId);
        return uris[tokenId];
    }

    function mint(address to, string calldata uri) external returns (uint256 tokenId) {
        require(to != address(0), "ERC721: mint to the zero address");
        tokenId = ++totalMinted;
        owners[tokenId] = to;
        balances[to] += 1;
        uris[tokenId] = uri;
        emit Transfer(address(0), to, tokenId);
    }

    function transferFrom(address from, address to, uint256 tokenId) external {
        require(ownerOf(tokenId) == from && msg.sender == from, "ERC721: not owner");
        require(to != address(0), "ERC721: transfer to the zero address");
        balances[from] -= 1;
        balances[to] += 1;
        owners[tokenId] = to;
        emit Transfer(from, to, tokenId);
    }

    function burn(uint256 tokenId) external {
        address holder = ownerOf(tokenId);
        require(msg.sender == holder, "ERC721: not owner");
        balances[holder] -= 1;
        delete owners[tokenId];
        delete uris[tokenId];
        emit Transfer(holder, address(0), tokenId);
    }
}
