// Two sessions wired back to back through a lossy, inspectable "wire", with
// a fake clock: the fixture of the core protocol tests.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "core/session.hpp"

namespace ppp::test {

struct Recorder : SessionObserver {
    std::vector<std::vector<std::uint8_t>> sent;  // line chunks, in order
    std::vector<std::vector<std::uint8_t>> delivered;
    std::vector<Phase> phases;
    std::optional<NetworkInfo> up;
    int downs = 0;
    std::optional<Ipv6Info> up6;
    int downs6 = 0;
    int ipv4_unavailable_calls = 0;
    std::vector<std::vector<std::uint8_t>> delivered6;
    std::optional<ExitStatus> finished_status;
    std::string finished_reason;
    std::vector<std::string> logs;

    void send_line(Bytes b) override { sent.emplace_back(b.begin(), b.end()); }
    void deliver_ipv4(Bytes p) override { delivered.emplace_back(p.begin(), p.end()); }
    void phase_changed(Phase, Phase to) override { phases.push_back(to); }
    void network_up(const NetworkInfo& i) override { up = i; }
    void network_down() override { ++downs; }
    void deliver_ipv6(Bytes p) override { delivered6.emplace_back(p.begin(), p.end()); }
    void ipv6_up(const Ipv6Info& i) override { up6 = i; }
    void ipv6_down() override { ++downs6; }
    void ipv4_unavailable() override { ++ipv4_unavailable_calls; }
    void finished(ExitStatus s, std::string_view r) override {
        finished_status = s;
        finished_reason = std::string(r);
    }
    void log(LogLevel, std::string_view l) override { logs.emplace_back(l); }
};

// Client and server back to back. `drop(from_client, index)` decides whether
// the index-th chunk sent in that direction is lost.
class SessionPair {
public:
    SessionPair(SessionConfig client_config, SessionConfig server_config)
        : client(client_config, client_rec), server(server_config, server_rec) {}

    static SessionConfig client_defaults() {
        SessionConfig c;
        c.role = Role::Client;
        c.magic_seed = 0x1234;
        return c;
    }
    static SessionConfig server_defaults() {
        SessionConfig c;
        c.role = Role::Server;
        c.magic_seed = 0x9876;
        c.local_ip = Ipv4{0x0a400001};
        c.remote_ip = Ipv4{0x0a400002};
        return c;
    }

    // Moves chunks across until both sides are quiet; returns the number of
    // delivery rounds (one round = everything in flight delivered once).
    int pump(int max_rounds = 100) {
        int rounds = 0;
        while (rounds < max_rounds) {
            auto c = take(client_rec, c_index, true);
            auto s = take(server_rec, s_index, false);
            if (c.empty() && s.empty()) break;
            ++rounds;
            for (auto& chunk : c) server.input(now, chunk);
            for (auto& chunk : s) client.input(now, chunk);
        }
        return rounds;
    }

    // Advances the clock to the next deadline of either side and ticks.
    bool advance() {
        auto a = client.next_deadline();
        auto b = server.next_deadline();
        if (!a && !b) return false;
        Time t = a && b ? std::min(*a, *b) : (a ? *a : *b);
        if (t > now) now = t;
        client.tick(now);
        server.tick(now);
        return true;
    }

    // Runs pump/advance until `done` or the fake time limit passes.
    bool run_until(const std::function<bool()>& done, Duration limit = std::chrono::seconds(120)) {
        const Time end = now + limit;
        while (!done()) {
            pump();
            if (done()) return true;
            if (!advance() || now > end) return done();
        }
        return true;
    }

    Recorder client_rec, server_rec;
    Session client, server;
    Time now{};
    std::function<bool(bool from_client, int index)> drop = [](bool, int) { return false; };
    // Like `drop`, deciding on the chunk itself (one frame as sent).
    std::function<bool(bool from_client, const std::vector<std::uint8_t>& chunk)> drop_chunk;
    // May rewrite a chunk in flight (after `drop` kept it).
    std::function<void(bool from_client, std::vector<std::uint8_t>& chunk)> mutate;

private:
    std::vector<std::vector<std::uint8_t>> take(Recorder& r, int& index, bool from_client) {
        std::vector<std::vector<std::uint8_t>> out;
        for (auto& chunk : r.sent) {
            if (drop(from_client, index++)) continue;
            if (drop_chunk && drop_chunk(from_client, chunk)) continue;
            if (mutate) mutate(from_client, chunk);
            out.push_back(std::move(chunk));
        }
        r.sent.clear();
        return out;
    }
    int c_index = 0, s_index = 0;
};

}  // namespace ppp::test
