// The pieces behind proxyarp, kdebug, record and logfile that need no root:
// pppd's choice of interface for proxy ARP, the data-path debug lines and
// their rate limit, the record file's bytes and the log file.
#include <net/if.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "io/datapath_debug.hpp"
#include "io/line_record.hpp"
#include "io/log_file.hpp"
#include "io/peer_routes.hpp"
#include "temp_dir.hpp"

namespace ppp::io {
namespace {

constexpr unsigned kEther = IFF_UP | IFF_BROADCAST | IFF_MULTICAST;

Ipv4Interface iface(const std::string& name, unsigned flags, const char* address, int prefix) {
    Ipv4Interface i;
    i.ifindex = static_cast<int>(name.size());
    i.name = name;
    i.flags = flags;
    i.address = *Ipv4::parse(address);
    i.prefix_len = prefix;
    return i;
}

TEST(ProxyArpInterface, AnUpBroadcastInterfaceWhoseSubnetHoldsThePeer) {
    const std::vector<Ipv4Interface> all = {
        iface("lo", IFF_UP | IFF_LOOPBACK, "127.0.0.1", 8),
        iface("eth0", kEther, "192.168.1.10", 24),
        iface("eth1", kEther, "10.0.0.10", 24),
    };
    const auto* i = proxy_arp_interface(all, *Ipv4::parse("10.0.0.77"));
    ASSERT_NE(i, nullptr);
    EXPECT_EQ(i->name, "eth1");
    EXPECT_EQ(proxy_arp_interface(all, *Ipv4::parse("172.16.0.1")), nullptr);
}

TEST(ProxyArpInterface, DownPointToPointAndNoarpInterfacesDoNotCount) {
    const Ipv4 peer = *Ipv4::parse("10.0.0.77");
    for (const unsigned flags : std::vector<unsigned>{IFF_BROADCAST, kEther | IFF_POINTOPOINT, kEther | IFF_NOARP, kEther | IFF_LOOPBACK,
                                 unsigned{IFF_UP}}) {
        const std::vector<Ipv4Interface> one = {iface("x0", flags, "10.0.0.10", 24)};
        EXPECT_EQ(proxy_arp_interface(one, peer), nullptr) << std::hex << flags;
    }
}

TEST(ProxyArpInterface, TheLongestPrefixWins) {
    const std::vector<Ipv4Interface> all = {
        iface("wide0", kEther, "10.0.0.1", 8),
        iface("narrow0", kEther, "10.1.2.1", 24),
        iface("any0", kEther, "192.168.9.9", 0),
    };
    EXPECT_EQ(proxy_arp_interface(all, *Ipv4::parse("10.1.2.3"))->name, "narrow0");
    EXPECT_EQ(proxy_arp_interface(all, *Ipv4::parse("10.9.9.9"))->name, "wide0");
    EXPECT_EQ(proxy_arp_interface(all, *Ipv4::parse("8.8.8.8"))->name, "any0");
}

TEST(DataPathDebug, BitsSelectWhatIsLogged) {
    std::vector<std::string> lines;
    const std::vector<std::uint8_t> packet = {0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
    DataPathDebug sent_only(4, [&](LogLevel level, const std::string& l) {
        EXPECT_EQ(level, LogLevel::Debug);
        lines.push_back(l);
    });
    sent_only.event("up");
    sent_only.received(packet);
    sent_only.sent(packet);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0],
              "kdebug: sent IPv4 10.0.0.1 > 10.0.0.2 proto 17, 20 bytes: 45 00 00 14 00 00 00 00 40 11 00 00 0a 00 00 "
              "01 ...");
    lines.clear();
    DataPathDebug off(0, [&](LogLevel, const std::string& l) { lines.push_back(l); });
    off.event("up");
    off.received(packet);
    off.sent(packet);
    EXPECT_TRUE(lines.empty());
}

TEST(DataPathDebug, ABusyLinkCannotFloodTheLog) {
    std::vector<std::string> lines;
    DataPathDebug all(7, [&](LogLevel, const std::string& l) { lines.push_back(l); });
    const std::vector<std::uint8_t> packet(1500, 0x45);
    for (int i = 0; i < 1000; ++i) all.received(packet);  // well within a second
    EXPECT_EQ(lines.size(), static_cast<std::size_t>(DataPathDebug::kLinesPerSecond));
}

std::vector<std::uint8_t> file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(LineRecord, WritesPppdsTaggedFormat) {
    testing::TempDir dir;
    const std::string path = dir / "rec";
    {
        LineRecord r(path, nullptr);
        const std::uint8_t out[] = {'A', 'T', '\r'};
        const std::uint8_t in[] = {'O', 'K'};
        r.sent(out);
        r.received(in);
        r.end_received();
    }
    const auto b = file_bytes(path);
    std::size_t at = 0;
    ASSERT_GE(b.size(), 5u);
    EXPECT_EQ(b[at], 7);  // start, 4-byte seconds
    at += 5;
    auto skip_time = [&] {
        if (at < b.size() && b[at] == 6) at += 2;
        else if (at < b.size() && b[at] == 5) at += 5;
    };
    skip_time();
    ASSERT_LT(at + 6, b.size());
    EXPECT_EQ(std::vector<std::uint8_t>(b.begin() + at, b.begin() + at + 6),
              (std::vector<std::uint8_t>{1, 0, 3, 'A', 'T', '\r'}));
    at += 6;
    skip_time();
    EXPECT_EQ(std::vector<std::uint8_t>(b.begin() + at, b.begin() + at + 5), (std::vector<std::uint8_t>{2, 0, 2, 'O', 'K'}));
    at += 5;
    skip_time();
    // End of the received stream, then (from the destructor) of the sent one.
    EXPECT_EQ(std::vector<std::uint8_t>(b.begin() + at, b.end()), (std::vector<std::uint8_t>{4, 3}));
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST(LineRecord, ABigReadIsSplitIntoEntriesOfAtMost65535Bytes) {
    testing::TempDir dir;
    const std::string path = dir / "rec";
    {
        LineRecord r(path, nullptr);
        const std::vector<std::uint8_t> chunk(65536, 0x7e);
        r.received(chunk);
    }
    const auto b = file_bytes(path);
    std::size_t at = 5;
    if (b[at] == 6) at += 2;
    ASSERT_EQ(b[at], 2);
    EXPECT_EQ(b[at + 1] << 8 | b[at + 2], 65535);
    at += 3 + 65535;
    ASSERT_EQ(b[at], 2);
    EXPECT_EQ(b[at + 1] << 8 | b[at + 2], 1);
}

TEST(LineRecord, AnUnopenableFileThrows) {
    testing::TempDir dir;
    EXPECT_THROW(LineRecord(dir / "no-such-dir/rec", nullptr), std::system_error);
}

TEST(LogFile, AppendsLinesAndReopensOnlyForANewPath) {
    testing::TempDir dir;
    LogFile f;
    EXPECT_FALSE(f.open(dir / "a.log").has_value());
    EXPECT_FALSE(f.write("first").has_value());
    EXPECT_FALSE(f.open(dir / "a.log").has_value());
    EXPECT_FALSE(f.write("second\n").has_value());
    std::ifstream in(dir / "a.log");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    EXPECT_EQ(text, "first\nsecond\n");
    const auto error = f.open(dir / "missing/b.log");
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(*error, "cannot open log file " + (dir / "missing/b.log") + ": No such file or directory");
    EXPECT_FALSE(f.is_open());
    EXPECT_FALSE(f.open("").has_value());
}

}  // namespace
}  // namespace ppp::io
