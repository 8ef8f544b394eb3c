package me.grokme.pinning.cid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpfsUrisTest {

    private static final String V1 = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    private static final String V0 = "QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ipfs://" + V1 + "|" + V1 + "|",
        "ipfs://" + V1 + "/42.json|" + V1 + "|/42.json",
        "ipfs://ipfs/" + V0 + "|" + V0 + "|",
        "IPFS://" + V0 + "/metadata//7/|" + V0 + "|/metadata/7",
        "https://ipfs.io/ipfs/" + V1 + "|" + V1 + "|",
        "https://gateway.example:8443/ipfs/" + V0 + "/1.png?filename=1.png#x|" + V0 + "|/1.png",
        "https://" + V1 + ".ipfs.dweb.link/42.json|" + V1 + "|/42.json",
        "/ipfs/" + V1 + "/a|" + V1 + "|/a",
        V0 + "|" + V0 + "|",
        "  ipfs://" + V1 + "  |" + V1 + "|",
    })
    void extractsTheCidAndPathFromEveryNftUriForm(String uri, String cid, String path) {
        UriExtraction.Extracted e = assertInstanceOf(UriExtraction.Extracted.class, IpfsUris.extract(uri));
        assertEquals(cid, e.cid().toString());
        assertEquals(path == null ? "" : path, e.path());
    }

    @Test
    void subdomainGatewayAcceptsTheBase36FormOfTheSameCid() {
        Cid cid = Cid.parse(V1);
        UriExtraction.Extracted e = assertInstanceOf(UriExtraction.Extracted.class,
                IpfsUris.extract("https://" + cid.toBase36() + ".ipfs.example.org/"));
        assertEquals(cid, e.cid());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "ar://bNbA3TEQVL60xlgCcqdz4ZPHFZ711cZ3hmkpGttDt_U", "data:application/json;base64,eyJ9",
        "https://api.example.com/token/42.json", "ipfs://../../peers", "ipfs://" + V1 + "%2F..%2F..%2Fpeers",
        "ipfs://" + V1 + "/../../peers", "ipfs://" + V1 + "/%2e%2e/peers", "ipns://example.eth",
        "https://example.eth.ipns.dweb.link/", "https://ipfs.io/ipns/example.eth", "/ipns/k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8",
        "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdі", // Cyrillic і
        "ipfs://" + V1 + "\u0000", "ipfs://", "ftp://x/ipfs/" + V1, "https://user:pw@ipfs.io/ipfs/" + V1, "garbage",
    })
    void refusesWhatIsNotImmutableIpfsContentWithAReason(String uri) {
        UriExtraction.Rejected r = assertInstanceOf(UriExtraction.Rejected.class, IpfsUris.extract(uri));
        assertTrue(!r.reason().isBlank());
    }

    @Test
    void refusesAnIpnsKeyEvenWhenWrittenAsIpfs() {
        UriExtraction.Rejected r = assertInstanceOf(UriExtraction.Rejected.class,
                IpfsUris.extract("ipfs://k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8"));
        assertTrue(r.reason().contains("libp2p-key"), r.reason());
    }

    @Test
    void refusesOverlongUris() {
        UriExtraction.Rejected r = assertInstanceOf(UriExtraction.Rejected.class,
                IpfsUris.extract("ipfs://" + V1 + "/" + "a".repeat(5000)));
        assertTrue(r.reason().contains("longer"), r.reason());
    }
}
