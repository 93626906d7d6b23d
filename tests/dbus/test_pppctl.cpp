// pppctl without a bus: command line parsing and output formats.
#include <gtest/gtest.h>

#include <vector>

#include "pppctl/args.hpp"
#include "pppctl/format.hpp"

using namespace pppctl;

namespace {

std::variant<Command, UsageError> parse(std::vector<const char*> words) {
    words.insert(words.begin(), "pppctl");
    return parse_args(static_cast<int>(words.size()), words.data());
}

template <class T>
T command(std::vector<const char*> words) {
    auto parsed = parse(std::move(words));
    EXPECT_TRUE(std::holds_alternative<Command>(parsed))
        << (std::holds_alternative<UsageError>(parsed) ? std::get<UsageError>(parsed).message : "");
    const auto* c = std::get_if<Command>(&parsed);
    const T* t = c ? std::get_if<T>(c) : nullptr;
    EXPECT_NE(t, nullptr);
    return t ? *t : T{};
}

bool is_usage_error(std::vector<const char*> words) {
    return std::holds_alternative<UsageError>(parse(std::move(words)));
}

LinkInfo sample_link() {
    return LinkInfo({
        {"TxBytes", std::uint64_t{900}},
        {"Name", std::string("isp")},
        {"State", std::string("Running")},
        {"StateReason", std::string("IPCP opened")},
        {"Interface", std::string("ppp0")},
        {"LocalAddress", std::string("10.64.0.2")},
        {"RemoteAddress", std::string("10.64.0.1")},
        {"DNS", std::vector<std::string>{"10.64.0.53"}},
        {"MTU", std::uint64_t{1500}},
        {"ExitStatus", std::int64_t{0}},
        {"LastError", std::string("")},
    });
}

}  // namespace

TEST(PppctlArgs, Commands) {
    EXPECT_FALSE(command<List>({"list"}).json);
    EXPECT_TRUE(command<List>({"list", "--json"}).json);
    EXPECT_EQ(command<Status>({"status"}).name, "");
    const auto status = command<Status>({"status", "--json", "isp"});
    EXPECT_EQ(status.name, "isp");
    EXPECT_TRUE(status.json);
    EXPECT_EQ(command<Connect>({"connect", "isp"}).wait_seconds, 0u);
    EXPECT_EQ(command<Connect>({"connect", "isp", "--wait"}).wait_seconds, kDefaultWaitSeconds);
    EXPECT_EQ(command<Connect>({"connect", "--wait=30", "isp"}).wait_seconds, 30u);
    EXPECT_EQ(command<Disconnect>({"disconnect", "isp"}).name, "isp");
    EXPECT_TRUE(std::holds_alternative<Help>(std::get<Command>(parse({"--help"}))));
    EXPECT_TRUE(std::holds_alternative<Help>(std::get<Command>(parse({"connect", "-h"}))));
}

TEST(PppctlArgs, Check) {
    const auto plain = command<Check>({"check", "isp"});
    EXPECT_EQ(plain.name, "isp");
    EXPECT_EQ(plain.config_dir, "");
    EXPECT_FALSE(plain.json);
    const auto full = command<Check>({"check", "--config-dir", "/tmp/etc-ppp", "--json", "isp"});
    EXPECT_EQ(full.config_dir, "/tmp/etc-ppp");
    EXPECT_TRUE(full.json);
    EXPECT_EQ(command<Check>({"check", "isp", "--config-dir=/x"}).config_dir, "/x");
    EXPECT_TRUE(is_usage_error({"check"}));
    EXPECT_TRUE(is_usage_error({"check", "a", "b"}));
    EXPECT_TRUE(is_usage_error({"check", "isp", "--config-dir"}));
    EXPECT_TRUE(is_usage_error({"check", "isp", "--config-dir="}));
    EXPECT_TRUE(is_usage_error({"status", "isp", "--config-dir", "/x"}));
    EXPECT_TRUE(is_usage_error({"check", "isp", "--wait"}));
}

TEST(PppctlArgs, UsageErrors) {
    EXPECT_TRUE(is_usage_error({}));
    EXPECT_TRUE(is_usage_error({"frobnicate"}));
    EXPECT_TRUE(is_usage_error({"connect"}));
    EXPECT_TRUE(is_usage_error({"connect", "a", "b"}));
    EXPECT_TRUE(is_usage_error({"connect", "isp", "--wait=0"}));
    EXPECT_TRUE(is_usage_error({"connect", "isp", "--wait=-1"}));
    EXPECT_TRUE(is_usage_error({"connect", "isp", "--wait=10s"}));
    EXPECT_TRUE(is_usage_error({"connect", "isp", "--wait="}));
    EXPECT_TRUE(is_usage_error({"connect", "isp", "--wait=99999999999999999999"}));
    EXPECT_TRUE(is_usage_error({"connect", "isp", "--json"}));
    EXPECT_TRUE(is_usage_error({"status", "a", "b"}));
    EXPECT_TRUE(is_usage_error({"list", "isp"}));
    EXPECT_TRUE(is_usage_error({"disconnect"}));
    EXPECT_TRUE(is_usage_error({"disconnect", "isp", "--wait"}));
}

TEST(PppctlFormat, SnakeCaseKeys) {
    EXPECT_EQ(snake_case("RxBytes"), "rx_bytes");
    EXPECT_EQ(snake_case("DNS"), "dns");
    EXPECT_EQ(snake_case("MTU"), "mtu");
    EXPECT_EQ(snake_case("ConnectedSince"), "connected_since");
    EXPECT_EQ(snake_case("LocalAddress6"), "local_address6");
    EXPECT_EQ(snake_case("IPAddress"), "ip_address");
    EXPECT_EQ(snake_case("Name"), "name");
}

TEST(PppctlFormat, JsonStringsAreEscaped) {
    EXPECT_EQ(json_string("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
    EXPECT_EQ(json_string("é → ok"), "\"é → ok\"");
}

TEST(PppctlFormat, JsonObjectHasStableKeysInContractOrder) {
    EXPECT_EQ(to_json(sample_link()),
              "{\n"
              "  \"name\": \"isp\",\n"
              "  \"state\": \"Running\",\n"
              "  \"state_reason\": \"IPCP opened\",\n"
              "  \"interface\": \"ppp0\",\n"
              "  \"local_address\": \"10.64.0.2\",\n"
              "  \"remote_address\": \"10.64.0.1\",\n"
              "  \"dns\": [\"10.64.0.53\"],\n"
              "  \"mtu\": 1500,\n"
              "  \"tx_bytes\": 900,\n"
              "  \"exit_status\": 0,\n"
              "  \"last_error\": \"\"\n"
              "}\n");
}

TEST(PppctlFormat, JsonArray) {
    EXPECT_EQ(to_json(std::vector<LinkInfo>{}), "[]\n");
    const auto two = to_json(std::vector<LinkInfo>{sample_link(), sample_link()});
    EXPECT_EQ(two.front(), '[');
    EXPECT_NE(two.find("},\n  {"), std::string::npos);
}

TEST(PppctlFormat, SummaryLine) {
    EXPECT_EQ(summary_line(sample_link()), "isp: Running — ppp0 10.64.0.2 → 10.64.0.1");
    const LinkInfo down({{"Name", std::string("isp")},
                         {"State", std::string("Disconnected")},
                         {"StateReason", std::string("modem said BUSY")}});
    EXPECT_EQ(summary_line(down), "isp: Disconnected — modem said BUSY");
}

TEST(PppctlFormat, HumanStatus) {
    const auto text = human_status(sample_link(), 0);
    EXPECT_EQ(text.rfind("isp: Running — ppp0 10.64.0.2 → 10.64.0.1\n", 0), 0u);
    EXPECT_NE(text.find("DNS: 10.64.0.53\n"), std::string::npos);
    EXPECT_NE(text.find("sent 900 B in 0 packets"), std::string::npos);
    EXPECT_EQ(text.find("Last error"), std::string::npos);
}

TEST(PppctlFormat, HumanStatusShowsTheIpv6Address) {
    EXPECT_EQ(human_status(sample_link(), 0).find("IPv6"), std::string::npos) << "no row without IPv6CP";
    const LinkInfo v6({{"Name", std::string("isp")},
                       {"State", std::string("Running")},
                       {"Interface", std::string("ppp0")},
                       {"LocalAddress6", std::string("fe80::0000:0000:0000:0001")}});
    EXPECT_NE(human_status(v6, 0).find("IPv6: fe80::0000:0000:0000:0001\n"), std::string::npos);
}

TEST(PppctlFormat, HumanUnits) {
    EXPECT_EQ(human_bytes(0), "0 B");
    EXPECT_EQ(human_bytes(1023), "1023 B");
    EXPECT_EQ(human_bytes(1536), "1.5 KiB");
    EXPECT_EQ(human_bytes(5ull << 30), "5.0 GiB");
    EXPECT_EQ(human_bytes(~0ull), "16384.0 PiB");
    EXPECT_EQ(human_duration(7), "7 s");
    EXPECT_EQ(human_duration(123), "2 min 3 s");
    EXPECT_EQ(human_duration(3 * 3600 + 5 * 60 + 9), "3 h 5 min");
}

TEST(PppctlArgs, MonitorLogReloadVersion) {
    command<Monitor>({"monitor"});
    command<Reload>({"reload"});
    command<Version>({"version"});
    const auto log = command<Log>({"log", "isp"});
    EXPECT_EQ(log.name, "isp");
    EXPECT_FALSE(log.follow);
    EXPECT_TRUE(command<Log>({"log", "isp", "-f"}).follow);
    EXPECT_TRUE(command<Log>({"log", "--follow", "isp"}).follow);
    EXPECT_TRUE(is_usage_error({"log"}));
    EXPECT_TRUE(is_usage_error({"log", "a", "b"}));
    EXPECT_TRUE(is_usage_error({"monitor", "isp"}));
    EXPECT_TRUE(is_usage_error({"reload", "-f"}));
    EXPECT_TRUE(is_usage_error({"version", "x"}));
    EXPECT_TRUE(is_usage_error({"status", "-f"}));
}

TEST(PppctlArgs, Notify) {
    EXPECT_FALSE(command<Connect>({"connect", "isp", "--wait"}).notify);
    const auto c = command<Connect>({"connect", "isp", "--wait", "--notify"});
    EXPECT_TRUE(c.notify);
    EXPECT_EQ(c.wait_seconds, kDefaultWaitSeconds);
    EXPECT_TRUE(command<Connect>({"connect", "--notify", "--wait=90", "isp"}).notify);
    // --notify reports the attempt --wait follows; alone it has nothing to report.
    EXPECT_TRUE(is_usage_error({"connect", "isp", "--notify"}));
    EXPECT_TRUE(is_usage_error({"status", "isp", "--notify"}));
}
