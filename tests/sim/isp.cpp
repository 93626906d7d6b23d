#include "isp.hpp"

#include <sys/epoll.h>
#include <sys/random.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "icmp_responder.hpp"
#include "io/netlink.hpp"
#include "log.hpp"

namespace ppp::sim {
namespace {

constexpr int kPacketsPerWakeup = 64;
constexpr std::size_t kMaxPacket = 65535;
constexpr std::size_t kMaxQueuedReplies = 64;
// Stop reading the TUN while this much is waiting to be written to the line.
constexpr std::size_t kBacklogHigh = 64 * 1024;

std::uint32_t random_seed() {
    std::uint32_t seed = 0;
    if (::getrandom(&seed, sizeof seed, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof seed)) {
        seed = static_cast<std::uint32_t>(io::EventLoop::now().time_since_epoch().count()) ^
               static_cast<std::uint32_t>(::getpid());
    }
    return seed == 0 ? 1 : seed;
}

std::string describe(const NetworkInfo& info) {
    std::string s = "client " + info.remote.to_string() + ", ISP " + info.local.to_string();
    if (info.dns1) s += ", DNS " + info.dns1->to_string();
    if (info.dns2) s += " " + info.dns2->to_string();
    s += ", MTU " + std::to_string(info.mtu);
    return s;
}

}  // namespace

Isp::Isp(io::EventLoop& loop, IspConfig config, Handlers handlers)
    : loop_(loop), config_(std::move(config)), handlers_(std::move(handlers)), deadline_(loop, [this] {
          if (!session_) return;
          session_->tick(io::EventLoop::now());
          after_session_call();
      }) {
    if (config_.tun_name.empty()) return;
    tun_ = io::open_tun(config_.tun_name);
    io::address_add_peer(tun_->ifindex, config_.local_ip, config_.remote_ip);
    io::link_set_up(tun_->ifindex, true);
    tun_buf_.resize(kMaxPacket);
    tun_source_ = loop_.add_io(tun_->fd.get(), EPOLLIN, [this](std::uint32_t revents) { on_tun(revents); });
    log_line("TUN " + tun_->name + ": " + config_.local_ip.to_string() + " peer " + config_.remote_ip.to_string());
}

Isp::~Isp() {
    ended_ = true;  // no callbacks out of a dying session
    session_.reset();
}

void Isp::start_call() {
    end_call();
    SessionConfig c;
    c.role = Role::Server;
    c.local_ip = config_.local_ip;
    c.remote_ip = config_.remote_ip;
    c.dns1 = config_.dns1;
    c.dns2 = config_.dns2;
    c.magic_seed = random_seed();
    c.ipv4 = !config_.noip;
    c.ipv6 = config_.ipv6;
    c.ipv6_seed = (std::uint64_t{random_seed()} << 32) | random_seed();
    if (config_.auth) {
        c.auth.name = config_.auth_name;
        c.auth.require = {*config_.auth};
        c.auth.secrets = [user = config_.auth_user, password = config_.auth_password](
                             auth::Method, std::string_view client, std::string_view) -> std::optional<auth::Secret> {
            if (!user.empty() && client != user) return std::nullopt;
            return auth::Secret{password, {}};
        };
        c.auth.random = [](std::span<std::uint8_t> out) {
            for (std::size_t done = 0; done < out.size();) {
                const ssize_t n = ::getrandom(out.data() + done, out.size() - done, 0);
                if (n > 0) done += static_cast<std::size_t>(n);
            }
        };
    }
    session_ = std::make_unique<Session>(c, static_cast<SessionObserver&>(*this));
    opened_ = false;
    ended_ = false;
    frozen_ = false;
    open_timer_ = loop_.add_timer(io::EventLoop::now() + config_.open_delay, [this] { open_session(); });
}

void Isp::open_session() {
    if (!session_ || opened_ || ended_) return;
    opened_ = true;
    open_timer_.reset();
    session_->open(io::EventLoop::now());
    after_session_call();
}

void Isp::freeze() {
    if (!session_ || frozen_) return;
    frozen_ = true;
    open_timer_.reset();
    deadline_.arm(std::nullopt);
    replies_.clear();
    log_line("the ISP stops answering (the line stays up)");
}

void Isp::input(Bytes bytes) {
    if (!session_ || ended_ || frozen_) return;
    if (!opened_) open_session();
    if (!session_ || ended_) return;
    session_->input(io::EventLoop::now(), bytes);
    after_session_call();
}

void Isp::after_session_call() {
    if (!session_) return;
    if (!replies_.empty()) {
        const auto now = io::EventLoop::now();
        auto replies = std::move(replies_);
        replies_.clear();
        for (const auto& r : replies) session_->send_ipv4(now, r);
    }
    if (!replies6_.empty()) {
        const auto now = io::EventLoop::now();
        auto replies = std::move(replies6_);
        replies6_.clear();
        for (const auto& r : replies) session_->send_ipv6(now, r);
    }
    deadline_.arm(ended_ || frozen_ ? std::nullopt : session_->next_deadline());
}

void Isp::end_call() {
    open_timer_.reset();
    deadline_.arm(std::nullopt);
    replies_.clear();
    replies6_.clear();
    ipv6_id_.reset();
    pause_tun(false);
    if (!session_) return;
    const bool was_ended = ended_;
    ended_ = true;  // the hang-up is ours: finished() must not ask for another
    if (!was_ended && session_->phase() != Phase::Dead) session_->lower_down(io::EventLoop::now());
    session_.reset();
}

void Isp::line_drained() { pause_tun(false); }

void Isp::send_line(Bytes bytes) {
    if (frozen_) return;
    if (handlers_.send_line) handlers_.send_line(bytes);
}

void Isp::deliver_ipv4(Bytes packet) {
    if (tun_) {
        const ssize_t n = ::write(tun_->fd.get(), packet.data(), packet.size());
        if (n < 0) ++dropped_packets_;  // EAGAIN or a refused packet: the network drops it
        return;
    }
    std::vector<std::uint8_t> reply;
    if (replies_.size() < kMaxQueuedReplies && build_echo_reply(packet, config_.local_ip, reply)) {
        ++echo_replies_;
        if (config_.verbose) log_line("answering ICMP echo request (" + std::to_string(packet.size()) + " bytes)");
        replies_.push_back(std::move(reply));
        return;
    }
    ++dropped_packets_;
    if (config_.verbose) log_line("dropped an IP packet of " + std::to_string(packet.size()) + " bytes (no route)");
}

void Isp::phase_changed(Phase from, Phase to) {
    log_line("PPP phase " + std::string(to_string(from)) + " -> " + std::string(to_string(to)));
}

void Isp::network_up(const NetworkInfo& info) {
    log_line("network up: " + describe(info));
    if (tun_) {
        try {
            io::link_set_mtu(tun_->ifindex, info.mtu);
        } catch (const std::system_error& e) {
            log_line(std::string("cannot set the TUN MTU: ") + e.what());
        }
    }
}

void Isp::network_down() { log_line("network down"); }

void Isp::deliver_ipv6(Bytes packet) {
    std::vector<std::uint8_t> reply;
    if (ipv6_id_ && replies6_.size() < kMaxQueuedReplies && build_echo_reply6(packet, *ipv6_id_, reply)) {
        ++echo_replies_;
        if (config_.verbose) log_line("answering ICMPv6 echo request (" + std::to_string(packet.size()) + " bytes)");
        replies6_.push_back(std::move(reply));
        return;
    }
    // Router and neighbour solicitations, MLD: nobody here to answer them.
    ++dropped_packets_;
}

void Isp::ipv6_up(const Ipv6Info& info) {
    ipv6_id_ = info.local_id;
    log_line("IPv6 up: client " + link_local_address(info.remote_id) + ", ISP " + link_local_address(info.local_id));
}

void Isp::ipv6_down() {
    ipv6_id_.reset();
    log_line("IPv6 down");
}

void Isp::finished(ExitStatus status, std::string_view reason) {
    log_line("PPP finished: " + std::string(reason) + " (status " + std::to_string(static_cast<int>(status)) + ")");
    const bool ours = ended_;
    ended_ = true;
    if (!ours && handlers_.finished) handlers_.finished(status);
}

void Isp::log(LogLevel level, std::string_view line) {
    if (level == LogLevel::Debug && !config_.verbose) return;
    log_line(line);
}

void Isp::on_tun(std::uint32_t) {
    const auto now = io::EventLoop::now();
    for (int i = 0; i < kPacketsPerWakeup; ++i) {
        const ssize_t n = ::read(tun_->fd.get(), tun_buf_.data(), tun_buf_.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN) {
            // A TUN that fails reads would wake us forever: stop reading it.
            log_line(std::string("TUN read failed, no longer reading it: ") + std::strerror(errno));
            tun_source_.reset();
            break;
        }
        if (n <= 0) break;
        if (session_ && !ended_ && !frozen_ && session_->phase() == Phase::Running)
            session_->send_ipv4(now, Bytes(tun_buf_.data(), static_cast<std::size_t>(n)));
        else
            ++dropped_packets_;
        if (handlers_.line_backlog && handlers_.line_backlog() > kBacklogHigh) {
            pause_tun(true);
            break;
        }
    }
    after_session_call();
}

void Isp::pause_tun(bool paused) {
    if (!tun_source_ || paused == tun_paused_) return;
    tun_paused_ = paused;
    sd_event_source_set_enabled(tun_source_.get(), paused ? SD_EVENT_OFF : SD_EVENT_ON);
}

}  // namespace ppp::sim
