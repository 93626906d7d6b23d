// pppd's options around the link's own interface, through real dials in a
// private network namespace: defaultroute with an existing default route
// (kept, or replaced and restored with replacedefaultroute), proxyarp on a
// veth pair whose far end lives in a namespace of its own, logfile and
// record. Needs root; skips (loudly) without it.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "io/link.hpp"
#include "io/netlink.hpp"
#include "link_recorder.hpp"
#include "loop_helpers.hpp"
#include "test_link_peer.hpp"

namespace ppp::io {
namespace {

using namespace std::chrono_literals;
using testing::FakePeer;
using testing::run_until;

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

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// `command`, which must succeed.
void run(const std::string& command) { ASSERT_EQ(std::system(command.c_str()), 0) << command; }

// A process idling in a network namespace of its own: the far side of a veth pair.
class FarNamespace {
public:
    FarNamespace() {
        int ready[2];
        if (::pipe(ready) < 0) return;
        pid_ = ::fork();
        if (pid_ == 0) {
            ::close(ready[0]);
            if (::unshare(CLONE_NEWNET) < 0) ::_exit(1);
            (void)!::write(ready[1], "x", 1);
            ::execlp("sleep", "sleep", "60", static_cast<char*>(nullptr));
            ::_exit(1);
        }
        ::close(ready[1]);
        char c = 0;
        if (pid_ < 0 || ::read(ready[0], &c, 1) != 1) pid_ = -1;  // waits until the child has its namespace
        ::close(ready[0]);
    }
    ~FarNamespace() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    bool ok() const { return pid_ > 0; }
    int pid() const { return pid_; }
    std::string in(const std::string& command) const {
        return "nsenter -t " + std::to_string(pid_) + " -n " + command;
    }

private:
    int pid_ = -1;
};

class LinkRoutesTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() != 0) GTEST_SKIP() << "SKIPPED: needs root (a private network namespace and TUN devices)";
        ASSERT_EQ(::unshare(CLONE_NEWNET), 0) << std::strerror(errno);
        char tmpl[] = "/tmp/pppkit-routes-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        std::filesystem::create_directories(dir_ + "/etc/peers");
        std::filesystem::create_directories(dir_ + "/run");
        paths_.config_dir = dir_ + "/etc";
        paths_.run_dir = dir_ + "/run";
        paths_.lock_dir = dir_ + "/run";
        write_text(paths_.config_dir + "/options", "lock\n");
        write_text(paths_.config_dir + "/chat-isp", "TIMEOUT 5\n'' ATZ\nOK ATDT5551234\nCONNECT ''\n");
    }
    void TearDown() override {
        link_.reset();
        if (!dir_.empty()) std::filesystem::remove_all(dir_);
    }

    // A LAN interface with a default route through its gateway, like a DHCP
    // client leaves it: lan0 192.168.77.1/24, default via 192.168.77.254.
    void add_lan_with_default_route(const std::string& metric) {
        run("ip link add lan0 type veth peer name lan1 && ip addr add 192.168.77.1/24 dev lan0 && "
            "ip link set lan0 up && ip link set lan1 up && "
            "ip route add default via 192.168.77.254 dev lan0 metric " + metric);
    }

    void dial(FakePeer& peer, const std::string& extra) {
        write_text(paths_.config_dir + "/peers/isp", peer.device() + " 115200\nlocal\nnoauth\nconnect 'chat -v -f " +
                                                         paths_.config_dir + "/chat-isp'\ndefaultroute\n" + extra);
        link_ = std::make_unique<Link>(loop_, "isp", paths_, rec_);
        link_->connect();
        ASSERT_TRUE(wait_state(LinkState::Running)) << rec_.transcript();
    }
    void hang_up() {
        link_->disconnect("done");
        ASSERT_TRUE(wait_state(LinkState::Disconnected)) << rec_.transcript();
    }
    bool wait_state(LinkState s) {
        return run_until(loop_, [&] { return link_->status().state == s; }, 10s);
    }

    EventLoop loop_;
    std::string dir_;
    LinkPaths paths_;
    Recorder rec_;
    std::unique_ptr<Link> link_;
};

TEST_F(LinkRoutesTest, DefaultrouteKeepsAnExistingDefaultRouteWhateverItsMetric) {
    // pppd without defaultroute-metric (-1): any default route stops ours,
    // even one with a metric above ours.
    add_lan_with_default_route("100");
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    ASSERT_NO_FATAL_FAILURE(dial(peer, "proxyarp\n"));
    EXPECT_TRUE(contains(rec_.transcript(), "not replacing existing default route via 192.168.77.254 with metric -1"))
        << rec_.transcript();
    EXPECT_EQ(shell("ip -4 route show default"), "default via 192.168.77.254 dev lan0 metric 100 \n");
    // No LAN holds 10.64.0.1: pppd's line, and the link stays up.
    EXPECT_TRUE(contains(rec_.transcript(), "Cannot determine ethernet address for proxy ARP")) << rec_.transcript();
    EXPECT_EQ(shell("ip neigh show proxy"), "");
    ASSERT_NO_FATAL_FAILURE(hang_up());
    EXPECT_EQ(shell("ip -4 route show default"), "default via 192.168.77.254 dev lan0 metric 100 \n");
}

TEST_F(LinkRoutesTest, DefaultrouteMetricYieldsOnlyToARouteOfThatMetric) {
    add_lan_with_default_route("100");
    {
        FakePeer peer(loop_, FakePeer::Answer::Connect);
        ASSERT_NO_FATAL_FAILURE(dial(peer, "defaultroute-metric 200\n"));
        const std::string routes = shell("ip -4 route show default");
        EXPECT_TRUE(contains(routes, "default dev ppp0 scope link metric 200")) << routes;
        EXPECT_TRUE(contains(routes, "via 192.168.77.254 dev lan0 metric 100")) << routes;
        ASSERT_NO_FATAL_FAILURE(hang_up());
    }
    rec_.logs.clear();
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    ASSERT_NO_FATAL_FAILURE(dial(peer, "defaultroute-metric 100\n"));
    EXPECT_TRUE(contains(rec_.transcript(), "not replacing existing default route via 192.168.77.254 with metric 100"))
        << rec_.transcript();
    EXPECT_FALSE(contains(shell("ip -4 route show default"), "ppp0"));
    ASSERT_NO_FATAL_FAILURE(hang_up());
}

TEST_F(LinkRoutesTest, ReplacedefaultrouteReplacesTheDefaultRouteAndRestoresIt) {
    add_lan_with_default_route("100");
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    ASSERT_NO_FATAL_FAILURE(dial(peer, "replacedefaultroute\n"));
    EXPECT_TRUE(contains(rec_.transcript(), "replacing old default route to lan0 [192.168.77.254]")) << rec_.transcript();
    EXPECT_EQ(shell("ip -4 route show default"), "default dev ppp0 scope link \n");
    ASSERT_NO_FATAL_FAILURE(hang_up());
    EXPECT_TRUE(contains(rec_.transcript(), "restoring old default route to lan0 [192.168.77.254]")) << rec_.transcript();
    EXPECT_EQ(shell("ip -4 route show default"), "default via 192.168.77.254 dev lan0 metric 100 \n");
}

TEST_F(LinkRoutesTest, ProxyarpAnswersForThePeerOnTheLanThatHoldsIt) {
    // lan0 10.64.0.100/24 here; its veth peer far0 (10.64.0.200/24) in a namespace of its own.
    FarNamespace far;
    ASSERT_TRUE(far.ok());
    run("ip link add lan0 type veth peer name far0 netns " + std::to_string(far.pid()));
    run("ip addr add 10.64.0.100/24 dev lan0 && ip link set lan0 up");
    run(far.in("ip addr add 10.64.0.200/24 dev far0") + " && " + far.in("ip link set far0 up"));
    // A router, as pppd's proxyarp users run it; answer ARP without the random delay.
    write_text("/proc/sys/net/ipv4/ip_forward", "1\n");
    write_text("/proc/sys/net/ipv4/neigh/lan0/proxy_delay", "0\n");
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    ASSERT_NO_FATAL_FAILURE(dial(peer, "nodefaultroute\nproxyarp\n"));
    EXPECT_TRUE(contains(rec_.transcript(), "found interface lan0 for proxy arp")) << rec_.transcript();
    EXPECT_EQ(shell("ip neigh show proxy"), "10.64.0.1 dev lan0 proxy \n");

    // A host on the LAN sends to the peer: ARP for 10.64.0.1 is answered
    // with lan0's address, and the datagram travels on through the link.
    run(far.in("bash -c 'echo hello >/dev/udp/10.64.0.1/9'"));
    ASSERT_TRUE(run_until(loop_, [&] { return !peer.delivered.empty(); }, 5s))
        << "the far side's datagram never reached the peer; far side's neighbours: "
        << shell(far.in("ip neigh show"));
    const std::string lan0_mac = read_text("/sys/class/net/lan0/address");
    const std::string far_neigh = shell(far.in("ip neigh show 10.64.0.1 dev far0"));
    EXPECT_TRUE(contains(far_neigh, "lladdr " + lan0_mac.substr(0, lan0_mac.find('\n')))) << far_neigh;

    ASSERT_NO_FATAL_FAILURE(hang_up());
    EXPECT_EQ(shell("ip neigh show proxy"), "");
}

TEST_F(LinkRoutesTest, LogfileGetsTheLogLinesAndIsCreatedPrivate) {
    const std::string log = dir_ + "/ppp.log";
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    ASSERT_NO_FATAL_FAILURE(dial(peer, "logfile " + log + "\n"));
    ASSERT_NO_FATAL_FAILURE(hang_up());
    const std::string text = read_text(log);
    EXPECT_TRUE(contains(text, "\nlocal  IP address 10.64.0.2\n")) << text;
    EXPECT_TRUE(contains(text, "\nremote IP address 10.64.0.1\n")) << text;
    EXPECT_TRUE(contains(text, "\nConnection terminated.\n")) << text;
    struct stat st {};
    ASSERT_EQ(::stat(log.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);

    // The next connection appends.
    rec_.logs.clear();
    FakePeer again(loop_, FakePeer::Answer::Connect);
    ASSERT_NO_FATAL_FAILURE(dial(again, "logfile " + log + "\n"));
    ASSERT_NO_FATAL_FAILURE(hang_up());
    const std::string both = read_text(log);
    EXPECT_EQ(both.rfind(text, 0), 0u) << "the first connection's lines were not kept";
    EXPECT_GT(both.size(), text.size());
}

TEST_F(LinkRoutesTest, AnUnopenableLogfileIsAWarningNotAFailure) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    ASSERT_NO_FATAL_FAILURE(dial(peer, "logfile " + dir_ + "/no-such-dir/ppp.log\n"));
    EXPECT_TRUE(contains(rec_.transcript(), "Warning: cannot open log file " + dir_ +
                                                "/no-such-dir/ppp.log: No such file or directory"))
        << rec_.transcript();
    ASSERT_NO_FATAL_FAILURE(hang_up());
}

TEST_F(LinkRoutesTest, RecordWritesWhatPppdumpDecodes) {
    if (!std::filesystem::exists("/usr/sbin/pppdump")) GTEST_SKIP() << "SKIPPED: /usr/sbin/pppdump (package ppp) missing";
    const std::string record = dir_ + "/line.rec";
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    ASSERT_NO_FATAL_FAILURE(dial(peer, "record " + record + "\n"));
    ASSERT_NO_FATAL_FAILURE(hang_up());
    struct stat st {};
    ASSERT_EQ(::stat(record.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    // The chat exchange, as text...
    const std::string raw = shell("pppdump " + record + " 2>&1");
    EXPECT_TRUE(contains(raw, "ATZ")) << raw;
    EXPECT_TRUE(contains(raw, "CONNECT")) << raw;
    // ...and PPP, unframed into packets (-p), both ways: an LCP
    // Configure-Request (ff 03, protocol c0 21, code 01) each.
    const std::string packets = shell("pppdump -p " + record + " 2>&1");
    EXPECT_TRUE(contains(packets, "\nsent  ff 03 c0 21 01 ")) << packets;
    EXPECT_TRUE(contains(packets, "\nrcvd  ff 03 c0 21 01 ")) << packets;
    EXPECT_TRUE(contains(packets, "\nend send\nend recv\n")) << packets;
}

TEST_F(LinkRoutesTest, KdebugLogsPacketsOfTheDataPath) {
    FakePeer peer(loop_, FakePeer::Answer::Connect);
    ASSERT_NO_FATAL_FAILURE(dial(peer, "nodefaultroute\nkdebug 7\n"));
    EXPECT_TRUE(contains(rec_.transcript(), "kdebug: interface ppp0 up")) << rec_.transcript();
    // A datagram from the peer to us: the kernel answers nothing (no
    // listener), but the data path logs what it received.
    std::vector<std::uint8_t> p(28, 0);
    p[0] = 0x45;
    p[3] = 28;
    p[8] = 64;
    p[9] = 17;
    const std::uint8_t src[4] = {10, 64, 0, 1}, dst[4] = {10, 64, 0, 2};
    std::memcpy(p.data() + 12, src, 4);
    std::memcpy(p.data() + 16, dst, 4);
    peer.send_ipv4(p);
    ASSERT_TRUE(run_until(loop_, [&] { return contains(rec_.transcript(), "kdebug: rcvd IPv4 10.64.0.1 > 10.64.0.2"); },
                          5s))
        << rec_.transcript();
    ASSERT_NO_FATAL_FAILURE(hang_up());
}

}  // namespace
}  // namespace ppp::io
