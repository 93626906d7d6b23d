// pppd options files: word syntax, the option subset, errors with file:line,
// and load_peer's file order and name checks.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/options.hpp"

namespace ppp::config {
namespace {

// ---- tokenize

struct TokenCase {
    const char* what;
    std::string text;
    std::vector<std::string> words;
    std::vector<int> lines;  // empty: not checked
};

const TokenCase kTokenCases[] = {
    {"whitespace separates", "a b\tc\n  d\n", {"a", "b", "c", "d"}, {1, 1, 1, 2}},
    {"comment to end of line", "a # b c\nd", {"a", "d"}, {1, 2}},
    {"hash inside a word is literal", "a#b", {"a#b"}, {}},
    {"double quotes group", "\"a b\" c", {"a b", "c"}, {}},
    {"single quotes group", "'a \"b' c", {"a \"b", "c"}, {}},
    {"empty quotes make an empty word", "\"\" x ''", {"", "x", ""}, {}},
    {"quotes inside a word", "ab\"c d\"e", {"abc de"}, {}},
    {"backslash quotes a space", "a\\ b", {"a b"}, {}},
    {"named escapes", "\\n\\t\\s\\r\\b\\f\\a", {"\n\t \r\b\f\a"}, {}},
    {"escaped backslash, quotes and hash", "\\\\ \\\" \\' \\#x", {"\\", "\"", "'", "#x"}, {}},
    {"octal escapes take up to three digits", "\\101\\0102 \\7", {"A\b2", "\a"}, {}},
    {"hex escapes take up to two digits", "\\x41\\x4a4 \\xg", {"AJ4", "xg"}, {}},
    {"line continuation inside a word", "con\\\nnect x", {"connect", "x"}, {1, 2}},
    {"line continuation between words is no word", "a \\\n b", {"a", "b"}, {1, 2}},
    {"CRLF continuation and line ends", "a\\\r\nb\r\nc", {"ab", "c"}, {1, 3}},
    {"quoted word spans lines", "\"a\nb\" c", {"a\nb", "c"}, {1, 2}},
    {"escaped quote inside quotes", "\"a\\\"b\"", {"a\"b"}, {}},
    {"backslash at the very end is kept", "a\\", {"a\\"}, {}},
    {"nothing but comments and blanks", "# x\n\n   # y \\\n", {}, {}},
};

TEST(Tokenize, Table) {
    for (const TokenCase& c : kTokenCases) {
        SCOPED_TRACE(c.what);
        const auto tokens = tokenize(c.text, "f");
        std::vector<std::string> words;
        std::vector<int> lines;
        for (const Token& t : tokens) {
            words.push_back(t.text);
            lines.push_back(t.line);
        }
        EXPECT_EQ(words, c.words);
        if (!c.lines.empty()) {
            EXPECT_EQ(lines, c.lines);
        }
    }
}

TEST(Tokenize, UnterminatedQuoteIsAnErrorAtItsLine) {
    try {
        tokenize("ok\nconnect \"chat -v\n\n", "/etc/ppp/peers/isp");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "/etc/ppp/peers/isp:2: unterminated quoted string (missing \")");
        EXPECT_EQ(e.file(), "/etc/ppp/peers/isp");
        EXPECT_EQ(e.line(), 2);
    }
    EXPECT_THROW(tokenize("'abc", "f"), Error);
}

// ---- parse_options

struct OptionCase {
    const char* what;
    std::string text;
    std::string error;                               // expected what(); empty: must parse
    std::function<void(const PeerOptions&)> check;  // when it parses
};

const std::string kLong(256, 'n');

const std::vector<OptionCase> kOptionCases = {
    {"device with /dev/", "/dev/ttyS1", "", [](const PeerOptions& o) { EXPECT_EQ(o.device, "/dev/ttyS1"); }},
    {"bare tty name", "ttyUSB0", "", [](const PeerOptions& o) { EXPECT_EQ(o.device, "/dev/ttyUSB0"); }},
    {"any absolute path is a device", "/tmp/sim/ttySIM", "",
     [](const PeerOptions& o) { EXPECT_EQ(o.device, "/tmp/sim/ttySIM"); }},
    {"speed", "ttyS1 115200", "",
     [](const PeerOptions& o) {
         ASSERT_TRUE(o.speed);
         EXPECT_EQ(*o.speed, 115200u);
     }},
    {"speed zero", "0", "f:1: speed 0 is out of range (1..100000000)", nullptr},
    {"speed too large", "\n99999999999999999999", "f:2: speed 99999999999999999999 is out of range (1..100000000)",
     nullptr},
    {"all flags", "crtscts noauth defaultroute usepeerdns debug nodetach noipdefault lock", "",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.crtscts && o.noauth && o.defaultroute && o.usepeerdns && o.debug && o.nodetach &&
                     o.noipdefault && o.lock);
         EXPECT_FALSE(o.local || o.modem);
     }},
    {"flags are off unless given", "", "",
     [](const PeerOptions& o) {
         EXPECT_FALSE(o.crtscts || o.noauth || o.defaultroute || o.usepeerdns || o.debug || o.nodetach ||
                      o.noipdefault || o.lock || o.local || o.modem);
         EXPECT_FALSE(o.mru || o.mtu || o.speed || o.local_ip || o.remote_ip);
         EXPECT_TRUE(o.device.empty());
     }},
    {"local then modem: the last wins", "local\nmodem", "",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.modem);
         EXPECT_FALSE(o.local);
         EXPECT_EQ(o.origin.count("local"), 0u);
         EXPECT_EQ(o.origin.at("modem"), "f:2");
     }},
    {"modem then local: the last wins", "modem local", "",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.local);
         EXPECT_FALSE(o.modem);
     }},
    {"connect with a quoted command", "connect 'chat -v -f /etc/ppp/chat-isp' # dial", "",
     [](const PeerOptions& o) { EXPECT_EQ(o.connect, "chat -v -f /etc/ppp/chat-isp"); }},
    {"connect continued on the next line", "connect \\\n  \"chat -v\"", "",
     [](const PeerOptions& o) { EXPECT_EQ(o.connect, "chat -v"); }},
    {"connect without its command", "noauth\nconnect", "f:2: option 'connect' needs an argument", nullptr},
    {"names", "name me\nuser bob@isp\nremotename 'the isp'", "",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.name, "me");
         EXPECT_EQ(o.user, "bob@isp");
         EXPECT_EQ(o.remotename, "the isp");
     }},
    {"name too long", "name " + kLong, "f:1: option 'name': argument longer than 255 bytes", nullptr},
    {"name with a NUL byte", "user a\\0b", "f:1: option 'user': argument contains a NUL byte", nullptr},
    {"mru and mtu", "mru 1500 mtu 1492", "",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.mru, std::optional<std::uint16_t>(1500));
         EXPECT_EQ(o.mtu, std::optional<std::uint16_t>(1492));
     }},
    {"mru/mtu bounds are inclusive", "mru 128 mtu 16384", "",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.mru, std::optional<std::uint16_t>(128));
         EXPECT_EQ(o.mtu, std::optional<std::uint16_t>(16384));
     }},
    {"mru below 128", "mru 127", "f:1: option 'mru': 127 is out of range (128..16384)", nullptr},
    {"mtu above 16384", "\nmtu 16385", "f:2: option 'mtu': 16385 is out of range (128..16384)", nullptr},
    {"mru not a number", "mru abc", "f:1: option 'mru': 'abc' is not a number", nullptr},
    {"mru with trailing junk", "mru 1500x", "f:1: option 'mru': '1500x' is not a number", nullptr},
    {"mru missing its argument at the end", "\n\nmru", "f:3: option 'mru' needs an argument", nullptr},
    {"an argument on the next line; its error at its line", "mru\n\nzz", "f:3: option 'mru': 'zz' is not a number",
     nullptr},
    {"a later value overrides", "mru 1000\nmru 1200", "",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.mru, std::optional<std::uint16_t>(1200));
         EXPECT_EQ(o.origin.at("mru"), "f:2");
     }},
    {"lcp echo", "lcp-echo-interval 30 lcp-echo-failure 4", "",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.lcp_echo_interval, 30);
         EXPECT_EQ(o.lcp_echo_failure, 4);
     }},
    {"lifecycle defaults are pppd's", "", "",
     [](const PeerOptions& o) {
         EXPECT_FALSE(o.persist);
         EXPECT_EQ(o.maxfail, 10);
         EXPECT_EQ(o.holdoff, 30);
         EXPECT_EQ(o.idle, 0);
         EXPECT_EQ(o.maxconnect, 0);
     }},
    {"lifecycle options", "persist maxfail 0 holdoff 5\nidle 600 maxconnect 3600", "",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.persist);
         EXPECT_EQ(o.maxfail, 0);
         EXPECT_EQ(o.holdoff, 5);
         EXPECT_EQ(o.idle, 600);
         EXPECT_EQ(o.maxconnect, 3600);
         EXPECT_EQ(o.origin.at("maxconnect"), "f:2");
     }},
    // Opposites record the one in effect, as local/modem do.
    {"nopersist clears persist", "persist\nnopersist", "",
     [](const PeerOptions& o) {
         EXPECT_FALSE(o.persist);
         EXPECT_EQ(o.origin.count("persist"), 0u);
         EXPECT_EQ(o.origin.at("nopersist"), "f:2");
     }},
    {"negative holdoff", "holdoff -1", "f:1: option 'holdoff': -1 is out of range (0..31536000)", nullptr},
    {"maxfail not a number", "maxfail many", "f:1: option 'maxfail': 'many' is not a number", nullptr},
    {"negative echo failure", "lcp-echo-failure -1", "f:1: option 'lcp-echo-failure': -1 is out of range (0..1000000)",
     nullptr},
    {"lone minus", "lcp-echo-interval -", "f:1: option 'lcp-echo-interval': '-' is not a number", nullptr},
    {"both addresses", "10.0.0.1:10.0.0.2", "",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.local_ip, Ipv4::parse("10.0.0.1"));
         EXPECT_EQ(o.remote_ip, Ipv4::parse("10.0.0.2"));
         EXPECT_EQ(o.origin.at("addresses"), "f:1");
     }},
    {"remote address only", ":10.64.0.1", "",
     [](const PeerOptions& o) {
         EXPECT_FALSE(o.local_ip);
         EXPECT_EQ(o.remote_ip, Ipv4::parse("10.64.0.1"));
     }},
    {"local address only", "192.168.1.5:", "",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.local_ip, Ipv4::parse("192.168.1.5"));
         EXPECT_FALSE(o.remote_ip);
     }},
    {"bad address", "10.0.0.256:", "f:1: '10.0.0.256:' is not a valid <local>:<remote> address pair", nullptr},
    {"two colons", "1.2.3.4:5.6.7.8:", "f:1: '1.2.3.4:5.6.7.8:' is not a valid <local>:<remote> address pair",
     nullptr},
    {"unknown option", "noauth\n\nfrobnicate", "f:3: unknown option 'frobnicate'", nullptr},
    {"unknown option near a known one", "crtscst", "f:1: unknown option 'crtscst' (did you mean 'crtscts'?)", nullptr},
    {"tty alone is no device", "tty", "f:1: unknown option 'tty'", nullptr},
    {"bare tty name with ..", "ttyS1/../../etc/shadow", "f:1: unknown option 'ttyS1/../../etc/shadow'", nullptr},
    {"quoted option name is still the option", "\"noauth\"", "",
     [](const PeerOptions& o) { EXPECT_TRUE(o.noauth); }},
    {"origin per option", "# comment\nnoauth\n  ttyS0 38400\n", "",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.origin.at("noauth"), "f:2");
         EXPECT_EQ(o.origin.at("device"), "f:3");
         EXPECT_EQ(o.origin.at("speed"), "f:3");
     }},
    {"unterminated quote", "name \"x", "f:1: unterminated quoted string (missing \")", nullptr},
};

TEST(ParseOptions, Table) {
    for (const OptionCase& c : kOptionCases) {
        SCOPED_TRACE(c.what);
        PeerOptions o;
        if (c.error.empty()) {
            ASSERT_NO_THROW(parse_options(c.text, "f", o));
            ASSERT_TRUE(c.check);
            c.check(o);
        } else {
            try {
                parse_options(c.text, "f", o);
                ADD_FAILURE() << "no error";
            } catch (const Error& e) {
                EXPECT_EQ(std::string(e.what()), c.error);
            }
        }
    }
}

TEST(ParseOptions, ErrorCarriesFileLineAndMessage) {
    PeerOptions o;
    try {
        parse_options("noauth\nbogus\n", "/etc/ppp/peers/isp", o);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.file(), "/etc/ppp/peers/isp");
        EXPECT_EQ(e.line(), 2);
        EXPECT_EQ(e.message(), "unknown option 'bogus'");
        EXPECT_STREQ(e.what(), "/etc/ppp/peers/isp:2: unknown option 'bogus'");
    }
}

TEST(ParseOptions, ARealisticPeerFile) {
    const std::string text = R"(# /etc/ppp/peers/isp
/dev/ttyUSB0
115200
crtscts
modem
lock
connect "/usr/sbin/chat -v -f /etc/ppp/chat-isp"
noauth
defaultroute
usepeerdns
noipdefault
user "jane@example.net"
remotename isp
lcp-echo-interval 20
lcp-echo-failure 3
mru 1500
mtu 1500
debug
nodetach
)";
    PeerOptions o;
    parse_options(text, "/etc/ppp/peers/isp", o);
    EXPECT_EQ(o.device, "/dev/ttyUSB0");
    EXPECT_EQ(o.speed, std::optional<std::uint32_t>(115200));
    EXPECT_EQ(o.connect, "/usr/sbin/chat -v -f /etc/ppp/chat-isp");
    EXPECT_EQ(o.user, "jane@example.net");
    EXPECT_TRUE(o.modem && o.lock && o.crtscts && o.noipdefault && o.debug && o.nodetach);
    EXPECT_EQ(o.origin.at("connect"), "/etc/ppp/peers/isp:7");
    EXPECT_EQ(o.origin.size(), 18u);
}

// ---- load_peer

struct FakeFiles {
    std::map<std::string, std::string> files;
    std::vector<std::string> asked;
    FileLoader loader() {
        return [this](const std::string& path) -> std::optional<std::string> {
            asked.push_back(path);
            auto it = files.find(path);
            if (it == files.end()) return std::nullopt;
            return it->second;
        };
    }
};

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(LoadPeer, ReadsOptionsThenThePeerFile) {
    FakeFiles fs;
    fs.files["/cfg/options"] = "noauth\nmru 1000\n";
    fs.files["/cfg/peers/isp"] = "ttyS1 115200\nmru 1400\nconnect 'chat -f x'\n";
    const PeerOptions o = load_peer("/cfg", "isp", fs.loader());
    // The per-tty file of the peer's device comes last (it need not exist).
    EXPECT_EQ(fs.asked, (std::vector<std::string>{"/cfg/options", "/cfg/peers/isp", "/cfg/options.ttyS1"}));
    EXPECT_EQ(o.files, (std::vector<std::string>{"/cfg/options", "/cfg/peers/isp"}));
    EXPECT_TRUE(o.noauth);
    EXPECT_EQ(o.device, "/dev/ttyS1");
    EXPECT_EQ(o.mru, std::optional<std::uint16_t>(1400));  // the peer file comes last and wins
    EXPECT_EQ(o.connect, "chat -f x");
    EXPECT_EQ(o.origin.at("noauth"), "/cfg/options:1");
    EXPECT_EQ(o.origin.at("mru"), "/cfg/peers/isp:2");
}

TEST(LoadPeer, EmptyOptionsFileIsFine) {
    FakeFiles fs;
    fs.files["/cfg/options"] = "";
    fs.files["/cfg/peers/isp"] = "ttyS1";
    EXPECT_EQ(load_peer("/cfg", "isp", fs.loader()).device, "/dev/ttyS1");
}

// pppd run by root reads /etc/ppp/options only if it exists (it must exist
// only for unprivileged users); pppkitd is root, so a missing one is a warning.
TEST(LoadPeer, MissingOptionsFileIsAWarning) {
    FakeFiles fs;
    fs.files["/cfg/peers/isp"] = "ttyS1";
    PeerOptions o;
    EXPECT_EQ(error_of([&] { o = load_peer("/cfg", "isp", fs.loader()); }), "(no error)");
    EXPECT_EQ(o.device, "/dev/ttyS1");
    ASSERT_EQ(o.warnings.size(), 1u);
    EXPECT_EQ(o.warnings[0].text(),
              "/cfg/options:0: cannot read /cfg/options (pppd reads it before every peer; create it, empty if need be)");
}

TEST(LoadPeer, NoSuchPeer) {
    FakeFiles fs;
    fs.files["/cfg/options"] = "";
    const std::string err = error_of([&] { load_peer("/cfg", "nope", fs.loader()); });
    EXPECT_EQ(err, "/cfg/peers/nope:0: no such peer 'nope' (cannot read /cfg/peers/nope)");
}

TEST(LoadPeer, ErrorsNameTheFileTheyAreIn) {
    FakeFiles fs;
    fs.files["/cfg/options"] = "noauth\n";
    fs.files["/cfg/peers/isp"] = "ttyS1\n\nmtu 99999\n";
    EXPECT_EQ(error_of([&] { load_peer("/cfg", "isp", fs.loader()); }),
              "/cfg/peers/isp:3: option 'mtu': 99999 is out of range (128..16384)");
    fs.files["/cfg/options"] = "lock\nbogus\n";
    EXPECT_EQ(error_of([&] { load_peer("/cfg", "isp", fs.loader()); }), "/cfg/options:2: unknown option 'bogus'");
}

TEST(LoadPeer, NoipNeedsIpv6) {
    FakeFiles fs;
    fs.files["/cfg/options"] = "";
    fs.files["/cfg/peers/isp"] = "ttyS1\nnoip\n";
    EXPECT_EQ(error_of([&] { load_peer("/cfg", "isp", fs.loader()); }),
              "/cfg/peers/isp:2: noip needs +ipv6: no network protocol is left");
    std::vector<Diagnostic> errors;
    load_peer("/cfg", "isp", fs.loader(), errors);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 2);
    // +ipv6 anywhere (here the global options file) makes it an IPv6-only link.
    fs.files["/cfg/options"] = "+ipv6\n";
    PeerOptions o;
    EXPECT_EQ(error_of([&] { o = load_peer("/cfg", "isp", fs.loader()); }), "(no error)");
    EXPECT_TRUE(o.noip);
    EXPECT_TRUE(o.ipv6);
    EXPECT_TRUE(o.warnings.empty());  // honoured: no "has no effect" warning
}

TEST(LoadPeer, RejectsNamesOutsideThePeersDirectory) {
    FakeFiles fs;
    fs.files["/cfg/options"] = "";
    fs.files["/cfg/peers/isp"] = "ttyS1";
    fs.files["/cfg/options/../x"] = "";
    const std::vector<std::string> names = {"../options", "a/b", ".hidden", "..", ".", "", "isp\n",
                                            std::string("isp\0x", 5), std::string(300, 'a')};
    for (const std::string& name : names) {
        SCOPED_TRACE(name);
        fs.asked.clear();
        const std::string err = error_of([&] { load_peer("/cfg", name, fs.loader()); });
        EXPECT_EQ(err.rfind("/cfg/peers:0: invalid peer name", 0), 0u) << err;
        EXPECT_TRUE(fs.asked.empty()) << "the loader must not be called";
    }
    EXPECT_NO_THROW(load_peer("/cfg", "isp", fs.loader()));
}

// ---- authentication options (pppd(8) AUTHENTICATION)

TEST(AuthOptions, DefaultsArePppds) {
    PeerOptions o;
    parse_options("", "f", o);
    EXPECT_FALSE(o.auth || o.noauth);
    EXPECT_FALSE(o.refuse_pap || o.refuse_chap || o.refuse_mschap || o.refuse_mschap_v2 || o.refuse_eap);
    EXPECT_FALSE(o.require_pap || o.require_chap || o.require_mschap || o.require_mschap_v2 || o.require_eap);
    EXPECT_TRUE(o.password.empty());
    EXPECT_EQ(o.pap_restart, 3);
    EXPECT_EQ(o.pap_max_authreq, 10);
    EXPECT_EQ(o.pap_timeout, 0);
    EXPECT_EQ(o.chap_restart, 3);
    EXPECT_EQ(o.chap_max_challenge, 10);
    EXPECT_EQ(o.chap_interval, 0);
    EXPECT_EQ(o.eap_restart, 3);
    EXPECT_EQ(o.eap_max_sreq, 10);
    EXPECT_EQ(o.eap_timeout, 20);
    EXPECT_EQ(o.eap_max_rreq, 20);
    EXPECT_EQ(o.eap_interval, 0);
}

TEST(AuthOptions, AuthAndNoauthAreOpposites) {
    PeerOptions o;
    parse_options("noauth\nauth", "f", o);
    EXPECT_TRUE(o.auth);
    EXPECT_FALSE(o.noauth);
    EXPECT_EQ(o.origin.count("noauth"), 0u);
    EXPECT_EQ(o.origin.at("auth"), "f:2");
    parse_options("noauth", "g", o);
    EXPECT_FALSE(o.auth);
    EXPECT_TRUE(o.noauth);
    EXPECT_EQ(o.origin.count("auth"), 0u);
}

TEST(AuthOptions, RefuseAndRequireFlags) {
    PeerOptions o;
    parse_options("refuse-pap refuse-chap refuse-mschap refuse-mschap-v2 refuse-eap\n"
                  "require-pap require-chap require-mschap require-mschap-v2 require-eap",
                  "f", o);
    EXPECT_TRUE(o.refuse_pap && o.refuse_chap && o.refuse_mschap && o.refuse_mschap_v2 && o.refuse_eap);
    EXPECT_TRUE(o.require_pap && o.require_chap && o.require_mschap && o.require_mschap_v2 && o.require_eap);
    EXPECT_EQ(o.origin.at("require-eap"), "f:2");
}

TEST(AuthOptions, PasswordIsTakenAsWritten) {
    PeerOptions o;
    parse_options("user bob\npassword \"s3cret with spaces\"", "f", o);
    EXPECT_EQ(o.user, "bob");
    EXPECT_EQ(o.password, "s3cret with spaces");
    EXPECT_EQ(o.origin.at("password"), "f:2");
    EXPECT_EQ(error_of([] {
                  PeerOptions p;
                  parse_options("password", "f", p);
              }),
              "f:1: option 'password' needs an argument");
}

TEST(AuthOptions, Timers) {
    PeerOptions o;
    parse_options("pap-restart 5 pap-max-authreq 4 pap-timeout 60\n"
                  "chap-restart 2 chap-max-challenge 7 chap-interval 120\n"
                  "eap-restart 6 eap-max-sreq 3 eap-timeout 30 eap-max-rreq 9 eap-interval 45",
                  "f", o);
    EXPECT_EQ(o.pap_restart, 5);
    EXPECT_EQ(o.pap_max_authreq, 4);
    EXPECT_EQ(o.pap_timeout, 60);
    EXPECT_EQ(o.chap_restart, 2);
    EXPECT_EQ(o.chap_max_challenge, 7);
    EXPECT_EQ(o.chap_interval, 120);
    EXPECT_EQ(o.eap_restart, 6);
    EXPECT_EQ(o.eap_max_sreq, 3);
    EXPECT_EQ(o.eap_timeout, 30);
    EXPECT_EQ(o.eap_max_rreq, 9);
    EXPECT_EQ(o.eap_interval, 45);
    EXPECT_EQ(o.origin.at("chap-interval"), "f:2");
}

TEST(AuthOptions, TimerErrors) {
    EXPECT_EQ(error_of([] {
                  PeerOptions p;
                  parse_options("pap-restart 0", "f", p);
              }),
              "f:1: option 'pap-restart': 0 is out of range (1..3600)");
    EXPECT_EQ(error_of([] {
                  PeerOptions p;
                  parse_options("\nchap-max-challenge x", "f", p);
              }),
              "f:2: option 'chap-max-challenge': 'x' is not a number");
    EXPECT_EQ(error_of([] {
                  PeerOptions p;
                  parse_options("chap-interval -1", "f", p);
              }),
              "f:1: option 'chap-interval': -1 is out of range (0..86400)");
    EXPECT_EQ(error_of([] {
                  PeerOptions p;
                  parse_options("refuse-chapp", "f", p);
              }),
              "f:1: unknown option 'refuse-chapp' (did you mean 'refuse-chap'?)");
}

}  // namespace
}  // namespace ppp::config
