#include "test_link_peer.hpp"

#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/epoll.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

namespace ppp::io::testing {

FakePeer::FakePeer(EventLoop& loop, Answer answer, std::string link)
    : loop_(loop),
      answer_(answer),
      pty_(open_pty()),
      timer_(loop,
             [this] {
                 if (session_) session_->tick(EventLoop::now());
                 rearm();
             }),
      ppp_timer_(loop, [this] { start_ppp(); }),
      link_(std::move(link)) {
    slave_hold_.reset(::open(pty_.slave_path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    source_ = loop_.add_io(pty_.master.get(), EPOLLIN, [this](std::uint32_t revents) { on_master(revents); });
    if (!link_.empty()) replace_symlink(pty_.slave_path, link_);
}

FakePeer::~FakePeer() = default;

void FakePeer::hang_up() {
    source_.reset();
    timer_.arm(std::nullopt);
    pty_.master.reset();
    slave_hold_.reset();
    online = false;
}

void FakePeer::on_master(std::uint32_t revents) {
    if (revents & EPOLLOUT) flush();
    if (!(revents & (EPOLLIN | EPOLLHUP | EPOLLERR))) return;
    std::uint8_t buf[4096];
    for (int i = 0; i < 16; ++i) {
        const ssize_t n = ::read(pty_.master.get(), buf, sizeof buf);
        if (n < 0 && errno == EAGAIN) return;
        if (n <= 0) {
            // Nobody on the slave side any more (EIO): stop watching.
            sd_event_source_set_enabled(source_.get(), SD_EVENT_OFF);
            return;
        }
        if (online) {
            if (session_->phase() == Phase::Dead) {
                flags_before_ppp += static_cast<std::size_t>(std::count(buf, buf + n, std::uint8_t{0x7e}));
                if (passive) start_ppp();
            }
            in_input_ = true;
            session_->input(EventLoop::now(), Bytes{buf, static_cast<std::size_t>(n)});
            in_input_ = false;
            rearm();
            continue;
        }
        for (ssize_t k = 0; k < n && !online; ++k) {
            const char c = static_cast<char>(buf[k]);
            if (c == '\r' || c == '\n') {
                if (!line_.empty()) command(line_);
                line_.clear();
            } else if (line_.size() < 256) {
                line_ += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
        }
    }
}

void FakePeer::command(const std::string& line) {
    commands += (commands.empty() ? "" : "|") + line;
    if (answer_ == Answer::Silent) return;
    if (ringing_ && line.rfind("ATA", 0) == 0) {
        ringing_ = false;
        go_online();
        return;
    }
    if (line.rfind("ATD", 0) != 0) {
        write("\r\nOK\r\n");
        return;
    }
    if (answer_ == Answer::Busy) {
        write("\r\nBUSY\r\n");
        return;
    }
    if (answer_ == Answer::Callback) {
        replace_line();
        return;
    }
    go_online();
}

void FakePeer::go_online() {
    write("\r\nCONNECT 115200\r\n");
    online = true;
    SessionConfig c;
    c.role = Role::Server;
    c.magic_seed = 0x5eed;
    c.local_ip = Ipv4{kServerIp};
    c.remote_ip = Ipv4{kClientIp};
    c.dns1 = Ipv4{kDns};
    c.auth.user = auth_user;
    c.auth.password = auth_password;
    session_.emplace(c, *this);
    if (passive) return;  // PPP starts with the Link's first packet
    if (ppp_delay > Duration::zero()) {
        ppp_timer_.arm(EventLoop::now() + ppp_delay);
        return;
    }
    // PPP starts right behind CONNECT, as from a real modem: the Link's
    // chat may read both in one chunk.
    start_ppp();
}

void FakePeer::start_ppp() {
    if (!session_ || session_->phase() != Phase::Dead) return;
    session_->open(EventLoop::now());
    rearm();
}

void FakePeer::phase_changed(Phase, Phase to) {
    // The Link ended PPP (its Terminate-Request): a modem in command mode
    // again, for the Link's disconnect script.
    if (to == Phase::Terminate && in_input_) {
        online = false;
        line_.clear();
    }
}

void FakePeer::replace_line() {
    source_.reset();
    pty_.master.reset();  // the Link's file of the old slave is hung up now
    slave_hold_.reset();
    pty_ = open_pty();
    slave_hold_.reset(::open(pty_.slave_path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    source_ = loop_.add_io(pty_.master.get(), EPOLLIN, [this](std::uint32_t revents) { on_master(revents); });
    // Watched after our own open: the next open is the Link's.
    inotify_.reset(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    ::inotify_add_watch(inotify_.get(), pty_.slave_path.c_str(), IN_OPEN);
    inotify_source_ = loop_.add_io(inotify_.get(), EPOLLIN, [this](std::uint32_t) { on_slave_opened(); });
    replace_symlink(pty_.slave_path, link_);
}

void FakePeer::on_slave_opened() {
    char buf[4096];
    while (::read(inotify_.get(), buf, sizeof buf) > 0) {
    }
    inotify_source_.reset();
    inotify_.reset();
    ringing_ = true;
    write("\r\nRING\r\n");
}

void FakePeer::terminate(const std::string& reason) {
    if (!session_) return;
    session_->close(EventLoop::now(), reason);
    rearm();
}

void FakePeer::send_ipv4(const std::vector<std::uint8_t>& packet) {
    if (!session_) return;
    session_->send_ipv4(EventLoop::now(), packet);
    rearm();
}

void FakePeer::rearm() { timer_.arm(session_ ? session_->next_deadline() : std::nullopt); }

void FakePeer::write(const std::string& text) {
    write(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

void FakePeer::write(const std::uint8_t* data, std::size_t size) {
    if (!pty_.master) return;
    out_.insert(out_.end(), data, data + size);
    flush();
}

void FakePeer::flush() {
    while (!out_.empty() && pty_.master) {
        const ssize_t n = ::write(pty_.master.get(), out_.data(), out_.size());
        if (n <= 0) break;
        out_.erase(out_.begin(), out_.begin() + n);
    }
    if (source_) sd_event_source_set_io_events(source_.get(), out_.empty() ? EPOLLIN : EPOLLIN | EPOLLOUT);
}

void FakePeer::send_line(Bytes bytes) { write(bytes.data(), bytes.size()); }

void FakePeer::deliver_ipv4(Bytes packet) { delivered.emplace_back(packet.begin(), packet.end()); }

void FakePeer::finished(ExitStatus status, std::string_view reason) {
    finished_status = status;
    finished_reason = std::string(reason);
    online = false;
}

}  // namespace ppp::io::testing
