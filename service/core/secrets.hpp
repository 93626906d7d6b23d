// pppd's secrets files (/etc/ppp/pap-secrets, /etc/ppp/chap-secrets): the
// format of pppd(8) AUTHENTICATION, parsed into entries, and pppd's choice
// of the best entry for a client/server pair. Pure: a secret read from
// another file (`@/path`) comes in through a loader callback.
//
// A line is `client server secret [address...]`, words as in an options
// file (quotes, escapes, '#' comments; config::tokenize). "*" as client or
// server matches any name. The address words are kept as written:
//   10.0.0.1   10.0.0.0/24   10.0.0.0/24+   !10.0.0.5   *   -   host.name
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/options.hpp"
#include "core/types.hpp"

namespace ppp::secrets {

struct Entry {
    std::string client, server, secret;      // secret already resolved from @/path
    std::vector<std::string> addresses;      // as written: "10.0.0.1", "10.0.0.0/24", "*", "-", "!x"
    std::string file;
    int line = 0;
};

struct ParseResult {
    std::vector<Entry> entries;
    std::vector<config::Error> errors;
};

// Parses pap-secrets / chap-secrets text named `file`. Malformed lines
// (fewer than three words, an unreadable or empty @/path, a bad address, an
// unterminated quote, over-long names or secrets) become "file:line:
// message" errors and are skipped; every other line still counts. No error
// message contains a secret. `load` reads @/path files; it may throw
// config::Error (e.g. a permission refusal), which becomes that line's error.
ParseResult parse(std::string_view text, const std::string& file, const config::FileLoader& load);

// pppd's matching: an entry matches when each of its client and server is
// the given name or "*". Of the matches, the one with the fewest wildcards
// wins (an exact client beats an exact server, as in pppd); on a tie the
// earliest line wins. Returns nullptr when nothing matches.
const Entry* lookup(const std::vector<Entry>& entries, std::string_view client, std::string_view server);

// As lookup, but a name given as nullopt is unknown and matches every entry
// in that field without counting as exact. pppd does this when it
// authenticates itself with PAP and knows no name for the peer (no
// `remotename`): lookup_partial(entries, user, std::nullopt).
const Entry* lookup_partial(const std::vector<Entry>& entries, std::optional<std::string_view> client,
                            std::optional<std::string_view> server);

// Whether the entry lets the peer use `address` (the authenticator's check,
// pppd's rules): no address words, or "-" first, allow nothing; "*" allows
// any; "a.b.c.d", "a.b.c.d/n" allow, a leading '!' forbids; the first word
// that matches decides, and no match forbids. "/n+" means the one address
// unit+1 in that subnet. Host names cannot be resolved here and match
// nothing.
bool address_allowed(const Entry& entry, Ipv4 address, int unit = 0);

// The address pppd would suggest to the peer from this entry: the first word
// that allows exactly one address ("a.b.c.d", "a.b.c.d/32", "/n+"), or
// nullopt.
std::optional<Ipv4> suggested_address(const Entry& entry, int unit = 0);

}  // namespace ppp::secrets
