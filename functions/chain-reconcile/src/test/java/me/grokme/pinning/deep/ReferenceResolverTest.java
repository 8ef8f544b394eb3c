package me.grokme.pinning.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.testing.TestCids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceResolverTest {

    private static final Cid DIR = Cid.parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG");
    private static final IpfsPath TOKEN_42 = new IpfsPath(DIR, "/42.json");
    private static final IpfsPath NESTED = new IpfsPath(DIR, "/meta/tokens/42.json");

    private static IpfsPath resolved(String uri, IpfsPath document) {
        ReferenceTarget.Ipfs ipfs = assertInstanceOf(ReferenceTarget.Ipfs.class, ReferenceResolver.resolve(uri, document), uri);
        assertTrue(ipfs.relative(), uri + " is relative");
        return ipfs.target();
    }

    @ParameterizedTest(name = "{0} next to /42.json -> {1}")
    @CsvSource({
            "image.png, /image.png",
            "./img/1.png, /img/1.png",
            "img//1.png, /img/1.png",
            "img/./a/../1.png, /img/1.png",
            "/img/1.png, /img/1.png",
            "image.png?size=large#top, /image.png",
            "./, ''",
            "my%20image.png, /my%20image.png"})
    void relativeReferencesNextToATokenFileResolveInsideItsDirectory(String uri, String path) {
        assertEquals(new IpfsPath(DIR, path), resolved(uri, TOKEN_42));
    }

    @ParameterizedTest(name = "{0} next to /meta/tokens/42.json -> {1}")
    @CsvSource({
            "image.png, /meta/tokens/image.png",
            "../shared/x.png, /meta/shared/x.png",
            "../../x.png, /x.png",
            "./../tokens/./7.json, /meta/tokens/7.json",
            "/shared/x.png, /shared/x.png",
            "../, /meta"})
    void dotSegmentsFollowRfc3986WithinTheRoot(String uri, String path) {
        assertEquals(new IpfsPath(DIR, path), resolved(uri, NESTED));
    }

    @ParameterizedTest
    @CsvSource({"../shared/x.png, /42.json", "../../../x.png, /meta/tokens/42.json", "a/../../b.png, /42.json",
            "/../x.png, /meta/tokens/42.json"})
    void climbingAboveTheRootCidIsRefusedWithTheReason(String uri, String documentPath) {
        ReferenceTarget.Refused refused = assertInstanceOf(ReferenceTarget.Refused.class,
                ReferenceResolver.resolve(uri, new IpfsPath(DIR, documentPath)));
        assertEquals("relative reference climbs above the root CID " + DIR + " of /ipfs/" + DIR + documentPath, refused.reason());
    }

    @Test
    void aDocumentThatIsItsOwnCidHasNoDirectoryToResolveAgainst() {
        ReferenceTarget.Refused refused = assertInstanceOf(ReferenceTarget.Refused.class,
                ReferenceResolver.resolve("image.png", new IpfsPath(TestCids.raw(1), "")));
        assertTrue(refused.reason().contains("not a file inside a directory"), refused.reason());
        assertInstanceOf(ReferenceTarget.Refused.class, ReferenceResolver.resolve("#top", TOKEN_42), "the document itself");
        assertInstanceOf(ReferenceTarget.Refused.class, ReferenceResolver.resolve("%2e%2e/x.png", TOKEN_42), "encoded dot segments");
    }

    @Test
    void absoluteIpfsReferencesAreTakenAsTheyAreWhateverTheDocument() {
        Cid other = TestCids.raw(7);
        for (String uri : List.of("ipfs://" + other + "/a/b.png", "/ipfs/" + other + "/a/b.png",
                "https://gw.example/ipfs/" + other + "/a/b.png")) {
            ReferenceTarget.Ipfs ipfs = assertInstanceOf(ReferenceTarget.Ipfs.class, ReferenceResolver.resolve(uri, TOKEN_42), uri);
            assertEquals(new IpfsPath(other, "/a/b.png"), ipfs.target());
            assertTrue(!ipfs.relative());
        }
        ReferenceTarget.Ipfs bare = assertInstanceOf(ReferenceTarget.Ipfs.class, ReferenceResolver.resolve(other.toString(), TOKEN_42));
        assertEquals(new IpfsPath(other, ""), bare.target(), "a bare CID is a CID, not a file name");
    }

    @ParameterizedTest
    @CsvSource({"https://grokme.me/7", "ar://abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "data:image/png;base64,AAAA", "ipns://k51abc",
            "/ipns/example.com/x.png", "//cdn.example/x.png", "mailto:a@b.c", "'a picture of a cat'", "img\\1.png"})
    void webArweaveIpnsNetworkPathsAndProseAreNotIpfs(String uri) {
        assertInstanceOf(ReferenceTarget.NotIpfs.class, ReferenceResolver.resolve(uri, TOKEN_42), uri);
    }

    @Test
    void theWalkKeyIsTheSameForBothSpellingsOfACid() {
        assertEquals(new IpfsPath(DIR, "/a").key(), new IpfsPath(DIR.toV1(), "/a").key());
        assertTrue(new IpfsPath(DIR, "").sameRoot(DIR.toV1()));
    }
}
