#include "line.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <systemd/sd-event.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <utility>

#include "io/pty.hpp"

namespace ppp::sim {
namespace {

// Reads per wake-up, so a flood on the line cannot starve timers and signals.
constexpr int kReadsPerWakeup = 16;

std::string read_link(const std::string& path) {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
    if (n <= 0 || static_cast<std::size_t>(n) >= sizeof buf) return {};
    return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace

PtyLine::PtyLine(io::EventLoop& loop, std::string link, Handlers handlers)
    : loop_(loop), link_(std::move(link)), handlers_(std::move(handlers)) {}

PtyLine::~PtyLine() {
    close();
    if (!slave_path_.empty() && read_link(link_) == slave_path_) ::unlink(link_.c_str());
}

void PtyLine::open() {
    close();
    struct stat st {};
    if (::lstat(link_.c_str(), &st) == 0 && !S_ISLNK(st.st_mode))  // never replace a real file
        io::throw_errno(EEXIST, link_ + " exists and is not a symlink");
    io::Pty pty = io::open_pty();
    io::replace_symlink(pty.slave_path, link_);
    ++generation_;
    master_ = std::move(pty.master);
    slave_path_ = pty.slave_path;
    watching_output_ = false;
    source_ = loop_.add_io(master_.get(), EPOLLIN, [this](std::uint32_t revents) { on_io(revents); });
}

void PtyLine::close() {
    cancel_drain();
    if (!master_) return;
    ++generation_;
    source_.reset();  // first: no more callbacks (close() also runs from the destructor)
    watching_output_ = false;
    flush();
    master_.reset();
    out_.clear();
    out_off_ = 0;
    watching_output_ = false;
}

void PtyLine::write(Bytes bytes) {
    if (!master_ || bytes.empty()) return;
    const std::size_t room = kMaxPending - std::min(kMaxPending, pending());
    if (bytes.size() > room) {
        dropped_ += bytes.size() - room;
        bytes = bytes.first(room);
    }
    out_.insert(out_.end(), bytes.begin(), bytes.end());
    if (!watching_output_) flush();  // otherwise EPOLLOUT flushes: one write per wake-up, not per frame
}

void PtyLine::flush() {
    while (master_ && pending() > 0) {
        const ssize_t n = ::write(master_.get(), out_.data() + out_off_, pending());
        if (n > 0) {
            out_off_ += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) break;
        // The line is gone (EIO): what was queued can never be delivered.
        dropped_ += pending();
        out_off_ = out_.size();
    }
    if (pending() == 0) {
        out_.clear();
        out_off_ = 0;
    } else if (out_off_ > out_.size() / 2) {
        out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(out_off_));
        out_off_ = 0;
    }
    if (source_) watch(pending() > 0);
    if (drain_done_ && pending() == 0) check_drained();
}

void PtyLine::when_drained(Duration limit, std::function<void()> done) {
    cancel_drain();
    drain_done_ = std::move(done);
    if (master_) {
        peer_.reset(::ioctl(master_.get(), TIOCGPTPEER, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
        if (!peer_) peer_.reset(::open(slave_path_.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    }
    if (!peer_) {  // no way to tell what the client has read
        finish_drain();
        return;
    }
    inotify_.reset(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (inotify_ && ::inotify_add_watch(inotify_.get(), slave_path_.c_str(), IN_ACCESS | IN_CLOSE) >= 0) {
        inotify_source_ = loop_.add_io(inotify_.get(), EPOLLIN, [this](std::uint32_t) {
            alignas(inotify_event) char buf[4096];
            while (::read(inotify_.get(), buf, sizeof buf) > 0) {
            }
            check_drained();
        });
    }
    drain_timer_ = loop_.add_timer(io::EventLoop::now() + limit, [this] { finish_drain(); });
    check_drained();
}

void PtyLine::check_drained() {
    if (!drain_done_ || pending() > 0) return;  // EPOLLOUT's flush() checks again
    int unread = 0;
    if (peer_ && ::ioctl(peer_.get(), FIONREAD, &unread) == 0 && unread > 0) return;
    finish_drain();
}

void PtyLine::finish_drain() {
    auto done = std::exchange(drain_done_, {});
    cancel_drain();
    if (done) done();
}

void PtyLine::cancel_drain() {
    drain_done_ = {};
    drain_timer_.reset();
    inotify_source_.reset();
    inotify_.reset();
    peer_.reset();
}

void PtyLine::watch(bool want_output) {
    if (want_output == watching_output_) return;
    watching_output_ = want_output;
    sd_event_source_set_io_events(source_.get(), want_output ? (EPOLLIN | EPOLLOUT) : EPOLLIN);
    if (!want_output && handlers_.drained) handlers_.drained();
}

void PtyLine::on_io(std::uint32_t revents) {
    const std::uint64_t generation = generation_;
    if (revents & EPOLLOUT) flush();  // may finish a drain, whose owner may close or replace the line
    if (generation_ != generation || !(revents & (EPOLLIN | EPOLLHUP | EPOLLERR))) return;
    const int fd = master_.get();
    for (int i = 0; i < kReadsPerWakeup; ++i) {
        const ssize_t n = ::read(fd, in_.data(), in_.size());
        if (n > 0) {
            handlers_.input(Bytes(in_.data(), static_cast<std::size_t>(n)));
            if (generation_ != generation) return;  // the handler dropped or replaced the line
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return;
        // EIO (or EOF): no client has the slave open any more. Stop watching
        // first: a closed slave keeps the master readable-with-HUP forever.
        source_.reset();
        watching_output_ = false;
        if (handlers_.closed) handlers_.closed();
        return;
    }
}

}  // namespace ppp::sim
