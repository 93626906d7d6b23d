// pppd's exit status rule for a peer's Terminate-Request: 0 once a network
// protocol has come up (the attempt succeeded), 10 before that.
#include <gtest/gtest.h>

#include "session_pair.hpp"

using namespace ppp;
using ppp::test::SessionPair;

TEST(SessionExit, PeerTerminateAfterTheNetworkCameUpIsOk) {
    SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    ASSERT_TRUE(p.client.network());
    p.server.close(p.now, "bye");
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status.has_value(); }));
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::Ok);
}

namespace {

// An HDLC-framed chunk carrying IPCP (protocol 0x8021 right after the header).
bool is_ipcp(const std::vector<std::uint8_t>& chunk) {
    for (std::size_t i = 0; i + 1 < chunk.size() && i < 8; ++i)
        if (chunk[i] == 0x80 && chunk[i + 1] == 0x21) return true;
    return false;
}

// LCP opens, but the server's IPCP never reaches the client: the network
// does not come up until the server talks IPCP again.
void lose_server_ipcp(SessionPair& p, const bool& lose) {
    p.mutate = [&lose](bool from_client, std::vector<std::uint8_t>& chunk) {
        if (!from_client && lose && is_ipcp(chunk)) chunk.clear();
    };
}

}  // namespace

TEST(SessionExit, PeerTerminateDuringNegotiationIsNegotiationFailed) {
    SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
    bool lose = true;
    lose_server_ipcp(p, lose);
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    ASSERT_FALSE(p.client.network());
    ASSERT_EQ(p.client.phase(), Phase::Network);
    p.server.close(p.now, "not today");
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status.has_value(); }));
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::NegotiationFailed) << p.client_rec.finished_reason;
    EXPECT_NE(p.client_rec.finished_reason.find("terminated by peer"), std::string::npos) << p.client_rec.finished_reason;
}

TEST(SessionExit, ANewAttemptStartsUnsuccessfulAgain) {
    SessionPair p(SessionPair::client_defaults(), SessionPair::server_defaults());
    bool lose = false;
    lose_server_ipcp(p, lose);
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    ASSERT_TRUE(p.client.network());
    p.client.close(p.now, "again");
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status && p.server_rec.finished_status; }));
    // Second attempt: the server gives up before IP is up.
    p.client_rec.finished_status.reset();
    lose = true;
    p.client.open(p.now);
    p.server.open(p.now);
    p.pump();
    ASSERT_FALSE(p.client.network());
    p.server.close(p.now, "no");
    ASSERT_TRUE(p.run_until([&] { return p.client_rec.finished_status.has_value(); }));
    EXPECT_EQ(*p.client_rec.finished_status, ExitStatus::NegotiationFailed);
    EXPECT_NE(p.client_rec.finished_reason.find("terminated by peer"), std::string::npos) << p.client_rec.finished_reason;
}
