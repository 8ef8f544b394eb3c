package me.grokme.pinning.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;

/**
 * The mint event's ABI, parsed from configuration text such as
 * {@code Grokked(uint256 indexed tokenId, string ipfsURI)}: which parameter carries the token id (an
 * unsigned integer) and which the URI (a non-indexed string — an indexed string only leaves its hash in the
 * log). topic0 is keccak256 of the canonical signature, computed by web3j.
 */
public final class MintEventAbi {

    private static final Pattern SIGNATURE = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\((.*)\\)\\s*");
    private static final Pattern PARAM = Pattern.compile("\\s*([a-z0-9\\[\\]]+)\\s+(indexed\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*");

    /** One declared parameter. */
    record Param(String type, boolean indexed, String name) {
    }

    private final Event event;
    private final String topic0;
    private final List<Param> params;
    private final String tokenParam;
    private final String uriParam;
    private final int uriHeadWord;

    private MintEventAbi(Event event, List<Param> params, String tokenParam, String uriParam, int uriHeadWord) {
        this.event = event;
        this.topic0 = EventEncoder.encode(event);
        this.params = List.copyOf(params);
        this.tokenParam = tokenParam;
        this.uriParam = uriParam;
        this.uriHeadWord = uriHeadWord;
    }

    /** Parses and validates; throws IllegalArgumentException naming what is wrong. */
    public static MintEventAbi parse(String signature, String tokenParam, String uriParam) {
        Matcher m = SIGNATURE.matcher(signature);
        if (!m.matches()) {
            throw new IllegalArgumentException("event ABI must look like Name(type [indexed] name, ...): " + signature);
        }
        List<Param> params = new ArrayList<>();
        List<TypeReference<?>> refs = new ArrayList<>();
        for (String part : m.group(2).split(",")) {
            Matcher pm = PARAM.matcher(part);
            if (!pm.matches()) {
                throw new IllegalArgumentException("event parameter must be 'type [indexed] name': " + part.strip());
            }
            Param p = new Param(pm.group(1), pm.group(2) != null, pm.group(3));
            params.add(p);
            try {
                refs.add(TypeReference.makeTypeReference(p.type(), p.indexed(), false));
            } catch (ClassNotFoundException | RuntimeException e) {
                throw new IllegalArgumentException("unsupported Solidity type in event ABI: " + p.type());
            }
        }
        Param token = params.stream().filter(p -> p.name().equals(tokenParam)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("event ABI has no parameter named " + tokenParam));
        Param uri = params.stream().filter(p -> p.name().equals(uriParam)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("event ABI has no parameter named " + uriParam));
        if (!token.type().matches("uint(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)?")) {
            throw new IllegalArgumentException("token id parameter " + tokenParam + " must be an unsigned integer, is " + token.type());
        }
        if (!uri.type().equals("string") || uri.indexed()) {
            throw new IllegalArgumentException("URI parameter " + uriParam + " must be a non-indexed string");
        }
        int uriHead;
        try {
            uriHead = uriHeadWord(params, uriParam);
        } catch (ArithmeticException | NumberFormatException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a static array in the event ABI is too large or malformed: " + signature);
        }
        return new MintEventAbi(new Event(m.group(1), refs), params, tokenParam, uriParam, uriHead);
    }

    public String topic0() {
        return topic0;
    }

    Event event() {
        return event;
    }

    List<Param> params() {
        return params;
    }

    String tokenParam() {
        return tokenParam;
    }

    String uriParam() {
        return uriParam;
    }

    /** The URI's head word among the non-indexed parameters: its offset word in the log's data. */
    int uriHeadWord() {
        return uriHeadWord;
    }

    /** One word per head, a static array of static elements taking one per element. */
    private static int uriHeadWord(List<Param> params, String uriParam) {
        int words = 0;
        for (Param p : params) {
            if (p.name().equals(uriParam)) {
                break;
            }
            if (!p.indexed()) {
                words = Math.addExact(words, headWords(p.type()));
            }
        }
        return words;
    }

    private static int headWords(String type) {
        if (!type.endsWith("]")) {
            return 1;
        }
        int open = type.lastIndexOf('[');
        String inner = type.substring(0, open);
        String size = type.substring(open + 1, type.length() - 1);
        return size.isEmpty() || isDynamic(inner) ? 1 : Math.multiplyExact(Integer.parseInt(size), headWords(inner));
    }

    private static boolean isDynamic(String type) {
        return type.equals("string") || type.equals("bytes") || type.endsWith("[]")
                || (type.endsWith("]") && isDynamic(type.substring(0, type.lastIndexOf('['))));
    }

    /** Number of indexed parameters = topics after topic0. */
    int indexedCount() {
        return (int) params.stream().filter(Param::indexed).count();
    }
}
