// io::Link against a fake modem + ISP on a pty, each test in a private
// network namespace (TUN interfaces, addresses and routes are real there).
// Needs root; skips (loudly) without it.
#include <arpa/inet.h>
#include <dirent.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/options.hpp"
#include "link_recorder.hpp"
#include "loop_helpers.hpp"
#include "io/link.hpp"
#include "io/netlink.hpp"
#include "io/tun.hpp"
#include "test_link_peer.hpp"

namespace ppp::io {
namespace {

using namespace std::chrono_literals;
using testing::run_until;
using testing::FakePeer;

using Recorder = testing::LinkRecorder;

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
}

// What each open descriptor refers to ("7 socket:[123]", "9 /dev/pts/3"...),
// leaving out the loop's own timerfd/signalfd (made on first use of a clock
// or of child sources; they belong to the loop, not to the Link).
std::vector<std::string> open_fds() {
    std::vector<std::string> fds;
    for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
        std::error_code ec;
        const std::string target = std::filesystem::read_symlink(e.path(), ec).string();
        if (target == "anon_inode:[timerfd]" || target == "anon_inode:[signalfd]") continue;
        if (target.find("/fd") != std::string::npos && target.rfind("/proc/", 0) == 0) continue;  // this listing
        fds.push_back(e.path().filename().string() + " " + target);
    }
    std::sort(fds.begin(), fds.end());
    return fds;
}


// The address and point-to-point peer configured on `ifname`, from getifaddrs().
std::pair<std::string, std::string> interface_addresses(const std::string& ifname) {
    ifaddrs* list = nullptr;
    std::pair<std::string, std::string> result;
    if (::getifaddrs(&list) < 0) return result;
    for (ifaddrs* a = list; a; a = a->ifa_next) {
        if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET || ifname != a->ifa_name) continue;
        char buf[INET_ADDRSTRLEN];
        ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, buf, sizeof buf);
        result.first = buf;
        if (a->ifa_dstaddr) {
            ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_dstaddr)->sin_addr, buf, sizeof buf);
            result.second = buf;
        }
    }
    ::freeifaddrs(list);
    return result;
}

// An IPv4/UDP packet with a valid header checksum (UDP checksum 0: none).
std::vector<std::uint8_t> udp_packet(std::uint32_t src, std::uint32_t dst, std::uint16_t port, const std::string& text) {
    std::vector<std::uint8_t> p(28 + text.size());
    const auto total = static_cast<std::uint16_t>(p.size());
    p[0] = 0x45;
    p[2] = static_cast<std::uint8_t>(total >> 8);
    p[3] = static_cast<std::uint8_t>(total);
    p[8] = 64;
    p[9] = 17;
    for (int i = 0; i < 4; ++i) {
        p[12 + i] = static_cast<std::uint8_t>(src >> (24 - 8 * i));
        p[16 + i] = static_cast<std::uint8_t>(dst >> (24 - 8 * i));
    }
    std::uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2) sum += static_cast<std::uint32_t>(p[i] << 8 | p[i + 1]);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    p[10] = static_cast<std::uint8_t>(~sum >> 8);
    p[11] = static_cast<std::uint8_t>(~sum);
    p[20] = 0x30;  // source port 12345
    p[21] = 0x39;
    p[22] = static_cast<std::uint8_t>(port >> 8);
    p[23] = static_cast<std::uint8_t>(port);
    const auto udp_len = static_cast<std::uint16_t>(8 + text.size());
    p[24] = static_cast<std::uint8_t>(udp_len >> 8);
    p[25] = static_cast<std::uint8_t>(udp_len);
    std::memcpy(p.data() + 28, text.data(), text.size());
    return p;
}

class LinkTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() != 0) {
            GTEST_SKIP() << "SKIPPED: needs root (a private network namespace and TUN devices)";
        }
        // A fresh, empty network namespace per test: nothing touches the host.
        ASSERT_EQ(::unshare(CLONE_NEWNET), 0) << std::strerror(errno);
        char tmpl[] = "/tmp/pppkit-link-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        std::filesystem::create_directories(dir_ + "/etc/peers");
        std::filesystem::create_directories(dir_ + "/run");
        paths_.config_dir = dir_ + "/etc";
        paths_.run_dir = dir_ + "/run";
        paths_.lock_dir = dir_ + "/run";  // the global options say `lock`
        write_text(paths_.config_dir + "/options", "# global options\nlock\n");
        write_text(paths_.config_dir + "/chat-isp",
                   "ABORT BUSY\nABORT 'NO CARRIER'\nTIMEOUT 5\n'' ATZ\nOK ATDT5551234\nCONNECT ''\n");
    }
    void TearDown() override {
        link_.reset();
        if (!dir_.empty()) std::filesystem::remove_all(dir_);
    }

    void write_peer(const std::string& device, const std::string& connect, const std::string& extra = {}) {
        write_text(paths_.config_dir + "/peers/isp", device + " 115200\nlocal\nnoauth\nconnect '" + connect +
                                                         "'\nusepeerdns\ndefaultroute\n" + extra);
    }
    std::string chat_file_connect() const { return "chat -v -f " + paths_.config_dir + "/chat-isp"; }

    void make_link() {
        link_ = std::make_unique<Link>(loop_, "isp", paths_, rec_);
        fds_before_ = open_fds();
    }

    // No interface, pidfile or descriptor of the Link is left.
    void expect_clean() {
        EXPECT_EQ(interface_index("ppp0"), 0);
        EXPECT_FALSE(std::filesystem::exists(paths_.run_dir + "/ppp0.pid"));
        EXPECT_FALSE(std::filesystem::exists(paths_.run_dir + "/ppp-isp.pid"));
        const auto now = open_fds();
        std::vector<std::string> extra;
        std::set_difference(now.begin(), now.end(), fds_before_.begin(), fds_before_.end(), std::back_inserter(extra));
        EXPECT_TRUE(extra.empty()) << "descriptors left open: " << ::testing::PrintToString(extra);
    }

    bool wait_state(LinkState s, std::chrono::milliseconds limit = 10s) {
        return run_until(loop_, [&] { return link_->status().state == s; }, limit);
    }

    EventLoop loop_;
    std::string dir_;
    LinkPaths paths_;
    Recorder rec_;
    std::unique_ptr<Link> link_;
    std::vector<std::string> fds_before_;
};

TEST_F(LinkTest, DialsNegotiatesAndBringsUpTheInterfaceThenDisconnects) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), chat_file_connect());
    make_link();

    link_->connect();
    EXPECT_EQ(rec_.states.front(), LinkState::Connecting);
    EXPECT_EQ(rec_.reasons.front(), "Opening " + peer.device());
    ASSERT_TRUE(wait_state(LinkState::Running)) << to_string(link_->status().state) << ": "
                                                << link_->status().reason << "\n"
                                                << rec_.transcript();
    const LinkStatus& st = link_->status();
    EXPECT_EQ(peer.commands, "ATZ|ATDT5551234");
    EXPECT_TRUE(rec_.saw(LinkState::Establish));
    EXPECT_TRUE(rec_.saw(LinkState::Network));
    EXPECT_EQ(st.reason, "Connected: local 10.64.0.2, remote 10.64.0.1");
    EXPECT_EQ(st.interface, "ppp0");
    EXPECT_EQ(st.data_path, "tun");
    EXPECT_EQ(st.device, peer.device());
    ASSERT_TRUE(st.local && st.remote);
    EXPECT_EQ(st.local->to_string(), "10.64.0.2");
    EXPECT_EQ(st.remote->to_string(), "10.64.0.1");
    ASSERT_EQ(st.dns.size(), 1u);
    EXPECT_EQ(st.dns[0].to_string(), "10.64.0.53");
    EXPECT_EQ(st.mtu, 1500);
    EXPECT_GT(st.connected_since_usec, 0u);

    // The kernel sees it: the interface, its point-to-point address, the default route.
    ASSERT_NE(interface_index("ppp0"), 0);
    EXPECT_EQ(interface_addresses("ppp0"), std::make_pair(std::string("10.64.0.2"), std::string("10.64.0.1")));
    EXPECT_NE(shell("ip -4 route show default").find("dev ppp0"), std::string::npos);
    EXPECT_EQ(read_text("/proc/sys/net/ipv6/conf/ppp0/disable_ipv6"), "1\n");

    // pppd's pidfiles.
    const std::string pid = std::to_string(::getpid());
    EXPECT_EQ(read_text(paths_.run_dir + "/ppp0.pid"), pid + "\n");
    // No `linkname`: no ppp-NAME.pid, as pppd.
    EXPECT_FALSE(std::filesystem::exists(paths_.run_dir + "/ppp-isp.pid"));
    // usepeerdns: pppd's resolv.conf in the configuration directory.
    EXPECT_EQ(read_text(paths_.config_dir + "/resolv.conf"), "nameserver 10.64.0.53\n");

    // Transcript: chat ran, no secret-free line is lost, the session logged addresses.
    const std::string log = rec_.transcript();
    EXPECT_NE(log.find("Running connect script: chat -f " + paths_.config_dir + "/chat-isp"), std::string::npos);
    EXPECT_NE(log.find("Connect: ppp0 <--> " + peer.device()), std::string::npos);

    // Data path, outbound: a datagram to the peer crosses TUN → PPP → pty.
    {
        const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        ASSERT_GE(s, 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(9);
        to.sin_addr.s_addr = htonl(FakePeer::kServerIp);
        ASSERT_EQ(::sendto(s, "hello", 5, 0, reinterpret_cast<sockaddr*>(&to), sizeof to), 5) << std::strerror(errno);
        ::close(s);
        ASSERT_TRUE(run_until(loop_, [&] {
            for (const auto& p : peer.delivered)
                if (p.size() == 33 && std::memcmp(p.data() + 28, "hello", 5) == 0) return true;
            return false;
        }));
    }
    // Inbound: the peer's packet reaches a local socket through PPP → TUN.
    {
        const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        ASSERT_GE(s, 0);
        sockaddr_in at{};
        at.sin_family = AF_INET;
        at.sin_port = htons(4000);
        at.sin_addr.s_addr = htonl(FakePeer::kClientIp);
        ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&at), sizeof at), 0) << std::strerror(errno);
        peer.send_ipv4(udp_packet(FakePeer::kServerIp, FakePeer::kClientIp, 4000, "world"));
        char got[16] = {};
        ssize_t n = -1;
        Source readable = loop_.add_io(s, 0x001 /* EPOLLIN */, [&](std::uint32_t) { n = ::recv(s, got, sizeof got, 0); });
        ASSERT_TRUE(run_until(loop_, [&] { return n >= 0; }));
        EXPECT_EQ(std::string(got, static_cast<std::size_t>(n)), "world");
        readable.reset();
        ::close(s);
    }
    // Counters follow (at most a second late).
    ASSERT_TRUE(run_until(loop_, [&] { return link_->status().rx_packets >= 1 && link_->status().tx_packets >= 1; }, 3s));
    EXPECT_GE(link_->status().tx_bytes, 33u);

    link_->disconnect("Requested by the test");
    EXPECT_EQ(link_->status().state, LinkState::Disconnecting);
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript();
    EXPECT_EQ(link_->status().reason, "Requested by the test");
    EXPECT_EQ(link_->status().exit_status, ExitStatus::UserRequest);
    EXPECT_EQ(link_->status().failure, FailureKind::None);
    EXPECT_TRUE(link_->status().interface.empty());
    EXPECT_FALSE(link_->status().local.has_value());
    // The peer saw a proper Terminate (its network went down before our hang-up).
    EXPECT_FALSE(peer.network.has_value());

    // Nothing is left behind.
    EXPECT_EQ(shell("ip -4 route show default"), "");
    EXPECT_FALSE(std::filesystem::exists(paths_.config_dir + "/resolv.conf"));
    expect_clean();
}

// The children of this process (zombies included), from /proc.
std::string child_pids() {
    return read_text("/proc/self/task/" + std::to_string(::getpid()) + "/children");
}

TEST_F(LinkTest, ExternalConnectCommandRunsRealChatOnTheLine) {
    if (!std::filesystem::exists("/usr/sbin/chat")) GTEST_SKIP() << "SKIPPED: /usr/sbin/chat (package ppp) missing";
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    // `exec` makes it a shell command: run externally, as pppd would.
    write_peer(peer.device(), "exec /usr/sbin/chat -f " + paths_.config_dir + "/chat-isp");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << link_->status().reason << "\n" << rec_.transcript();
    EXPECT_EQ(peer.commands, "ATZ|ATDT5551234");
    EXPECT_NE(rec_.transcript().find("Running connect script as an external command: exec\n"), std::string::npos) << rec_.transcript();
    EXPECT_EQ(child_pids(), "");  // chat was reaped
    link_->disconnect("done");
    ASSERT_TRUE(wait_state(LinkState::Disconnected));
    expect_clean();
}

TEST_F(LinkTest, ExternalConnectCommandFailureIsConnectFailed) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), "echo no modem here >&2; exit 5");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript();
    EXPECT_EQ(link_->status().exit_status, ExitStatus::ConnectFailed);
    EXPECT_EQ(link_->status().failure, FailureKind::ChatFailed);
    EXPECT_EQ(link_->status().reason, "Connect script failed (exit 5)");
    // The command's stderr reached the log.
    EXPECT_NE(rec_.transcript().find("connect script: no modem here"), std::string::npos) << rec_.transcript();
    expect_clean();
}

TEST_F(LinkTest, RealChatAbortIsNamedFromItsScript) {
    if (!std::filesystem::exists("/usr/sbin/chat")) GTEST_SKIP() << "SKIPPED: /usr/sbin/chat (package ppp) missing";
    FakePeer peer(loop_, FakePeer::Answer::Busy);
    write_peer(peer.device(), "exec /usr/sbin/chat -f " + paths_.config_dir + "/chat-isp");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript();
    EXPECT_EQ(link_->status().exit_status, ExitStatus::ConnectFailed);
    EXPECT_EQ(link_->status().reason, "chat: matched ABORT string \"BUSY\" (exit 4)");
    EXPECT_EQ(link_->status().failure, FailureKind::Busy);
}

TEST_F(LinkTest, DisconnectWhileTheExternalCommandRunsKillsAndReapsIt) {
    FakePeer peer(loop_, FakePeer::Answer::Silent);
    write_peer(peer.device(), "sleep 30");
    make_link();
    link_->connect();
    ASSERT_TRUE(run_until(loop_, [&] { return !child_pids().empty(); }, 2s));
    link_->disconnect("Stop dialing");
    EXPECT_EQ(link_->status().state, LinkState::Disconnected);  // at once, not after the command
    EXPECT_EQ(link_->status().exit_status, ExitStatus::UserRequest);
    EXPECT_EQ(link_->status().reason, "Stop dialing");
    ASSERT_TRUE(run_until(loop_, [&] { return child_pids().empty(); }, 5s)) << "connect command not reaped";
    expect_clean();
}

TEST_F(LinkTest, DestroyingTheLinkWhileTheExternalCommandRunsReapsIt) {
    FakePeer peer(loop_, FakePeer::Answer::Silent);
    write_peer(peer.device(), "sleep 30");
    make_link();
    link_->connect();
    ASSERT_TRUE(run_until(loop_, [&] { return !child_pids().empty(); }, 2s));
    link_.reset();
    EXPECT_EQ(child_pids(), "");
    expect_clean();
}

TEST_F(LinkTest, DisconnectDuringChatStopsAtOnce) {
    FakePeer peer(loop_, FakePeer::Answer::Silent);
    write_peer(peer.device(), chat_file_connect());
    make_link();
    link_->connect();
    ASSERT_TRUE(run_until(loop_, [&] { return peer.commands == "ATZ"; }, 2s));
    link_->disconnect("Cancelled");
    EXPECT_EQ(link_->status().state, LinkState::Disconnected);
    EXPECT_EQ(link_->status().exit_status, ExitStatus::UserRequest);
    EXPECT_EQ(link_->status().failure, FailureKind::None);
    EXPECT_EQ(rec_.states, (std::vector<LinkState>{LinkState::Connecting, LinkState::Disconnecting,
                                                   LinkState::Disconnected}));
    expect_clean();
    // Reconnecting works (the device was released).
    link_->connect();
    EXPECT_EQ(link_->status().state, LinkState::Connecting);
}

TEST_F(LinkTest, ChatTimeoutIsChatTimeout) {
    FakePeer peer(loop_, FakePeer::Answer::Silent);
    write_text(paths_.config_dir + "/chat-isp", "TIMEOUT 1\n'' ATZ\nOK ATDT5551234\nCONNECT ''\n");
    write_peer(peer.device(), chat_file_connect());
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Disconnected, 5s)) << rec_.transcript();
    EXPECT_EQ(link_->status().failure, FailureKind::ChatTimeout);
    EXPECT_EQ(link_->status().exit_status, ExitStatus::ConnectFailed);
    expect_clean();
}

TEST_F(LinkTest, ModemHangupWhileRunningTearsDown) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), chat_file_connect());
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    peer.hang_up();
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript();
    EXPECT_EQ(link_->status().exit_status, ExitStatus::Hangup);
    EXPECT_EQ(link_->status().failure, FailureKind::Hangup);
    EXPECT_EQ(link_->status().reason, "Modem hangup");
    expect_clean();
}

TEST_F(LinkTest, DestroyingARunningLinkTearsDownSynchronously) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), chat_file_connect());
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    const auto states = rec_.states.size();
    link_.reset();
    EXPECT_EQ(rec_.states.size(), states) << "no callbacks from a Link being destroyed";
    expect_clean();
    // The peer still got a Terminate-Request.
    ASSERT_TRUE(run_until(loop_, [&] { return !peer.network.has_value(); }, 2s));
}

TEST_F(LinkTest, DisconnectFromInsideAnObserverCallback) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), chat_file_connect());
    make_link();
    rec_.on_state = [&](LinkState s) {
        if (s == LinkState::Running) link_->disconnect("Changed my mind");
    };
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript();
    EXPECT_TRUE(rec_.saw(LinkState::Running));
    EXPECT_EQ(link_->status().exit_status, ExitStatus::UserRequest);
    EXPECT_EQ(link_->status().reason, "Changed my mind");
    expect_clean();
}

TEST_F(LinkTest, DataPathFailureClosesTheSessionAndReportsADeviceError) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), chat_file_connect());
    paths_.run_dir = dir_ + "/no-such-run-dir";  // the pidfiles cannot be written
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript();
    EXPECT_FALSE(rec_.saw(LinkState::Running));
    EXPECT_EQ(link_->status().exit_status, ExitStatus::FatalError);
    EXPECT_EQ(link_->status().failure, FailureKind::DeviceError);
    EXPECT_EQ(link_->status().reason.rfind("Cannot set up the data path: ", 0), 0u) << link_->status().reason;
    EXPECT_FALSE(peer.network.has_value()) << "the peer was not sent a Terminate";
    expect_clean();
}

TEST_F(LinkTest, ExistingDefaultRouteIsKept) {
    // Someone else's default route (another TUN stands in for a LAN interface).
    Tun other = open_tun("d0");
    link_set_up(other.ifindex, true);
    route_add_default(other.ifindex);
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), chat_file_connect());
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    EXPECT_NE(rec_.transcript().find("not replacing existing default route"), std::string::npos);
    link_->disconnect("done");
    ASSERT_TRUE(wait_state(LinkState::Disconnected));
    EXPECT_NE(shell("ip -4 route show default").find("dev d0"), std::string::npos);
    expect_clean();
}

TEST_F(LinkTest, BusyEndsWithBusyAndExitStatus8) {
    FakePeer peer(loop_, FakePeer::Answer::Busy);
    write_peer(peer.device(), chat_file_connect());
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript();
    EXPECT_EQ(link_->status().failure, FailureKind::Busy);
    EXPECT_EQ(link_->status().exit_status, ExitStatus::ConnectFailed);
    EXPECT_NE(link_->status().reason.find("BUSY"), std::string::npos) << link_->status().reason;
    EXPECT_EQ(rec_.states, (std::vector<LinkState>{LinkState::Connecting, LinkState::Disconnected}));
    expect_clean();
}

TEST_F(LinkTest, DeviceThatCannotBeOpenedIsADeviceError) {
    write_peer(dir_ + "/no-such-tty", chat_file_connect());
    make_link();
    link_->connect();  // fails synchronously: no device, nothing to wait for
    EXPECT_EQ(link_->status().state, LinkState::Disconnected);
    EXPECT_EQ(link_->status().failure, FailureKind::DeviceError);
    EXPECT_EQ(link_->status().exit_status, ExitStatus::OpenFailed);
    EXPECT_EQ(link_->status().reason, "Cannot open " + dir_ + "/no-such-tty: No such file or directory");
    EXPECT_EQ(rec_.states, (std::vector<LinkState>{LinkState::Connecting, LinkState::Disconnected}));
    expect_clean();
}

TEST_F(LinkTest, ConfigErrorIsThrownAndTheLinkStaysDisconnected) {
    write_peer("/dev/null", chat_file_connect(), "no-such-option\n");
    make_link();
    try {
        link_->connect();
        FAIL() << "connect() accepted an unknown option";
    } catch (const config::Error& e) {
        EXPECT_EQ(e.file(), paths_.config_dir + "/peers/isp");
        EXPECT_EQ(e.line(), 7);
    }
    EXPECT_EQ(link_->status().state, LinkState::Disconnected);
    EXPECT_EQ(link_->status().exit_status, ExitStatus::OptionError);
    EXPECT_EQ(link_->status().failure, FailureKind::ConfigError);
    EXPECT_TRUE(rec_.states.empty());
    link_->disconnect("not connected");  // a no-op when idle
    EXPECT_TRUE(rec_.states.empty());
}

TEST_F(LinkTest, IfnameAndDefaultrouteMetricNameTheInterfaceAndSetTheRoute) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), chat_file_connect(), "ifname wan0\ndefaultroute-metric 700\nlinkname isp\n");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    EXPECT_EQ(link_->status().interface, "wan0");
    EXPECT_NE(interface_index("wan0"), 0);
    EXPECT_EQ(interface_index("ppp0"), 0);
    const std::string route = shell("ip -4 route show default");
    EXPECT_NE(route.find("dev wan0"), std::string::npos) << route;
    EXPECT_NE(route.find("metric 700"), std::string::npos) << route;
    const std::string pid = std::to_string(::getpid());
    EXPECT_EQ(read_text(paths_.run_dir + "/wan0.pid"), pid + "\n");
    EXPECT_EQ(read_text(paths_.run_dir + "/ppp-isp.pid"), pid + "\nwan0\n");
    link_->disconnect("done");
    ASSERT_TRUE(wait_state(LinkState::Disconnected));
    EXPECT_EQ(interface_index("wan0"), 0);
    EXPECT_EQ(shell("ip -4 route show default"), "");
    EXPECT_FALSE(std::filesystem::exists(paths_.run_dir + "/wan0.pid"));
    expect_clean();
}

TEST_F(LinkTest, UnitNamesTheInterfacePppN) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), chat_file_connect(), "unit 7\n");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    EXPECT_EQ(link_->status().interface, "ppp7");
    EXPECT_NE(interface_index("ppp7"), 0);
    const std::string route = shell("ip -4 route show default");
    EXPECT_NE(route.find("dev ppp7"), std::string::npos) << route;
    EXPECT_EQ(route.find("metric"), std::string::npos) << "no defaultroute-metric: the kernel's default. " << route;
    EXPECT_EQ(read_text(paths_.run_dir + "/ppp7.pid"), std::to_string(::getpid()) + "\n");
    link_->disconnect("done");
    ASSERT_TRUE(wait_state(LinkState::Disconnected));
    EXPECT_EQ(interface_index("ppp7"), 0);
    EXPECT_FALSE(std::filesystem::exists(paths_.run_dir + "/ppp7.pid"));
    expect_clean();
}


TEST_F(LinkTest, InitRunsBeforeConnectAndWelcomeAfterIt) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    const std::string order = dir_ + "/order";
    write_peer(peer.device(), chat_file_connect(),
               "init 'echo init >> " + order + "'\nwelcome 'echo welcome >> " + order + "'\n");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    EXPECT_EQ(read_text(order), "init\nwelcome\n");
    EXPECT_EQ(peer.commands, "ATZ|ATDT5551234");
    const std::string log = rec_.transcript();
    const auto init = log.find("Running init script as an external command: echo");
    const auto connect = log.find("Running connect script: chat -f");
    const auto established = log.find("Serial connection established.");
    const auto welcome = log.find("Running welcome script as an external command: echo");
    const auto ppp = log.find("Connect: ppp0");
    ASSERT_NE(init, std::string::npos) << log;
    ASSERT_NE(welcome, std::string::npos) << log;
    EXPECT_LT(init, connect) << log;
    EXPECT_LT(connect, established) << log;
    EXPECT_LT(established, welcome) << log;
    EXPECT_LT(welcome, ppp) << log;
    EXPECT_EQ(child_pids(), "");
    link_->disconnect("done");
    ASSERT_TRUE(wait_state(LinkState::Disconnected));
    expect_clean();
}

TEST_F(LinkTest, InitFailureIsInitFailedAndConnectNeverRuns) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), chat_file_connect(), "init 'exit 3'\n");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript();
    EXPECT_EQ(link_->status().exit_status, ExitStatus::InitFailed);
    EXPECT_EQ(link_->status().reason, "Init script failed (exit 3)");
    EXPECT_EQ(peer.commands, "");
    expect_clean();
}

TEST_F(LinkTest, WelcomeFailureIsOnlyAWarning) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    write_peer(peer.device(), chat_file_connect(), "welcome 'exit 1'\n");
    make_link();
    link_->connect();
    ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    EXPECT_NE(rec_.transcript().find("Welcome script failed (exit 1); continuing"), std::string::npos)
        << rec_.transcript();
    link_->disconnect("done");
    ASSERT_TRUE(wait_state(LinkState::Disconnected));
    expect_clean();
}

}  // namespace
}  // namespace ppp::io
