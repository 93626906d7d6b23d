// The option table: pppd's number forms, every option family, warnings for
// what pppkit records but does not act on, `file`/`call`, precedence of the
// per-tty file, path mapping for --config-dir, collected errors.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/option_table.hpp"
#include "core/option_values.hpp"
#include "core/options.hpp"

namespace ppp::config {
namespace {

PeerOptions parse(const std::string& text) {
    PeerOptions o;
    parse_options(text, "f", o);
    return o;
}

std::string error_of(const std::string& text) {
    try {
        parse(text);
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

std::vector<std::string> warnings_of(const PeerOptions& o) {
    std::vector<std::string> out;
    for (const Diagnostic& d : o.warnings) out.push_back(d.text());
    return out;
}

TEST(OptionNumbers, DecimalHexAndOctalLikePppd) {
    EXPECT_EQ(parse("mru 0x5dc").mru, std::optional<std::uint16_t>(1500));
    EXPECT_EQ(parse("mru 0X5DC").mru, std::optional<std::uint16_t>(1500));
    EXPECT_EQ(parse("mru 02734").mru, std::optional<std::uint16_t>(1500));
    EXPECT_EQ(parse("holdoff 0").holdoff, 0);
    EXPECT_EQ(parse("lcp-echo-interval 010").lcp_echo_interval, 8);
    EXPECT_EQ(error_of("mru 09"), "f:1: option 'mru': '09' is not a number");
    EXPECT_EQ(error_of("mru 0x"), "f:1: option 'mru': '0x' is not a number");
    EXPECT_EQ(error_of("mru 0x10000"), "f:1: option 'mru': 0x10000 is out of range (128..16384)");
    EXPECT_EQ(error_of("maxfail 99999999999999999999999"),
              "f:1: option 'maxfail': 99999999999999999999999 is out of range (0..1000000)");
    EXPECT_EQ(error_of("holdoff -1"), "f:1: option 'holdoff': -1 is out of range (0..31536000)");
}

TEST(OptionValues, InterfaceIdentifiers) {
    EXPECT_EQ(parse_interface_id("::1"), std::optional<std::uint64_t>(1));
    EXPECT_EQ(parse_interface_id("::dead:beef"), std::optional<std::uint64_t>(0xdeadbeef));
    EXPECT_EQ(parse_interface_id("fe80::211:22ff:fe33:4455"), std::optional<std::uint64_t>(0x021122fffe334455));
    EXPECT_EQ(parse_interface_id("1:2:3:4:5:6:7:8"), std::optional<std::uint64_t>(0x0005000600070008));
    for (const char* bad : {"", ":", ":::", "::1::2", "1:2", "::12345", "::g", "1:2:3:4:5:6:7:8:9", "::1:"})
        EXPECT_FALSE(parse_interface_id(bad)) << bad;
    EXPECT_EQ(format_interface_id(0xdeadbeef), "::dead:beef");
    EXPECT_EQ(format_interface_id(1), "::1");
    EXPECT_EQ(format_interface_id(0x0001000000000002), "::1:0:0:2");
}

TEST(OptionTable, EveryRowIsWellFormed) {
    std::set<std::string_view> names;
    for (const OptionDef& d : option_table()) {
        SCOPED_TRACE(std::string(d.name));
        EXPECT_TRUE(names.insert(d.name).second) << "duplicate row";
        EXPECT_FALSE(d.help.empty());
        EXPECT_NE(d.apply, nullptr);
        EXPECT_NE(d.show, nullptr);
        if (d.arg == ArgType::Int) {
            EXPECT_LT(d.min, d.max);
        }
        if (d.support == Support::Unsupported || d.support == Support::Deprecated || d.support == Support::Refused) {
            EXPECT_FALSE(d.note.empty());
        }
    }
    // The options the issue names are all rows.
    for (const char* n :
         {"crtscts", "nocrtscts", "xonxoff", "modem", "local", "lock", "nolock", "connect", "disconnect", "init",
          "welcome", "connect-delay", "noauth", "auth", "require-pap", "require-chap", "require-mschap",
          "require-mschap-v2", "require-eap", "refuse-pap", "refuse-chap", "refuse-mschap", "refuse-mschap-v2",
          "refuse-eap", "name", "user", "password", "remotename", "usepeerdns", "defaultroute", "defaultroute-metric",
          "nodefaultroute", "replacedefaultroute", "noipdefault", "ipcp-accept-local", "ipcp-accept-remote", "ms-dns",
          "+ipv6", "noipv6", "ipv6", "ipparam", "ifname", "unit", "linkname", "persist", "maxfail", "holdoff", "idle",
          "maxconnect", "demand", "lcp-echo-interval", "lcp-echo-failure", "lcp-echo-adaptive", "lcp-restart",
          "lcp-max-configure", "lcp-max-terminate", "lcp-max-failure", "ipcp-restart", "ipcp-max-configure",
          "ipcp-max-terminate", "ipcp-max-failure", "mtu", "mru", "asyncmap", "default-asyncmap", "escape",
          "noaccomp", "nopcomp", "novj", "noccp", "nobsdcomp", "nodeflate", "debug", "kdebug", "logfile", "nodetach",
          "updetach", "record", "dump", "dryrun", "show-options", "pap-restart", "pap-max-authreq", "pap-timeout",
          "chap-restart", "chap-max-challenge", "chap-interval", "eap-restart", "eap-max-sreq", "eap-timeout",
          "eap-max-rreq", "eap-interval"})
        EXPECT_NE(find_option(n), nullptr) << n;
    EXPECT_EQ(find_option("device"), nullptr) << "positional rows are not option words";
}

struct Case {
    const char* what;
    std::string text;
    std::function<void(const PeerOptions&)> check;
};

const std::vector<Case> kCases = {
    {"flow control: the last one wins", "crtscts xonxoff nocrtscts",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.nocrtscts);
         EXPECT_FALSE(o.crtscts || o.xonxoff);
         EXPECT_EQ(o.origin.count("crtscts") + o.origin.count("xonxoff"), 0u);
     }},
    {"dialer commands", "connect 'chat -f c' disconnect 'chat -f d' init 'stty 1' welcome 'echo hi' connect-delay 0x10",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.disconnect, "chat -f d");
         EXPECT_EQ(o.init, "stty 1");
         EXPECT_EQ(o.welcome, "echo hi");
         EXPECT_EQ(o.connect_delay, 16);
     }},
    {"lock then nolock", "lock nolock", [](const PeerOptions& o) { EXPECT_FALSE(o.lock); }},
    {"asyncmap is hex and ORed", "asyncmap 20a0000 asyncmap 0x1",
     [](const PeerOptions& o) { EXPECT_EQ(o.asyncmap, std::optional<std::uint32_t>(0x20a0001)); }},
    {"asyncmap 0", "asyncmap 0", [](const PeerOptions& o) { EXPECT_EQ(o.asyncmap, std::optional<std::uint32_t>(0)); }},
    {"escape lists accumulate", "escape 11,13,ff escape 7e,11",
     [](const PeerOptions& o) { EXPECT_EQ(o.escape, (std::vector<std::uint8_t>{0x11, 0x13, 0x7e, 0xff})); }},
    {"lcp numbers", "lcp-restart 5 lcp-max-configure 20 lcp-max-terminate 3 lcp-max-failure 7 lcp-echo-adaptive",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.lcp_restart, 5);
         EXPECT_EQ(o.lcp_max_configure, 20);
         EXPECT_EQ(o.lcp_max_terminate, 3);
         EXPECT_EQ(o.lcp_max_failure, 7);
         EXPECT_TRUE(o.lcp_echo_adaptive);
     }},
    {"defaults like pppd", "",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.lcp_restart, 3);
         EXPECT_EQ(o.lcp_max_configure, 10);
         EXPECT_EQ(o.maxfail, 10);
         EXPECT_EQ(o.holdoff, 30);
         EXPECT_EQ(o.connect_delay, 1000);
         EXPECT_EQ(o.eap_timeout, 20);
         EXPECT_FALSE(o.auth || o.persist || o.ipv6);
     }},
    {"auth then noauth", "auth noauth",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.noauth);
         EXPECT_FALSE(o.auth);
         EXPECT_EQ(o.origin.count("auth"), 0u);
     }},
    {"noauth then auth", "noauth auth", [](const PeerOptions& o) { EXPECT_TRUE(o.auth && !o.noauth); }},
    {"require-* requires authentication", "noauth require-chap require-mschap-v2",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.require_chap && o.require_mschap_v2 && o.auth);
         EXPECT_FALSE(o.noauth || o.require_pap);
         EXPECT_EQ(o.origin.count("noauth"), 0u);
     }},
    {"refuse-*", "refuse-pap refuse-chap refuse-mschap refuse-mschap-v2 refuse-eap",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.refuse_pap && o.refuse_chap && o.refuse_mschap && o.refuse_mschap_v2 && o.refuse_eap);
     }},
    {"old pppd spellings", "+pap -chap -vj -ac -pc -am -mn -d",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.require_pap && o.refuse_chap && o.novj && o.noaccomp && o.nopcomp && o.default_asyncmap &&
                     o.nomagic && o.debug);
     }},
    {"auth timers", "pap-restart 5 pap-max-authreq 4 pap-timeout 9 chap-restart 6 chap-max-challenge 3 chap-interval 60",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.pap_restart, 5);
         EXPECT_EQ(o.pap_max_authreq, 4);
         EXPECT_EQ(o.pap_timeout, 9);
         EXPECT_EQ(o.chap_restart, 6);
         EXPECT_EQ(o.chap_max_challenge, 3);
         EXPECT_EQ(o.chap_interval, 60);
     }},
    {"eap timers", "eap-restart 4 eap-max-sreq 5 eap-timeout 30 eap-max-rreq 6 eap-interval 120",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.eap_restart, 4);
         EXPECT_EQ(o.eap_max_sreq, 5);
         EXPECT_EQ(o.eap_timeout, 30);
         EXPECT_EQ(o.eap_max_rreq, 6);
         EXPECT_EQ(o.eap_interval, 120);
     }},
    {"password is kept but never shown", "user bob password 's3cret pw'",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.password, "s3cret pw");
         for (const Effective& e : effective_options(o)) EXPECT_EQ(e.value.find("s3cret"), std::string::npos);
         bool shown = false;
         for (const Effective& e : effective_options(o)) shown |= e.name == "password" && e.value == "********";
         EXPECT_TRUE(shown);
     }},
    {"chat's \\q secrets in commands are masked when shown",
     "connect \"chat -v '' ATDT555 ername: bob ssword: '\\\\qs3cret' '>' ppp\"",
     [](const PeerOptions& o) {
         EXPECT_NE(o.connect.find("s3cret"), std::string::npos);  // kept as written for the dialer
         int shown = 0;
         for (const Effective& e : effective_options(o)) {
             if (e.name != "connect") continue;
             ++shown;
             EXPECT_EQ(e.value, "chat -v '' ATDT555 ername: bob ssword: '" "??????" "' '>' ppp");
         }
         EXPECT_EQ(shown, 1);
     }},
    {"ms-dns keeps the last two", "ms-dns 10.0.0.1 ms-dns 10.0.0.2 ms-dns 10.0.0.3",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.ms_dns, (std::vector<Ipv4>{*Ipv4::parse("10.0.0.2"), *Ipv4::parse("10.0.0.3")}));
     }},
    {"nodefaultroute after defaultroute", "defaultroute nodefaultroute",
     [](const PeerOptions& o) { EXPECT_TRUE(!o.defaultroute && o.nodefaultroute); }},
    {"defaultroute after replacedefaultroute still replaces", "replacedefaultroute defaultroute",
     [](const PeerOptions& o) { EXPECT_TRUE(o.defaultroute && o.replacedefaultroute); }},
    {"replacedefaultroute implies defaultroute, with a warning", "replacedefaultroute defaultroute-metric 100",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.defaultroute && o.replacedefaultroute);
         EXPECT_EQ(o.defaultroute_metric, std::optional<int>(100));
         ASSERT_FALSE(o.warnings.empty());
         EXPECT_EQ(o.warnings[0].text().rfind("f:1: 'replacedefaultroute' was removed in pppd 2.5.3", 0), 0u);
     }},
    {"ipcp", "ipcp-accept-local ipcp-accept-remote ipcp-restart 2 ipcp-max-configure 4 ipcp-max-terminate 1 "
             "ipcp-max-failure 3",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.ipcp_accept_local && o.ipcp_accept_remote);
         EXPECT_EQ(o.ipcp_restart, 2);
         EXPECT_EQ(o.ipcp_max_configure, 4);
         EXPECT_EQ(o.ipcp_max_terminate, 1);
         EXPECT_EQ(o.ipcp_max_failure, 3);
     }},
    {"ipv6 identifiers", "ipv6 ::1,::dead:beef",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.ipv6);
         EXPECT_EQ(o.ipv6_local, std::optional<std::uint64_t>(1));
         EXPECT_EQ(o.ipv6_remote, std::optional<std::uint64_t>(0xdeadbeef));
     }},
    {"ipv6 remote only, then noipv6", "ipv6 ,::2 noipv6",
     [](const PeerOptions& o) {
         EXPECT_FALSE(o.ipv6);
         EXPECT_FALSE(o.ipv6_local);
         EXPECT_EQ(o.ipv6_remote, std::optional<std::uint64_t>(2));
     }},
    {"+ipv6", "+ipv6", [](const PeerOptions& o) { EXPECT_TRUE(o.ipv6); }},
    {"ipv6cp options", "+ipv6 ipv6cp-accept-local ipv6cp-use-ipaddr ipv6cp-restart 7 ipv6cp-max-configure 4 "
                       "ipv6cp-max-terminate 1 ipv6cp-max-failure 3",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.ipv6 && o.ipv6cp_accept_local && o.ipv6cp_use_ipaddr);
         EXPECT_EQ(o.ipv6cp_restart, 7);
         EXPECT_EQ(o.ipv6cp_max_configure, 4);
         EXPECT_EQ(o.ipv6cp_max_terminate, 1);
         EXPECT_EQ(o.ipv6cp_max_failure, 3);
     }},
    {"compression off is quiet", "novj novjccomp nobsdcomp nodeflate noccp nopredictor1 nomppe noipx",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.novj && o.nobsdcomp && o.nodeflate && o.noccp);
         EXPECT_TRUE(o.warnings.empty());
     }},
    {"compression on is accepted, refused, and said so", "bsdcomp 15,12 deflate 15 predictor1 vj-max-slots 8",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.refused, (std::vector<std::string>{"bsdcomp", "deflate", "predictor1", "vj-max-slots"}));
         ASSERT_EQ(o.warnings.size(), 4u);
         EXPECT_EQ(o.warnings[1].text(),
                   "f:1: 'bsdcomp': pppkit does not implement BSD-Compress (CCP is answered with a "
                   "Protocol-Reject); the link runs uncompressed");
         for (const Effective& e : effective_options(o)) EXPECT_EQ(e.value, "refused") << e.name;
     }},
    {"lifecycle", "persist maxfail 0 holdoff 5 idle 600 maxconnect 3600",
     [](const PeerOptions& o) {
         EXPECT_TRUE(o.persist);
         EXPECT_EQ(o.maxfail, 0);
         EXPECT_EQ(o.holdoff, 5);
         EXPECT_EQ(o.idle, 600);
         EXPECT_EQ(o.maxconnect, 3600);
     }},
    {"interface", "ipparam isp ifname ppp-isp unit 3 linkname isp",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.ipparam, "isp");
         EXPECT_EQ(o.ifname, "ppp-isp");
         EXPECT_EQ(o.unit, std::optional<int>(3));
         EXPECT_EQ(o.linkname, "isp");
     }},
    {"logging", "debug debug kdebug 1 logfile /var/log/ppp.log record /tmp/rec updetach dump dryrun show-options",
     [](const PeerOptions& o) {
         EXPECT_EQ(o.debug_level, 2);
         EXPECT_EQ(o.kdebug, 1);
         EXPECT_EQ(o.logfile, "/var/log/ppp.log");
         EXPECT_EQ(o.record, "/tmp/rec");
         EXPECT_TRUE(o.updetach && o.dump && o.dryrun && o.show_options);
     }},
    {"a recorded option warns once, where it took effect", "ipv6cp-use-persistent\nipv6cp-use-persistent",
     [](const PeerOptions& o) {
         EXPECT_EQ(warnings_of(o), (std::vector<std::string>{
                                       "f:2: 'ipv6cp-use-persistent' is accepted but not implemented yet; it has no effect"}));
     }},
    {"implemented options do not warn",
     "ttyS0 115200 crtscts local noauth defaultroute usepeerdns mru 1500 proxyarp kdebug 7 logfile /var/log/ppp.log "
     "record /tmp/rec",
     [](const PeerOptions& o) { EXPECT_TRUE(o.warnings.empty()); }},
    {"LCP and flow control options pppd has are implemented", "passive silent default-mru lcp-echo-adaptive escape 11,ff xonxoff",
     [](const PeerOptions& o) {
         EXPECT_EQ(warnings_of(o), std::vector<std::string>{});
         EXPECT_TRUE(o.passive && o.silent && o.default_mru && o.lcp_echo_adaptive && o.xonxoff);
     }},
    {"escaping 0x5d warns: it is sent unescaped", "escape 11,5d",
     [](const PeerOptions& o) {
         EXPECT_EQ(warnings_of(o), (std::vector<std::string>{
                                       "f:1: option 'escape': 0x5d is sent unescaped (escaped it reads 7d 7d, which "
                                       "receivers take as two escapes)"}));
     }},
    {"an overridden option does not warn", "auth\nproxyarp\nnoauth\nnoproxyarp\nreplacedefaultroute\nnodefaultroute",
     [](const PeerOptions& o) { EXPECT_EQ(warnings_of(o), std::vector<std::string>{}); }},
};

TEST(OptionTable, Options) {
    for (const Case& c : kCases) {
        SCOPED_TRACE(c.what);
        PeerOptions o;
        ASSERT_NO_THROW(parse_options(c.text, "f", o));
        c.check(o);
    }
}

TEST(OptionTable, Errors) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"demand", "f:1: dial-on-demand ('demand') is not supported; use 'persist' to keep the link up"},
        {"plugin rp-pppoe.so", "f:1: pppd plugins (rp-pppoe.so, pppoatm.so, ...) are not supported"},
        {"require-mppe-128", "f:1: MPPE encryption is not implemented; 'require-mppe-128' cannot be honoured"},
        {"noauth\nusepeerdsn", "f:2: unknown option 'usepeerdsn' (did you mean 'usepeerdns'?)"},
        {"defaultrout", "f:1: unknown option 'defaultrout' (did you mean 'defaultroute'?)"},
        {"asyncmap zz", "f:1: option 'asyncmap': 'zz' is not a 32-bit hex number"},
        {"asyncmap 123456789", "f:1: option 'asyncmap': '123456789' is not a 32-bit hex number"},
        {"escape 11,20", "f:1: option 'escape': character 0x20 cannot be escaped (0x20-0x3f and 0x5e never are)"},
        {"escape 11,,", "f:1: option 'escape': '' is not a hex character (00..ff)"},
        {"ms-dns dns.example.net", "f:1: option 'ms-dns': 'dns.example.net' is not an IPv4 address"},
        {"ipv6 ::1,zz", "f:1: option 'ipv6': 'zz' is not an IPv6 interface identifier (such as ::1)"},
        {"ipv6 ,", "f:1: option 'ipv6' needs <local>,<remote> identifiers"},
        {"bsdcomp 16", "f:1: option 'bsdcomp': 16 is out of range (9..15)"},
        {"deflate 15,x", "f:1: option 'deflate': 'x' is not a number"},
        {"ifname a-very-long-interface", "f:1: option 'ifname': argument longer than 15 bytes"},
        {"unit -1", "f:1: option 'unit': -1 is out of range (0..65535)"},
        {"kdebug", "f:1: option 'kdebug' needs an argument"},
        {"file /etc/ppp/x", "f:1: option 'file' cannot be used here (no files can be read)"},
        {":", "f:1: ':' is not a valid <local>:<remote> address pair"},
    };
    for (const auto& [text, error] : cases) EXPECT_EQ(error_of(text), error) << text;
}

// ---- files

struct Files {
    std::map<std::string, std::string> files;
    std::vector<std::string> asked;
    FileLoader loader() {
        return [this](const std::string& path) -> std::optional<std::string> {
            asked.push_back(path);
            const auto it = files.find(path);
            if (it == files.end()) return std::nullopt;
            return it->second;
        };
    }
};

std::string load_error(Files& fs, const std::string& name) {
    try {
        load_peer("/cfg", name, fs.loader());
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(OptionFiles, FileAndCallReadMoreOptions) {
    Files fs;
    fs.files["/cfg/options"] = "file /etc/ppp/options.common\n";
    fs.files["/cfg/options.common"] = "lcp-echo-interval 20\n";
    fs.files["/cfg/peers/isp"] = "call modem\nuser bob\n";
    fs.files["/cfg/peers/modem"] = "ttyUSB0 460800\ncrtscts\n";
    const PeerOptions o = load_peer("/cfg", "isp", fs.loader());
    EXPECT_EQ(o.lcp_echo_interval, 20);
    EXPECT_EQ(o.device, "/dev/ttyUSB0");
    EXPECT_EQ(o.origin.at("crtscts"), "/cfg/peers/modem:2");
    EXPECT_EQ(o.origin.at("lcp-echo-interval"), "/cfg/options.common:1");
    EXPECT_EQ(o.files, (std::vector<std::string>{"/cfg/options", "/cfg/options.common", "/cfg/peers/isp",
                                                 "/cfg/peers/modem"}));
}

TEST(OptionFiles, IncludeErrors) {
    Files fs;
    fs.files["/cfg/options"] = "";
    fs.files["/cfg/peers/a"] = "call b";
    fs.files["/cfg/peers/b"] = "\ncall a";
    EXPECT_EQ(load_error(fs, "a"),
              "/cfg/peers/b:2: option 'call': /cfg/peers/a is already being read (the files include each other)");
    fs.files["/cfg/peers/c"] = "file relative/path";
    EXPECT_EQ(load_error(fs, "c"),
              "/cfg/peers/c:1: option 'file': 'relative/path' is not an absolute path (pppkitd has no working "
              "directory)");
    fs.files["/cfg/peers/d"] = "file /etc/ppp/missing";
    EXPECT_EQ(load_error(fs, "d"), "/cfg/peers/d:1: option 'file': cannot read /cfg/missing");
    fs.files["/cfg/peers/e"] = "call ../options";
    EXPECT_EQ(load_error(fs, "e"), "/cfg/peers/e:1: option 'call': invalid peer name '../options'");
}

TEST(OptionFiles, PrivilegedOptionsOnlyFromTheConfigDirectory) {
    Files fs;
    fs.files["/cfg/options"] = "";
    fs.files["/cfg/peers/isp"] = "file /home/u/ppp-extra";
    fs.files["/home/u/ppp-extra"] = "mru 1400\nconnect 'evil'\n";
    EXPECT_EQ(load_error(fs, "isp"),
              "/home/u/ppp-extra:2: option 'connect' is privileged: set it in a file under /cfg");
    fs.files["/home/u/ppp-extra"] = "mru 1400\n";
    EXPECT_EQ(load_peer("/cfg", "isp", fs.loader()).mru, std::optional<std::uint16_t>(1400));
}

TEST(OptionFiles, PerTtyFileFillsInButDoesNotOverrideThePeer) {
    Files fs;
    fs.files["/cfg/options"] = "mru 1000\nlcp-echo-interval 5\n";
    fs.files["/cfg/peers/isp"] = "/dev/ttyS1\nmru 1400\n";
    fs.files["/cfg/options.ttyS1"] = "115200\nmru 1200\nlcp-echo-interval 30\ncrtscts\n";
    const PeerOptions o = load_peer("/cfg", "isp", fs.loader());
    EXPECT_EQ(o.mru, std::optional<std::uint16_t>(1400));  // the peer file (pppd's command line) wins
    EXPECT_EQ(o.lcp_echo_interval, 30);                    // the tty file overrides /etc/ppp/options
    EXPECT_EQ(o.speed, std::optional<std::uint32_t>(115200));
    EXPECT_TRUE(o.crtscts);
    EXPECT_EQ(o.origin.at("mru"), "/cfg/peers/isp:2");
    EXPECT_EQ(o.origin.at("speed"), "/cfg/options.ttyS1:1");
    EXPECT_EQ(warnings_of(o), (std::vector<std::string>{"/cfg/options.ttyS1:2: 'mru' ignored: already set by "
                                                        "'mru' at /cfg/peers/isp:2, which takes precedence"}));
    fs.files["/cfg/options.ttyS1"] = "ttyS2\n";
    EXPECT_EQ(load_error(fs, "isp"),
              "/cfg/options.ttyS1:1: the device cannot be changed in the per-tty options file (it is /dev/ttyS1)");
}

TEST(OptionFiles, AnUnknownOptionsArgumentsAreNotEchoed) {
    Files fs;
    fs.files["/cfg/options"] = "";
    fs.files["/cfg/peers/isp"] = "ttyS1\npasword s3cret\nmru x\n";
    std::vector<Diagnostic> errors;
    load_peer("/cfg", "isp", fs.loader(), errors);
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].text(), "/cfg/peers/isp:2: unknown option 'pasword' (did you mean 'password'?)");
    EXPECT_EQ(errors[1].text(), "/cfg/peers/isp:3: option 'mru': 'x' is not a number");
}

TEST(OptionFiles, CollectsEveryError) {
    Files fs;
    fs.files["/cfg/options"] = "lock\nbogus\n";
    fs.files["/cfg/peers/isp"] = "ttyS1\nmru 5\ndemand\nname \"unterminated\n";
    std::vector<Diagnostic> errors;
    const PeerOptions o = load_peer("/cfg", "isp", fs.loader(), errors);
    std::vector<std::string> texts;
    for (const Diagnostic& d : errors) texts.push_back(d.text());
    EXPECT_EQ(texts, (std::vector<std::string>{
                         "/cfg/options:2: unknown option 'bogus'",
                         "/cfg/peers/isp:4: unterminated quoted string (missing \")",
                     }));
    // A tokenizer error stops that file before any option is applied.
    EXPECT_TRUE(o.lock);
    EXPECT_TRUE(o.device.empty());

    fs.files["/cfg/peers/isp"] = "ttyS1\nmru 5\ndemand\nnoauth\n";
    errors.clear();
    const PeerOptions p = load_peer("/cfg", "isp", fs.loader(), errors);
    texts.clear();
    for (const Diagnostic& d : errors) texts.push_back(d.text());
    EXPECT_EQ(texts, (std::vector<std::string>{
                         "/cfg/options:2: unknown option 'bogus'",
                         "/cfg/peers/isp:2: option 'mru': 5 is out of range (128..16384)",
                         "/cfg/peers/isp:3: dial-on-demand ('demand') is not supported; use 'persist' to keep the "
                         "link up",
                     }));
    EXPECT_TRUE(p.noauth);
    EXPECT_EQ(p.device, "/dev/ttyS1");
}

TEST(OptionPaths, ConfigDirMapping) {
    EXPECT_EQ(map_config_path("/etc/ppp/chat-isp", "/tmp/x"), "/tmp/x/chat-isp");
    EXPECT_EQ(map_config_path("/etc/ppp/peers/isp", "/tmp/x/"), "/tmp/x/peers/isp");
    EXPECT_EQ(map_config_path("/etc/ppp", "/tmp/x"), "/tmp/x");
    EXPECT_EQ(map_config_path("/etc/pppx/a", "/tmp/x"), "/etc/pppx/a");
    EXPECT_EQ(map_config_path("/etc/chatscripts/pap", "/tmp/x"), "/etc/chatscripts/pap");
    EXPECT_EQ(map_config_path("/etc/ppp/chat-isp", "/etc/ppp"), "/etc/ppp/chat-isp");
    EXPECT_EQ(tty_options_path("/etc/ppp", "/dev/ttyS1"), "/etc/ppp/options.ttyS1");
    EXPECT_EQ(tty_options_path("/cfg", "/dev/pts/3"), "/cfg/options.pts.3");
    EXPECT_EQ(tty_options_path("/cfg", "/dev/tty"), "");
    EXPECT_EQ(tty_options_path("/cfg", ""), "");
    EXPECT_EQ(tty_options_path("/cfg", "/tmp/sim/ttySIM"), "/cfg/options..tmp.sim.ttySIM");
}

}  // namespace
}  // namespace ppp::config
