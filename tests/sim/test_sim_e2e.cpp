// pppkit-sim as a whole: the binary on a real pty, dialled like a modem, then
// a client ppp::Session over the line until an ICMP echo comes back.
#include <gtest/gtest.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <random>

#include "core/session.hpp"
#include "icmp_responder.hpp"
#include "io/event_loop.hpp"
#include "sim_process.hpp"

namespace ppp::sim::test {
namespace {

using namespace std::chrono_literals;

const Ipv4 kIsp{0x0a400001};     // 10.64.0.1
const Ipv4 kClient{0x0a400002};  // 10.64.0.2
constexpr std::uint16_t kPingId = 0x5151;

bool exists(const std::string& path) {
    struct stat st{};
    return ::lstat(path.c_str(), &st) == 0;
}

std::vector<std::uint8_t> echo_request(Ipv4 from, Ipv4 to, std::uint16_t seq) {
    std::vector<std::uint8_t> p = {0x45, 0, 0, 0, 0x00, 0x01, 0x40, 0x00, 64, 1, 0, 0};
    for (Ipv4 a : {from, to})
        for (int shift = 24; shift >= 0; shift -= 8) p.push_back(static_cast<std::uint8_t>(a.value >> shift));
    const std::vector<std::uint8_t> icmp_head = {8, 0, 0, 0, kPingId >> 8, kPingId & 0xff,
                                                 static_cast<std::uint8_t>(seq >> 8), static_cast<std::uint8_t>(seq)};
    p.insert(p.end(), icmp_head.begin(), icmp_head.end());
    for (int i = 0; i < 56; ++i) p.push_back(static_cast<std::uint8_t>(i));
    p[3] = static_cast<std::uint8_t>(p.size());
    const auto ip_sum = internet_checksum(Bytes(p).first(20));
    p[10] = static_cast<std::uint8_t>(ip_sum >> 8);
    p[11] = static_cast<std::uint8_t>(ip_sum);
    const auto icmp_sum = internet_checksum(Bytes(p).subspan(20));
    p[22] = static_cast<std::uint8_t>(icmp_sum >> 8);
    p[23] = static_cast<std::uint8_t>(icmp_sum);
    return p;
}

bool is_echo_reply(Bytes p, Ipv4 from, Ipv4 to, std::uint16_t seq) {
    if (p.size() < 28 || (p[0] >> 4) != 4 || p[9] != 1) return false;
    const std::size_t ihl = std::size_t{p[0] & 0x0fu} * 4;
    auto addr = [&](std::size_t at) {
        return Ipv4{(std::uint32_t{p[at]} << 24) | (std::uint32_t{p[at + 1]} << 16) | (std::uint32_t{p[at + 2]} << 8) |
                    p[at + 3]};
    };
    if (addr(12) != from || addr(16) != to || p.size() < ihl + 8) return false;
    if (internet_checksum(p.first(ihl)) != 0 || internet_checksum(p.subspan(ihl)) != 0) return false;
    return p[ihl] == 0 && p[ihl + 4] == (kPingId >> 8) && p[ihl + 5] == (kPingId & 0xff) &&
           p[ihl + 6] == (seq >> 8) && p[ihl + 7] == (seq & 0xff);
}

// A dial-up client: a ppp::Session on the line, driven by an io::EventLoop.
struct PingOutcome {
    std::optional<NetworkInfo> network;
    bool replied = false;
    bool hung_up = false;  // the simulator dropped the line after our LCP Terminate-Request
    std::string failure;
    std::vector<std::string> log;
};

class PppClient final : public SessionObserver {
public:
    explicit PppClient(int fd, auth::Config auth = {}) : fd_(fd), auth_(std::move(auth)) {}

    // Runs PPP until an echo to `target` comes back, or `limit` passes. With
    // `then_terminate`, closes the session politely and waits for the hang-up.
    PingOutcome ping(Ipv4 target, std::chrono::milliseconds limit, bool then_terminate = false) {
        io::EventLoop loop;
        SessionConfig config;
        config.role = Role::Client;
        config.request_dns = true;
        config.magic_seed = 0x2468ace1;
        config.auth = auth_;
        Session session(config, *this);
        session_ = &session;
        io::Deadline timers(loop, [&] {
            session.tick(io::EventLoop::now());
            timers.arm(session.next_deadline());
        });
        auto line = loop.add_io(fd_, EPOLLIN, [&](std::uint32_t) {
            std::uint8_t buf[4096];
            for (;;) {
                const ssize_t n = ::read(fd_, buf, sizeof buf);
                if (n > 0) {
                    session.input(io::EventLoop::now(), Bytes(buf, static_cast<std::size_t>(n)));
                    continue;
                }
                if (n < 0 && (errno == EAGAIN || errno == EINTR)) break;
                if (terminating_) {
                    outcome_.hung_up = true;
                    loop.exit(0);
                    return;
                }
                outcome_.failure = "the simulator hung up";
                loop.exit(1);
                return;
            }
            if (outcome_.replied && then_terminate && !terminating_) {
                terminating_ = true;
                session.close(io::EventLoop::now(), "test over");
            }
            timers.arm(session.next_deadline());
            if (outcome_.replied && !then_terminate) loop.exit(0);
        });
        auto give_up = loop.add_timer(io::EventLoop::now() + limit, [&] {
            outcome_.failure = "no echo reply in time; phase " + std::string(to_string(session.phase()));
            loop.exit(1);
        });
        io::Source send_ping;
        on_up_ = [&] {
            send_ping = loop.add_defer([&, target] {
                const auto packet = echo_request(outcome_.network->local, target, 1);
                session.send_ipv4(io::EventLoop::now(), packet);
            });
        };
        target_ = target;
        session.open(io::EventLoop::now());
        timers.arm(session.next_deadline());
        loop.run();
        session_ = nullptr;
        return outcome_;
    }

    void send_line(Bytes b) override {
        if (!send_text(fd_, std::string_view(reinterpret_cast<const char*>(b.data()), b.size())))
            outcome_.failure = "cannot write to the line";
    }
    void deliver_ipv4(Bytes p) override {
        if (outcome_.network && is_echo_reply(p, target_, outcome_.network->local, 1)) outcome_.replied = true;
    }
    void phase_changed(Phase, Phase) override {}
    void network_up(const NetworkInfo& info) override {
        outcome_.network = info;
        if (on_up_) on_up_();
    }
    void network_down() override {}
    void finished(ExitStatus, std::string_view reason) override {
        if (outcome_.failure.empty() && !terminating_) outcome_.failure = "PPP finished: " + std::string(reason);
    }
    void log(LogLevel, std::string_view line) override { outcome_.log.emplace_back(line); }

private:
    int fd_;
    auth::Config auth_;
    Session* session_ = nullptr;
    bool terminating_ = false;
    Ipv4 target_;
    std::function<void()> on_up_;
    PingOutcome outcome_;
};

class SimE2E : public ::testing::Test {
protected:
    std::string link() const { return dir_.path() + "/ttySIM"; }
    std::vector<std::string> argv(std::initializer_list<std::string> extra) const {
        std::vector<std::string> a = {sim_binary(), "--link", link()};
        a.insert(a.end(), extra);
        return a;
    }
    TempDir dir_;
};

// Dials: ATZ → OK, ATDT → CONNECT.
void dial(int fd) {
    ASSERT_TRUE(send_text(fd, "ATZ\r"));
    ASSERT_TRUE(expect_text(fd, "OK\r\n", 5s));
    ASSERT_TRUE(send_text(fd, "ATDT5551234\r"));
    std::string got;
    ASSERT_TRUE(expect_text(fd, "CONNECT 115200\r\n", 5s, &got)) << got;
}

TEST_F(SimE2E, DialNegotiateAndPingOnce) {
    const std::string pidfile = dir_.path() + "/sim.pid";
    SimProcess sim(argv({"--dns", "10.64.0.53,10.64.0.54", "--once", "--pidfile", pidfile}));
    ASSERT_TRUE(sim.wait_log("modem ready", 10s)) << sim.log();
    ASSERT_TRUE(exists(pidfile));
    {
        io::Fd line = open_line(link());
        ASSERT_NO_FATAL_FAILURE(dial(line.get()));
        PppClient client(line.get());
        const auto outcome = client.ping(kIsp, 15s);
        ASSERT_TRUE(outcome.network) << outcome.failure << "\n" << sim.log();
        EXPECT_EQ(outcome.network->local, kClient);
        EXPECT_EQ(outcome.network->remote, kIsp);
        ASSERT_TRUE(outcome.network->dns1);
        EXPECT_EQ(outcome.network->dns1->to_string(), "10.64.0.53");
        ASSERT_TRUE(outcome.network->dns2);
        EXPECT_EQ(outcome.network->dns2->to_string(), "10.64.0.54");
        EXPECT_TRUE(outcome.replied) << outcome.failure << "\n" << sim.log();
    }  // the client hangs up by closing the line
    const auto status = sim.wait_exit(10s);
    ASSERT_TRUE(status) << "--once: the simulator did not exit after the call\n" << sim.log();
    EXPECT_EQ(*status, 0) << sim.log();
    EXPECT_FALSE(exists(link())) << "the link symlink was left behind";
    EXPECT_FALSE(exists(pidfile)) << "the pidfile was left behind";
    EXPECT_NE(sim.log().find("network up: client 10.64.0.2, ISP 10.64.0.1"), std::string::npos) << sim.log();
}

TEST_F(SimE2E, LoginPromptsThenPpp) {
    SimProcess sim(argv({"--login", "--user", "joe", "--password", "s3cret", "--local-ip", "10.9.0.1",
                         "--remote-ip", "10.9.0.7"}));
    ASSERT_TRUE(sim.wait_log("modem ready", 10s)) << sim.log();
    io::Fd line = open_line(link());
    const int fd = line.get();
    ASSERT_TRUE(send_text(fd, "ATE0\r"));
    ASSERT_TRUE(expect_text(fd, "OK\r\n", 5s));
    ASSERT_TRUE(send_text(fd, "ATDT5551234\r"));
    ASSERT_TRUE(expect_text(fd, "ername:", 5s));
    ASSERT_TRUE(send_text(fd, "joe\r"));
    ASSERT_TRUE(expect_text(fd, "ssword:", 5s));
    ASSERT_TRUE(send_text(fd, "s3cret\r"));
    ASSERT_TRUE(expect_text(fd, ">", 5s));
    PppClient client(fd);
    const auto outcome = client.ping(*Ipv4::parse("10.9.0.1"), 15s);
    ASSERT_TRUE(outcome.network) << outcome.failure << "\n" << sim.log();
    EXPECT_EQ(outcome.network->local.to_string(), "10.9.0.7");
    EXPECT_TRUE(outcome.replied) << outcome.failure;
    EXPECT_EQ(sim.log().find("s3cret"), std::string::npos) << "the password reached the log";
}

TEST_F(SimE2E, AuthChapWithTheNameInTheChallenge) {
    SimProcess sim(argv({"--auth", "chap", "--user", "joe", "--password", "s3cret", "--name", "isp-7"}));
    ASSERT_TRUE(sim.wait_log("modem ready", 10s)) << sim.log();
    io::Fd line = open_line(link());
    ASSERT_NO_FATAL_FAILURE(dial(line.get()));
    auth::Config a;
    a.user = "joe";
    std::string asked_server = "(none)";
    a.secrets = [&](auth::Method m, std::string_view client, std::string_view server) -> std::optional<auth::Secret> {
        if (m == auth::Method::ChapMd5 && !server.empty()) asked_server = server;
        if (client != "joe") return std::nullopt;
        return auth::Secret{"s3cret"};
    };
    PppClient client(line.get(), a);
    const auto outcome = client.ping(kIsp, 15s);
    ASSERT_TRUE(outcome.network) << outcome.failure << "\n" << sim.log();
    EXPECT_TRUE(outcome.replied) << outcome.failure;
    EXPECT_EQ(asked_server, "isp-7");  // --name is the authenticator's name in the challenge
    EXPECT_EQ(sim.log().find("s3cret"), std::string::npos) << "the password reached the log";
}

TEST_F(SimE2E, AuthMsChapV1) {
    SimProcess sim(argv({"--auth", "mschap", "--user", "joe", "--password", "s3cret", "--name", "isp-7", "-v"}));
    ASSERT_TRUE(sim.wait_log("modem ready", 10s)) << sim.log();
    io::Fd line = open_line(link());
    ASSERT_NO_FATAL_FAILURE(dial(line.get()));
    auth::Config a;
    a.user = "joe";
    a.secrets = [&](auth::Method, std::string_view client, std::string_view) -> std::optional<auth::Secret> {
        if (client != "joe") return std::nullopt;
        return auth::Secret{"s3cret"};
    };
    PppClient client(line.get(), a);
    const auto outcome = client.ping(kIsp, 15s);
    ASSERT_TRUE(outcome.network) << outcome.failure << "\n" << sim.log();
    EXPECT_TRUE(outcome.replied) << outcome.failure;
    EXPECT_TRUE(sim.wait_log("authenticated with MS-CHAP", 5s)) << sim.log();
    EXPECT_EQ(sim.log().find("MS-CHAPv2"), std::string::npos) << sim.log();
    EXPECT_EQ(sim.log().find("s3cret"), std::string::npos) << "the password reached the log";
}

TEST_F(SimE2E, AuthWithAWrongPasswordHangsUp) {
    SimProcess sim(argv({"--auth", "pap", "--user", "joe", "--password", "right"}));
    ASSERT_TRUE(sim.wait_log("modem ready", 10s)) << sim.log();
    io::Fd line = open_line(link());
    ASSERT_NO_FATAL_FAILURE(dial(line.get()));
    auth::Config a;
    a.user = "joe";
    a.password = "wrong";
    PppClient client(line.get(), a);
    const auto outcome = client.ping(kIsp, 15s);
    EXPECT_FALSE(outcome.network);
    // The ISP Naks with its message, then hangs up.
    const bool naked = std::any_of(outcome.log.begin(), outcome.log.end(), [](const std::string& l) {
        return l.find("PAP authentication failed: Login incorrect") != std::string::npos;
    });
    EXPECT_TRUE(naked) << outcome.failure << "\n" << sim.log();
    EXPECT_NE(sim.log().find("failed: wrong password"), std::string::npos) << sim.log();
}

TEST_F(SimE2E, HangupGivesAFreshLineForTheNextCall) {
    SimProcess sim(argv({}));
    ASSERT_TRUE(sim.wait_log("modem ready", 10s)) << sim.log();
    {
        io::Fd line = open_line(link());
        ASSERT_NO_FATAL_FAILURE(dial(line.get()));
        ASSERT_TRUE(send_text(line.get(), "\r"));  // what chat's CONNECT '' sends
        ASSERT_TRUE(sim.wait_log("PPP phase Dead -> Establish", 5s)) << sim.log();
    }  // dropping DTR, as far as a pty goes
    ASSERT_TRUE(sim.wait_log("carrier dropped", 5s)) << sim.log();
    ASSERT_TRUE(sim.wait_log("modem ready", 5s, 2)) << sim.log();
    io::Fd line = open_line(link());
    ASSERT_NO_FATAL_FAILURE(dial(line.get()));
    PppClient client(line.get());
    EXPECT_TRUE(client.ping(kIsp, 15s).replied) << sim.log();

    ::kill(sim.pid(), SIGTERM);
    const auto status = sim.wait_exit(10s);
    ASSERT_TRUE(status);
    EXPECT_EQ(*status, 0);
    EXPECT_FALSE(exists(link()));
}

// The client ends PPP with an LCP Terminate-Request: the ISP acks, waits its
// restart time (RFC 1661 Stopping state), then drops carrier.
TEST_F(SimE2E, PppTerminationDropsCarrier) {
    SimProcess sim(argv({"--once"}));
    ASSERT_TRUE(sim.wait_log("modem ready", 10s)) << sim.log();
    io::Fd line = open_line(link());
    ASSERT_NO_FATAL_FAILURE(dial(line.get()));
    PppClient client(line.get());
    const auto outcome = client.ping(kIsp, 20s, true);
    EXPECT_TRUE(outcome.replied) << outcome.failure;
    EXPECT_TRUE(outcome.hung_up) << outcome.failure << "\n" << sim.log();
    const auto status = sim.wait_exit(10s);
    ASSERT_TRUE(status) << sim.log();
    EXPECT_EQ(*status, 0);
    EXPECT_NE(sim.log().find("call ended (PPP is over)"), std::string::npos) << sim.log();
    EXPECT_NE(sim.log().find("Terminate"), std::string::npos) << sim.log();
}

// Three wrong passwords: the refusal is readable before the line drops.
TEST_F(SimE2E, LoginRefusedThenHangup) {
    SimProcess sim(argv({"--login", "--user", "joe", "--password", "right"}));
    ASSERT_TRUE(sim.wait_log("modem ready", 10s)) << sim.log();
    io::Fd line = open_line(link());
    const int fd = line.get();
    ASSERT_TRUE(send_text(fd, "ATDT5551234\r"));
    ASSERT_TRUE(expect_text(fd, "Username: ", 5s));
    for (int attempt = 1; attempt <= 3; ++attempt) {
        ASSERT_TRUE(send_text(fd, "joe\r"));
        ASSERT_TRUE(expect_text(fd, "Password: ", 5s)) << attempt;
        ASSERT_TRUE(send_text(fd, "wrong\r"));
        if (attempt < 3) {
            ASSERT_TRUE(expect_text(fd, "% Login invalid\r\n\r\nUsername: ", 5s)) << attempt;
        }
    }
    ASSERT_TRUE(sim.wait_log("hanging up once the client has read", 5s)) << sim.log();
    std::string got;
    EXPECT_TRUE(expect_text(fd, "% Login invalid", 5s, &got)) << got;
    ASSERT_TRUE(sim.wait_log("carrier dropped", 5s)) << sim.log();
    EXPECT_NE(sim.log().find("login: user 'joe' refused"), std::string::npos) << sim.log();
}

// A pppd-era disconnect script: +++ (guard time S12, here 0), then ATH0.
TEST_F(SimE2E, EscapeThenAthDropsCarrier) {
    SimProcess sim(argv({}));
    ASSERT_TRUE(sim.wait_log("modem ready", 10s)) << sim.log();
    io::Fd line = open_line(link());
    const int fd = line.get();
    ASSERT_TRUE(send_text(fd, "ATZ\rATE0S12=0\r"));
    ASSERT_TRUE(expect_text(fd, "S12=0\r\r\nOK\r\n", 5s));  // the second command, echoed
    ASSERT_TRUE(send_text(fd, "ATDT5551234\r"));
    ASSERT_TRUE(expect_text(fd, "CONNECT 115200\r\n", 5s));
    {
        PppClient client(fd);
        ASSERT_TRUE(client.ping(kIsp, 15s).replied) << sim.log();
    }
    ASSERT_TRUE(send_text(fd, "+++"));
    std::string got;
    ASSERT_TRUE(expect_text(fd, "\r\nOK\r\n", 5s, &got)) << got << sim.log();
    ASSERT_TRUE(send_text(fd, "ATH0\r"));
    // The hang-up is under way before we read: the OK must still arrive
    // (closing a pty master throws away what the client has not read).
    ASSERT_TRUE(sim.wait_log("hanging up once the client has read", 5s)) << sim.log();
    ASSERT_TRUE(expect_text(fd, "\r\nOK\r\n", 5s, &got)) << got << sim.log();
    ASSERT_TRUE(sim.wait_log("carrier dropped", 5s)) << sim.log();
    char c;
    const ssize_t n = ::read(fd, &c, 1);
    EXPECT_TRUE(n == 0 || (n < 0 && errno == EIO)) << "the line is still up after ATH";
    EXPECT_TRUE(sim.wait_log("modem ready", 5s, 2)) << sim.log();
}

TEST_F(SimE2E, BusyAnswersBusyAndKeepsWorking) {
    SimProcess sim(argv({"--busy"}));
    ASSERT_TRUE(sim.wait_log("modem ready", 10s)) << sim.log();
    io::Fd line = open_line(link());
    ASSERT_TRUE(send_text(line.get(), "ATDT5551234\r"));
    ASSERT_TRUE(expect_text(line.get(), "\r\nBUSY\r\n", 5s));
    ASSERT_TRUE(send_text(line.get(), "AT\r"));
    EXPECT_TRUE(expect_text(line.get(), "\r\nOK\r\n", 5s));
}

TEST_F(SimE2E, GarbageInCommandModeDoesNotHurt) {
    SimProcess sim(argv({}));
    ASSERT_TRUE(sim.wait_log("modem ready", 10s)) << sim.log();
    io::Fd line = open_line(link());
    std::mt19937 rng(99);
    std::string garbage(64 * 1024, '\0');
    for (auto& c : garbage) {
        do c = static_cast<char>(rng() & 0xff);
        while (c == 'D' || c == 'd');
    }
    ASSERT_TRUE(send_text(line.get(), garbage, 10s)) << sim.log();
    ASSERT_TRUE(send_text(line.get(), "\rATS7=42S7?\r"));
    std::string got;
    EXPECT_TRUE(expect_text(line.get(), "042\r\n\r\nOK\r\n", 10s, &got)) << got.size() << " bytes\n" << sim.log();
}

TEST_F(SimE2E, MuteAnswersNothing) {
    SimProcess sim(argv({"--mute"}));
    ASSERT_TRUE(sim.wait_log("modem ready", 10s)) << sim.log();
    io::Fd line = open_line(link());
    ASSERT_TRUE(send_text(line.get(), "ATZ\rATDT5551234\r"));
    // The simulator writes its answer before it logs the command: once the
    // dial is in the log, anything it said is already readable.
    ASSERT_TRUE(sim.wait_log("dialing '5551234'", 5s)) << sim.log();
    char c;
    const ssize_t n = ::read(line.get(), &c, 1);
    EXPECT_TRUE(n < 0 && errno == EAGAIN) << "the mute modem said something";
}

TEST_F(SimE2E, GarbageInDataModeThenHangup) {
    SimProcess sim(argv({}));
    ASSERT_TRUE(sim.wait_log("modem ready", 10s)) << sim.log();
    {
        io::Fd line = open_line(link());
        ASSERT_NO_FATAL_FAILURE(dial(line.get()));
        std::mt19937 rng(7);
        std::string garbage(64 * 1024, '\0');
        for (auto& c : garbage) c = static_cast<char>(rng() % 4 == 0 ? 0x7e : rng() & 0xff);
        ASSERT_TRUE(send_text(line.get(), garbage, 10s)) << sim.log();
        ASSERT_TRUE(sim.wait_log("PPP phase Dead -> Establish", 5s)) << sim.log();
    }
    ASSERT_TRUE(sim.wait_log("modem ready", 10s, 2)) << sim.log();
    io::Fd line = open_line(link());
    ASSERT_NO_FATAL_FAILURE(dial(line.get()));
    PppClient client(line.get());
    EXPECT_TRUE(client.ping(kIsp, 15s).replied) << sim.log();
}

// --tun: the client's IP goes into a TUN device in a network namespace of the
// simulator's own; an address only that namespace has must answer.
TEST_F(SimE2E, TunRoutesIntoTheKernel) {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root for a network namespace and a TUN device";
    const std::string script = "ip link set lo up && ip addr add 10.99.0.1/32 dev lo && exec \"$0\" \"$@\"";
    SimProcess sim({"unshare", "--net", "--", "sh", "-c", script, sim_binary(), "--link", link(), "--tun", "simtun0",
                    "--once"});
    ASSERT_TRUE(sim.wait_log("modem ready", 10s)) << sim.log();
    ASSERT_NE(sim.log().find("TUN simtun0"), std::string::npos) << sim.log();
    {
        io::Fd line = open_line(link());
        ASSERT_NO_FATAL_FAILURE(dial(line.get()));
        PppClient client(line.get());
        const auto outcome = client.ping(*Ipv4::parse("10.99.0.1"), 15s);
        EXPECT_TRUE(outcome.replied) << outcome.failure << "\n" << sim.log();
    }
    const auto status = sim.wait_exit(10s);
    ASSERT_TRUE(status) << sim.log();
    EXPECT_EQ(*status, 0) << sim.log();
}

}  // namespace
}  // namespace ppp::sim::test
