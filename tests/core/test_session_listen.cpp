// connect-delay (SessionConfig::listen_time): after open(), the session
// sends nothing until the peer's first LCP packet arrives or the time passes.
#include <gtest/gtest.h>

#include <chrono>

#include "session_pair.hpp"

namespace ppp::test {
namespace {

using namespace std::chrono_literals;

SessionConfig waiting_client(Duration listen) {
    auto c = SessionPair::client_defaults();
    c.listen_time = listen;
    return c;
}

TEST(SessionListen, NothingIsSentUntilThePeerSpeaks) {
    SessionPair p(waiting_client(5s), SessionPair::server_defaults());
    p.client.open(p.now);
    EXPECT_TRUE(p.client_rec.sent.empty()) << "a Configure-Request went out at once";
    ASSERT_TRUE(p.client.next_deadline());
    EXPECT_EQ(*p.client.next_deadline(), p.now + 5s);
    p.now += 1s;
    p.client.tick(p.now);
    EXPECT_TRUE(p.client_rec.sent.empty());
    // The peer's Configure-Request starts ours, and the link comes up.
    p.server.open(p.now);
    ASSERT_TRUE(p.run_until([&] { return p.client.phase() == Phase::Running; }, 2s));
}

TEST(SessionListen, TheTimeOutStartsLcpWithASilentPeer) {
    SessionPair p(waiting_client(1500ms), SessionPair::server_defaults());
    p.client.open(p.now);
    EXPECT_TRUE(p.client_rec.sent.empty());
    p.now += 1499ms;
    p.client.tick(p.now);
    EXPECT_TRUE(p.client_rec.sent.empty());
    p.now += 1ms;
    p.client.tick(p.now);
    EXPECT_FALSE(p.client_rec.sent.empty()) << "no Configure-Request once connect-delay passed";
}

TEST(SessionListen, CloseWhileWaitingFinishesAtOnce) {
    SessionPair p(waiting_client(5s), SessionPair::server_defaults());
    p.client.open(p.now);
    p.client.close(p.now, "user");
    EXPECT_EQ(p.client.phase(), Phase::Dead);
    EXPECT_EQ(p.client_rec.finished_status, ExitStatus::UserRequest);
    EXPECT_FALSE(p.client.next_deadline());
}

TEST(SessionListen, HangupWhileWaitingIsAHangup) {
    SessionPair p(waiting_client(5s), SessionPair::server_defaults());
    p.client.open(p.now);
    p.client.lower_down(p.now);
    EXPECT_EQ(p.client_rec.finished_status, ExitStatus::Hangup);
    EXPECT_FALSE(p.client.next_deadline());
}

}  // namespace
}  // namespace ppp::test
